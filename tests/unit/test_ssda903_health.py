"""OC2, the health outcomes of children looked after for 12 months: the health record's rows as the
reporting tables keep them (corrections applied, entries in error left out), each OC2 item derived
from the record in the window the DfE gives it and only at the ages it is asked, who is in OC2,
and our checks naming each rule of the DfE's validator about OC2."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from consumers.reporting import health as kinds
from consumers.reporting.rows import episode_rows
from consumers.returns.casebook import ChildFacts, EpisodeFacts
from consumers.returns.continuous_care import continuously_looked_after
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import COLUMNS, Ssda903
from consumers.returns.ssda903_checks import ssda903_checks
from consumers.returns.ssda903_health import health_outcomes
from consumers.returns.ssda903_health_checks import oc2_findings
from domain.service import CaseRecord, CommandContext
from tests import journeys
from tests.journeys import ChildDetails, at

YEAR = CollectionYear(2026)  # 1 April 2025 to 31 March 2026
NINE = date(2016, 6, 1)  # 9 on 1 April 2025, 10 on 1 June 2025... see each test
Item = dict[str, Any]


def item(kind: str, on: date, code: str | None = None, score: int | None = None,
         answer: bool | None = None) -> Item:
    return {"kind": kind, "occurred_on": on, "code": code, "score": score,
            "answer": None if answer is None else int(answer)}


def outcomes(born: date, *items: Item) -> dict[str, str]:
    child = ChildFacts("c1", "C1", None, born, None, "M", "WBRI", ("NONE",), None, None)
    episode = EpisodeFacts({"episode_id": "e1", "child_id": "c1"},
                           {"health_records": list(items)})
    return health_outcomes(child, [episode], YEAR)


IN_YEAR, BEFORE, AFTER = date(2025, 10, 1), date(2025, 3, 1), date(2026, 4, 10)


# The health record in the reporting tables


def test_the_health_record_is_an_item_per_event_in_the_order_they_happened(
    case_record: CaseRecord,
) -> None:
    base = datetime.now(UTC).date() - timedelta(days=80)
    _, ids = journeys.refer_child(case_record, base, ChildDetails("Mia", "Ford", "F", "WBRI", 3000),
                                  source="3A", concern="Bruising seen by the GP.")
    worker = CommandContext(actor="sw-health")

    def act(name: str, n: int, **facts: Any) -> int:
        moment = at(base + timedelta(days=n))
        return case_record.episode_command(worker, ids.episode, name, occurred_at=moment,
                                       **facts).version

    act("become_looked_after", 1, legal_status="V2", placement_type="U6")
    act("complete_health_assessment", 20, initial=True)
    act("review_immunisations", 20, up_to_date=True)
    dentist = act("record_dental_check", 40)
    questionnaire = act("record_strengths_and_difficulties", 30, score=20)
    act("correct", 41, version=questionnaire, changes={"score": 22}, reason="Added up wrongly")
    act("strike", 42, version=dentist, reason="Another child's appointment")

    rows = episode_rows(case_record.repository.get(ids.episode))["health_records"]

    assert [(r["seq"], r["kind"], r["occurred_on"], r["code"], r["score"], r["answer"])
            for r in rows] == [
        (1, "health_assessment", (base + timedelta(days=20)).isoformat(), "INITIAL", None, None),
        (2, "immunisations", (base + timedelta(days=20)).isoformat(), None, None, 1),
        (3, "sdq", (base + timedelta(days=30)).isoformat(), None, 22, None),
    ]


# Each item, from the record


def test_a_child_with_a_full_year_of_health_care_has_every_item_asked_at_their_age() -> None:
    found = outcomes(
        date(2016, 9, 1),
        item(kinds.HEALTH_ASSESSMENT, IN_YEAR, "REVIEW"),
        item(kinds.IMMUNISATIONS, IN_YEAR, answer=True),
        item(kinds.DENTAL_CHECK, IN_YEAR),
        item(kinds.SDQ, IN_YEAR, score=14),
    )

    assert found == {
        "CHILD": "C1", "DOB": "01/09/2016", "SDQ_SCORE": "14", "SDQ_REASON": "",
        "CONVICTED": "", "HEALTH_CHECK": "", "IMMUNISATIONS": "1", "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": "",
        "INTERVENTION_OFFERED": "",
    }


def test_assessments_and_dental_checks_count_only_within_the_year() -> None:
    found = outcomes(NINE, item(kinds.HEALTH_ASSESSMENT, BEFORE, "INITIAL"),
                     item(kinds.DENTAL_CHECK, AFTER))

    assert (found["HEALTH_ASSESSMENT"], found["TEETH_CHECK"]) == ("0", "0")


def test_immunisations_are_as_last_reviewed_by_31_march() -> None:
    assert outcomes(NINE, item(kinds.IMMUNISATIONS, BEFORE, answer=True))["IMMUNISATIONS"] == "1"
    assert outcomes(NINE, item(kinds.IMMUNISATIONS, BEFORE, answer=True),
                    item(kinds.IMMUNISATIONS, IN_YEAR, answer=False),
                    item(kinds.IMMUNISATIONS, AFTER, answer=True))["IMMUNISATIONS"] == "0"
    assert outcomes(NINE, item(kinds.IMMUNISATIONS, AFTER, answer=True))["IMMUNISATIONS"] == ""


def test_development_checks_are_asked_only_for_a_child_under_5_at_31_march() -> None:
    toddler, five = date(2023, 5, 1), date(2021, 3, 31)
    checked = item(kinds.DEVELOPMENT_CHECKS, IN_YEAR, answer=True)

    assert outcomes(toddler, checked)["HEALTH_CHECK"] == "1"
    assert outcomes(toddler)["HEALTH_CHECK"] == ""  # not recorded: the checks say so
    assert outcomes(five, checked)["HEALTH_CHECK"] == ""


def test_a_conviction_or_caution_in_the_year_is_asked_from_the_age_of_10() -> None:
    cautioned = item(kinds.YOUTH_JUSTICE, IN_YEAR, "YOUTH_CAUTION")
    ten_on_31_march, nine_then = date(2016, 3, 31), date(2016, 4, 1)

    assert outcomes(ten_on_31_march, cautioned)["CONVICTED"] == "1"
    assert outcomes(ten_on_31_march, item(kinds.YOUTH_JUSTICE, BEFORE, "CONVICTION"))[
        "CONVICTED"] == "0"
    assert outcomes(nine_then, cautioned)["CONVICTED"] == ""


@pytest.mark.parametrize(("items", "expected"), [
    ([], ("0", "", "")),
    ([item(kinds.SUBSTANCE_MISUSE, IN_YEAR)], ("1", "0", "0")),
    ([item(kinds.SUBSTANCE_MISUSE, IN_YEAR),
      item(kinds.INTERVENTION_OFFERED, IN_YEAR, answer=False)], ("1", "0", "1")),
    ([item(kinds.SUBSTANCE_MISUSE, IN_YEAR),
      item(kinds.INTERVENTION_OFFERED, IN_YEAR, answer=True)], ("1", "0", "0")),
    ([item(kinds.SUBSTANCE_MISUSE, IN_YEAR), item(kinds.INTERVENTION_OFFERED, IN_YEAR,
                                                  answer=False),
      item(kinds.INTERVENTION_RECEIVED, IN_YEAR)], ("1", "1", "")),
    ([item(kinds.SUBSTANCE_MISUSE, BEFORE), item(kinds.INTERVENTION_RECEIVED, IN_YEAR)],
     ("1", "1", "")),
    ([item(kinds.SUBSTANCE_MISUSE, BEFORE)], ("0", "", "")),
])
def test_substance_misuse_in_the_year_and_the_intervention_received_or_refused(
    items: list[Item], expected: tuple[str, str, str]
) -> None:
    found = outcomes(date(2010, 5, 1), *items)

    assert (found["SUBSTANCE_MISUSE"], found["INTERVENTION_RECEIVED"],
            found["INTERVENTION_OFFERED"]) == expected


@pytest.mark.parametrize(("born", "items", "expected"), [
    # the latest questionnaire of the year, scored or not
    (NINE, [item(kinds.SDQ, BEFORE, score=3), item(kinds.SDQ, IN_YEAR, score=21)], ("21", "")),
    (NINE, [item(kinds.SDQ, IN_YEAR, score=21), item(kinds.SDQ, date(2026, 1, 5), "SDQ2")],
     ("", "SDQ2")),
    # none in the year for a child of the questionnaire's age all year: not recorded
    (NINE, [item(kinds.SDQ, BEFORE, score=3)], ("", "")),
    # none for a child who turned 4, or 17, in the year: not of the age (SDQ1)
    (date(2021, 9, 1), [], ("", "SDQ1")),
    (date(2008, 12, 1), [], ("", "SDQ1")),
    # not asked under 4 at 31 March, nor at 17 on 1 April, whatever was recorded
    (date(2022, 4, 1), [item(kinds.SDQ, IN_YEAR, score=9)], ("", "")),
    (date(2008, 3, 1), [item(kinds.SDQ, IN_YEAR, score=9)], ("", "")),
])
def test_the_questionnaire_is_the_latest_of_the_year_for_a_child_of_4_to_16(
    born: date, items: list[Item], expected: tuple[str, str]
) -> None:
    found = outcomes(born, *items)

    assert (found["SDQ_SCORE"], found["SDQ_REASON"]) == expected


# Who is in OC2


def episode(decom: str, rne: str = "S", ls: str = "C2", dec: str = "", rec: str = "") -> dict[
        str, str]:
    return {**dict.fromkeys(COLUMNS["episodes.csv"], ""), "CHILD": "C1", "DECOM": decom,
            "RNE": rne, "LS": ls, "DEC": dec, "REC": rec}


@pytest.mark.parametrize(("episodes", "expected"), [
    ([episode("01/01/2024")], True),
    ([episode("01/04/2025")], True),  # from the first day of the year
    ([episode("02/04/2025")], False),  # came into care during the year
    ([episode("01/01/2024", dec="01/03/2026", rec="E4B")], False),  # left before 31 March
    ([episode("01/01/2024", dec="31/03/2026", rec="E4B")], True),
    ([episode("01/01/2024", dec="01/06/2025", rec="X1"),
      episode("01/06/2025", "P", dec="", rec="")], True),
    ([episode("01/01/2024", ls="V3")], False),  # short breaks
    ([], False),
])
def test_a_child_is_in_oc2_when_looked_after_all_year_short_breaks_aside(
    episodes: list[dict[str, str]], expected: bool
) -> None:
    assert continuously_looked_after(episodes, YEAR) is expected


# Our checks


HEADER = {**dict.fromkeys(COLUMNS["header.csv"], ""), "CHILD": "C1", "SEX": "M",
          "DOB": "01/06/2012", "ETHNIC": "WBRI", "UPN": "A800123456789"}
IN_CARE = [episode("01/01/2024")]


def a_row(**changes: str) -> dict[str, str]:
    """A 13-year-old's complete OC2 row."""
    return {**dict.fromkeys(COLUMNS["oc2.csv"], ""), "CHILD": "C1", "DOB": "01/06/2012",
            "SDQ_SCORE": "12", "CONVICTED": "0", "IMMUNISATIONS": "1", "TEETH_CHECK": "1",
            "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0", **changes}


