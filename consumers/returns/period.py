"""What a return is for: the authority, and the collection year (1 April to 31 March, named by
the year it ends in: 2026 is 1 April 2025 to 31 March 2026)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_YEAR = 2011  # the working-day calendar starts in 2010
LAST_YEAR = 2035  # ...and ends in 2035


@dataclass(frozen=True)
class Authority:
    code: str  # the DfE 3-digit local authority number
    name: str


@dataclass(frozen=True)
class CollectionYear:
    year: int

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(
                f"the collection year must be between {FIRST_YEAR} and {LAST_YEAR} "
                f"(the year it ends in), not {self.year}"
            )

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        """The reference date: 31 March of the year."""
        return date(self.year, 3, 31)

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, started: date, ended: date | None) -> bool:
        """Whether something running from `started` to `ended` (None: still running) was running
        at some time in the year."""
        return started <= self.end and (ended is None or ended >= self.start)

    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"


def of_school_age(born: date | None, year: CollectionYear) -> bool:
    """As the DfE's returns count it: born on or before 31 August six years before the year the
    collection ends in (the unborn are not)."""
    return born is not None and born <= date(year.year - 6, 8, 31)


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
