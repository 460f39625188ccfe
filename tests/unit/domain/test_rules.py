"""Each rule of the case record, broken on purpose: the error a person would see, and nothing
recorded (the record's version and the store's last position stay where they were)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.errors import InvalidValue, RuleBroken, VersionConflict
from domain.service import CaseRecord, CommandContext, Receipt
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at

WORKER = CommandContext(actor="sw-rules")
TODAY = datetime.now(UTC).date()
BASE = TODAY - timedelta(days=60)


def day(n: int) -> date:
    return BASE + timedelta(days=n)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    """A child referred by their GP 60 days ago, allocated to a worker the same day."""
    _, ids = journeys.refer_child(
        case_record,
        BASE,
        ChildDetails("Lily", "Harper", "F", "WBRI", age_days=7 * 365),
        source="3A",
        concern="Lily's mother disclosed to the GP that her partner hits her.",
        primary_need="N1",
    )
    return ids


def act(
    service: CaseRecord, ids: CaseIds, name: str, n: int, hour: int = 10, **facts: Any
) -> Receipt:
    """An episode command on day `n` after the referral, recorded now."""
    return service.episode_command(WORKER, ids.episode, name, occurred_at=at(day(n), hour), **facts)


def refused(
    service: CaseRecord,
    record_id: UUID,
    command: Callable[[], object],
    rule: str,
    field: str | None,
    *mentions: str,
) -> RuleBroken:
    """Run a command that must be refused; check the error and that nothing was recorded."""
    version: int = service.repository.get(record_id).version
    position = service.recorder.max_notification_id()
    with pytest.raises(RuleBroken) as caught:
        command()
    error = caught.value
    assert (error.rule, error.field) == (rule, field), error.message
    for words in mentions:
        assert words in error.message
    assert str(error) == error.message
    assert service.repository.get(record_id).version == version
    assert service.recorder.max_notification_id() == position
    return error


def protection_plan_from(service: CaseRecord, ids: CaseIds, n: int) -> None:
    """Section 47 enquiries concluded before day `n`, and a protection plan from day `n`."""
    act(service, ids, "start_section47", n - 8)
    act(service, ids, "conclude_section47", n - 2, conference_needed=True)
    conference(service, ids, n)
    act(service, ids, "start_protection_plan", n, 14, category="NEG")


def conference(service: CaseRecord, ids: CaseIds, n: int, category: str = "NEG") -> Receipt:
    return act(
        service,
        ids,
        "hold_initial_conference",
        n,
        plan=True,
        category=category,
        agencies_invited=["HEALTH", "POLICE"],
        agencies_present=["HEALTH"],
    )


def visit(service: CaseRecord, ids: CaseIds, n: int) -> Receipt:
    return act(service, ids, "record_visit", n, child_seen=True, seen_alone=False)


# Time: nothing before the referral, after closure or death, or in the future


def test_an_assessment_cannot_start_before_the_referral_was_received(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_assessment", -3),
        "before-referral",
        "occurred_at",
        "an assessment cannot be before the referral",
        str(BASE),
    )


def test_a_visit_cannot_be_recorded_after_the_episode_closed(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5)), "RC7", "Family moved away")

    refused(
        case_record,
        case.episode,
        lambda: visit(case_record, case, 6),
        "after-closure",
        "occurred_at",
        f"a visit cannot be after the episode closed ({day(5)})",
        "reopen it first",
    )


def test_the_primary_need_cannot_be_recorded_after_the_episode_closed(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5)), "RC7", "Family moved away")

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "record_primary_need", 9, primary_need="N4"),
        "after-closure",
        "occurred_at",
        str(day(5)),
    )


WORK_THAT_STAYS_OPEN: dict[str, dict[str, Any]] = {
    "start_assessment": {},
    "start_section47": {},
    "start_cin_plan": {},
    "become_looked_after": {"legal_status": "V2", "placement_type": "U6"},
}


@pytest.mark.parametrize("command", sorted(WORK_THAT_STAYS_OPEN))
def test_work_cannot_start_on_the_day_the_episode_closed_once_it_has_closed(
    case_record: CaseRecord, case: CaseIds, command: str
) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5), 9), "RC7", "Family moved away")

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, command, 5, 15, **WORK_THAT_STAYS_OPEN[command]),
        "after-closure",
        "occurred_at",
        f"cannot start: the episode closed on {day(5)}; reopen it first",
    )


def test_a_closed_episode_cannot_be_allocated_again_on_the_day_it_closed(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5), 9), "RC7", "Family moved away")

    refused(
        case_record,
        case.episode,
        lambda: case_record.allocate_worker(WORKER, case.episode, case.worker, at(day(5), 15)),
        "after-closure",
        "occurred_at",
        "an allocation cannot start",
    )


def test_a_visit_on_the_day_the_episode_closed_can_be_recorded_after_the_closure(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5), 16), "RC7", "Family moved away")

    visit(case_record, case, 5)

    assert [v.visited_on for v in case_record.episode(case.episode).state.visits] == [day(5)]


def test_a_reopened_episode_takes_a_visit_again(case_record: CaseRecord, case: CaseIds) -> None:
    case_record.close_episode(WORKER, case.episode, at(day(5)), "RC7", "Family moved away")
    case_record.reopen_episode(WORKER, case.episode, at(day(8)), "Family came back")

    visit(case_record, case, 9)

    assert [v.visited_on for v in case_record.episode(case.episode).state.visits] == [day(9)]


def test_nothing_can_be_recorded_on_an_episode_after_the_child_died(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.record_death(WORKER, case.child, at(day(20)))

    error = refused(
        case_record,
        case.episode,
        lambda: visit(case_record, case, 21),
        "after-death",
        "occurred_at",
        f"the child died on {day(20)}",
    )
    assert "nothing can happen after that" in error.message


def test_a_visit_on_the_day_the_child_died_can_still_be_recorded(
    case_record: CaseRecord, case: CaseIds
) -> None:
    case_record.record_death(WORKER, case.child, at(day(20), 18))

    visit(case_record, case, 20)

    assert len(case_record.episode(case.episode).state.visits) == 1


def test_an_event_cannot_be_recorded_as_happening_in_the_future(
    case_record: CaseRecord, case: CaseIds
) -> None:
    tomorrow = datetime.now(UTC) + timedelta(days=2)
    refused(
        case_record,
        case.episode,
        lambda: case_record.episode_command(
            WORKER,
            case.episode,
            "record_visit",
            occurred_at=tomorrow,
            child_seen=True,
            seen_alone=True,
        ),
        "invalid-value",
        "occurred_at",
        "cannot be recorded as happening in the future",
    )


def test_a_visit_that_happened_last_month_can_be_recorded_today(
    case_record: CaseRecord, case: CaseIds
) -> None:
    last_month = datetime.now(UTC) - timedelta(days=31)

    receipt = case_record.episode_command(
        WORKER,
        case.episode,
        "record_visit",
        occurred_at=last_month,
        child_seen=True,
        seen_alone=True,
    )

    episode = case_record.episode(case.episode)
    event = episode.event_at(receipt.version)
    assert event.occurred_at == last_month
    assert datetime.now(UTC) - event.recorded_at < timedelta(minutes=1)
    assert event.recorded_at - event.occurred_at >= timedelta(days=31)
    assert [v.visited_on for v in episode.state.visits] == [event.occurred_on]


# Plans: never a child in need plan and a protection plan at once; one of each kind at a time


def test_a_child_in_need_plan_cannot_start_while_a_protection_plan_runs(
    case_record: CaseRecord, case: CaseIds
) -> None:
    protection_plan_from(case_record, case, 20)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_cin_plan", 30),
        "plans-overlap",
        "occurred_at",
        f"the protection plan (from {day(20)}) must end first",
    )


def test_a_protection_plan_cannot_start_while_a_child_in_need_plan_runs(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_cin_plan", 5)
    act(case_record, case, "start_section47", 12)
    act(case_record, case, "conclude_section47", 18, conference_needed=True)
    conference(case_record, case, 20)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_protection_plan", 20, 14, category="NEG"),
        "plans-overlap",
        "occurred_at",
        f"the child in need plan (from {day(5)}) must end first",
    )


def test_a_child_in_need_plan_can_start_on_the_day_the_protection_plan_ends(
    case_record: CaseRecord, case: CaseIds
) -> None:
    protection_plan_from(case_record, case, 10)
    act(case_record, case, "end_protection_plan", 40, reason="Stepped down to child in need")

    act(case_record, case, "start_cin_plan", 40, 15)

    state = case_record.episode(case.episode).state
    assert state.protection_plans[0].ended_on == state.cin_plans[0].started_on == day(40)


def test_a_second_assessment_cannot_start_while_one_is_open(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_assessment", 1)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_assessment", 3),
        "assessment-open",
        None,
        "an assessment is already open",
    )


def test_a_second_section_47_enquiry_cannot_start_while_one_is_open(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 1)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_section47", 2),
        "section47-open",
        None,
        "a section 47 enquiry is already open",
    )


def test_a_second_child_in_need_plan_cannot_start_while_one_runs(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_cin_plan", 5)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_cin_plan", 9),
        "cin-plan-open",
        None,
        "a child in need plan is already running",
    )


def test_a_second_protection_plan_cannot_start_while_one_runs(
    case_record: CaseRecord, case: CaseIds
) -> None:
    protection_plan_from(case_record, case, 20)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_protection_plan", 20, 15, category="PHY"),
        "plan-open",
        None,
        "already has a protection plan",
    )


def test_a_protection_plan_starts_on_the_date_of_its_initial_conference(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)
    conference(case_record, case, 20)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_protection_plan", 21, category="NEG"),
        "plan-starts-at-conference",
        "occurred_at",
        "starts on the date of the initial conference",
    )


def test_a_protection_plan_needs_an_initial_conference_that_decided_it(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "start_protection_plan", 20, category="NEG"),
        "plan-starts-at-conference",
        "occurred_at",
        "initial conference",
    )


def test_a_review_conference_falls_after_the_plan_started(
    case_record: CaseRecord, case: CaseIds
) -> None:
    protection_plan_from(case_record, case, 20)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "hold_review_conference",
            20,
            16,
            plan=True,
            category="NEG",
            agencies_invited=["HEALTH"],
            agencies_present=["HEALTH"],
        ),
        "review-before-plan",
        "occurred_at",
        f"a review falls after the plan started ({day(20)})",
    )


# Closure


@pytest.mark.parametrize("closure_reason", ["RC8", "RC9"])
def test_closing_after_assessment_needs_a_completed_assessment(
    case_record: CaseRecord, case: CaseIds, closure_reason: str
) -> None:
    refused(
        case_record,
        case.episode,
        lambda: case_record.close_episode(WORKER, case.episode, at(day(5)), closure_reason),
        "closure-needs-assessment",
        "closure_reason",
        f"{closure_reason} means closed after assessment",
        "no completed assessment",
    )


def test_closing_as_no_further_action_after_a_completed_assessment_is_accepted(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_assessment", 1)
    act(case_record, case, "complete_assessment", 20, factors=["21"], outcome="NFA")

    case_record.close_episode(WORKER, case.episode, at(day(21)), "RC8")

    assert case_record.episode(case.episode).state.closure_reason == "RC8"


def test_an_episode_cannot_close_while_an_assessment_and_a_plan_are_open(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_assessment", 1)
    act(case_record, case, "start_cin_plan", 3)

    refused(
        case_record,
        case.episode,
        lambda: case_record.close_episode(WORKER, case.episode, at(day(5)), "RC7"),
        "closing-with-open-work",
        None,
        "end an assessment and a child in need plan before closing the episode",
    )


def test_a_child_cannot_have_a_second_open_episode(case_record: CaseRecord, case: CaseIds) -> None:
    refused(
        case_record,
        case.child,
        lambda: case_record.receive_referral(
            WORKER, case.child, occurred_at=at(day(3)), source="2A", concern="Second worry"
        ),
        "episode-already-open",
        None,
        "the child already has an open episode",
    )
    assert case_record.child(case.child).state.episode_ids == [case.episode]


# A referral decided as no further action carries nothing else


NFA_FOLLOW_UPS: dict[str, dict[str, Any]] = {
    "start_assessment": {},
    "hold_strategy_discussion": {"start_section47": True, "agencies_present": ["POLICE"]},
    "start_section47": {},
    "start_cin_plan": {},
    "become_looked_after": {"legal_status": "V2", "placement_type": "U6"},
}


@pytest.mark.parametrize("command", sorted(NFA_FOLLOW_UPS))
def test_a_referral_decided_as_no_further_action_carries_nothing_else(
    case_record: CaseRecord, case: CaseIds, command: str
) -> None:
    act(case_record, case, "decide_referral", 0, 15, decision="NFA", rationale="Advice given")

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, command, 2, **NFA_FOLLOW_UPS[command]),
        "referral-nfa",
        None,
        "the referral was decided as no further action",
        "record a new referral instead",
    )


def test_a_referral_cannot_be_decided_as_no_further_action_once_an_assessment_started(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_assessment", 1)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "decide_referral", 2, decision="NFA", rationale="None"),
        "referral-nfa",
        "decision",
        "an assessment",
    )


# Corrections and entries in error


def test_a_correction_cannot_change_a_fact_the_event_does_not_have(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)

    error = refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={"mood": "happy"},
            reason="Add the child's mood",
        ),
        "invalid-value",
        "changes.mood",
        "VisitRecorded has no fact 'mood' that can be corrected",
    )
    assert "child_seen" in error.message and "seen_alone" in error.message


def test_a_correction_cannot_change_the_envelope_of_an_event(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={"actor": "someone-else"},
            reason="Wrong worker",
        ),
        "invalid-value",
        "changes.actor",
        "has no fact 'actor' that can be corrected",
    )


def test_a_correction_must_give_a_value_of_the_right_kind(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={"child_seen": "yes"},
            reason="The child was seen",
        ),
        "invalid-value",
        "changes.child_seen",
        "'yes' is not a valid child_seen",
    )


def test_a_correction_must_say_why(case_record: CaseRecord, case: CaseIds) -> None:
    recorded = visit(case_record, case, 4)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={"seen_alone": True},
            reason="  ",
        ),
        "invalid-value",
        "reason",
        "cannot be empty",
    )


def test_a_correction_must_say_what_it_changes(case_record: CaseRecord, case: CaseIds) -> None:
    recorded = visit(case_record, case, 4)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={},
            reason="Typo",
        ),
        "invalid-value",
        "changes",
        "say what the correction changes",
    )


def test_a_correction_cannot_move_an_event_into_the_future(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)
    next_week = datetime.now(UTC) + timedelta(days=7)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=recorded.version,
            changes={"occurred_at": next_week},
            reason="Wrong date",
        ),
        "invalid-value",
        "changes.occurred_at",
        "future",
    )


def test_a_correction_that_would_break_a_rule_is_refused(
    case_record: CaseRecord, case: CaseIds
) -> None:
    started = act(case_record, case, "start_assessment", 2)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            5,
            version=started.version,
            changes={"occurred_at": at(day(-1))},
            reason="Started the day before",
        ),
        "before-referral",
        "occurred_at",
        "an assessment cannot be before the referral",
    )


def test_a_correction_of_an_entry_the_record_does_not_have_is_refused(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record, case, "correct", 5, version=99, changes={"note": "x"}, reason="Typo"
        ),
        "invalid-value",
        "corrects_version",
        "this record has no entry number 99",
    )


def test_a_correction_cannot_itself_be_corrected(case_record: CaseRecord, case: CaseIds) -> None:
    recorded = visit(case_record, case, 4)
    correction = act(
        case_record,
        case,
        "correct",
        5,
        version=recorded.version,
        changes={"seen_alone": True},
        reason="Seen alone in the garden",
    )

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            6,
            version=correction.version,
            changes={"seen_alone": False},
            reason="Changed my mind",
        ),
        "invalid-value",
        "corrects_version",
        "a correction cannot itself be corrected",
    )


def test_an_entry_in_error_must_say_why(case_record: CaseRecord, case: CaseIds) -> None:
    recorded = visit(case_record, case, 4)

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "strike", 5, version=recorded.version, reason=""),
        "invalid-value",
        "reason",
        "cannot be empty",
    )


def test_the_first_entry_of_a_record_cannot_be_struck(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "strike", 5, version=1, reason="Wrong child"),
        "invalid-value",
        "corrects_version",
        "the first entry of a record cannot be struck",
    )


def test_striking_an_entry_that_later_work_depends_on_is_refused(
    case_record: CaseRecord, case: CaseIds
) -> None:
    started = act(case_record, case, "start_assessment", 2)
    act(case_record, case, "complete_assessment", 9, factors=["21"], outcome="NFA")

    refused(
        case_record,
        case.episode,
        lambda: act(case_record, case, "strike", 10, version=started.version, reason="Wrong"),
        "no-open-assessment",
        None,
        "there is no open assessment",
    )


def test_a_conference_date_cannot_be_corrected_away_from_the_start_of_its_plan(
    case_record: CaseRecord, case: CaseIds
) -> None:
    # The plan must start on the conference's date: moving one alone always breaks the rule.
    # The way to do it is to strike the plan, correct the conference, and record the plan again.
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)
    held = conference(case_record, case, 21)
    plan = act(case_record, case, "start_protection_plan", 21, 14, category="NEG")

    def correct_the_conference() -> Receipt:
        return act(
            case_record,
            case,
            "correct",
            22,
            version=held.version,
            changes={"occurred_at": at(day(20))},
            reason="Held on the 20th",
        )

    refused(
        case_record,
        case.episode,
        correct_the_conference,
        "plan-starts-at-conference",
        "occurred_at",
        "starts on the date of the initial conference",
    )
    act(case_record, case, "strike", 22, version=plan.version, reason="Plan date follows")
    correct_the_conference()
    act(case_record, case, "start_protection_plan", 20, 14, category="NEG")
    state = case_record.episode(case.episode).state
    assert [p.started_on for p in state.protection_plans] == [day(20)]
    assert [c.held_on for c in state.conferences] == [day(20)]


# Concurrency and retries


def test_a_command_on_a_record_changed_since_it_was_read_is_refused_as_a_conflict(
    case_record: CaseRecord, case: CaseIds
) -> None:
    seen = case_record.episode(case.episode).version
    first = CommandContext(actor="sw-a", expected_version=seen)
    second = CommandContext(actor="sw-b", expected_version=seen)
    case_record.episode_command(
        first, case.episode, "record_case_note", occurred_at=at(day(3)), note="Phoned school"
    )
    position = case_record.recorder.max_notification_id()

    with pytest.raises(VersionConflict) as caught:
        case_record.episode_command(
            second, case.episode, "record_case_note", occurred_at=at(day(3)), note="Phoned GP"
        )

    assert (caught.value.expected, caught.value.actual) == (seen, seen + 1)
    assert f"the record is at version {seen + 1}, not {seen}" in str(caught.value)
    assert "reload it and try again" in str(caught.value)
    assert case_record.episode(case.episode).version == seen + 1
    assert case_record.recorder.max_notification_id() == position


def test_a_retried_command_with_the_same_idempotency_key_returns_the_first_receipt(
    case_record: CaseRecord, case: CaseIds
) -> None:
    ctx = CommandContext(actor="sw-a", idempotency_key="visit-2024-001")
    facts = {"occurred_at": at(day(4)), "child_seen": True, "seen_alone": True}
    first = case_record.episode_command(ctx, case.episode, "record_visit", **facts)
    position = case_record.recorder.max_notification_id()

    again = case_record.episode_command(ctx, case.episode, "record_visit", **facts)

    assert again.replayed and not first.replayed
    assert (again.record_id, again.version, again.events) == (
        first.record_id,
        first.version,
        first.events,
    )
    assert again.position is None
    assert case_record.recorder.max_notification_id() == position
    episode = case_record.episode(case.episode)
    assert episode.version == first.version
    assert len(episode.state.visits) == 1


def test_an_idempotency_key_used_again_for_a_different_command_is_refused(
    case_record: CaseRecord, case: CaseIds
) -> None:
    ctx = CommandContext(actor="sw-a", idempotency_key="note-17")
    case_record.episode_command(
        ctx, case.episode, "record_case_note", occurred_at=at(day(3)), note="Phoned school"
    )

    refused(
        case_record,
        case.episode,
        lambda: case_record.episode_command(
            ctx, case.episode, "record_case_note", occurred_at=at(day(3)), note="Phoned GP"
        ),
        "invalid-value",
        "Idempotency-Key",
        "this key was already used for a different command",
    )


def test_the_same_idempotency_key_from_another_person_is_a_new_command(
    case_record: CaseRecord, case: CaseIds
) -> None:
    facts = {"occurred_at": at(day(3)), "note": "Phoned school"}
    first = case_record.episode_command(
        CommandContext(actor="sw-a", idempotency_key="k1"),
        case.episode,
        "record_case_note",
        **facts,
    )

    second = case_record.episode_command(
        CommandContext(actor="sw-b", idempotency_key="k1"),
        case.episode,
        "record_case_note",
        **facts,
    )

    assert not second.replayed
    assert second.version == first.version + 1


# Codes and identifiers


def test_an_unknown_referral_source_is_refused_naming_the_known_codes(
    case_record: CaseRecord,
) -> None:
    child = case_record.register_child(
        WORKER,
        occurred_at=at(day(0)),
        la_child_id="R1",
        given_name="Noah",
        family_name="Reid",
        sex="M",
        ethnicity="WBRI",
        date_of_birth=date(2019, 3, 2),
    ).record_id

    refused(
        case_record,
        child,
        lambda: case_record.receive_referral(
            WORKER, child, occurred_at=at(day(1)), source="2Z", concern="Worry"
        ),
        "invalid-value",
        "source",
        "'2Z' is not a known code",
        "1A, 1B",
    )


def test_an_unknown_closure_reason_is_refused(case_record: CaseRecord, case: CaseIds) -> None:
    refused(
        case_record,
        case.episode,
        lambda: case_record.close_episode(WORKER, case.episode, at(day(5)), "RC10"),
        "invalid-value",
        "closure_reason",
        "'RC10' is not a known code",
        "RC1, RC2",
    )


def test_an_unknown_category_of_abuse_is_refused(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)

    refused(
        case_record,
        case.episode,
        lambda: conference(case_record, case, 20, category="NEGLECT"),
        "invalid-value",
        "category",
        "'NEGLECT' is not a known code",
        "EMO, MUL, NEG, PHY, SAB",
    )


def test_a_protection_plan_needs_a_category_of_abuse(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "hold_initial_conference",
            20,
            plan=True,
            category=None,
            agencies_invited=["HEALTH"],
            agencies_present=["HEALTH"],
        ),
        "invalid-value",
        "category",
        "a protection plan needs a category of abuse",
    )


def registering(case_record: CaseRecord, **changes: Any) -> Callable[[], Receipt]:
    facts: dict[str, Any] = {
        "occurred_at": at(day(0)),
        "la_child_id": "R2",
        "given_name": "Isla",
        "family_name": "Brennan",
        "sex": "F",
        "ethnicity": "WIRI",
        "date_of_birth": date(2020, 1, 9),
    }
    facts.update(changes)
    return lambda: case_record.register_child(WORKER, **facts)


def test_an_unknown_ethnicity_is_refused(case_record: CaseRecord) -> None:
    position = case_record.recorder.max_notification_id()
    with pytest.raises(InvalidValue) as caught:
        registering(case_record, ethnicity="WXYZ")()
    assert caught.value.field == "ethnicity"
    assert "'WXYZ' is not a known code" in caught.value.message
    assert "WBRI" in caught.value.message
    assert case_record.recorder.max_notification_id() == position


def test_an_nhs_number_with_a_wrong_check_digit_is_refused(case_record: CaseRecord) -> None:
    valid = journeys.synthetic_nhs_number()
    wrong = valid[:9] + str((int(valid[9]) + 1) % 10)
    position = case_record.recorder.max_notification_id()

    with pytest.raises(InvalidValue) as caught:
        registering(case_record, nhs_number=wrong)()

    assert caught.value.field == "nhs_number"
    assert "check digit is wrong" in caught.value.message
    assert case_record.recorder.max_notification_id() == position
    registering(case_record, nhs_number=valid)()


def test_an_nhs_number_recorded_later_is_checked_too(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(
        case_record,
        case.child,
        lambda: case_record.child_command(
            WORKER,
            case.child,
            "record_identifiers",
            occurred_at=at(day(2)),
            upn=None,
            nhs_number="999 123 4567",
        ),
        "invalid-value",
        "nhs_number",
        "check digit is wrong",
    )


def test_the_journeys_synthetic_identifiers_pass_the_national_checks() -> None:
    from domain.identifiers import check_nhs_number, check_upn

    for _ in range(50):
        nhs = journeys.synthetic_nhs_number()
        assert nhs.startswith("999")
        assert check_nhs_number(nhs) == nhs
        upn = journeys.synthetic_upn()
        assert check_upn(upn) == upn


def test_a_correction_is_held_to_the_code_lists_of_the_fact_it_changes(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)
    held = conference(case_record, case, 21)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            22,
            version=held.version,
            changes={"category": "BANANA"},
            reason="Category recorded wrongly",
        ),
        "invalid-value",
        "changes.category",
        "'BANANA' is not a known code",
    )


def test_a_correction_is_held_to_the_rules_of_the_event_it_corrects(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)
    act(
        case_record,
        case,
        "correct",
        5,
        version=recorded.version,
        changes={"child_seen": False, "seen_alone": False},
        reason="The child was out",
    )

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            6,
            version=recorded.version,
            changes={"seen_alone": True},
            reason="Seen alone after all",
        ),
        "invalid-value",
        "seen_alone",
        "set child_seen too",
    )


def test_an_agency_corrected_as_present_must_have_been_invited(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=True)
    held = conference(case_record, case, 21)

    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            22,
            version=held.version,
            changes={"agencies_present": ["EDUCATION"]},
            reason="Education came",
        ),
        "invalid-value",
        "agencies_present",
        "must have been invited",
    )


def test_no_initial_conference_after_the_enquiry_found_none_was_needed(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "start_section47", 5)
    act(case_record, case, "conclude_section47", 10, conference_needed=False)

    refused(
        case_record,
        case.episode,
        lambda: conference(case_record, case, 21),
        "conference-not-needed",
        None,
        "no conference was needed",
    )


def test_after_the_child_died_no_worker_is_allocated_but_the_record_can_still_be_corrected(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = visit(case_record, case, 4)
    case_record.record_death(WORKER, case.child, at(day(6)))

    refused(
        case_record,
        case.episode,
        lambda: case_record.allocate_worker(WORKER, case.episode, case.worker, at(day(8))),
        "after-death",
        "occurred_at",
        "the child died on",
    )
    refused(
        case_record,
        case.episode,
        lambda: act(
            case_record,
            case,
            "correct",
            9,
            version=recorded.version,
            changes={"occurred_at": at(day(7))},
            reason="Visit date recorded wrongly",
        ),
        "after-death",
        "occurred_at",
    )
    corrected = act(
        case_record,
        case,
        "correct",
        9,
        version=recorded.version,
        changes={"seen_alone": False},
        reason="Not seen alone after all",
    )
    assert corrected.events == ("EpisodeEventCorrected",)
