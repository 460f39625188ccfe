"""`casetrail due`: the date on the first line for scripts, clear refusals for people."""

import argparse

import pytest

from runtime.due_command import add_due_command, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["due", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_the_due_date_alone_on_the_first_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "E3", "2024-03-25")
    assert code == 0
    assert out.splitlines()[0] == "2024-05-31"
    assert "Basis: Working Together; CIN census rule" in out
    assert err == ""


def test_the_day_one_convention_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "E3", "2024-03-25", "--convention", "day-one")
    assert (code, out.splitlines()[0]) == (0, "2024-05-30")


def test_an_interval_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "E14", "2024-01-31", "--interval", "2")
    assert (code, out.splitlines()[0]) == (0, "2024-04-30")


def test_a_wales_rule_needs_no_jurisdiction_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "W3", "2022-09-12")
    assert (code, out.splitlines()[0]) == (0, "2022-10-04")


def test_a_rule_in_hours_takes_a_time_and_shows_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "E18", "2024-10-25T20:00")
    assert code == 0
    assert out.splitlines()[0] == "2024-10-28"
    assert "Due at: 2024-10-28 19:00 GMT (Monday)" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["E99", "2024-03-25"], "unknown rule 'E99'; valid rules: E1, "),
        (["E3", "2024-02-30"], "'2024-02-30' is not a date"),
        (["E3", "yesterday"], "'yesterday' is not a date"),
        (["W3", "2024-03-25", "--jurisdiction", "england"], "W3 belongs to Wales, not England"),
        (["E4", "2024-03-25", "--jurisdiction", "wales"], "E4 belongs to England, not Wales"),
        (["E18", "2024-03-25"], "counted in hours: give the date and time"),
        (["E6", "2024-03-25", "--interval", "1"], "E6 has no interval 1"),
        (["W10", "2035-12-20"], "outside the bank holiday calendar"),
    ],
    ids=[
        "unknown-rule",
        "no-such-day",
        "not-a-date",
        "wales-rule",
        "england-rule",
        "hours",
        "interval",
        "beyond-data",
    ],
)
def test_refusals_exit_2_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("casetrail due: error: ")
    assert message in err


def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "E3")[0] == 2
    assert run(capsys, "E3", "2024-03-25", "--convention", "day-two")[0] == 2
    assert run(capsys, "E3", "2024-03-25", "--jurisdiction", "scotland")[0] == 2


def test_the_command_plugs_into_any_parser(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="casetrail")
    add_due_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["due", "E1", "2021-12-24"])
    assert args.handler(args) == 0
    assert capsys.readouterr().out.startswith("2021-12-29\n")
