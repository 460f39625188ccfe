"""Adoption in the SSDA903 return: the decisions as the reporting tables keep them (corrections
applied, entries in error left out), AD1 for a child adopted in the year, PlacedAdoption for the
decisions that stood in the year, and our checks naming each rule of the DfE's validator about
them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from consumers.reporting.rows import episode_rows
from consumers.returns.casebook import ChildFacts, EpisodeFacts
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903_adoption import adoption_rows, placed_for_adoption_rows
from consumers.returns.ssda903_adoption_checks import adoption_findings
from domain.service import CaseRecord, CommandContext
from tests import journeys
from tests.journeys import ChildDetails, at

YEAR = CollectionYear(2026)  # 1 April 2025 to 31 March 2026
BORN = date(2023, 2, 1)
CHILD = ChildFacts("c1", "C1", None, BORN, None, "F", "WBRI", ("NONE",), None, None)
HEADER = {"CHILD": "C1", "DOB": "01/02/2023"}


def decision(decided: date, matched: date | None = None, reversed_on: date | None = None,
             reason: str | None = None, seq: int = 1) -> dict[str, Any]:
    return {"seq": seq, "decided_on": decided, "matched_on": matched,
            "adopters": 2 if matched else None, "adopters_sex": "MF" if matched else None,
            "adopters_legal_status": "L11" if matched else None,
            "foster_carers": 0 if matched else None, "reversed_on": reversed_on,
            "reversal_reason": reason}


def facts(decisions: list[dict[str, Any]], ceased: date | None = None,
          reason: str | None = None) -> EpisodeFacts:
    period = {"period": 1, "started_on": date(2024, 5, 1), "ceased_on": ceased,
              "ceased_reason": reason}
    return EpisodeFacts({"episode_id": "e1", "child_id": "c1"},
                        {"adoption_decisions": decisions, "care_periods": [period]})


def episode(decom: str, rne: str, ls: str, place: str, dec: str = "", rec: str = "") -> dict[
        str, str]:
    return {"CHILD": "C1", "DECOM": decom, "RNE": rne, "LS": ls, "PLACE": place, "DEC": dec,
            "REC": rec}


# An adoption as the validator wants it: in care, decision, order, match, placed, adopted.
ADOPTED_EPISODES = [
    episode("01/05/2024", "S", "C1", "U4", "02/12/2024", "X1"),
    episode("02/12/2024", "L", "E1", "U4", "03/06/2025", "X1"),
    episode("03/06/2025", "P", "E1", "A6", "10/01/2026", "E11"),
]
AD1 = {"CHILD": "C1", "DOB": "01/02/2023", "DATE_INT": "01/10/2024", "DATE_MATCH": "12/05/2025",
       "FOSTER_CARE": "0", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}
PLACED = {"CHILD": "C1", "DOB": "01/02/2023", "DATE_PLACED": "01/10/2024",
          "DATE_PLACED_CEASED": "", "REASON_PLACED_CEASED": ""}


def rules(episodes: list[dict[str, str]], ad1: list[dict[str, str]],
          placed: list[dict[str, str]]) -> set[tuple[str, bool]]:
    return {(f.rule, f.not_recorded) for f in adoption_findings(HEADER, episodes, ad1, placed,
                                                                  YEAR)}


# The decisions in the reporting tables


def test_the_decisions_are_a_row_each_with_the_match_and_the_reversal(
    case_record: CaseRecord,
) -> None:
    base = datetime.now(UTC).date() - timedelta(days=200)
    _, ids = journeys.refer_child(case_record, base, ChildDetails("Ivy", "Cole", "F", "WBRI", 90),
                                  source="3B", concern="Ivy was left alone.")
    worker = CommandContext(actor="sw-adoption")

    def act(name: str, n: int, **facts: Any) -> int:
        moment = at(base + timedelta(days=n))
        return case_record.episode_command(worker, ids.episode, name, occurred_at=moment,
                                       **facts).version

    act("become_looked_after", 1, legal_status="C1", placement_type="U4")
    act("decide_adoption", 50)
    wrong = act("match_adopters", 60, adopters=1, adopters_sex="F1", adopters_legal_status="L0",
                foster_carers=False)
    act("strike", 61, version=wrong, reason="Another child's match")
    matched = act("match_adopters", 70, adopters=2, adopters_sex="MF",
                  adopters_legal_status="L11", foster_carers=False)
    act("correct", 71, version=matched, changes={"adopters_legal_status": "L3"},
        reason="They are not married")
    act("reverse_adoption_decision", 90, reason_code="RD1")
    act("decide_adoption", 100)

    rows = episode_rows(case_record.repository.get(ids.episode))["adoption_decisions"]

    def day(n: int) -> str:
        return (base + timedelta(days=n)).isoformat()

    assert [(r["seq"], r["decided_on"], r["matched_on"], r["adopters"], r["adopters_sex"],
             r["adopters_legal_status"], r["foster_carers"], r["reversed_on"],
             r["reversal_reason"]) for r in rows] == [
        (1, day(50), day(70), 2, "MF", "L3", 0, day(90), "RD1"),
        (2, day(100), None, None, None, None, None, None, None),
    ]


# AD1 and PlacedAdoption, from the tables


def test_a_child_adopted_in_the_year_has_ad1_from_the_decision_they_were_adopted_under() -> None:
    found = facts([decision(date(2024, 10, 1), date(2025, 5, 12))], date(2026, 1, 10), "E11")

    assert adoption_rows(CHILD, [found], YEAR) == [AD1]
    assert placed_for_adoption_rows(CHILD, [found], YEAR) == [PLACED]


def test_no_ad1_for_a_child_adopted_before_or_after_the_year_or_waiting() -> None:
    for ceased, reason in ((date(2025, 3, 20), "E11"), (date(2026, 4, 2), "E12"), (None, None)):
        found = facts([decision(date(2024, 10, 1), date(2025, 2, 1))], ceased, reason)
        assert adoption_rows(CHILD, [found], YEAR) == []


def test_an_adoption_recorded_without_its_decision_leaves_ad1_blank_for_the_checks() -> None:
    row = adoption_rows(CHILD, [facts([], date(2026, 1, 10), "E11")], YEAR)[0]

    assert [row[k] for k in ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR")] == [""] * 4
    assert ("601", True) in rules(ADOPTED_EPISODES, [row], [PLACED])


def test_placed_adoption_holds_the_decisions_that_stood_in_the_year_with_their_reversal() -> None:
    found = facts([
        decision(date(2024, 6, 1), reversed_on=date(2025, 2, 1), reason="RD3", seq=1),
        decision(date(2025, 3, 1), reversed_on=date(2025, 6, 1), reason="RD2", seq=2),
        decision(date(2025, 9, 1), reversed_on=date(2026, 4, 20), reason="RD1", seq=3),
        decision(date(2026, 4, 25), seq=4),
    ])

    assert [(r["DATE_PLACED"], r["DATE_PLACED_CEASED"], r["REASON_PLACED_CEASED"])
            for r in placed_for_adoption_rows(CHILD, [found], YEAR)] == [
        ("01/03/2025", "01/06/2025", "RD2"),
        ("01/09/2025", "", ""),  # reversed after 31 March: as it stood then
    ]


# Our checks


def test_an_adoption_as_the_dfe_wants_it_has_no_findings() -> None:
    assert rules(ADOPTED_EPISODES, [AD1], [PLACED]) == set()


def test_a_decision_reversed_and_the_child_gone_home_has_no_findings() -> None:
    episodes = [episode("01/05/2024", "S", "C2", "U4", "03/06/2025", "E13")]
    placed = [{**PLACED, "DATE_PLACED_CEASED": "01/05/2025", "REASON_PLACED_CEASED": "RD1"}]

    assert rules(episodes, [], placed) == set()


@pytest.mark.parametrize(("ad1", "expected"), [
    ({"NB_ADOPTR": "3"}, "175"),
    ({"SEX_ADOPTR": "M"}, "176"),
    ({"LS_ADOPTR": "L9"}, "177"),
    ({"FOSTER_CARE": "2"}, "114"),
    ({"SEX_ADOPTR": "F1", "LS_ADOPTR": "L11"}, "511"),
    ({"LS_ADOPTR": "L0"}, "514"),
    ({"LS_ADOPTR": "L4"}, "518"),
    ({"SEX_ADOPTR": "FF"}, "520"),
    ({"SEX_ADOPTR": "FF", "LS_ADOPTR": "L3"}, "517"),
    ({"SEX_ADOPTR": "MF", "LS_ADOPTR": "L12"}, "524"),
    ({"SEX_ADOPTR": "F1", "NB_ADOPTR": "1", "LS_ADOPTR": "L2"}, "519"),
    ({"DATE_MATCH": "01/09/2024"}, "333"),
    ({"DATE_MATCH": "10/06/2025"}, "331"),
    ({"DATE_MATCH": "10/01/2026"}, "582"),
    ({"FOSTER_CARE": "1"}, "335"),
    ({"DATE_INT": "01/04/2024"}, "334"),
    ({"DATE_INT": "02/10/2024"}, "523"),
])
def test_each_wrong_item_of_ad1_is_named_by_the_dfe_rule(ad1: dict[str, str],
                                                          expected: str) -> None:
    assert (expected, False) in rules(ADOPTED_EPISODES, [{**AD1, **ad1}], [PLACED])


def test_a_blank_item_of_ad1_is_a_fact_not_recorded() -> None:
    found = rules(ADOPTED_EPISODES, [{**AD1, "LS_ADOPTR": ""}], [PLACED])

    assert ("601", True) in found


def test_ad1_for_a_child_not_adopted_in_the_year_is_refused() -> None:
    episodes = [episode("01/05/2024", "S", "C2", "U4")]

    assert ("602", False) in rules(episodes, [AD1], [PLACED])


@pytest.mark.parametrize(("episodes", "placed", "expected"), [
    # Placed for adoption with no decision.
    ([episode("01/05/2024", "S", "C2", "U4", "03/06/2025", "X1"),
      episode("03/06/2025", "P", "C2", "A4")], [], "551"),
    # Placed under a placement order without one.
    ([episode("01/05/2024", "S", "C2", "A6")], [PLACED], "408"),
    # Adopted from foster care.
    ([episode("01/05/2024", "S", "E1", "U4", "10/01/2026", "E11")], [PLACED], "390"),
    # With foster carers, begun by a change of placement only.
    ([episode("01/05/2024", "S", "E1", "U4", "03/06/2025", "X1"),
      episode("03/06/2025", "P", "E1", "A5")], [PLACED], "217"),
    # With consent, from a children's home.
    ([episode("01/05/2024", "S", "C2", "K2", "03/06/2025", "X1"),
      episode("03/06/2025", "P", "C2", "A4")], [PLACED], "336"),
    # A placement order, and no decision.
    ([episode("01/05/2024", "S", "E1", "U4")], [], "553"),
    # Left care under a placement order, the decision not reversed.
    ([episode("01/05/2024", "S", "E1", "U4", "03/06/2025", "E13")], [PLACED], "557"),
    # A decision before care began.
    ([episode("01/11/2024", "S", "C2", "U4")], [PLACED], "1003"),
    # A placement order before the decision.
    ([episode("01/05/2024", "S", "E1", "U4")], [{**PLACED, "DATE_PLACED": "01/06/2024"}],
     "554"),
    ([episode("01/05/2024", "S", "C1", "U4", "01/08/2024", "X1"),
      episode("01/08/2024", "L", "E1", "U4")], [PLACED], "554"),
    # Reversed without a reason; reversed before the year; a new decision while one stands.
    ([episode("01/05/2024", "S", "C2", "U4")],
     [{**PLACED, "DATE_PLACED_CEASED": "01/05/2025"}], "119"),
    ([episode("01/05/2024", "S", "C2", "U4")],
     [{**PLACED, "DATE_PLACED_CEASED": "01/02/2025", "REASON_PLACED_CEASED": "RD1"}], "118"),
    ([episode("01/05/2024", "S", "C2", "U4")],
     [PLACED, {**PLACED, "DATE_PLACED": "01/12/2025"}], "579"),
    ([episode("01/05/2024", "S", "C2", "U4")],
     [{**PLACED, "DATE_PLACED_CEASED": "01/05/2025", "REASON_PLACED_CEASED": "RD7"}], "120"),
])
def test_each_wrong_decision_or_placement_is_named_by_the_dfe_rule(
    episodes: list[dict[str, str]], placed: list[dict[str, str]], expected: str
) -> None:
    assert (expected, False) in rules(episodes, [], placed)


def test_a_decision_reversed_rules_out_an_adoption_in_the_year() -> None:
    placed = [{**PLACED, "DATE_PLACED_CEASED": "01/05/2025", "REASON_PLACED_CEASED": "RD1"}]

    assert ("525", False) in rules(ADOPTED_EPISODES, [AD1], placed)