def findings(*rows: dict[str, str], episodes: list[dict[str, str]] | None = None,
             header: dict[str, str] | None = None) -> dict[str, tuple[tuple[str, ...], bool]]:
    return {f.rule: (f.related, f.not_recorded)
            for f in oc2_findings(header or HEADER, IN_CARE if episodes is None else episodes,
                                  list(rows), YEAR)}


def test_a_complete_row_for_a_child_looked_after_all_year_has_no_issue() -> None:
    assert findings(a_row()) == {}


def test_a_child_looked_after_all_year_needs_a_row() -> None:
    assert "191" in findings()


def test_an_item_not_recorded_is_named_with_every_rule_it_trips() -> None:
    assert findings(a_row(IMMUNISATIONS="", CONVICTED="1")) == {
        "191": (("182", "544"), True)}


def test_a_child_not_looked_after_all_year_has_no_health_outcomes() -> None:
    came_in = [episode("01/05/2025")]

    assert set(findings(a_row(SDQ_REASON="SDQ4", SDQ_SCORE=""), episodes=came_in)) == {
        "190", "198"}
    assert set(findings(a_row(), episodes=came_in)) == {"190", "185"}


@pytest.mark.parametrize(("changes", "born", "rule", "not_recorded"), [
    ({"TEETH_CHECK": "2"}, "01/06/2012", "181", False),
    ({"SDQ_SCORE": "41"}, "01/06/2012", "180", False),
    ({"SDQ_SCORE": "", "SDQ_REASON": "SDQ9"}, "01/06/2012", "196", False),
    ({"SDQ_REASON": "SDQ2"}, "01/06/2012", "197a", False),
    ({"SDQ_SCORE": ""}, "01/06/2012", "186", True),
    ({"SDQ_SCORE": ""}, "01/10/2021", "197B", True),
    ({"SDQ_SCORE": "", "SDQ_REASON": "SDQ1"}, "01/06/2012", "157", False),
    ({"CONVICTED": ""}, "01/06/2022", "188", False),
    ({"CONVICTED": "", "SDQ_SCORE": ""}, "01/06/2022", "545", True),
    ({"CONVICTED": "", "SDQ_SCORE": "", "HEALTH_CHECK": "1"}, "01/06/2017", "546", False),
    ({"SDQ_SCORE": ""}, "01/06/2017", "542", False),
    ({"CONVICTED": ""}, "01/06/2012", "543", True),
    ({"SDQ_SCORE": "5"}, "01/01/2008", "189", False),
    ({"SUBSTANCE_MISUSE": "1"}, "01/06/2012", "192", False),
    ({"INTERVENTION_OFFERED": "0"}, "01/06/2012", "193", False),
    ({"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": "0"},
     "01/06/2012", "158", False),
    ({"SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0"}, "01/06/2012", "159", False),
])
def test_each_rule_of_the_validator_about_oc2_is_named(
    changes: dict[str, str], born: str, rule: str, not_recorded: bool
) -> None:
    found = findings(a_row(DOB=born, **changes), header={**HEADER, "DOB": born})

    assert rule in found
    assert found[rule][1] is not_recorded


def test_one_row_a_child_with_the_header_s_date_of_birth() -> None:
    assert set(findings(a_row(), a_row())) == {"INT33"}
    assert set(findings(a_row(DOB="02/06/2012"))) == {"INT14"}


def test_the_return_s_checks_name_the_child_and_the_rule() -> None:
    found = Ssda903(YEAR)
    found.files["header.csv"].append(HEADER)
    found.files["episodes.csv"] += IN_CARE
    found.files["oc2.csv"].append(a_row(IMMUNISATIONS=""))

    issues = [i for i in ssda903_checks(found) if i.rule == "191"]

    assert [(i.child, i.not_recorded) for i in issues] == [("C1", True)]
    assert "immunisations" in issues[0].message
