"""A child's running and finished clocks as the engine reports them, and the engine's settings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.calendar import StartDayConvention, WorkingDayCalendar, load_england_and_wales
from domain.rules import Jurisdiction, LocalTimescales


class ClockStatus(enum.StrEnum):
    """Where a clock stands when it is looked at."""

    RUNNING = "running"
    """Not met, not yet past its due date, never extended."""
    EXTENDED = "extended"
    """Not met, not yet past its due date, and a manager has moved that date."""
    MET = "met"
    """Met on or before its due date (the extended date, if it was extended)."""
    MET_LATE = "met late"
    """Met after its due date (the extended date, if it was extended)."""
    OVERDUE = "overdue"
    """Past its due date and not met; also a clock whose work ended unmet after it fell due."""


def status_on(
    deadline: date, met: date | None, stopped: date | None, extended: bool, looked_at: date
) -> ClockStatus:
    """Where a clock stands at `looked_at` (dates, or datetimes for hour rules): the one place
    the statuses are decided, for the engine and for views that judge stored clocks later."""
    if met is not None:
        return ClockStatus.MET if met <= deadline else ClockStatus.MET_LATE
    if stopped is not None or looked_at > deadline:
        return ClockStatus.OVERDUE
    return ClockStatus.EXTENDED if extended else ClockStatus.RUNNING


@dataclass(frozen=True)
class ClockExtension:
    """A manager's extension of a clock: the new due date, who approved it, why, and when."""

    new_due: date
    reason: str
    approved_by: str
    extended_on: date


@dataclass(frozen=True)
class ClockSettings:
    """How an authority counts: its nation's rules, its start-day convention, its local periods."""

    jurisdiction: Jurisdiction
    convention: StartDayConvention = StartDayConvention.START_DAY_IS_DAY_ZERO
    local: LocalTimescales | None = None
    calendar: WorkingDayCalendar = field(default_factory=load_england_and_wales)


@dataclass(frozen=True)
class Clock:
    """One occurrence of a timescale in a child's case, as known at the moment it is looked at.

    `original_due` is the date the rule gives; `due` is the date that governs after any
    extensions (the same date when there are none). `due_at`, `started_at` and `met_at` are set
    for rules counted in hours (police protection) only. `stopped_on` is the day the work the
    clock belongs to ended unmet (the plan, placement, period of care or episode ended, or the
    child died); such a clock is reported only when it was already overdue then. `days_left`
    is counted in `days_unit` from the day it is looked at (or from `stopped_on`) to `due`:
    negative when overdue, None once met.
    """

    key: str
    rule: str
    title: str
    basis: str
    child_id: UUID
    episode_id: UUID | None
    started_on: date
    started_at: datetime | None
    original_due: date
    due: date
    due_at: datetime | None
    met_on: date | None
    met_at: datetime | None
    stopped_on: date | None
    status: ClockStatus
    extensions: tuple[ClockExtension, ...]
    days_left: int | None
    days_unit: str
    explanation: str
