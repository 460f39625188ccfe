"""Care leavers in the SSDA903 return (OC3): who is reported in the year of their 17th to 21st
birthday, and what: in touch around the birthday with what the nearest contact found, or not;
returned home, or died. And our checks of an OC3 row, each naming the DfE rule it anticipates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from consumers.returns.casebook import ChildFacts, EpisodeFacts
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903_care_leaver_checks import oc3_findings
from consumers.returns.ssda903_care_leavers import care_leaver_row

YEAR = CollectionYear(2026)  # 1 April 2025 to 31 March 2026
BORN = date(2006, 9, 14)  # 19 on 14 September 2025; 18 on 14 September 2024


def a_young_person(born: date = BORN, died_on: date | None = None) -> ChildFacts:
    return ChildFacts(child_id="c1", la_child_id="CL1", upn=None, date_of_birth=born,
                      expected_birth_date=None, sex="M", ethnicity="WBRI",
                      disabilities=("NONE",), died_on=died_on, restricted=None)


def in_care(started: date, ceased: date | None, reason: str | None,
            contacts: tuple[tuple[date, str, str], ...] = (), legal_status: str = "C2",
            ) -> EpisodeFacts:
    """An episode with one period of care, and the care leaver's contacts after it."""
    ids: dict[str, Any] = {"episode_id": "e1", "child_id": "c1"}
    return EpisodeFacts(row={**ids}, tables={
        "care_periods": [{**ids, "period": 1, "started_on": started, "ceased_on": ceased,
                          "ceased_reason": reason}],
        "care_episodes": [{**ids, "period": 1, "seq": 1, "started_on": started,
                           "ended_on": ceased, "legal_status": legal_status}],
        "care_leaver_circumstances": [
            {**ids, "seq": n, "contacted_on": on, "activity": activity,
             "accommodation": accommodation}
            for n, (on, activity, accommodation) in enumerate(contacts, 1)],
    })


def row(child: ChildFacts, episode: EpisodeFacts) -> tuple[str, str, str] | None:
    found = care_leaver_row(child, [episode], YEAR)
    return None if found is None else (found["IN_TOUCH"], found["ACTIV"], found["ACCOM"])


LEFT_AT_18 = (date(2021, 5, 1), date(2024, 9, 14), "E17")


def test_a_care_leaver_in_touch_around_their_birthday_has_what_the_nearest_contact_found(
) -> None:
    contacts = ((date(2025, 6, 1), "F2", "D1"), (date(2025, 8, 30), "F5", "U1"),
                (date(2025, 10, 1), "G5", "U2"))

    assert row(a_young_person(), in_care(*LEFT_AT_18, contacts)) == ("YES", "F5", "U1")


def test_a_care_leaver_not_contacted_around_their_birthday_is_not_in_touch() -> None:
    contacts = ((date(2025, 5, 1), "F2", "D1"), (date(2025, 10, 20), "F5", "U1"))

    assert row(a_young_person(), in_care(*LEFT_AT_18, contacts)) == ("NO", "0", "0")


def test_no_care_leaver_information_in_the_year_of_leaving_care_at_18() -> None:
    turned_18 = a_young_person(date(2007, 9, 14))

    assert row(turned_18, in_care(date(2021, 5, 1), date(2025, 9, 14), "E17")) is None


def test_a_17_year_old_who_left_care_at_16_is_a_care_leaver() -> None:
    seventeen = a_young_person(date(2008, 12, 1))

    assert row(seventeen, in_care(date(2023, 6, 1), date(2025, 2, 1), "E8")) == (
        "NO", "0", "0")


def test_one_who_went_home_six_months_before_the_birthday_is_returned_home() -> None:
    seventeen = a_young_person(date(2008, 12, 1))

    assert row(seventeen, in_care(date(2023, 6, 1), date(2025, 5, 1), "E4B")) == (
        "RHOM", "0", "0")
    assert row(seventeen, in_care(date(2023, 6, 1), date(2025, 7, 1), "E4B")) == (
        "NO", "0", "0")


def test_one_who_died_after_leaving_care_is_reported_as_died() -> None:
    died = a_young_person(died_on=date(2025, 3, 2))

    assert row(died, in_care(*LEFT_AT_18)) == ("DIED", "0", "0")


@pytest.mark.parametrize(("started", "ceased", "reason", "legal_status"), [
    (date(2024, 6, 1), date(2024, 7, 20), "E17", "C2"),  # under 13 weeks since 14
    (date(2021, 5, 1), date(2022, 8, 1), "E8", "C2"),  # left care before 16
    (date(2021, 5, 1), date(2024, 1, 10), "E45", "C2"),  # to a special guardian
    (date(2021, 5, 1), date(2024, 9, 14), "E17", "V3"),  # only short breaks
    (date(2021, 5, 1), None, None, "C2"),  # still looked after
])
def test_not_every_young_person_once_looked_after_is_a_care_leaver(
    started: date, ceased: date | None, reason: str | None, legal_status: str,
) -> None:
    assert row(a_young_person(), in_care(started, ceased, reason,
                                         legal_status=legal_status)) is None


