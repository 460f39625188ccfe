"""Statutory clocks: when each one runs out, and an explanation people can check."""

from domain.clocks.due import due_date
from domain.clocks.engine import child_clocks
from domain.clocks.explain import format_due_explanation
from domain.clocks.model import Clock, ClockExtension, ClockSettings, ClockStatus, status_on
from domain.clocks.result import (
    DueDate,
    IntervalOutOfRange,
    SkippedDay,
    StartTimeNeeded,
)

__all__ = [
    "Clock",
    "ClockExtension",
    "ClockSettings",
    "ClockStatus",
    "DueDate",
    "IntervalOutOfRange",
    "SkippedDay",
    "StartTimeNeeded",
    "child_clocks",
    "due_date",
    "format_due_explanation",
    "status_on",
]
