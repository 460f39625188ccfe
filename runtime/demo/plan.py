"""The vocabulary of a synthetic authority's plan: what each record will have done to it (a
`Step`, before anyone is named to do it or a recording time is chosen), and the final `Action`s
the generator sends to the case record's service in the order they are recorded.

A plan is plain data, so that two plans made from one seed can be compared for equality.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.calendar import birthday, load_england_and_wales

LONDON = ZoneInfo("Europe/London")
CALENDAR = load_england_and_wales()

# Who does a step: the worker holding the case, their team manager, or the workforce office.
WORKER, MANAGER, ADMIN = "worker", "manager", "admin"
# How a step is recorded. A KEY step (a decision, a plan, a conference, an allocation) is
# recorded soon and in the order of its record's key steps, because the rules depend on that
# order; a NOTE (a visit, a case note, a concern) may be recorded days late.
KEY, NOTE = "key", "note"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An instant on a day, at a time on the clock in England, as an aware datetime."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def is_working_day(day: date) -> bool:
    # Far beyond the bank holiday data (a child's eighteenth birthday, say), weekdays will do.
    return CALENDAR.is_working_day(day) if CALENDAR.covers(day) else day.weekday() < 5


def working_day(day: date) -> date:
    """`day` if it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """The `n`-th working day after `day` (before it, for a negative `n`)."""
    step = timedelta(days=1 if n >= 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not is_working_day(day):
            day += step
    return day


@dataclass(frozen=True)
class Step:
    """One command on one record, as it will happen. `ref` names it for a later correction;
    `refers_to` is the `ref` of the step a correction or strike is about."""

    occurred_at: datetime
    command: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    by: str = WORKER
    kind: str = KEY
    ref: str = ""
    refers_to: str = ""


@dataclass(frozen=True)
class HolderRequest:
    """The episode should from `at` be held in a team doing `function` (assessment,
    safeguarding, children_in_care or leaving_care); `change` asks for a different worker even
    within the same teams."""

    at: datetime
    function: str
    reason: str = "MANAGE"
    change: bool = False


@dataclass
class ChildPlan:
    key: str
    given_name: str
    family_name: str
    sex: str
    date_of_birth: date
    facts: dict[str, Any]
    steps: list[Step] = field(default_factory=list)
    episodes: list[EpisodePlan] = field(default_factory=list)

    @property
    def eighteenth_birthday(self) -> date:
        return birthday(self.date_of_birth, 18)

    def age_on(self, day: date) -> float:
        return (day - self.date_of_birth).days / 365.25


@dataclass
class EpisodePlan:
    key: str
    child: ChildPlan
    referral_at: datetime
    pathway: str
    steps: list[Step] = field(default_factory=list)
    holders: list[HolderRequest] = field(default_factory=list)
    closed_at: datetime | None = None
    # Filled by the allocation: (when, staff id or None for unallocated, reason, team code).
    allocations: list[tuple[datetime, str | None, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Action:
    """One command as the generator sends it: `subject` is the key of the record it acts on
    (a team code, a staff id, a child or episode key), resolved to the record's id when sent."""

    recorded_at: datetime
    order: int
    command: str
    subject: str
    actor: str
    occurred_at: datetime
    facts: Mapping[str, Any]
    ref: str = ""
    refers_to: str = ""
