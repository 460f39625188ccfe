"""The health of a looked-after child as the social worker or the children in care nurse records
it: what is accepted while the child is looked after (late too), what is refused with the error a
person would see and nothing recorded, and corrections and strikes held to the same rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.episode import Episode
from domain.episode import health as events
from domain.service import CaseRecord, CommandContext, Receipt
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at
from tests.unit.domain.test_rules import refused

WORKER = CommandContext(actor="sw-health")
BASE = datetime.now(UTC).date() - timedelta(days=90)
CAME_INTO_CARE, LEFT_CARE = 2, 60


def day(n: int) -> date:
    return BASE + timedelta(days=n)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    """A 14-year-old referred by the police 90 days ago and accommodated on day 2."""
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Kai", "Moss", "M", "WBRI", age_days=14 * 365),
        source="6", concern="Kai was found sleeping in a stairwell.", primary_need="N1",
    )
    act(case_record, ids, "become_looked_after", CAME_INTO_CARE, legal_status="V2",
        placement_type="U6")
    return ids


def act(service: CaseRecord, ids: CaseIds, name: str, n: int, **facts: Any) -> Receipt:
    return service.episode_command(WORKER, ids.episode, name, occurred_at=at(day(n)), **facts)


def episode(service: CaseRecord, ids: CaseIds) -> Episode:
    found: Episode = service.repository.get(ids.episode)
    return found


EVERY_KIND: dict[str, dict[str, Any]] = {
    "complete_health_assessment": {"initial": True},
    "record_dental_check": {},
    "review_immunisations": {"up_to_date": True},
    "review_development_checks": {"up_to_date": False},
    "record_strengths_and_difficulties": {"score": 17},
    "identify_substance_misuse": {},
    "record_youth_justice_outcome": {"disposal": "YOUTH_CAUTION"},
}


def test_a_nurse_records_the_health_of_a_looked_after_child_as_it_happens(
    case_record: CaseRecord, case: CaseIds
) -> None:
    for n, (command, facts) in enumerate(EVERY_KIND.items(), start=20):
        act(case_record, case, command, n, **facts)
    act(case_record, case, "offer_substance_misuse_intervention", 30, accepted=False)
    act(case_record, case, "offer_substance_misuse_intervention", 34, accepted=True)
    act(case_record, case, "record_substance_misuse_intervention", 40)

    recorded = [e for e in episode(case_record, case).effective_history()
                if type(e).__module__ == events.__name__]

    assert [type(e).__name__ for e in recorded] == [
        "HealthAssessmentCompleted", "DentalCheckCompleted", "ImmunisationsReviewed",
        "DevelopmentChecksReviewed", "StrengthsAndDifficultiesRecorded",
        "SubstanceMisuseIdentified", "YouthJusticeOutcomeRecorded",
        "SubstanceMisuseInterventionOffered", "SubstanceMisuseInterventionOffered",
        "SubstanceMisuseInterventionReceived",
    ]
    questionnaire = recorded[4]
    assert isinstance(questionnaire, events.StrengthsAndDifficultiesRecorded)
    assert (questionnaire.score, questionnaire.not_scored_reason) == (17, None)
    assert episode(case_record, case).state.substance_misuse == [day(25)]


def test_a_questionnaire_not_scored_says_why(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "record_strengths_and_difficulties", 20, not_scored_reason="SDQ5")

    last = episode(case_record, case).effective_history()[-1]
    assert isinstance(last, events.StrengthsAndDifficultiesRecorded)
    assert (last.score, last.not_scored_reason) == (None, "SDQ5")


@pytest.mark.parametrize("command", sorted(EVERY_KIND))
def test_health_is_recorded_only_while_the_child_is_looked_after(
    case_record: CaseRecord, case: CaseIds, command: str
) -> None:
    refused(case_record, case.episode,
            lambda: act(case_record, case, command, 1, **EVERY_KIND[command]),
            "not-looked-after", "occurred_at", f"not looked after on {day(1)}")


def test_health_recorded_after_the_child_left_care_is_refused_for_a_day_after_it(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "cease_to_be_looked_after", LEFT_CARE, ceased_reason="E4B")

    refused(case_record, case.episode, lambda: act(case_record, case, "record_dental_check", 61),
            "not-looked-after", "occurred_at")


def test_what_happened_in_care_may_be_recorded_after_the_child_left_care(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "change_placement", 40, placement_type="U4", change_reason="CARPL")
    act(case_record, case, "cease_to_be_looked_after", LEFT_CARE, ceased_reason="E4B")

    # A dental check in the first placement, written up once the child had gone home.
    act(case_record, case, "record_dental_check", 30)

    assert isinstance(episode(case_record, case).effective_history()[-1],
                      events.DentalCheckCompleted)


@pytest.mark.parametrize(("facts", "field", "words"), [
    ({"score": 41}, "score", "from 0 to 40"),
    ({"score": -1}, "score", "from 0 to 40"),
    ({"score": True}, "score", "whole number"),
    ({}, "score", "or the reason it was not scored"),
    ({"score": 12, "not_scored_reason": "SDQ2"}, "not_scored_reason", "needs no reason"),
    ({"not_scored_reason": "SDQ9"}, "not_scored_reason", "'SDQ9' is not a known code"),
])
def test_a_questionnaire_has_a_score_from_0_to_40_or_a_known_reason_never_both(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any], field: str, words: str
) -> None:
    refused(case_record, case.episode,
            lambda: act(case_record, case, "record_strengths_and_difficulties", 20, **facts),
            "invalid-value", field, words)


def test_a_conviction_or_caution_is_one_the_youth_justice_system_gives(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(case_record, case.episode,
            lambda: act(case_record, case, "record_youth_justice_outcome", 20, disposal="ASBO"),
            "invalid-value", "disposal", "'ASBO' is not a known code")


@pytest.mark.parametrize(("command", "facts"), [
    ("offer_substance_misuse_intervention", {"accepted": True}),
    ("record_substance_misuse_intervention", {}),
])
def test_an_intervention_follows_a_substance_misuse_problem_identified(
    case_record: CaseRecord, case: CaseIds, command: str, facts: dict[str, Any]
) -> None:
    act(case_record, case, "identify_substance_misuse", 30)

    refused(case_record, case.episode, lambda: act(case_record, case, command, 25, **facts),
            "no-substance-misuse", "occurred_at", "record the problem first")


def test_a_questionnaire_score_is_corrected_within_its_range(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = act(case_record, case, "record_strengths_and_difficulties", 20, score=31)

    refused(case_record, case.episode, lambda: act(
        case_record, case, "correct", 21, version=recorded.version, changes={"score": 45},
        reason="Added up wrongly"), "invalid-value", "score", "from 0 to 40")
    refused(case_record, case.episode, lambda: act(
        case_record, case, "correct", 21, version=recorded.version, changes={"score": None},
        reason="Not scored"), "invalid-value", "score", "or the reason it was not scored")
    act(case_record, case, "correct", 21, version=recorded.version, changes={"score": 13},
        reason="Added up wrongly")

    fixed = next(e for e in episode(case_record, case).effective_history()
                 if e.originator_version == recorded.version)
    assert isinstance(fixed, events.StrengthsAndDifficultiesRecorded) and fixed.score == 13


def test_a_health_assessment_cannot_be_corrected_to_a_day_before_care(
    case_record: CaseRecord, case: CaseIds
) -> None:
    recorded = act(case_record, case, "complete_health_assessment", 20, initial=True)

    refused(case_record, case.episode, lambda: act(
        case_record, case, "correct", 21, version=recorded.version,
        changes={"occurred_at": at(day(1))}, reason="Wrong date"),
        "not-looked-after", "occurred_at")


def test_a_problem_cannot_be_struck_while_an_intervention_for_it_stands(
    case_record: CaseRecord, case: CaseIds
) -> None:
    identified = act(case_record, case, "identify_substance_misuse", 20)
    received = act(case_record, case, "record_substance_misuse_intervention", 22)

    refused(case_record, case.episode, lambda: act(
        case_record, case, "strike", 23, version=identified.version, reason="Wrong child"),
        "no-substance-misuse", "occurred_at")
    act(case_record, case, "strike", 23, version=received.version, reason="Wrong child")
    act(case_record, case, "strike", 23, version=identified.version, reason="Wrong child")

    assert episode(case_record, case).state.substance_misuse == []
    assert not [e for e in episode(case_record, case).effective_history()
                if type(e).__module__ == events.__name__]
