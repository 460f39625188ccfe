"""Pure: a folded record -> the reporting rows that replace what the tables held for it.

An episode's rows come from its effective history (corrections applied, entries in error left
out) and nothing else, so refolding a record after any event gives the same rows whatever the
order records were folded in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from consumers.reporting.care import care_episodes, care_history, placement_spells
from consumers.reporting.health import health_items
from consumers.reporting.schema import EPISODE_TABLES
from domain.child import Child
from domain.episode import Episode
from domain.episode.care_leavers import CareLeaverCircumstancesRecorded
from domain.episode.statutory_steps import PersonalAdviserVisited
from domain.workforce import Team, Worker
from projections.recorders import Statement


def child_statements(child: Child) -> list[Statement]:
    state = child.state
    # The expected date stays after the birth: a return as at an earlier date may need it.
    registered = child.effective_history()[0]
    expected = state.expected_birth_date or getattr(registered, "expected_birth_date", None)
    return [
        ("DELETE FROM {p}children WHERE child_id = ?", (str(child.id),)),
        _insert("children", {
            "child_id": str(child.id), "la_child_id": state.la_child_id, "upn": state.upn,
            "date_of_birth": _iso(state.date_of_birth),
            "expected_birth_date": _iso(expected), "sex": state.sex,
            "ethnicity": state.ethnicity, "disabilities": " ".join(sorted(state.disabilities)),
            "died_on": _iso(state.died_on), "restricted": state.restricted,
            "babies_born_on": " ".join(day.isoformat() for day in state.babies_born_on),
            "uasc_since": _iso(state.uasc_since), "uasc_ceased_on": _iso(state.uasc_ceased_on),
            "uasc_ceased_reason": state.uasc_ceased_reason,
        }),
    ]


def worker_statements(worker: Worker) -> list[Statement]:
    state = worker.state
    return [
        ("DELETE FROM {p}workers WHERE worker_id = ?", (str(worker.id),)),
        _insert("workers", {
            "worker_id": str(worker.id), "staff_id": state.staff_id, "name": state.name,
            "role": state.role, "team_id": _str(state.team_id),
            "started_on": _iso(state.started_on), "left_on": _iso(state.left_on),
            "registration_number": state.registration_number,
        }),
    ]


def team_statements(team: Team) -> list[Statement]:
    return [
        ("DELETE FROM {p}teams WHERE team_id = ?", (str(team.id),)),
        _insert("teams", {"team_id": str(team.id), "code": team.state.code,
                          "name": team.state.name}),
    ]


def episode_statements(episode: Episode) -> list[Statement]:
    """Every row of the episode's tables, replacing what they held for it."""
    rows = episode_rows(episode)
    return [statement for table in EPISODE_TABLES
            for statement in episode_table_statements(episode, table, rows.get(table, []))]


def episode_table_statements(
    episode: Episode, table: str, rows: list[dict[str, Any]]
) -> list[Statement]:
    """The rows of one of the episode's tables, replacing what it held for the episode."""
    return [(f"DELETE FROM {{p}}{table} WHERE episode_id = ?", (str(episode.id),)),
            *(_insert(table, row) for row in rows)]


