"""Months, weeks, days and hours counted the way people count them."""

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import add_days, add_hours, add_months, add_weeks


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: 29 Feb
        (date(2023, 1, 31), 1, date(2023, 2, 28)),  # not a leap year
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # 30 Nov + 3 months, leap year
        (date(2022, 11, 30), 3, date(2023, 2, 28)),  # 30 Nov + 3 months, ordinary year
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # 31 Aug + 6 months, leap year
        (date(2024, 8, 31), 6, date(2025, 2, 28)),  # 31 Aug + 6 months, ordinary year
        (date(2024, 5, 31), 1, date(2024, 6, 30)),  # June has 30 days
        (date(2024, 1, 31), 2, date(2024, 3, 31)),  # no clamping carried from February
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # a leap day a year on
        (date(2023, 12, 15), 1, date(2024, 1, 15)),  # across the new year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards clamps too
        (date(2024, 1, 15), -13, date(2022, 12, 15)),  # more than a year back
        (date(2024, 1, 31), 0, date(2024, 1, 31)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_add_weeks_keeps_the_weekday() -> None:
    # Wed 31 Jan 2024 + 6 weeks: 29 days to 29 Feb, 13 more to Wed 13 Mar.
    assert add_weeks(date(2024, 1, 31), 6) == date(2024, 3, 13)
    assert add_weeks(date(2024, 3, 13), -6) == date(2024, 1, 31)


def test_add_days_counts_weekends_and_bank_holidays() -> None:
    assert add_days(date(2021, 12, 24), 7) == date(2021, 12, 31)


def test_add_hours_on_an_aware_datetime_is_elapsed_time() -> None:
    london = ZoneInfo("Europe/London")
    # The clocks go forward at 01:00 GMT on Sun 31 Mar 2024: 24 real hours from 12:00 GMT on the
    # Saturday is 12:00 UTC on the Sunday, 13:00 BST.
    assert add_hours(datetime(2024, 3, 30, 12, tzinfo=london), 24) == datetime(
        2024, 3, 31, 13, tzinfo=london
    )


def test_add_hours_keeps_the_callers_time_zone() -> None:
    plus_two = timezone(timedelta(hours=2))
    result = add_hours(datetime(2024, 6, 1, 23, tzinfo=plus_two), 2)
    assert result == datetime(2024, 6, 2, 1, tzinfo=plus_two)
    assert result.utcoffset() == timedelta(hours=2)


def test_add_hours_on_a_naive_datetime_is_plain_arithmetic() -> None:
    assert add_hours(datetime(2024, 3, 30, 12), 24) == datetime(2024, 3, 31, 12)
