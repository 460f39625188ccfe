"""Our SSDA903 checks of social workers (SWEpisodes) and of new-episode reasons (rule 435), on
returns made by hand, each as the DfE's validator runs the rule it anticipates: a return the
validator accepts raises none of them. And every reason Casetrail records for a change of worker
has an SW_REASON of its own where the DfE has one."""

from __future__ import annotations

import pytest

from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import COLUMNS, FIRST_CONTACT, SW_REASONS, Ssda903
from consumers.returns.ssda903_checks import ssda903_checks
from domain.codes import WORKER_CHANGE_REASONS

YEAR = CollectionYear(2026)
WORKER_RULES = {"SW02STG1", "SW08STG2", "SW09STG2", "SW10aSTG2", "SW10STG2", "SW11bSTG2",
                "SW12STG2", "SW17STG2", "SW19STG2", "435"}
# The SW_REASON codes the DfE's validator takes (SW13STG1).
DFE_REASONS = {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN",
               "SWDIED", "OTHERS"}
Row = dict[str, str]

# Looked after from before the year, a move on 1 December 2025, still looked after on 31 March.
IN_CARE = [{"DECOM": "01/02/2025", "RNE": "S", "LS": "C2", "PLACE": "U4",
            "DEC": "01/12/2025", "REC": "X1"},
           {"DECOM": "01/12/2025", "RNE": "P", "LS": "C2", "PLACE": "U6"}]


def worker(sw_id: str, began: str, ended: str = "", reason: str = "MANAGE") -> Row:
    return {"SW_ID": sw_id, "SW_DECOM": began, "SW_DEC": ended, "SW_REASON": reason}


# Three workers in the year: a handover the day one leaves, a week's wait for the next.
WORKERS = [worker("SW100001", "01/02/2025", "14/06/2025", FIRST_CONTACT),
           worker("XXPA0007", "14/06/2025", "10/10/2025", "ABSENC"),
           worker("SW100002", "17/10/2025", "", "LEFTRL")]


def a_return(episodes: list[Row], workers: list[Row]) -> Ssda903:
    found = Ssda903(YEAR)
    header = {"CHILD": "C1", "SEX": "M", "DOB": "02/05/2012", "ETHNIC": "WBRI",
              "UPN": "A800123456789", "MOTHER": "", "MC_DOB": ""}
    found.files["header.csv"].append(header)
    found.files["episodes.csv"] += [
        {name: "" for name in COLUMNS["episodes.csv"]} | {"CHILD": "C1", "CIN": "N1"} | e
        for e in episodes]
    found.files["sw_episodes.csv"] += [{"CHILD": "C1", "DOB": "02/05/2012"} | w for w in workers]
    return found


def rules(found: Ssda903, not_recorded: bool | None = None) -> set[str]:
    return {rule for issue in ssda903_checks(found) for rule in issue.rules
            if not_recorded is None or issue.not_recorded == not_recorded} & WORKER_RULES


def test_workers_as_the_dfe_asks_raise_nothing() -> None:
    assert rules(a_return(IN_CARE, WORKERS)) == set()


def test_every_reason_for_a_change_of_worker_has_a_dfe_code() -> None:
    assert set(SW_REASONS) == set(WORKER_CHANGE_REASONS)
    assert set(SW_REASONS.values()) | {FIRST_CONTACT} == DFE_REASONS
    # "Other" only for what has no code of its own.
    assert {r for r, code in SW_REASONS.items() if code == "OTHERS"} == {
        "OTHERRS", "UNKNOWN", "CLOSED"}


def test_a_worker_with_no_registration_recorded_is_named_as_not_recorded() -> None:
    found = a_return(IN_CARE, [worker("", "01/02/2025", "", FIRST_CONTACT)])

    assert rules(found, not_recorded=True) == {"SW02STG1"}
    assert rules(found, not_recorded=False) == set()


@pytest.mark.parametrize("sw_id", ["SW-0001", "TM-0001", "123456", "SW1", "XX"])
def test_an_id_that_is_neither_a_registration_nor_an_xx_code_is_an_error(sw_id: str) -> None:
    found = a_return(IN_CARE, [worker(sw_id, "01/02/2025", "", FIRST_CONTACT)])

    if sw_id.startswith("SW") and len(sw_id) >= 4:
        # The validator looks at the first two letters and the length only.
        assert rules(found) == set()
    else:
        assert rules(found, not_recorded=False) == {"SW02STG1"}


def test_a_gap_of_over_a_week_between_workers_is_an_error() -> None:
    gap = [*WORKERS[:2], worker("SW100002", "18/10/2025", "", "LEFTRL")]

    assert rules(a_return(IN_CARE, gap)) == {"SW10aSTG2", "SW10STG2"}


