"""Which days are working days, counting through them, and refusing dates beyond the data."""

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from domain.calendar import DateOutsideCalendar, StartDayConvention, WorkingDayCalendar

ONE = StartDayConvention.START_DAY_IS_DAY_ONE


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2024, 3, 28), None),  # Thursday before Easter: an ordinary working day
        (date(2024, 3, 29), "Good Friday (bank holiday)"),
        (date(2024, 4, 1), "Easter Monday (bank holiday)"),
        (date(2024, 3, 30), "Saturday"),
        (date(2024, 3, 31), "Sunday"),
        # Christmas 2021 fell at the weekend; the Monday and Tuesday after were the bank holidays.
        (date(2021, 12, 25), "Saturday"),
        (date(2021, 12, 27), "Christmas Day substitute day (bank holiday)"),
        (date(2021, 12, 28), "Boxing Day substitute day (bank holiday)"),
        (date(2022, 1, 3), "New Year's Day substitute day (bank holiday)"),
        # A name that already says "bank holiday" is not told twice.
        (date(2024, 5, 6), "Early May bank holiday"),
        (date(2020, 5, 8), "Early May bank holiday (VE day)"),
        (date(2011, 4, 29), "Royal wedding (bank holiday)"),
        (date(2012, 6, 5), "Queen's Diamond Jubilee (bank holiday)"),
        (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        (date(2022, 9, 19), "Bank holiday for the State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
        # The usual dates of days that were moved in those years were working days.
        (date(2012, 5, 28), None),
        (date(2020, 5, 4), None),
        (date(2022, 5, 30), None),
    ],
)
def test_why_not_working_names_the_weekend_day_or_bank_holiday(
    calendar: WorkingDayCalendar, day: date, reason: str | None
) -> None:
    assert calendar.why_not_working(day) == reason
    assert calendar.is_working_day(day) is (reason is None)


def test_zero_working_days_from_a_day_is_that_day_even_at_a_weekend(
    calendar: WorkingDayCalendar,
) -> None:
    assert calendar.add_working_days(date(2024, 3, 30), 0) == date(2024, 3, 30)


def test_negative_working_days_count_back_over_holidays(calendar: WorkingDayCalendar) -> None:
    # Back from Tue 4 Jan 2022: [3 Jan sub, 2, 1], (1) Fri 31 Dec.
    assert calendar.add_working_days(date(2022, 1, 4), -1) == date(2021, 12, 31)
    # Back from Wed 29 Dec 2021: [28, 27, 26, 25], (1) Fri 24, (2) Thu 23.
    assert calendar.add_working_days(date(2021, 12, 29), -2) == date(2021, 12, 23)


def test_day_one_counting_needs_at_least_one_working_day(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(ValueError, match="at least 1 working day"):
        calendar.add_working_days(date(2024, 3, 28), 0, ONE)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Same day: nothing left, nothing overdue.
        (date(2024, 3, 25), date(2024, 3, 25), 0),
        # Mon 25 Mar to Fri 5 Apr 2024: 26, 27, 28, [GF, weekend, EM], 2, 3, 4, 5.
        (date(2024, 3, 25), date(2024, 4, 5), 7),
        # The other way: 7 working days overdue.
        (date(2024, 4, 5), date(2024, 3, 25), -7),
        # On Saturday 4 May 2024 a deadline of Friday 3 May is 1 working day overdue ...
        (date(2024, 5, 4), date(2024, 5, 3), -1),
        # ... and one on Tuesday 7 May is 1 working day away (Sunday and the bank holiday skipped).
        (date(2024, 5, 4), date(2024, 5, 7), 1),
        # Fri 24 Dec 2021 to Tue 4 Jan 2022: 29, 30, 31, 4.
        (date(2021, 12, 24), date(2022, 1, 4), 4),
        # Fri 24 to Tue 28 Dec 2021: nothing but weekend and bank holidays.
        (date(2021, 12, 24), date(2021, 12, 28), 0),
        # All of 2024 after New Year's Day: 262 weekdays, less 1 Jan and 7 more bank holidays.
        (date(2024, 1, 1), date(2024, 12, 31), 254),
    ],
)
def test_working_days_between_counts_the_destination_but_not_the_origin(
    calendar: WorkingDayCalendar, a: date, b: date, expected: int
) -> None:
    assert calendar.working_days_between(a, b) == expected


def test_the_shipped_calendar_covers_2010_to_2035(calendar: WorkingDayCalendar) -> None:
    assert (calendar.first, calendar.last) == (date(2010, 1, 1), date(2035, 12, 31))


@pytest.mark.parametrize(
    "ask",
    [
        lambda c: c.is_working_day(date(2009, 12, 31)),
        lambda c: c.why_not_working(date(2036, 1, 1)),
        lambda c: c.add_working_days(date(2036, 1, 2), 0),
        lambda c: c.add_working_days(date(2035, 12, 31), 1),
        lambda c: c.add_working_days(date(2010, 1, 4), -2),
        lambda c: c.working_days_between(date(2035, 12, 1), date(2036, 1, 1)),
    ],
    ids=["before", "after", "start-after", "runs-past-the-end", "runs-back-past-start", "between"],
)
def test_dates_outside_the_calendar_are_refused_not_guessed(
    calendar: WorkingDayCalendar, ask: Callable[[WorkingDayCalendar], object]
) -> None:
    with pytest.raises(DateOutsideCalendar, match="2010-01-01 to 2035-12-31"):
        ask(calendar)


def test_a_calendar_can_be_built_from_any_list_of_holidays() -> None:
    small = WorkingDayCalendar(
        first=date(2030, 1, 1),
        last=date(2030, 1, 31),
        bank_holidays={date(2030, 1, 1): "New Year's Day"},
    )
    # Mon 31 Dec 2029 is outside; Tue 1 Jan 2030 is a holiday; Wed 2 is the first working day.
    assert small.add_working_days(date(2030, 1, 1), 1) == date(2030, 1, 2)
    with pytest.raises(DateOutsideCalendar):
        small.is_working_day(date(2029, 12, 31))


def test_a_holiday_outside_the_stated_range_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="outside"):
        WorkingDayCalendar(date(2030, 1, 1), date(2030, 12, 31), {date(2031, 1, 1): "x"})


def test_the_calendar_cannot_be_changed_once_built(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        calendar.last = date(2099, 12, 31)  # type: ignore[misc]
    with pytest.raises(TypeError):
        calendar.bank_holidays[date(2024, 3, 28)] = "Invented"  # type: ignore[index]
