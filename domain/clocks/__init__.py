"""Statutory clocks: when each one runs out, and an explanation people can check."""

from domain.clocks.due import due_date
from domain.clocks.explain import format_due_explanation
from domain.clocks.result import (
    DueDate,
    IntervalOutOfRange,
    SkippedDay,
    StartTimeNeeded,
)

__all__ = [
    "DueDate",
    "IntervalOutOfRange",
    "SkippedDay",
    "StartTimeNeeded",
    "due_date",
    "format_due_explanation",
]
