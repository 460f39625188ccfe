"""The explanation of a due date: the date alone first, then lines a person can check."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.calendar import StartDayConvention, WorkingDayCalendar
from domain.clocks import due_date, format_due_explanation
from domain.rules import Jurisdiction, LocalTimescales, Period, Unit

ENGLAND, WALES = Jurisdiction.ENGLAND, Jurisdiction.WALES


def explain(calendar: WorkingDayCalendar, rule_id: str, started: date, **options: object) -> str:
    jurisdiction = ENGLAND if rule_id.startswith("E") else WALES
    return format_due_explanation(
        due_date(rule_id, started, jurisdiction, calendar, **options)  # type: ignore[arg-type]
    )


def test_the_first_line_is_the_due_date_alone(calendar: WorkingDayCalendar) -> None:
    lines = explain(calendar, "E3", date(2024, 3, 25)).splitlines()
    assert lines[0] == "2024-05-31"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lines[0])


def test_it_names_the_rule_its_basis_and_how_it_counted(calendar: WorkingDayCalendar) -> None:
    text = explain(calendar, "E3", date(2024, 3, 25))
    assert "Rule: E3 Child and family assessment (England)" in text
    assert "Basis: Working Together; CIN census rule" in text
    assert "Starts on: referral received [referral_received], 2024-03-25 (Monday)" in text
    assert "Met by: child and family assessment completed [assessment_completed]" in text
    assert "Counting: 45 working days (national); the start day is day 0" in text
    assert "Due: 2024-05-31 (Friday)" in text
    assert "Note: if exceeded, the reason is recorded" in text


def test_each_skipped_day_is_listed_with_its_reason(calendar: WorkingDayCalendar) -> None:
    lines = explain(calendar, "E19", date(2021, 12, 23)).splitlines()
    skipped = [line for line in lines if line.startswith("Skipped:")]
    assert skipped == [
        "Skipped: 2021-12-25 Saturday",
        "Skipped: 2021-12-26 Sunday",
        "Skipped: 2021-12-27 Monday: Christmas Day substitute day (bank holiday)",
        "Skipped: 2021-12-28 Tuesday: Boxing Day substitute day (bank holiday)",
        "Skipped: 2022-01-01 Saturday",
        "Skipped: 2022-01-02 Sunday",
        "Skipped: 2022-01-03 Monday: New Year's Day substitute day (bank holiday)",
    ]


def test_day_one_counting_is_stated(calendar: WorkingDayCalendar) -> None:
    text = explain(
        calendar, "W3", date(2021, 12, 23), convention=StartDayConvention.START_DAY_IS_DAY_ONE
    )
    assert "the start day counts as day 1" in text


def test_a_start_that_is_not_a_working_day_says_so(calendar: WorkingDayCalendar) -> None:
    text = explain(
        calendar, "E1", date(2024, 4, 1), convention=StartDayConvention.START_DAY_IS_DAY_ONE
    )
    assert "2024-04-01 (Monday); not a working day: Easter Monday (bank holiday)" in text
    assert "would be day 1 but is not a working day" in text


def test_hours_give_the_date_first_and_the_exact_time_after(calendar: WorkingDayCalendar) -> None:
    london = ZoneInfo("Europe/London")
    result = due_date("E18", datetime(2024, 3, 29, 10, 0, tzinfo=london), ENGLAND, calendar)
    lines = format_due_explanation(result).splitlines()
    assert lines[0] == "2024-04-01"
    assert "Due at: 2024-04-01 11:00 BST (Monday)" in lines
    assert any("clocks change" in line and "2024-04-01T11:00+01:00" in line for line in lines)


def test_a_calendar_time_deadline_on_a_weekend_is_flagged_not_moved(
    calendar: WorkingDayCalendar,
) -> None:
    lines = explain(calendar, "E12", date(2024, 5, 31)).splitlines()
    assert lines[0] == "2024-08-31"
    assert (
        "Note: Saturday is not a working day, but this rule counts calendar time, "
        "so the date does not move"
    ) in lines


def test_a_calendar_time_deadline_on_a_bank_holiday_names_it(
    calendar: WorkingDayCalendar,
) -> None:
    text = explain(calendar, "E14b", date(2023, 12, 18), interval_index=1)
    assert text.startswith("2023-12-25\n")
    assert "Note: Christmas Day (bank holiday) is not a working day" in text


def test_a_rule_with_several_intervals_says_which_one(calendar: WorkingDayCalendar) -> None:
    text = explain(calendar, "E14", date(2024, 1, 31), interval_index=2)
    assert (
        "Interval 2: 3 months from previous statutory visit (after the first year, where the "
        "placement is intended to last until the child is 18)"
    ) in text
    assert "Starts on: previous statutory visit [statutory_visit_made], 2024-01-31" in text


def test_a_review_says_which_rule_follows(calendar: WorkingDayCalendar) -> None:
    assert "Next: once this is met, the clock of rule E7 starts" in explain(
        calendar, "E6", date(2023, 11, 30)
    )


def test_where_a_local_period_came_from_is_shown(calendar: WorkingDayCalendar) -> None:
    default = explain(calendar, "E8", date(2024, 8, 19))
    assert "Counting: 10 working days (local default; the authority may set its own)" in default
    local = LocalTimescales(protection_plan_visits=Period(4, Unit.WEEKS))
    own = explain(calendar, "E8", date(2024, 8, 19), local_overrides=local)
    assert "Counting: 4 weeks (set by the authority)" in own


def test_w10_shows_its_basis_is_to_be_confirmed(calendar: WorkingDayCalendar) -> None:
    text = explain(calendar, "W10", date(2024, 12, 2))
    assert "Basis: as E11 to E13 (to be confirmed against the Wales 2015 regulations)" in text
