"""The placements and previous permanence in the SSDA903 return, from reporting rows made by
hand: each episode gives its placement's provider, postcodes and Ofsted URN as recorded (none
for a short break), the child's home postcode carried from one placement to the next;
PrevPerm is written for a child who started to be looked after in the year, with "not known"
written as the DfE asks; our checks flag a fact not recorded as such and a fact that does not
fit the placement as an error, and nothing for a child whose placements keep every rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from consumers.reporting.care import CarePeriod, PlacementSpell, care_episodes
from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import Ssda903, ssda903
from consumers.returns.ssda903_placement_checks import (
    placement_findings,
    previous_permanence_findings,
)

YEAR = CollectionYear(2026)


def day(n: int) -> date:
    """Day n of the collection year (day 0 is 1 April 2025)."""
    return YEAR.start + timedelta(days=n)


def an_episode(**changes: Any) -> dict[str, Any]:
    """A care_episodes row: foster carers of the authority's own, from day 20, still running."""
    return {"period": 1, "started_on": day(20), "new_episode_reason": "S", "legal_status": "C1",
            "placement_type": "U6", "ended_on": None, "ended_reason": None,
            "placement_change_reason": None, "placement_provider": "PR1",
            "placement_postcode": "TW1 3NQ", "home_postcode": "TW9 3HQ", "urn": "SC909101",
            **changes}


def a_period(**changes: Any) -> dict[str, Any]:
    return {"period": 1, "started_on": day(20), "ceased_on": None, "ceased_reason": None,
            "previous_permanence": "Z1", "previous_permanence_authority": None,
            "previous_permanence_on": None, **changes}


def a_return(episodes: list[dict[str, Any]], period: dict[str, Any] | None = None) -> Ssda903:
    child = ChildFacts("c1", "DM000001", "A800123456789", date(2015, 5, 1), None, "M", "WBRI",
                       ("NONE",), None, None)
    episode = EpisodeFacts(
        {"episode_id": "e1", "child_id": "c1", "referral_date": day(1), "closed_on": None,
         "primary_need": "N1"},
        {"care_episodes": episodes, "care_periods": [period or a_period()]},
    )
    return ssda903(Casebook({"c1": child}, {"c1": [episode]}, {}, {}), YEAR)


def test_each_episode_gives_its_placements_provider_postcodes_and_urn() -> None:
    made = a_return([an_episode(ended_on=day(60), ended_reason="X1",
                                placement_change_reason="CARPL"),
                     an_episode(started_on=day(60), new_episode_reason="P", placement_type="P1",
                                placement_provider="PR0", placement_postcode="TW9 3HQ",
                                urn=None)])

    assert [(e["PLACE"], e["PLACE_PROVIDER"], e["HOME_POST"], e["PL_POST"], e["URN"])
            for e in made.rows("episodes.csv")] == [
        ("U6", "PR1", "TW9 3HQ", "TW1 3NQ", "SC909101"),
        ("P1", "PR0", "TW9 3HQ", "TW9 3HQ", ""),
    ]


def test_a_short_breaks_placement_is_not_located_and_a_fact_not_recorded_is_left_blank() -> None:
    made = a_return([an_episode(legal_status="V3"),
                     an_episode(started_on=day(90), placement_provider=None, urn=None,
                                placement_postcode=None)])

    assert [(e["PLACE_PROVIDER"], e["HOME_POST"], e["PL_POST"], e["URN"])
            for e in made.rows("episodes.csv")] == [
        ("PR1", "", "", ""), ("", "TW9 3HQ", "", ""),
    ]


@pytest.mark.parametrize(("period", "written"), [
    ({"previous_permanence": "Z1"}, ("Z1", "", "")),
    ({"previous_permanence": "P2", "previous_permanence_authority": "318",
      "previous_permanence_on": date(2019, 6, 3)}, ("P2", "318", "03/06/2019")),
    ({"previous_permanence": "P1"}, ("P1", "NUK", "ZZ/ZZ/ZZZZ")),
    ({"previous_permanence": "P4"}, ("P4", "NUK", "ZZ/ZZ/ZZZZ")),
])
def test_previous_permanence_is_written_for_a_child_who_started_care_in_the_year(
    period: dict[str, Any], written: tuple[str, str, str]
) -> None:
    (row,) = a_return([an_episode()], a_period(**period)).rows("previous_permanence.csv")

    assert (row["CHILD"], row["DOB"]) == ("DM000001", "01/05/2015")
    assert (row["PREV_PERM"], row["LA_PERM"], row["DATE_PERM"]) == written


def test_no_previous_permanence_is_written_when_care_began_before_the_year_or_it_is_unknown(
) -> None:
    earlier = a_return([an_episode(started_on=day(-30))], a_period(started_on=day(-30)))
    unknown = a_return([an_episode()], a_period(previous_permanence=None))

    assert earlier.rows("previous_permanence.csv") == []
    assert unknown.rows("previous_permanence.csv") == []


