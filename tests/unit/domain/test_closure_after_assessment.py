"""RC8 and RC9 ("closed after assessment, no further action" and "..., referred to early help")
say that an assessment was all the episode had: an episode with section 47 enquiries, an initial
child protection conference, a protection plan or a child in need plan is refused them (CIN
census rule 2990), with a clear error and nothing recorded, and closes with another reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.errors import RuleBroken
from domain.service import CaseRecord, CommandContext
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at

WORKER = CommandContext(actor="sw-closure")
BASE = datetime.now(UTC).date() - timedelta(days=90)
CLOSED_ON = 80


def day(n: int) -> date:
    return BASE + timedelta(days=n)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Mia", "Dunn", "F", "WBRI", age_days=6 * 365),
        source="2A", concern="Mia has bruises she will not explain.", primary_need="N1",
    )
    return ids


def act(service: CaseRecord, ids: CaseIds, name: str, n: int, **facts: Any) -> None:
    service.episode_command(WORKER, ids.episode, name, occurred_at=at(day(n)), **facts)


def assessed(service: CaseRecord, ids: CaseIds, outcome: str) -> None:
    act(service, ids, "start_assessment", 1)
    act(service, ids, "complete_assessment", 10, factors=["2A"], outcome=outcome)
    act(service, ids, "authorise_assessment", 11)


def with_cin_plan(service: CaseRecord, ids: CaseIds) -> None:
    assessed(service, ids, "CIN_PLAN")
    act(service, ids, "start_cin_plan", 12)
    act(service, ids, "end_cin_plan", 60)


def with_enquiries(service: CaseRecord, ids: CaseIds) -> None:
    act(service, ids, "start_section47", 1)
    assessed(service, ids, "NFA")
    act(service, ids, "conclude_section47", 12, conference_needed=False)


def with_protection_plan(service: CaseRecord, ids: CaseIds) -> None:
    act(service, ids, "start_section47", 1)
    assessed(service, ids, "PROTECTION")
    act(service, ids, "conclude_section47", 12, conference_needed=True)
    act(service, ids, "hold_initial_conference", 20, plan=True, category="NEG",
        agencies_invited=["HEALTH", "POLICE"], agencies_present=["HEALTH"])
    act(service, ids, "start_protection_plan", 20, category="NEG")
    act(service, ids, "end_protection_plan", 70)


Journey = Callable[[CaseRecord, CaseIds], None]
MORE_THAN_AN_ASSESSMENT: list[tuple[Journey, str]] = [
    (with_cin_plan, "a child in need plan"),
    (with_enquiries, "section 47 enquiries"),
    (with_protection_plan, "section 47 enquiries and an initial child protection conference "
                           "and a child protection plan"),
]


@pytest.mark.parametrize("closure_reason", ["RC8", "RC9"])
@pytest.mark.parametrize(("journey", "had"), MORE_THAN_AN_ASSESSMENT)
def test_closing_after_assessment_is_refused_when_the_episode_had_more(
    case_record: CaseRecord, case: CaseIds, journey: Journey, had: str, closure_reason: str
) -> None:
    journey(case_record, case)
    version = case_record.episode(case.episode).version
    position = case_record.recorder.max_notification_id()

    with pytest.raises(RuleBroken) as caught:
        case_record.close_episode(WORKER, case.episode, at(day(CLOSED_ON)), closure_reason)

    error = caught.value
    assert (error.rule, error.field) == ("closure-after-assessment-only", "closure_reason")
    assert f"{closure_reason} means closed after an assessment and nothing more" in error.message
    assert f"this episode had {had}" in error.message
    assert case_record.episode(case.episode).version == version
    assert case_record.recorder.max_notification_id() == position


@pytest.mark.parametrize(("journey", "had"), MORE_THAN_AN_ASSESSMENT)
def test_such_an_episode_closes_with_another_reason(
    case_record: CaseRecord, case: CaseIds, journey: Journey, had: str
) -> None:
    journey(case_record, case)

    case_record.close_episode(WORKER, case.episode, at(day(CLOSED_ON)), "RC7")

    assert case_record.episode(case.episode).state.closure_reason == "RC7"


@pytest.mark.parametrize("closure_reason", ["RC8", "RC9"])
def test_an_episode_that_had_only_an_assessment_closes_after_assessment(
    case_record: CaseRecord, case: CaseIds, closure_reason: str
) -> None:
    assessed(case_record, case, "NFA")

    case_record.close_episode(WORKER, case.episode, at(day(CLOSED_ON)), closure_reason)

    assert case_record.episode(case.episode).state.closure_reason == closure_reason


def test_a_correction_cannot_turn_such_a_closure_into_rc8(
    case_record: CaseRecord, case: CaseIds
) -> None:
    with_cin_plan(case_record, case)
    closed = case_record.close_episode(WORKER, case.episode, at(day(CLOSED_ON)), "RC7")

    with pytest.raises(RuleBroken) as caught:
        case_record.episode_command(
            WORKER, case.episode, "correct", occurred_at=at(day(CLOSED_ON + 1)),
            version=closed.version, changes={"closure_reason": "RC8"},
            reason="Typed the wrong closure code.",
        )

    assert caught.value.rule == "closure-after-assessment-only"
    assert case_record.episode(case.episode).state.closure_reason == "RC7"
