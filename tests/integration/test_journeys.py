"""Each case journey, run on SQLite and on PostgreSQL, read back through a second application
instance: what a practitioner or an auditor would then see on the record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from domain.child import EpisodeClosedOnChild, EpisodeOpened
from domain.envelope import local_date
from domain.episode.base import EpisodeEntryInError, EpisodeEventCorrected
from domain.episode.everyday import VisitRecorded, WorkerAllocated
from domain.episode.protection import InitialConferenceHeld, ProtectionPlanStarted
from domain.episode.referral import EpisodeClosed, ReferralDecided, ReferralReceived
from domain.record import CaseEvent
from domain.service import CaseRecord
from runtime.bootstrap import Casetrail
from tests import journeys


@pytest.fixture
def base() -> date:
    return journeys.a_base_date()


@pytest.fixture
def reread(casetrail: Casetrail) -> Iterator[CaseRecord]:
    """A second application on the same store: whatever it sees was really stored."""
    other = CaseRecord(env=dict(casetrail.case_record.env))
    try:
        yield other
    finally:
        other.close()


def day(base: date, n: int) -> date:
    return base + timedelta(days=n)


def of_type(history: list[CaseEvent], kind: type[CaseEvent]) -> list[CaseEvent]:
    return [e for e in history if isinstance(e, kind)]


def test_a_referral_closed_with_no_further_action_is_closed_on_the_day_with_nothing_else(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.referral_closed_with_no_further_action(casetrail.case_record, base)

    episode = reread.episode(ids.episode)
    state = episode.state
    assert state.referral_date == base
    assert state.referral_source == "2A"
    assert (state.decision, state.decided_on) == ("NFA", base)
    assert (state.closed_on, state.closure_reason) == (base, "RC7")
    assert not (state.assessments or state.section47s or state.cin_plans or state.looked_after)
    assert state.allocation is None
    assert [(a.worker_id, a.end_reason) for a in state.allocations] == [(ids.worker, "CLOSED")]
    decided = of_type(episode.history, ReferralDecided)[0]
    closed = of_type(episode.history, EpisodeClosed)[0]
    assert decided.actor == closed.actor == ids.manager_actor
    assert closed.reason == "No further action at referral"
    child = reread.child(ids.child)
    assert child.state.name == "Ellie Marsh"
    assert child.state.episode_ids == [ids.episode]
    assert child.state.open_episode_id is None
    assert [type(e) for e in child.history][1:] == [EpisodeOpened, EpisodeClosedOnChild]


def test_a_child_in_need_journey_ends_with_the_plan_ended_and_the_episode_closed(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.child_in_need_journey(casetrail.case_record, base)

    state = reread.episode(ids.episode).state
    (assessment,) = state.assessments
    assert assessment.started_on == day(base, 1)
    assert assessment.seen_on == day(base, 4)
    assert assessment.completed_on == day(base, 30)
    assert assessment.authorised_on == day(base, 32)
    assert (assessment.factors, assessment.outcome) == (["18A", "3A"], "CIN_PLAN")
    (plan,) = state.cin_plans
    assert (plan.started_on, plan.ended_on) == (day(base, 35), day(base, 220))
    assert plan.reviews == [day(base, 125), day(base, 215)]
    assert state.primary_need == "N3"
    assert (state.closed_on, state.closure_reason) == (day(base, 220), "RC7")
    assert len(state.visits) == 7
    assert state.protection_plans == []
    assert reread.child(ids.child).state.open_episode_id is None


def test_a_protection_plan_starts_at_the_initial_conference_and_ends_at_the_second_review(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.protection_plan_journey(casetrail.case_record, base)

    state = reread.episode(ids.episode).state
    assert state.strategy_discussions == [(day(base, 1), True)]
    (enquiry,) = state.section47s
    assert (enquiry.started_on, enquiry.concluded_on, enquiry.conference_needed) == (
        day(base, 1),
        day(base, 9),
        True,
    )
    assert [(c.kind, c.held_on, c.plan) for c in state.conferences] == [
        ("initial", day(base, 15), True),
        ("review", day(base, 105), True),
        ("review", day(base, 285), False),
    ]
    (plan,) = state.protection_plans
    assert plan.started_on == day(base, 15)
    assert plan.reviews == [day(base, 105), day(base, 285)]
    assert plan.ended_on == day(base, 285)
    assert (plan.initial_category, plan.latest_category) == ("NEG", "NEG")
    assert state.open_protection_plan is None
    assert state.core_groups == [day(base, 24)]
    assert state.is_open
    assert all(v.child_seen for v in state.visits)
    assert state.allocation is not None and state.allocation.worker_id == ids.worker


def test_a_looked_after_child_moves_placement_twice_is_reviewed_and_visited_then_leaves_care(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.looked_after_journey(casetrail.case_record, base)

    state = reread.episode(ids.episode).state
    (period,) = state.looked_after
    assert period.started_on == base
    assert period.legal_statuses == [(base, "V2"), (day(base, 40), "C1")]
    assert [(p.placement_type, p.started_on, p.ended_on) for p in period.placements] == [
        ("U6", base, day(base, 60)),
        ("U4", day(base, 60), day(base, 150)),
        ("K2", day(base, 150), day(base, 330)),
    ]
    assert period.reviews == [day(base, 27), day(base, 118), day(base, 300)]
    assert period.missing == [(day(base, 170), day(base, 171))]
    assert (period.ceased_on, period.ceased_reason) == (day(base, 330), "E4B")
    assert state.looked_after_now is None
    assert len(state.visits) == 9
    assert all(v.seen_alone for v in state.visits)
    assert state.is_open


def test_a_late_recorded_visit_keeps_the_day_it_happened_and_the_day_it_was_recorded(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.late_recorded_visit(casetrail.case_record, base)

    episode = reread.episode(ids.episode)
    (visit,) = episode.state.visits
    assert visit.visited_on == ids.visited_on == day(base, 10)
    assert episode.state.assessments[0].seen_on == day(base, 10)
    event = episode.event_at(ids.visit_version)
    assert isinstance(event, VisitRecorded)
    assert event.actor == ids.actor
    assert event.occurred_on == day(base, 10)
    assert local_date(event.recorded_at) == ids.recorded_on == day(base, 40)
    assert event.recorded_at - event.occurred_at > timedelta(days=29)
    # Everything else was recorded on the day it happened.
    on_time = [e for e in episode.history if e.originator_version < ids.visit_version]
    assert all(local_date(e.recorded_at) == e.occurred_on for e in on_time)
    # Recorded in the order it was known, not the order it happened.
    recorded = [e.recorded_at for e in episode.history]
    assert recorded == sorted(recorded)
    absence = reread.worker(ids.worker).state.absences[0]
    assert (absence.kind, absence.started_on, absence.ended_on) == (
        "SICKNESS",
        day(base, 11),
        day(base, 39),
    )


def test_a_corrected_conference_date_is_in_the_history_as_recorded_and_in_the_state_as_corrected(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.corrected_conference_date(casetrail.case_record, base)

    episode = reread.episode(ids.episode)
    as_recorded = episode.event_at(ids.conference_version)
    assert isinstance(as_recorded, InitialConferenceHeld)
    assert as_recorded.occurred_on == ids.recorded_as == day(base, 16)
    correction = episode.event_at(ids.correction_version)
    assert isinstance(correction, EpisodeEventCorrected)
    assert correction.corrects_version == ids.conference_version
    assert correction.reason == "The conference was held on the 15th, not the 16th: typing error."
    assert correction.actor == ids.manager_actor
    assert correction.child_id == ids.child
    assert correction.changes["occurred_at"].date() == day(base, 15)
    # The state and the effective history are as corrected.
    (conference,) = episode.state.conferences
    assert conference.held_on == ids.held_on == day(base, 15)
    assert episode.state.protection_plans[0].started_on == day(base, 15)
    effective = [e for e in episode.effective_history() if isinstance(e, InitialConferenceHeld)]
    assert [e.occurred_on for e in effective] == [day(base, 15)]
    assert not of_type(episode.effective_history(), EpisodeEventCorrected)
    plan = of_type(episode.history, ProtectionPlanStarted)[0]
    assert plan.originator_version > ids.correction_version


def test_an_event_entered_on_the_wrong_child_stays_in_that_history_but_not_in_its_state(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    ids = journeys.event_entered_on_wrong_child(casetrail.case_record, base)

    wrong = reread.episode(ids.wrong_episode)
    assert wrong.state.child_id == ids.wrong_child
    assert wrong.state.visits == []
    struck = wrong.event_at(ids.struck_version)
    assert isinstance(struck, VisitRecorded)
    assert struck.child_id == ids.wrong_child
    strike = wrong.event_at(ids.strike_version)
    assert isinstance(strike, EpisodeEntryInError)
    assert strike.corrects_version == ids.struck_version
    assert strike.reason is not None and "Mia Clarke" in strike.reason
    assert strike.actor == ids.actor
    assert struck not in wrong.effective_history()

    right = reread.episode(ids.episode)
    assert right.state.child_id == ids.child
    (visit,) = right.state.visits
    assert visit.visited_on == struck.occurred_on == day(base, 5)
    event = right.event_at(ids.visit_version)
    assert isinstance(event, VisitRecorded)
    assert event.occurred_at == struck.occurred_at
    assert event.recorded_at > strike.recorded_at
    assert reread.child(ids.child).state.name == "Mia Clarke"
    assert reread.child(ids.wrong_child).state.name == "Maya Clark"


def test_every_journey_records_who_did_what_and_every_entry_reads_back_unchanged(
    casetrail: Casetrail, reread: CaseRecord, base: date
) -> None:
    service = casetrail.case_record
    staff = journeys.form_staff(service, base - timedelta(days=90))
    made = [journey(service, base, staff) for journey in journeys.JOURNEYS.values()]

    for ids in made:
        live, stored = service.episode(ids.episode), reread.episode(ids.episode)
        assert stored.state == live.state
        assert stored.history == live.history
        first = stored.history[0]
        assert isinstance(first, ReferralReceived) and first.child_id == ids.child
        assert {e.actor for e in stored.history} <= {staff.worker_actor, staff.manager_actor}
        allocated = of_type(stored.history, WorkerAllocated)[0]
        assert allocated.actor == staff.manager_actor
        assert all(e.correlation_id for e in stored.history)
        assert all(e.occurred_on <= local_date(e.recorded_at) for e in stored.history)
    assert len({ids.episode for ids in made}) == len(journeys.JOURNEYS)
    assert reread.worker(staff.worker).state.team_id == staff.team
    assert reread.team(staff.team).state.manager_id == staff.manager