def test_the_home_postcode_of_a_move_is_the_one_before_unless_the_family_moved() -> None:
    period = CarePeriod(
        started_on=day(0), legal_statuses=[(day(0), "C1")],
        placements=[
            PlacementSpell(day(0), "U6", None, provider="PR1", postcode="TW1 3NQ",
                           urn="SC909101", home_postcode="TW9 3HQ"),
            PlacementSpell(day(50), "K2", "CREQB", provider="PR4", postcode="GU2 4LF",
                           urn="2909315"),
            PlacementSpell(day(90), "P1", "CARPL", provider="PR0", postcode="TW2 7EA",
                           home_postcode="TW2 7EA"),
        ],
    )

    assert [(e.placement_provider, e.placement_postcode, e.home_postcode, e.urn)
            for e in care_episodes(period)] == [
        ("PR1", "TW1 3NQ", "TW9 3HQ", "SC909101"), ("PR4", "GU2 4LF", "TW9 3HQ", "2909315"),
        ("PR0", "TW2 7EA", "TW2 7EA", None),
    ]


def row(**changes: str) -> dict[str, str]:
    """An episodes.csv row: the authority's foster carers, with everything the return asks."""
    return {"CHILD": "DM000001", "DECOM": "21/04/2025", "RNE": "S", "LS": "C1", "CIN": "N1",
            "PLACE": "U6", "PLACE_PROVIDER": "PR1", "DEC": "", "REC": "",
            "REASON_PLACE_CHANGE": "", "HOME_POST": "TW9 3HQ", "PL_POST": "TW1 3NQ",
            "URN": "SC909101", **changes}


PREVIOUS = [{"CHILD": "DM000001", "DOB": "01/05/2015", "PREV_PERM": "Z1", "LA_PERM": "",
             "DATE_PERM": ""}]


def found(episodes: list[dict[str, str]], previous: list[dict[str, str]] = PREVIOUS,
          unaccompanied: bool = False) -> dict[str, bool]:
    """Each rule found, and whether as a fact not recorded."""
    findings = [*placement_findings(episodes, unaccompanied, YEAR),
                *previous_permanence_findings(episodes, previous, YEAR)]
    return {rule: f.not_recorded for f in findings for rule in (f.rule, *f.related)}


def test_placements_that_keep_every_rule_have_no_issue() -> None:
    assert found([row(), row(DECOM="01/06/2025", RNE="P", PLACE="P1", PLACE_PROVIDER="PR0",
                          PL_POST="TW9 3HQ", URN=""),
                  row(DECOM="01/07/2025", RNE="P", PLACE="T1", PLACE_PROVIDER="", URN=""),
                  row(DECOM="01/08/2025", RNE="P", URN="XXXXXXX")]) == {}


@pytest.mark.parametrize(("changes", "rules"), [
    ({"PLACE_PROVIDER": ""}, {"526"}),
    ({"URN": ""}, {"218"}),
    ({"PL_POST": ""}, {"169", "179", "392a", "392b"}),
    ({"HOME_POST": ""}, {"392a", "392b"}),
])
def test_a_fact_not_recorded_is_reported_as_such(
    changes: dict[str, str], rules: set[str]
) -> None:
    assert found([row(**changes)]) == dict.fromkeys(rules, True)


def test_an_unaccompanied_child_gives_no_home_postcode_but_a_placement_postcode() -> None:
    assert found([row(HOME_POST="")], unaccompanied=True) == {}
    assert found([row(HOME_POST="", PL_POST="")], unaccompanied=True) == {
        "169": True, "179": True}


@pytest.mark.parametrize(("changes", "rule"), [
    ({"PLACE": "P1"}, "527"),
    ({"PLACE_PROVIDER": "PR0"}, "550"),
    ({"PLACE": "K2", "PLACE_PROVIDER": "PR3"}, "529"),
    ({"PLACE": "T2", "URN": ""}, "213"),
    ({"PLACE_PROVIDER": "PR8"}, "178"),
    ({"PLACE": "R1"}, "222"),
    ({"PLACE": "K2", "URN": "XXXXXXX"}, "242"),
    ({"PL_POST": "EH1 1YZ"}, "243"),
    ({"PL_POST": "TW9 3HQ"}, "392d"),
    ({"PLACE": "H5"}, "146"),
])
def test_a_fact_that_does_not_fit_the_placement_is_an_error(
    changes: dict[str, str], rule: str
) -> None:
    assert found([row(**changes)]).get(rule) is False


def test_a_placement_in_scotland_asks_for_no_urn() -> None:
    assert found([row(PL_POST="EH1 1YZ", URN="")]) == {}


def test_previous_permanence_must_be_recorded_for_a_start_in_the_year_and_dated_before_it(
) -> None:
    before_the_year = [row(DECOM="01/02/2025")]
    dated_after = [{**PREVIOUS[0], "PREV_PERM": "P2", "LA_PERM": "318",
                    "DATE_PERM": "01/05/2025"}]
    not_known = [{**PREVIOUS[0], "PREV_PERM": "P4", "LA_PERM": "NUK",
                  "DATE_PERM": "ZZ/ZZ/ZZZZ"}]

    assert found([row()], previous=[]) == {"630": True}
    assert found(before_the_year, previous=[]) == {}
    assert found([row()], previous=dated_after) == {"632": False}
    assert found([row()], previous=not_known) == {}


def test_a_return_made_from_the_rows_has_what_our_checks_ask() -> None:
    made = a_return([an_episode()], a_period(previous_permanence="P3",
                                             previous_permanence_on=date(2020, 2, 2)))

    episodes = made.rows("episodes.csv")
    assert found(episodes, made.rows("previous_permanence.csv")) == {}
    assert found([{**episodes[0], "URN": ""}], []) == {"218": True, "630": True}
