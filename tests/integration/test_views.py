"""What the caseload, deadlines and risk views show after each case journey, on both stores."""

from __future__ import annotations

import json
from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.calendar import add_months
from domain.service import CommandContext
from projections.queries import caseload, deadlines, latent, risk
from projections.thresholds import Thresholds
from runtime.bootstrap import Casetrail
from tests import journeys
from tests.integration.views_support import settle

DEFAULTS = Thresholds()


@pytest.fixture
def base() -> date:
    return journeys.a_base_date()


def codes(signals: list[risk.Signal]) -> list[str]:
    return [s.code for s in signals]


def test_a_worker_caseload_counts_open_episodes_by_kind_and_not_closed_ones(
    casetrail: Casetrail, base: date
) -> None:
    staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
    journeys.referral_closed_with_no_further_action(casetrail.case_record, base, staff)
    journeys.late_recorded_visit(casetrail.case_record, base, staff)
    journeys.looked_after_journey(casetrail.case_record, base, staff)
    settle(casetrail)

    (worker,) = caseload.worker_caseloads(casetrail.views, DEFAULTS, worker_id=str(staff.worker))
    assert worker.children == 2
    assert worker.by_kind == {
        "assessment": 1,
        "child_in_need": 1,
        "protection": 0,
        "looked_after": 0,
        "care_leaver": 0,
    }
    assert worker.weighted == 2.0
    assert worker.fte == 1.0 and worker.per_fte == 2.0 and not worker.over_threshold
    (team,) = caseload.team_caseloads(casetrail.views, DEFAULTS, team_id=str(staff.team))
    assert (team.children, team.fte) == (2, 1.0)  # case-holding workers only, not the manager


def test_a_part_time_worker_over_the_threshold_is_flagged(casetrail: Casetrail, base: date) -> None:
    staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
    journeys.late_recorded_visit(casetrail.case_record, base, staff)
    journeys.protection_plan_journey(casetrail.case_record, base, staff)
    casetrail.case_record.worker_command(
        CommandContext(actor="workforce-admin"),
        staff.worker,
        "change_hours",
        occurred_at=journeys.at(base + timedelta(days=1)),
        fte=0.1,
    )
    settle(casetrail)

    strict = Thresholds(caseload_per_fte=15)
    (worker,) = caseload.worker_caseloads(casetrail.views, strict, worker_id=str(staff.worker))
    assert (worker.children, worker.fte, worker.per_fte) == (2, 0.1, 20.0)
    assert worker.over_threshold


def test_unallocated_work_shows_how_long_it_has_waited(casetrail: Casetrail, base: date) -> None:
    ids = journeys.late_recorded_visit(casetrail.case_record, base)
    unallocated_on = base + timedelta(days=42)
    casetrail.case_record.episode_command(
        CommandContext(actor=ids.manager_actor),
        ids.episode,
        "unallocate",
        occurred_at=journeys.at(unallocated_on),
        change_reason="WORKERLEFT",
    )
    settle(casetrail)

    today = unallocated_on + timedelta(days=10)
    (waiting,) = caseload.unallocated(casetrail.views, today)
    assert (waiting.episode_id, waiting.waiting_since, waiting.days_waiting) == (
        str(ids.episode),
        unallocated_on,
        10,
    )
    assert (
        caseload.worker_caseloads(casetrail.views, DEFAULTS, worker_id=str(ids.worker))[0].children
        == 0
    )