def test_a_first_contact_may_follow_any_gap() -> None:
    again = [*WORKERS[:2], worker("SW100002", "10/01/2026", "", FIRST_CONTACT)]

    assert rules(a_return(IN_CARE, again)) == set()


def test_a_worker_after_one_with_no_end_is_flagged_twice() -> None:
    open_ended = [WORKERS[0] | {"SW_DEC": ""}, WORKERS[2] | {"SW_DECOM": "01/03/2025"}]

    assert rules(a_return(IN_CARE, open_ended)) == {"SW08STG2", "SW10aSTG2", "SW10STG2"}


def test_a_worker_for_under_three_days_is_an_error() -> None:
    brief = [WORKERS[0], worker("SW100003", "14/06/2025", "16/06/2025", "MANAGE"),
             worker("SW100002", "16/06/2025", "", "LEFTRL")]

    assert rules(a_return(IN_CARE, brief)) == {"SW09STG2"}


def test_the_latest_worker_must_still_be_open_at_the_end_of_the_year() -> None:
    ended = [*WORKERS[:2], worker("SW100002", "17/10/2025", "01/03/2026", "LEFTRL")]

    assert rules(a_return(IN_CARE, ended)) == {"SW17STG2"}


def test_two_workers_starting_the_same_day_is_an_error() -> None:
    twice = [WORKERS[0], worker("SW100003", "14/06/2025", "20/06/2025"),
             worker("SW100002", "14/06/2025", "", "LEFTRL")]

    assert "SW19STG2" in rules(a_return(IN_CARE, twice))


FIRST = worker("SW100001", "01/02/2025", "", FIRST_CONTACT)


@pytest.mark.parametrize(("workers", "flagged"), [
    # The child's only worker.
    ([FIRST | {"SW_DEC": "27/03/2026"}], True),
    # A later worker, though a successor follows.
    ([FIRST | {"SW_DEC": "10/10/2025"}, worker("SW100002", "10/10/2025", "28/03/2026"),
      worker("SW100003", "28/03/2026")], True),
    # The first of several: the validator lets it be.
    ([FIRST | {"SW_DEC": "28/03/2026"}, worker("SW100002", "28/03/2026")], False),
    # Before the last five days.
    ([FIRST | {"SW_DEC": "20/03/2026"}, worker("SW100002", "20/03/2026")], False),
])
def test_a_worker_ending_in_the_last_five_days_is_flagged_as_the_validator_does(
    workers: list[Row], flagged: bool
) -> None:
    assert ("SW11bSTG2" in rules(a_return(IN_CARE, workers))) is flagged


def test_a_child_who_left_care_and_came_back_in_the_year_is_flagged_as_the_validator_does() -> None:
    back = [{"DECOM": "12/05/2025", "RNE": "S", "LS": "V2", "PLACE": "U6",
             "DEC": "02/09/2025", "REC": "E4A"},
            {"DECOM": "02/10/2025", "RNE": "S", "LS": "V2", "PLACE": "U6",
             "DEC": "07/11/2025", "REC": "X1"},
            {"DECOM": "07/11/2025", "RNE": "L", "LS": "C1", "PLACE": "U6"}]
    workers = [worker("SW100001", "12/05/2025", "02/09/2025", FIRST_CONTACT),
               worker("SW100002", "02/10/2025", "", FIRST_CONTACT)]

    assert rules(a_return(back, workers)) == {"SW12STG2"}
    assert rules(a_return(back[1:], workers[1:])) == set()


def test_a_change_of_both_placement_and_legal_status_is_flagged_as_the_validator_does() -> None:
    both = [IN_CARE[0], IN_CARE[1] | {"RNE": "T", "LS": "E1"}]

    (issue,) = [i for i in ssda903_checks(a_return(both, WORKERS)) if i.rule == "435"]
    assert "flags every T episode" in issue.message and not issue.not_recorded


def test_a_change_of_placement_only_must_keep_the_legal_status() -> None:
    moved = [IN_CARE[0], IN_CARE[1] | {"LS": "C1"}]

    assert rules(a_return(moved, WORKERS)) == {"435"}


def test_a_change_of_placement_must_change_something_about_the_placement() -> None:
    where = {"PLACE": "U4", "PL_POST": "DM1 4AB", "URN": "SC123456", "PLACE_PROVIDER": "PR1"}
    same = [IN_CARE[0] | where, IN_CARE[1] | where]
    moved = [IN_CARE[0] | where, IN_CARE[1] | where | {"PL_POST": "DM2 7QT"}]

    assert rules(a_return(same, WORKERS)) == {"435"}
    assert rules(a_return(moved, WORKERS)) == set()
