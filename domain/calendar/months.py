"""Calendar arithmetic in the units statutes use: months, weeks, days and hours."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta


def add_months(day: date, n: int) -> date:
    """The same day of the month `n` months on (or back), clamped to the end of a shorter month.

    31 January plus one month is the last day of February: a clock never spills into the month
    after the one it lands in, and never lands later than the day of the month it started on.
    """
    month_index = day.year * 12 + (day.month - 1) + n
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last_day))


def add_weeks(day: date, n: int) -> date:
    """The same day of the week `n` weeks on (or back)."""
    return day + timedelta(weeks=n)


def add_days(day: date, n: int) -> date:
    """The calendar day `n` days on (or back); weekends and bank holidays count like any day."""
    return day + timedelta(days=n)


def add_hours(moment: datetime, n: int) -> datetime:
    """The moment `n` hours of elapsed time after `moment`, in `moment`'s own time zone.

    Aware datetimes are counted in UTC, so that 72 hours across a change of the clocks is still 72
    real hours (Python's own arithmetic on aware datetimes keeps the wall clock instead). A naive
    datetime has no zone to consult and gets plain arithmetic.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment + timedelta(hours=n)
    return (moment.astimezone(UTC) + timedelta(hours=n)).astimezone(moment.tzinfo)
