"""What a statutory or local timescale is, as plain data."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Jurisdiction(enum.Enum):
    """The nation whose law and procedures set a timescale."""

    ENGLAND = "england"
    WALES = "wales"

    @property
    def title(self) -> str:
        """The nation's name as people write it."""
        return self.value.capitalize()


class Unit(enum.Enum):
    """How a timescale is counted."""

    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "calendar days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"


@dataclass(frozen=True)
class Trigger:
    """An event in a case, in the practice's words and as the key the event log uses."""

    key: str
    words: str


@dataclass(frozen=True)
class Period:
    """A length of time such as 10 working days or 3 months."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 1:
            raise ValueError(f"a timescale must be at least 1, not {self.amount}")

    def __str__(self) -> str:
        unit = self.unit.value
        return f"{self.amount} {unit.removesuffix('s') if self.amount == 1 else unit}"


@dataclass(frozen=True)
class Interval:
    """One of the periods a rule runs over, the event it counts from, and when it applies."""

    period: Period
    counted_from: Trigger
    applies: str


@dataclass(frozen=True, kw_only=True)
class TimescaleRule:
    """A clock a case must meet: when it starts, what stops it, and how long it runs.

    `amount` and `unit` are the first (or only) period, counted from `starts_on`. Where the law
    changes the period after the first occurrence within one numbered rule (E14's visits: 1 week,
    then 6 weeks, then 3 months or 6 weeks; E17; W5; W7; W10), the later periods are in `then`,
    each saying what it counts from and when it applies; `intervals` lists them all, and a
    caller chooses one by index (0 is the first). Where the reference numbers the stages as
    separate rules (E6 then E7; E11 then E12 then E13) they stay separate, because people cite
    those numbers, and `followed_by` names the rule whose clock starts when this one is met.

    `local` marks a timescale with no national number: the amount is a default that an
    authority may change (see `LocalTimescales`) and that a plan or conference may set itself.
    """

    id: str
    jurisdiction: Jurisdiction
    title: str
    basis: str
    starts_on: Trigger
    met_by: Trigger
    amount: int
    unit: Unit
    local: bool = False
    then: tuple[Interval, ...] = ()
    followed_by: str | None = None
    note: str = ""

    def __post_init__(self) -> None:
        Period(self.amount, self.unit)  # validates the amount

    @property
    def period(self) -> Period:
        """The first (or only) period of the rule."""
        return Period(self.amount, self.unit)

    @property
    def intervals(self) -> tuple[Interval, ...]:
        """Every period of the rule in order, the first counted from `starts_on`."""
        first = Interval(self.period, self.starts_on, "first" if self.then else "")
        return (first, *self.then)

    @property
    def unit_label(self) -> str:
        """The units of the rule's intervals, "mixed" when they differ (as for W10)."""
        units = {interval.period.unit for interval in self.intervals}
        return self.unit.value if len(units) == 1 else "mixed"
