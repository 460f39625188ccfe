"""The adoption of a looked-after child as the social worker records it: the agency decision
maker's decision, the placement order, the match with prospective adopters, the placement for
adoption and the adoption order; or the decision reversed. What a social worker would expect to
be refused is refused with the error they would see, and nothing recorded; corrections and
strikes are held to the same rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.episode import Episode
from domain.episode import adoption as events
from domain.errors import InvalidValue
from domain.service import CaseRecord, CommandContext, Receipt
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at
from tests.unit.domain.test_rules import refused

WORKER = CommandContext(actor="sw-adoption")
BASE = datetime.now(UTC).date() - timedelta(days=400)
CAME_INTO_CARE = 2
COUPLE = {"adopters": 2, "adopters_sex": "MF", "adopters_legal_status": "L11",
          "foster_carers": False}


def day(n: int) -> date:
    return BASE + timedelta(days=n)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    """A baby referred by the health visitor 400 days ago, in foster care under an interim care
    order from day 2."""
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Ava", "Lund", "F", "WBRI", age_days=60),
        source="3B", concern="Ava was left alone overnight.", primary_need="N1",
    )
    act(case_record, ids, "become_looked_after", CAME_INTO_CARE, legal_status="C1",
        placement_type="U4")
    return ids


def act(service: CaseRecord, ids: CaseIds, name: str, n: int, **facts: Any) -> Receipt:
    return service.episode_command(WORKER, ids.episode, name, occurred_at=at(day(n)), **facts)


def episode(service: CaseRecord, ids: CaseIds) -> Episode:
    found: Episode = service.repository.get(ids.episode)
    return found


def invalid(service: CaseRecord, ids: CaseIds, command: Callable[[], object], field: str,
            words: str) -> None:
    version = episode(service, ids).version
    with pytest.raises(InvalidValue) as caught:
        command()
    assert caught.value.field == field and words in caught.value.message, caught.value.message
    assert episode(service, ids).version == version


def placed_for_adoption(service: CaseRecord, ids: CaseIds) -> dict[str, Receipt]:
    """Decision on day 120, placement order on day 200, matched on day 260, placed on day 280."""
    return {
        "decided": act(service, ids, "decide_adoption", 120),
        "order": act(service, ids, "change_legal_status", 200, legal_status="E1"),
        "matched": act(service, ids, "match_adopters", 260, **COUPLE),
        "placed": act(service, ids, "change_placement", 280, placement_type="A6",
                      change_reason="CARPL"),
    }


def test_a_child_is_adopted_after_the_decision_the_order_the_match_and_the_placement(
    case_record: CaseRecord, case: CaseIds
) -> None:
    placed_for_adoption(case_record, case)
    act(case_record, case, "cease_to_be_looked_after", 380, ceased_reason="E11")

    state = episode(case_record, case).state
    [decision] = state.adoption_decisions
    assert (decision.decided_on, decision.matched_on, decision.adopters, decision.adopters_sex,
            decision.adopters_legal_status, decision.foster_carers, decision.reversed_on) == (
        day(120), day(260), 2, "MF", "L11", False, None)
    assert state.looked_after[0].ceased_reason == "E11"
    recorded = [type(e).__name__ for e in episode(case_record, case).effective_history()
                if type(e).__module__ == events.__name__]
    assert recorded == ["AdoptionDecided", "AdoptersMatched"]


def test_a_decision_reversed_says_why_and_lets_the_child_leave_care_another_way(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    refused(case_record, case.episode, lambda: act(
        case_record, case, "cease_to_be_looked_after", 150, ceased_reason="E13"),
        "adoption-decided", "ceased_reason", "reversed")

    act(case_record, case, "reverse_adoption_decision", 160, reason_code="RD2")
    act(case_record, case, "cease_to_be_looked_after", 170, ceased_reason="E13")

    [decision] = episode(case_record, case).state.adoption_decisions
    assert (decision.reversed_on, decision.reversal_reason) == (day(160), "RD2")


def test_a_reversal_gives_one_of_the_dfe_reasons(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "decide_adoption", 120)

    invalid(case_record, case, lambda: act(
        case_record, case, "reverse_adoption_decision", 130, reason_code="RD9"),
        "reason_code", "'RD9' is not a known code")


def test_the_decision_is_made_only_while_the_child_is_looked_after(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(case_record, case.episode, lambda: act(case_record, case, "decide_adoption", 1),
            "not-looked-after", "occurred_at")
    act(case_record, case, "cease_to_be_looked_after", 50, ceased_reason="E4B")
    refused(case_record, case.episode, lambda: act(case_record, case, "decide_adoption", 60),
            "not-looked-after", "occurred_at")


def test_one_decision_stands_at_a_time_and_a_new_one_follows_a_reversal(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    refused(case_record, case.episode, lambda: act(case_record, case, "decide_adoption", 130),
            "adoption-decided", None, "reverse it")
    act(case_record, case, "reverse_adoption_decision", 140, reason_code="RD1")
    refused(case_record, case.episode, lambda: act(case_record, case, "decide_adoption", 135),
            "before-reversal", "occurred_at")
    act(case_record, case, "decide_adoption", 150)

    assert [d.decided_on for d in episode(case_record, case).state.adoption_decisions] == [
        day(120), day(150)]


@pytest.mark.parametrize(("command", "facts"), [
    ("match_adopters", COUPLE),
    ("reverse_adoption_decision", {"reason_code": "RD3"}),
    ("change_legal_status", {"legal_status": "E1"}),
    ("change_placement", {"placement_type": "A4", "change_reason": "CARPL"}),
])
def test_a_match_a_reversal_an_order_and_a_placement_for_adoption_need_a_decision(
    case_record: CaseRecord, case: CaseIds, command: str, facts: dict[str, Any]
) -> None:
    refused(case_record, case.episode, lambda: act(case_record, case, command, 100, **facts),
            "no-adoption-decision", None, "record the decision first")
    act(case_record, case, "decide_adoption", 120)
    refused(case_record, case.episode, lambda: act(case_record, case, command, 110, **facts),
            "before-adoption-decision", "occurred_at")


def test_a_reversed_decision_allows_no_match(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "decide_adoption", 120)
    act(case_record, case, "reverse_adoption_decision", 140, reason_code="RD3")

    refused(case_record, case.episode,
            lambda: act(case_record, case, "match_adopters", 150, **COUPLE),
            "no-adoption-decision", None)


def test_no_period_of_care_begins_placed_for_adoption_or_under_a_placement_order(
    case_record: CaseRecord,
) -> None:
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Noah", "Pike", "M", "WBRI", age_days=30),
        source="3B", concern="Noah's mother asked for help.", primary_need="N4",
    )
    refused(case_record, ids.episode, lambda: act(case_record, ids, "become_looked_after", 2,
                                          legal_status="E1", placement_type="U4"),
            "no-adoption-decision", None)
    refused(case_record, ids.episode, lambda: act(case_record, ids, "become_looked_after", 2,
                                          legal_status="V2", placement_type="A4"),
            "no-adoption-decision", None)


def test_placed_under_a_placement_order_needs_the_order(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    act(case_record, case, "match_adopters", 130, **COUPLE)

    refused(case_record, case.episode, lambda: act(case_record, case, "change_placement", 140,
                                           placement_type="A6", change_reason="CARPL"),
            "no-placement-order", "placement_type", "legal status E1")
    # With the parents' consent, no order is needed.
    act(case_record, case, "change_placement", 140, placement_type="A4", change_reason="CARPL")


def test_placed_with_foster_carers_for_adoption_only_when_they_are_the_adopters(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    act(case_record, case, "match_adopters", 130, **COUPLE)

    refused(case_record, case.episode, lambda: act(case_record, case, "change_placement", 140,
                                           placement_type="A3", change_reason="CARPL"),
            "adopters-not-carers", "placement_type", "not the foster carers")


@pytest.mark.parametrize(("facts", "field", "words"), [
    ({**COUPLE, "adopters": 3}, "adopters", "1 or 2"),
    ({**COUPLE, "adopters": True}, "adopters", "1 or 2"),
    ({**COUPLE, "adopters_sex": "M"}, "adopters_sex", "'M' is not a known code"),
    ({**COUPLE, "adopters_legal_status": "L9"}, "adopters_legal_status", "not a known code"),
    ({**COUPLE, "adopters_sex": "F1"}, "adopters_sex", "two adopters are MM, FF or MF"),
    ({**COUPLE, "adopters": 1}, "adopters_sex", "one adopter is M1 or F1"),
    ({**COUPLE, "adopters_sex": "FF"}, "adopters_legal_status", "cannot be FF"),
    ({**COUPLE, "adopters_legal_status": "L0"}, "adopters_legal_status", "cannot be MF"),
    ({**COUPLE, "adopters_sex": "MM", "adopters_legal_status": "L3"}, "adopters_legal_status",
     "cannot be MM"),
])
def test_the_adopters_are_one_person_or_a_couple_whose_sexes_fit_their_legal_status(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any], field: str, words: str
) -> None:
    act(case_record, case, "decide_adoption", 120)

    invalid(case_record, case, lambda: act(case_record, case, "match_adopters", 130, **facts),
            field, words)


@pytest.mark.parametrize("facts", [
    {"adopters": 1, "adopters_sex": "F1", "adopters_legal_status": "L0"},
    {"adopters": 2, "adopters_sex": "FF", "adopters_legal_status": "L12"},
    {"adopters": 2, "adopters_sex": "MM", "adopters_legal_status": "L2"},
    {"adopters": 2, "adopters_sex": "MF", "adopters_legal_status": "L3"},
    {"adopters": 2, "adopters_sex": "FF", "adopters_legal_status": "L4"},
])
def test_single_adopters_and_couples_of_every_kind_are_matched(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any]
) -> None:
    act(case_record, case, "decide_adoption", 120)
    act(case_record, case, "match_adopters", 130, foster_carers=True, **facts)

    decision = episode(case_record, case).state.adoption_decisions[-1]
    assert (decision.adopters, decision.adopters_sex, decision.foster_carers) == (
        facts["adopters"], facts["adopters_sex"], True)


def test_adopted_only_from_a_placement_for_adoption_with_matched_adopters(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    refused(case_record, case.episode, lambda: act(
        case_record, case, "cease_to_be_looked_after", 130, ceased_reason="E11"),
        "not-placed-for-adoption", "ceased_reason", "U4")
    act(case_record, case, "change_placement", 140, placement_type="A4", change_reason="CARPL")
    refused(case_record, case.episode, lambda: act(
        case_record, case, "cease_to_be_looked_after", 150, ceased_reason="E12"),
        "not-matched", "ceased_reason", "record the match first")


def test_adopted_after_the_match_never_on_its_day(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "decide_adoption", 120)
    act(case_record, case, "match_adopters", 130, **COUPLE)
    act(case_record, case, "change_placement", 130, placement_type="A4", change_reason="CARPL")

    refused(case_record, case.episode, lambda: act(
        case_record, case, "cease_to_be_looked_after", 130, ceased_reason="E11"),
        "adopted-on-match", "occurred_at")
    act(case_record, case, "cease_to_be_looked_after", 131, ceased_reason="E11")


def test_striking_the_decision_is_refused_while_what_depends_on_it_stands(
    case_record: CaseRecord, case: CaseIds
) -> None:
    made = placed_for_adoption(case_record, case)
    act(case_record, case, "cease_to_be_looked_after", 380, ceased_reason="E11")

    # The placement order needs the decision; the adoption needs the match.
    refused(case_record, case.episode, lambda: act(
        case_record, case, "strike", 390, version=made["decided"].version,
        reason="Entered on the wrong record"), "no-adoption-decision", None)
    refused(case_record, case.episode, lambda: act(
        case_record, case, "strike", 390, version=made["matched"].version,
        reason="Entered on the wrong record"), "not-matched", "ceased_reason")


def test_a_match_struck_leaves_the_decision_to_match_again(
    case_record: CaseRecord, case: CaseIds
) -> None:
    act(case_record, case, "decide_adoption", 120)
    matched = act(case_record, case, "match_adopters", 130, **COUPLE)

    act(case_record, case, "strike", 140, version=matched.version, reason="Wrong child")

    assert episode(case_record, case).state.adoption_decisions[-1].matched_on is None


def test_a_match_is_corrected_within_the_rules(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "decide_adoption", 120)
    matched = act(case_record, case, "match_adopters", 130, **COUPLE)

    invalid(case_record, case, lambda: act(
        case_record, case, "correct", 140, version=matched.version,
        changes={"adopters_sex": "F1"}, reason="Typing error"),
        "adopters_sex", "two adopters")
    refused(case_record, case.episode, lambda: act(
        case_record, case, "correct", 140, version=matched.version,
        changes={"occurred_at": at(day(110))}, reason="Wrong date"),
        "before-adoption-decision", "occurred_at")
    act(case_record, case, "correct", 140, version=matched.version,
        changes={"adopters_sex": "FF", "adopters_legal_status": "L12"}, reason="Typing error")

    decision = episode(case_record, case).state.adoption_decisions[-1]
    assert (decision.adopters_sex, decision.adopters_legal_status) == ("FF", "L12")
