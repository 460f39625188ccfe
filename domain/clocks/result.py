"""A computed deadline, with what is needed to explain it, and the ways a computation is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.calendar import StartDayConvention
from domain.rules import Interval, TimescaleRule, Unit


class IntervalOutOfRange(ValueError):
    """An interval index a rule does not have."""

    def __init__(self, rule: TimescaleRule, index: int) -> None:
        listed = "; ".join(f"{i} = {describe(iv)}" for i, iv in enumerate(rule.intervals))
        message = f"{rule.id} has no interval {index}; its intervals are {listed}"
        if rule.followed_by:
            message += f"; the clock after it is rule {rule.followed_by}"
        super().__init__(message)


class StartTimeNeeded(ValueError):
    """An hours rule given a date alone: its end cannot be known without the time it started."""

    def __init__(self, rule: TimescaleRule) -> None:
        super().__init__(
            f"{rule.id} ({rule.title}) is counted in hours: give the date and time it started"
        )


@dataclass(frozen=True)
class SkippedDay:
    """A day a working-day count stepped over, and why it is not a working day."""

    day: date
    reason: str


@dataclass(frozen=True)
class DueDate:
    """A computed deadline and everything needed to explain it.

    `rule` is the rule as applied (with any local or plan period) and `setting` says where its
    period came from. `skipped` lists the days a working-day count stepped over, and
    `start_not_working` why its start day was not a working day, if it was not. `due_at` is set
    only for rules counted in hours. `falls_on` says why a deadline in calendar time is not a
    working day: a warning only, since such deadlines do not move.
    """

    rule: TimescaleRule
    interval_index: int
    interval: Interval
    started: date | datetime
    due: date
    due_at: datetime | None
    convention: StartDayConvention
    setting: str
    skipped: tuple[SkippedDay, ...] = ()
    start_not_working: str | None = None
    falls_on: str | None = None

    @property
    def start_day(self) -> date:
        """The date the clock started on (the date part of a start given with a time)."""
        # A datetime is also a date, so the test must be this way round.
        return self.started.date() if isinstance(self.started, datetime) else self.started

    @property
    def amount(self) -> int:
        """How many units the clock runs for."""
        return self.interval.period.amount

    @property
    def unit(self) -> Unit:
        """What the clock counts in."""
        return self.interval.period.unit

    @property
    def basis(self) -> str:
        """The statute, regulation or guidance the timescale comes from."""
        return self.rule.basis


def describe(interval: Interval) -> str:
    """An interval in words, e.g. "6 weeks from previous statutory visit (in the first year)"."""
    text = f"{interval.period} from {interval.counted_from.words}"
    return f"{text} ({interval.applies})" if interval.applies else text
