"""Who is recording, when, and as part of which request: the envelope every event carries.

The service opens a `recording(...)` context per command; events read it when they are made, so
that no aggregate method has to thread the actor through, and a replay never re-reads it (stored
events already hold their envelope).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from domain.errors import EnvelopeMissing, InvalidValue

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Recording:
    """The server's facts about one command: never supplied by a client."""

    actor: str
    recorded_at: datetime
    correlation_id: str
    on_behalf_of: str | None = None
    causation_id: str | None = None


_current: ContextVar[Recording | None] = ContextVar("casetrail_recording", default=None)


@contextmanager
def recording(context: Recording) -> Iterator[Recording]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def current_recording() -> Recording:
    context = _current.get()
    if context is None:
        raise EnvelopeMissing("events can only be recorded inside a recording context")
    return context


def local_date(moment: datetime) -> date:
    """The calendar date in England and Wales of an instant: the date statutory clocks count in."""
    return moment.astimezone(LONDON).date()


def start_of_day(day: date) -> datetime:
    """The instant a date begins in England and Wales, for events known only by their date."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def as_occurred_at(value: date | datetime, field: str = "occurred_at") -> datetime:
    """An aware UTC instant from a date or datetime; naive datetimes are refused, not guessed,
    and so are moments at the edge of the calendar, where converting them would overflow."""
    try:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise InvalidValue(
                    field, "a time must carry its UTC offset (e.g. 2026-03-01T10:00Z)"
                )
            moment = value.astimezone(UTC)
        else:
            moment = start_of_day(value)
        local_date(moment)
    except OverflowError:
        raise InvalidValue(field, "this date is outside any calendar a record can hold") from None
    return moment