def episode_rows(episode: Episode) -> dict[str, list[dict[str, Any]]]:
    state = episode.state
    ids = {"episode_id": str(episode.id), "child_id": str(episode.child_id)}
    events = episode.effective_history()
    care = care_history(events)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in EPISODE_TABLES}
    rows["episodes"].append({
        **ids, "referral_date": _iso(state.referral_date),
        "referral_source": state.referral_source, "primary_need": state.primary_need,
        "decision": state.decision, "decided_on": _iso(state.decided_on),
        "closed_on": _iso(state.closed_on), "closure_reason": state.closure_reason,
    })
    rows["assessments"] = [{
        **ids, "seq": seq, "started_on": _iso(a.started_on), "seen_on": _iso(a.seen_on),
        "completed_on": _iso(a.completed_on), "authorised_on": _iso(a.authorised_on),
        "factors": " ".join(a.factors), "outcome": a.outcome,
    } for seq, a in enumerate(state.assessments, 1)]
    rows["strategy_discussions"] = [
        {**ids, "seq": seq, "held_on": _iso(held_on), "start_section47": int(start)}
        for seq, (held_on, start) in enumerate(state.strategy_discussions, 1)
    ]
    rows["section47s"] = [{
        **ids, "seq": seq, "started_on": _iso(s.started_on), "concluded_on": _iso(s.concluded_on),
        "conference_needed": None if s.conference_needed is None else int(s.conference_needed),
    } for seq, s in enumerate(state.section47s, 1)]
    rows["conferences"] = [{
        **ids, "seq": seq, "kind": c.kind, "held_on": _iso(c.held_on), "plan": int(c.plan),
        "category": c.category,
    } for seq, c in enumerate(state.conferences, 1)]
    for kind, plans in (("protection", state.protection_plans), ("cin", state.cin_plans),
                        ("pathway", state.pathway_plans)):
        for seq, plan in enumerate(plans, 1):
            rows["plans"].append({
                **ids, "kind": kind, "seq": seq, "started_on": _iso(plan.started_on),
                "ended_on": _iso(plan.ended_on), "initial_category": plan.initial_category,
            })
        reviews = [day for plan in plans for day in plan.reviews]
        rows["reviews"] += [
            {**ids, "kind": kind, "seq": seq, "held_on": _iso(day), "participation": None}
            for seq, day in enumerate(reviews, 1)
        ]
    rows["reviews"] += [
        {**ids, "kind": "looked_after", "seq": seq, "held_on": _iso(day),
         "participation": participation}
        for seq, (day, participation) in enumerate(care.reviews, 1)
    ]
    for period_number, period in enumerate(care.periods, 1):
        where = {**ids, "period": period_number}
        rows["care_periods"].append({
            **where, "started_on": _iso(period.started_on), "ceased_on": _iso(period.ceased_on),
            "ceased_reason": period.ceased_reason,
            "previous_permanence": period.previous_permanence,
            "previous_permanence_authority": period.previous_permanence_authority,
            "previous_permanence_on": _iso(period.previous_permanence_on),
        })
        rows["care_episodes"] += [{
            **where, "seq": seq, "started_on": _iso(e.started_on),
            "new_episode_reason": e.new_episode_reason, "legal_status": e.legal_status,
            "placement_type": e.placement_type, "ended_on": _iso(e.ended_on),
            "ended_reason": e.ended_reason, "placement_change_reason": e.placement_change_reason,
            "placement_provider": e.placement_provider,
            "placement_postcode": e.placement_postcode, "home_postcode": e.home_postcode,
            "urn": e.urn,
        } for seq, e in enumerate(care_episodes(period), 1)]
        rows["placements"] += [{
            **where, "seq": seq, "started_on": _iso(p.started_on), "ended_on": _iso(p.ended_on),
            "placement_type": p.placement_type, "change_reason": p.change_reason,
            "placement_provider": p.provider, "placement_postcode": p.postcode,
            "home_postcode": p.home_postcode, "urn": p.urn,
        } for seq, p in enumerate(placement_spells(period), 1)]
    rows["missing_episodes"] = [
        {**ids, "seq": seq, "started_on": _iso(went), "returned_on": _iso(back)}
        for seq, (went, back) in enumerate(care.missing, 1)
    ]
    visits = [("visit", v.visited_on, v.statutory, v.child_seen, v.seen_alone)
              for v in state.visits]
    visits += [("personal_adviser", e.occurred_on, True, True, False)
               for e in events if isinstance(e, PersonalAdviserVisited)]
    rows["visits"] = [{
        **ids, "seq": seq, "kind": kind, "visited_on": _iso(day), "statutory": int(statutory),
        "child_seen": int(seen), "seen_alone": int(alone),
    } for seq, (kind, day, statutory, seen, alone) in enumerate(visits, 1)]
    rows["concerns"] = [
        {**ids, "seq": seq, "raised_on": _iso(day), "agency": agency}
        for seq, (day, agency) in enumerate(state.concerns, 1)
    ]
    rows["worker_changes"] = [{
        **ids, "seq": seq, "worker_id": str(a.worker_id), "started_on": _iso(a.started_on),
        "ended_on": _iso(a.ended_on), "start_reason": a.reason, "end_reason": a.end_reason,
    } for seq, a in enumerate(state.allocations, 1)]
    rows["health_records"] = [{
        **ids, "seq": seq, "kind": h.kind, "occurred_on": _iso(h.occurred_on), "code": h.code,
        "score": h.score, "answer": None if h.answer is None else int(h.answer),
    } for seq, h in enumerate(health_items(events), 1)]
    rows["care_leaver_circumstances"] = [{
        **ids, "seq": seq, "contacted_on": _iso(e.occurred_on), "activity": e.activity,
        "accommodation": e.accommodation + ("1" if e.accommodation_suitable else "2"),
    } for seq, e in enumerate(
        (e for e in events if isinstance(e, CareLeaverCircumstancesRecorded)), 1)]
    rows["adoption_decisions"] = [{
        **ids, "seq": seq, "decided_on": _iso(d.decided_on), "matched_on": _iso(d.matched_on),
        "adopters": d.adopters, "adopters_sex": d.adopters_sex,
        "adopters_legal_status": d.adopters_legal_status,
        "foster_carers": None if d.foster_carers is None else int(d.foster_carers),
        "reversed_on": _iso(d.reversed_on), "reversal_reason": d.reversal_reason,
    } for seq, d in enumerate(state.adoption_decisions, 1)]
    return rows


def _insert(table: str, row: dict[str, Any]) -> Statement:
    columns: Sequence[str] = list(row)
    return (
        f"INSERT INTO {{p}}{table} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})",
        tuple(row.values()),
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _str(value: object) -> str | None:
    return None if value is None else str(value)
