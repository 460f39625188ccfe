"""Our SSDA903 checks of motherhood (MOTHER, MC_DOB) and of unaccompanied asylum-seeking
children (uasc.csv), on returns made by hand: each names the child and the DfE rule it
anticipates; a return the validator would accept gets none of them."""

from __future__ import annotations

import pytest

from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import COLUMNS, Ssda903
from consumers.returns.ssda903_checks import ssda903_checks

YEAR = CollectionYear(2026)
PEOPLE_RULES = {"165", "174", "231", "304", "393", "399", "406", "104", "607", "611", "612",
                "620", "621", "625"}
Row = dict[str, str]


def a_return(header: Row, episodes: list[Row], uasc: list[Row] | None = None) -> Ssda903:
    found = Ssda903(YEAR)
    found.files["header.csv"].append({name: "" for name in COLUMNS["header.csv"]} | header)
    found.files["episodes.csv"] += [
        {name: "" for name in COLUMNS["episodes.csv"]} | {"CHILD": header["CHILD"]} | e
        for e in episodes]
    found.files["uasc.csv"] += uasc or []
    return found


def a_girl(**changes: str) -> Row:
    return {"CHILD": "G1", "SEX": "F", "DOB": "02/05/2009", "ETHNIC": "WBRI", "UPN": "UN5",
            "MOTHER": "0", "MC_DOB": ""} | changes


# In care from before the year: a move on 1 December 2025, still looked after on 31 March.
IN_CARE = [{"DECOM": "01/02/2025", "RNE": "S", "LS": "C2", "PLACE": "U4",
            "DEC": "01/12/2025", "REC": "X1"},
           {"DECOM": "01/12/2025", "RNE": "P", "LS": "C2", "PLACE": "U6"}]
LEFT_CARE = [{"DECOM": "01/02/2025", "RNE": "S", "LS": "V2", "PLACE": "U4",
              "DEC": "10/01/2026", "REC": "E4B"}]
SHORT_BREAKS = [{"DECOM": "01/02/2025", "RNE": "S", "LS": "V3", "PLACE": "U4"}]


def rules(found: Ssda903) -> set[str]:
    return {rule for issue in ssda903_checks(found) for rule in issue.rules} & PEOPLE_RULES


@pytest.mark.parametrize(("header", "episodes"), [
    (a_girl(), IN_CARE),
    (a_girl(MOTHER="1", MC_DOB="20/11/2025"), IN_CARE),
    (a_girl(MOTHER="1", MC_DOB="03/01/2026"), LEFT_CARE),
    (a_girl(SEX="M", MOTHER="", CHILD="B1"), IN_CARE),
    (a_girl(MOTHER=""), SHORT_BREAKS),
])
def test_motherhood_given_as_the_dfe_asks_raises_nothing(header: Row, episodes: list[Row]) -> None:
    assert rules(a_return(header, episodes)) == set()


def test_a_girl_looked_after_must_say_whether_she_is_a_mother() -> None:
    assert rules(a_return(a_girl(MOTHER=""), IN_CARE)) == {"393", "165"}
    assert rules(a_return(a_girl(MOTHER=""), LEFT_CARE)) == {"393", "165", "607"}


def test_motherhood_is_not_given_for_a_boy_or_a_child_only_on_short_breaks() -> None:
    assert "174" in rules(a_return(a_girl(SEX="M", MOTHER="0"), IN_CARE))
    assert "399" in rules(a_return(a_girl(MOTHER="0"), SHORT_BREAKS))


def test_a_mother_has_her_first_childs_date_of_birth_and_only_a_mother_has_one() -> None:
    assert rules(a_return(a_girl(MOTHER="1"), IN_CARE)) == {"611"}
    assert rules(a_return(a_girl(MC_DOB="20/11/2025"), IN_CARE)) == {"612"}


def test_a_mother_under_11_when_the_year_began_is_queried() -> None:
    young = a_girl(DOB="01/06/2014", MOTHER="1", MC_DOB="20/11/2025")

    assert rules(a_return(young, IN_CARE)) == {"620"}


def test_a_first_child_born_after_the_latest_episode_that_ended_is_flagged_as_the_dfe_does(
) -> None:
    # Still looked after, but the validator compares with the move on 1 December.
    after_the_move = a_girl(MOTHER="1", MC_DOB="20/12/2025")

    assert rules(a_return(after_the_move, IN_CARE)) == {"625"}
    assert rules(a_return(a_girl(MOTHER="1", MC_DOB="01/02/2026"), LEFT_CARE)) == {"625"}


def test_a_first_child_cannot_be_older_than_the_mother() -> None:
    assert "621" in rules(a_return(a_girl(MOTHER="1", MC_DOB="01/05/2009"), IN_CARE))


def a_boy_seeking_asylum(**changes: str) -> tuple[Row, list[Row]]:
    header = a_girl(CHILD="U1", SEX="M", DOB="14/07/2009", MOTHER="")
    uasc = {"CHILD": "U1", "SEX": "M", "DOB": "14/07/2009", "DUC": "14/07/2027"} | changes
    return header, [uasc]


def test_an_unaccompanied_asylum_seeking_child_as_the_dfe_asks_raises_nothing() -> None:
    header, uasc = a_boy_seeking_asylum()
    episodes = [e | {"PL_POST": "DM1 4AB"} for e in IN_CARE]

    assert rules(a_return(header, episodes, uasc)) == set()


@pytest.mark.parametrize(("changes", "rule"), [
    ({"DUC": "30/03/2025"}, "104"),
    ({"DUC": "15/07/2027"}, "304"),
    ({"DOB": "01/06/2015"}, "231"),
])
def test_the_uasc_row_is_checked(changes: dict[str, str], rule: str) -> None:
    header, uasc = a_boy_seeking_asylum(**changes)

    assert rule in rules(a_return(header, IN_CARE, uasc))


def test_an_unaccompanied_asylum_seeking_child_has_no_distance_from_home() -> None:
    header, uasc = a_boy_seeking_asylum()
    episodes = [e | {"HOME_POST": "DM2 7QT", "PL_POST": "DM1 4AB"} for e in IN_CARE]

    assert rules(a_return(header, episodes, uasc)) == {"406"}
    assert "406" not in rules(a_return(header, episodes))
