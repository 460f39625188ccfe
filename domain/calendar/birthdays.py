"""Birthdays: the day someone reaches an age, which statutory duties turn on (care leavers at 16
and 18, the returns' age bands)."""

from __future__ import annotations

from datetime import date


def birthday(born: date, years: int) -> date:
    """The day someone born on `born` turns `years`: 1 March in a common year for someone born
    on 29 February (the anniversary of their birth has then passed); `date.max` past the end of
    the calendar."""
    if born.year + years > date.max.year:
        return date.max
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)