def test_a_late_recorded_visit_counts_from_the_day_it_happened_and_its_lag_is_measured(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.late_recorded_visit(casetrail.case_record, base)
    settle(casetrail)

    today = ids.recorded_on + timedelta(days=40)
    signals = risk.child_risk(casetrail.views, str(ids.child), today, DEFAULTS)
    assert signals is not None
    (not_seen,) = [s for s in signals.signals if s.code == "not-seen"]
    assert f"on {ids.visited_on}" in not_seen.explanation
    assert not_seen.events == [(str(ids.episode), ids.visit_version)]

    lags = casetrail.views.select(
        "SELECT lag_days FROM {p}recording_lags WHERE record_id = ? AND version = ?",
        (str(ids.episode), ids.visit_version),
    )
    assert lags == [{"lag_days": 30}]
    _median, p90 = latent.recording_lags(
        casetrail.views, [ids.actor], ids.recorded_on + timedelta(days=1), DEFAULTS
    )
    assert p90 == 30.0


def test_an_absent_worker_with_work_falling_due_is_a_signal_on_the_child(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.late_recorded_visit(casetrail.case_record, base)
    settle(casetrail)

    during = base + timedelta(days=20)
    wide = Thresholds(due_soon_days=60)
    during_absence = risk.child_risk(casetrail.views, str(ids.child), during, wide)
    after_return = risk.child_risk(casetrail.views, str(ids.child), base + timedelta(days=41), wide)
    assert during_absence is not None and after_return is not None
    assert "allocated-worker-absent" in codes(during_absence.signals)
    assert "allocated-worker-absent" not in codes(after_return.signals)


def test_protection_journey_meets_its_conference_clock_and_flags_the_absent_agency(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.protection_plan_journey(casetrail.case_record, base)
    settle(casetrail)

    early = {
        c.rule: c
        for c in deadlines.child_clocks_at(
            casetrail.views, str(ids.child), base + timedelta(days=20), DEFAULTS
        )
    }
    assert early["E4"].status == "met" and early["E4"].met_on == base + timedelta(days=15)
    assert early["E8"].status in {"running", "met"}

    later = risk.child_risk(casetrail.views, str(ids.child), base + timedelta(days=290), DEFAULTS)
    assert later is not None
    (absent,) = [s for s in later.signals if s.code == "conference-agency-absent"]
    assert "without education present" in absent.explanation
    assert absent.events and absent.events[0][0] == str(ids.episode)


def test_looked_after_visit_clocks_restart_at_each_placement(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.looked_after_journey(casetrail.case_record, base)
    settle(casetrail)

    rows = casetrail.views.select(
        "SELECT started_on, original_due FROM {p}clocks WHERE child_id = ? AND rule = 'E14'",
        (str(ids.child),),
    )
    first_visit_clocks = {
        date.fromisoformat(r["started_on"])
        for r in rows
        if date.fromisoformat(r["original_due"]) - date.fromisoformat(r["started_on"])
        == timedelta(weeks=1)
    }
    assert first_visit_clocks == {base, base + timedelta(days=60), base + timedelta(days=150)}


def test_a_corrected_conference_date_moves_the_first_review_clock(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.corrected_conference_date(casetrail.case_record, base)
    settle(casetrail)

    (review,) = casetrail.views.select(
        "SELECT started_on, original_due FROM {p}clocks WHERE child_id = ? AND rule = 'E6'",
        (str(ids.child),),
    )
    assert date.fromisoformat(review["started_on"]) == ids.held_on
    assert date.fromisoformat(review["original_due"]) == add_months(ids.held_on, 3)


def test_a_visit_struck_from_the_wrong_child_no_longer_counts_as_seeing_them(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.event_entered_on_wrong_child(casetrail.case_record, base)
    settle(casetrail)

    def seen(child: str) -> list[str]:
        (row,) = casetrail.views.select(
            "SELECT facts FROM {p}risk_facts WHERE child_id = ?", (child,)
        )
        return [s["event"][0] + ":" + str(s["event"][1]) for s in json.loads(row["facts"])["seen"]]

    assert f"{ids.wrong_episode}:{ids.struck_version}" not in seen(str(ids.wrong_child))
    assert f"{ids.episode}:{ids.visit_version}" in seen(str(ids.child))


def test_concerns_from_several_agencies_and_an_unchecked_adult_are_signals_until_checked(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.late_recorded_visit(casetrail.case_record, base)
    service = casetrail.case_record
    ctx = CommandContext(actor=ids.actor)
    for day, agency in ((30, "POLICE"), (35, "HEALTH")):
        service.episode_command(
            ctx,
            ids.episode,
            "raise_concern",
            occurred_at=journeys.at(base + timedelta(days=day)),
            agency=agency,
            concern="Seen out alone late at night.",
        )
    adult = uuid4()
    service.child_command(
        ctx,
        ids.child,
        "record_adult_joined",
        occurred_at=journeys.at(base + timedelta(days=36)),
        person_id=adult,
        name="Dean Marsh",
        relationship="mother's new partner",
        checks_made=False,
    )
    settle(casetrail)

    today = base + timedelta(days=40)
    before = risk.child_risk(casetrail.views, str(ids.child), today, DEFAULTS)
    assert before is not None
    assert {"several-agencies-concerned", "new-adult-unchecked"} <= set(codes(before.signals))
    assert "Dean Marsh" not in " ".join(s.explanation for s in before.signals)

    service.child_command(
        ctx,
        ids.child,
        "record_household_checks",
        occurred_at=journeys.at(base + timedelta(days=41)),
        person_id=adult,
    )
    settle(casetrail)
    after = risk.child_risk(casetrail.views, str(ids.child), today + timedelta(days=60), DEFAULTS)
    assert after is not None
    assert "new-adult-unchecked" not in codes(after.signals)
    assert "several-agencies-concerned" not in codes(after.signals)  # the window has passed


def test_a_second_referral_within_a_year_and_a_second_plan_are_signals(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.referral_closed_with_no_further_action(casetrail.case_record, base)
    again = base + timedelta(days=100)
    casetrail.case_record.receive_referral(
        CommandContext(actor=ids.actor),
        ids.child,
        occurred_at=journeys.at(again),
        source="3A",
        concern="GP worried again about bruising.",
        primary_need="N1",
    )
    settle(casetrail)

    found = risk.child_risk(casetrail.views, str(ids.child), again + timedelta(days=1), DEFAULTS)
    assert found is not None
    (rereferral,) = [s for s in found.signals if s.code == "re-referral"]
    assert "100 days after" in rereferral.explanation
    assert len(rereferral.events) == 2


def test_team_latent_conditions_show_absence_with_due_work_and_slow_recording(
    casetrail: Casetrail, base: date
) -> None:
    staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
    ids = journeys.late_recorded_visit(casetrail.case_record, base, staff)
    settle(casetrail)

    during = base + timedelta(days=20)
    wide = Thresholds(due_soon_days=60)
    team = latent.team_conditions(casetrail.views, str(staff.team), during, wide)
    assert team is not None
    assert (team.fte, team.absent_now, team.absent_with_due_work) == (1.0, 1, 1)
    assert team.agency_share == 0.0 and team.leavers_last_12_months == 0
    assert team.referrals_per_week_per_fte == 0.25  # one referral in four weeks, one worker
    assert any("absent with work due" in c for c in team.concerns)

    after = latent.worker_conditions(
        casetrail.views, str(ids.worker), ids.recorded_on + timedelta(days=1), DEFAULTS
    )
    assert after is not None and after.absent_now == 0
    assert after.recording_lag_p90_days == 30.0
    assert any("one record in ten" in c for c in after.concerns)


def test_a_child_in_need_journey_meets_its_clocks_and_leaves_no_open_work(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.child_in_need_journey(casetrail.case_record, base)
    settle(casetrail)

    rows = casetrail.views.select(
        "SELECT rule, started_on, met_on, stopped_on FROM {p}clocks WHERE child_id = ? "
        "ORDER BY rule, started_on",
        (str(ids.child),),
    )
    by_rule = {(r["rule"], r["started_on"]): r for r in rows}
    # E9: reviews every 3 months from the plan (day 35), met on days 125 and 215; the clock the
    # second review started ended with the plan (day 220) before it fell due, so it is not shown.
    reviews = [r for r in rows if r["rule"] == "E9"]
    assert [(r["started_on"], r["met_on"]) for r in reviews] == [
        ((base + timedelta(days=35)).isoformat(), (base + timedelta(days=125)).isoformat()),
        ((base + timedelta(days=125)).isoformat(), (base + timedelta(days=215)).isoformat()),
    ]
    assert by_rule[("E3", base.isoformat())]["met_on"] == (base + timedelta(days=30)).isoformat()
    assert all(r["met_on"] for r in rows), "every clock of a completed journey was met"

    assert (
        caseload.worker_caseloads(casetrail.views, DEFAULTS, worker_id=str(ids.worker))[0].children
        == 0
    )
    after = risk.child_risk(casetrail.views, str(ids.child), base + timedelta(days=230), DEFAULTS)
    assert after is not None and after.signals == []


def test_closing_an_assessed_case_unseen_is_a_signal_but_a_front_door_closure_is_not(
    casetrail: Casetrail, base: date
) -> None:
    front_door = journeys.referral_closed_with_no_further_action(casetrail.case_record, base)
    rec, ids = journeys.refer_child(
        casetrail.case_record,
        base,
        journeys.ChildDetails("Leo", "Hart", "M", "WBRI", 2000),
        source="4",
        concern="Housing officer worried about the flat's condition.",
        span_days=20,
    )
    rec.episode(
        ids.manager_actor,
        ids.episode,
        "decide_referral",
        1,
        decision="ASSESSMENT",
        rationale="Needs assessing.",
    )
    rec.episode(ids.actor, ids.episode, "start_assessment", 2)
    rec.episode(ids.actor, ids.episode, "complete_assessment", 10, factors=["21"], outcome="NFA")
    closed_at = rec.when(12)
    rec.run(
        closed_at,
        None,
        lambda: casetrail.case_record.close_episode(
            CommandContext(actor=ids.manager_actor), ids.episode, closed_at, "RC8"
        ),
    )
    settle(casetrail)

    today = base + timedelta(days=20)
    assessed = risk.child_risk(casetrail.views, str(ids.child), today, DEFAULTS)
    closed_at_door = risk.child_risk(casetrail.views, str(front_door.child), today, DEFAULTS)
    assert assessed is not None and closed_at_door is not None
    assert "closed-without-visit" in codes(assessed.signals)
    assert "closed-without-visit" not in codes(closed_at_door.signals)
