"""Pure: a child's record (the child and its episodes, each already folded) -> its view rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from domain.child import Child
from domain.clocks import Clock, ClockSettings, child_clocks
from domain.episode import Episode, EpisodeState
from projections.recorders import Statement
from projections.risk_facts import risk_facts


def episode_kind(state: EpisodeState) -> str:
    """What kind of case an episode is now, as a caseload counts it."""
    if state.looked_after_now is not None:
        return "looked_after"
    if state.open_protection_plan is not None:
        return "protection"
    if state.open_pathway_plan is not None:
        return "care_leaver"
    if state.open_assessment is not None or not (
        state.open_cin_plan or state.assessments or state.looked_after
    ):
        return "assessment"
    return "child_in_need"


def child_statements(
    child: Child, episodes: Sequence[Episode], now: datetime, clock_settings: ClockSettings
) -> list[Statement]:
    """Every row the views hold for one child, replacing what they held before."""
    child_id = str(child.id)
    statements: list[Statement] = [
        (f"DELETE FROM {{p}}{table} WHERE child_id = ?", (child_id,))
        for table in ("children", "episodes", "allocations", "clocks", "risk_facts")
    ]
    state = child.state
    statements.append((
        "INSERT INTO {p}children (child_id, la_child_id, name, date_of_birth, restricted, "
        "named_people, open_episode_id, died_on, registered_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (child_id, state.la_child_id, state.name, _iso(state.date_of_birth or
                                                        state.expected_birth_date),
         state.restricted, json.dumps(state.named_people), _str(state.open_episode_id),
         _iso(state.died_on), child.history[0].actor),
    ))
    for episode in episodes:
        statements += _episode_statements(child_id, episode)
    records: list[Child | Episode] = [child, *episodes]
    history = [event for record in records for event in record.history]
    clocks = child_clocks(history, now, clock_settings)
    statements += [_clock_statement(child_id, clock) for clock in clocks]
    facts = risk_facts(child, episodes)
    statements.append((
        "INSERT INTO {p}risk_facts (child_id, facts) VALUES (?, ?)",
        (child_id, json.dumps(facts, default=_iso, sort_keys=True)),
    ))
    return statements


def _episode_statements(child_id: str, episode: Episode) -> list[Statement]:
    state = episode.state
    allocation = state.allocation
    waiting_since: date | None = None
    if state.is_open and allocation is None:
        ended = [a.ended_on for a in state.allocations if a.ended_on is not None]
        waiting_since = max(ended) if ended else state.referral_date
    statements: list[Statement] = [(
        "INSERT INTO {p}episodes (episode_id, child_id, kind, referral_date, closed_on, "
        "worker_id, allocated_on, waiting_since) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (str(episode.id), child_id, episode_kind(state), _iso(state.referral_date),
         _iso(state.closed_on), _str(allocation.worker_id if allocation else None),
         _iso(allocation.started_on if allocation else None), _iso(waiting_since)),
    )]
    statements += [(
        "INSERT INTO {p}allocations (episode_id, child_id, worker_id, started_on, ended_on, "
        "reason) VALUES (?, ?, ?, ?, ?, ?)",
        (str(episode.id), child_id, str(a.worker_id), _iso(a.started_on), _iso(a.ended_on),
         a.reason),
    ) for a in state.allocations]
    return statements


def _clock_statement(child_id: str, clock: Clock) -> Statement:
    extensions = [
        {"new_due": e.new_due, "reason": e.reason, "approved_by": e.approved_by,
         "extended_on": e.extended_on}
        for e in clock.extensions
    ]
    return (
        "INSERT INTO {p}clocks (clock_key, child_id, episode_id, rule, title, basis, started_on, "
        "original_due, due, due_at, met_on, stopped_on, days_unit, extensions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (f"{child_id}:{clock.key}", child_id, _str(clock.episode_id), clock.rule, clock.title,
         clock.basis, _iso(clock.started_on), _iso(clock.original_due), _iso(clock.due),
         _iso(clock.due_at), _iso(clock.met_on), _iso(clock.stopped_on), clock.days_unit,
         json.dumps(extensions, default=_iso)),
    )


def _iso(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None:
        return None
    raise TypeError(f"not a date: {value!r}")


def _str(value: object) -> str | None:
    return None if value is None else str(value)
