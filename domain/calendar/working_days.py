"""Working days in England and Wales: Monday to Friday, less the bank holidays of both nations."""

from __future__ import annotations

import csv
import enum
import functools
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from types import MappingProxyType

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ONE_DAY = timedelta(days=1)
_CSV_NAME = "bank_holidays_england_and_wales.csv"
_PACKAGE = __name__.rpartition(".")[0]


class StartDayConvention(enum.Enum):
    """Whether the day a clock starts counts towards "within N working days".

    National guidance is silent and local procedures differ, so this is a setting.
    """

    START_DAY_IS_DAY_ZERO = "day-zero"
    """The default: due on the N-th working day after the start date."""
    START_DAY_IS_DAY_ONE = "day-one"
    """The start date is day 1 when it is a working day, so due a working day earlier."""


class DateOutsideCalendar(ValueError):
    """A date the bank holiday data does not cover; counting through it would be a guess."""

    def __init__(self, day: date, first: date, last: date) -> None:
        super().__init__(
            f"{day.isoformat()} is outside the bank holiday calendar, which covers "
            f"{first.isoformat()} to {last.isoformat()}; "
            "extend it with scripts/update-bank-holidays"
        )
        self.day = day


def day_name(day: date) -> str:
    """The English name of the day of the week, e.g. "Saturday"."""
    return _DAY_NAMES[day.weekday()]


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Which days are working days between `first` and `last` inclusive.

    Every question about a date outside that range raises `DateOutsideCalendar`, because a missing
    year of bank holidays would otherwise quietly make deadlines a day or two early.
    """

    first: date
    last: date
    bank_holidays: Mapping[date, str] = field(hash=False)
    _sorted_holidays: tuple[date, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        outside = [d for d in self.bank_holidays if not self.first <= d <= self.last]
        if outside:
            raise ValueError(f"bank holidays outside {self.first}..{self.last}: {outside}")
        # A read-only copy, so that the frozen calendar cannot be changed through the caller's dict.
        object.__setattr__(self, "bank_holidays", MappingProxyType(dict(self.bank_holidays)))
        weekday_holidays = tuple(sorted(d for d in self.bank_holidays if d.weekday() < 5))
        object.__setattr__(self, "_sorted_holidays", weekday_holidays)

    def covers(self, day: date) -> bool:
        """Whether the calendar knows the bank holidays for `day`."""
        return self.first <= day <= self.last

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day (Monday to Friday and not a bank holiday)."""
        return self.why_not_working(day) is None

    def why_not_working(self, day: date) -> str | None:
        """Why `day` is not a working day ("Saturday", "Good Friday (bank holiday)"), else None.

        Raises `DateOutsideCalendar` for a day the calendar does not cover.
        """
        self._require_covered(day)
        if day.weekday() >= 5:
            return day_name(day)
        name = self.bank_holidays.get(day)
        if name is None or "bank holiday" in name.lower():
            return name
        return f"{name} (bank holiday)"

    def add_working_days(
        self,
        start: date,
        n: int,
        convention: StartDayConvention = StartDayConvention.START_DAY_IS_DAY_ZERO,
    ) -> date:
        """The day on which "within `n` working days of `start`" runs out.

        With the day-zero convention this is the n-th working day after `start` (a negative `n`
        counts back; 0 gives `start`). With the day-one convention `start` is day 1 when it is a
        working day, so `n` must be at least 1.
        """
        self._require_covered(start)
        if convention is StartDayConvention.START_DAY_IS_DAY_ONE:
            if n < 1:
                raise ValueError(f"day-one counting needs at least 1 working day, not {n}")
            if self.is_working_day(start):
                n -= 1
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        day, remaining = start, abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Signed count of working days stepped on going from `a` to `b`: `a` not counted, `b` is.

        Positive when `b` is later ("days left"), negative when earlier ("days overdue"): on a
        Saturday a deadline of the Friday before is 1 working day overdue.
        """
        self._require_covered(a)
        self._require_covered(b)
        if b >= a:
            return self._working_days_in(a + _ONE_DAY, b)
        return -self._working_days_in(b, a - _ONE_DAY)

    def non_working_days(self, after: date, before: date) -> Iterator[tuple[date, str]]:
        """Each non-working day strictly between `after` and `before`, with the reason."""
        day = after + _ONE_DAY
        while day < before:
            reason = self.why_not_working(day)
            if reason is not None:
                yield day, reason
            day += _ONE_DAY

    def _working_days_in(self, first: date, last: date) -> int:
        """Working days in [first, last], by arithmetic so that long spans stay cheap."""
        if last < first:
            return 0
        return _weekdays_in(first, last) - (
            bisect_left(self._sorted_holidays, last + _ONE_DAY)
            - bisect_left(self._sorted_holidays, first)
        )

    def _require_covered(self, day: date) -> None:
        if not self.covers(day):
            raise DateOutsideCalendar(day, self.first, self.last)


def _weekdays_in(first: date, last: date) -> int:
    """Monday-to-Friday days in [first, last]; `last` is not before `first`."""
    days = (last - first).days + 1
    whole_weeks, rest = divmod(days, 7)
    start = first.weekday()
    return whole_weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


@functools.cache
def load_england_and_wales() -> WorkingDayCalendar:
    """The England and Wales calendar shipped with Casetrail, read once per process.

    It covers 1 January of the first year in the data to 31 December of the last year.
    """
    text = resources.files(_PACKAGE).joinpath(_CSV_NAME).read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    holidays = {date.fromisoformat(row["date"]): row["name"] for row in rows}
    years = [d.year for d in holidays]
    return WorkingDayCalendar(
        first=date(min(years), 1, 1), last=date(max(years), 12, 31), bank_holidays=holidays
    )