def test_no_one_is_reported_outside_their_17th_to_21st_birthdays() -> None:
    assert row(a_young_person(date(2003, 9, 14)), in_care(*LEFT_AT_18)) is None


# Our checks

HEADER = {"CHILD": "CL1", "SEX": "M", "DOB": "14/09/2006", "ETHNIC": "WBRI", "UPN": "",
          "MOTHER": "", "MC_DOB": ""}
IN_TOUCH = {"CHILD": "CL1", "DOB": "14/09/2006", "IN_TOUCH": "YES", "ACTIV": "F5",
            "ACCOM": "U1"}


def rules(oc3: dict[str, str], header: dict[str, str] = HEADER,
          episodes: tuple[dict[str, str], ...] = (), **more: list[dict[str, str]]) -> set[str]:
    return {f.rule for f in oc3_findings(header, list(episodes), [oc3], more.get("uasc", []),
                                          more.get("oc2", []), YEAR)}


def test_a_care_leaver_row_as_the_dfe_asks_raises_nothing() -> None:
    assert rules(IN_TOUCH) == set()
    assert rules(IN_TOUCH | {"IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": "0"}) == set()


@pytest.mark.parametrize(("changes", "rule"), [
    ({"ACTIV": ""}, "153"),
    ({"IN_TOUCH": "MAYBE"}, "131"),
    ({"ACTIV": "F3"}, "132"),
    ({"ACCOM": "S1"}, "133"),
    ({"IN_TOUCH": "RHOM"}, "344"),
    ({"ACCOM": "0"}, "345"),
    ({"DOB": "01/06/2009"}, "391"),
    ({"DOB": "01/06/2008", "ACCOM": "Z1"}, "3001"),
])
def test_the_row_is_checked(changes: dict[str, str], rule: str) -> None:
    header = HEADER | {"DOB": changes.get("DOB", HEADER["DOB"])}

    assert rule in rules(IN_TOUCH | changes, header)


def test_nothing_for_one_still_in_care_on_or_leaving_after_the_17th_or_18th_birthday() -> None:
    eighteen = {"DOB": "14/09/2007"}
    left_on_the_day = {"DECOM": "01/05/2025", "DEC": "14/09/2025", "REC": "E17", "LS": "C2"}
    in_care_then = left_on_the_day | {"DEC": "20/09/2025", "REC": "E8"}

    assert "1016" in rules(IN_TOUCH | eighteen, HEADER | eighteen, (left_on_the_day,))
    assert "1007" in rules(IN_TOUCH | eighteen, HEADER | eighteen, (in_care_then,))


def test_one_turning_18_on_the_last_day_of_the_year_is_named_as_the_validators_own_error(
) -> None:
    # 18 on 31 March 2026 by the calendar; 17 to the validator's average years.
    eighteen = {"DOB": "31/03/2008"}
    left_at_17 = {"DECOM": "27/01/2025", "DEC": "17/09/2025", "REC": "E4B", "LS": "V2"}
    returned_home = {"IN_TOUCH": "RHOM", "ACTIV": "0", "ACCOM": "0"}

    (found,) = [f for f in oc3_findings(HEADER | eighteen, [left_at_17],
                                        [IN_TOUCH | returned_home | eighteen], [], [], YEAR)
                if f.rule == "1016"]

    assert "ask for a bypass" in found.message


def test_nothing_else_for_a_care_leaver_not_looked_after_in_the_year() -> None:
    uasc = [{"CHILD": "CL1", "SEX": "M", "DOB": "14/09/2006", "DUC": "14/09/2024"}]
    oc2 = [{"CHILD": "CL1"}]

    assert rules(IN_TOUCH, HEADER | {"MOTHER": "0"}) == {"628"}
    assert rules(IN_TOUCH, uasc=uasc) == {"1014"}
    assert rules(IN_TOUCH, oc2=oc2) == {"215"}


def test_a_young_person_who_died_in_care_or_moved_to_another_authority_has_no_row() -> None:
    died = {"DECOM": "01/05/2025", "DEC": "01/06/2025", "REC": "E2", "LS": "C2"}

    assert "1000" in rules(IN_TOUCH, episodes=(died,))
    assert "1011" in rules(IN_TOUCH, episodes=(died | {"REC": "E3"},))
