"""The base of every case event and aggregate: the envelope, rule checks, and corrections.

An aggregate's state is a fold of its *effective* history: the events as recorded, with corrections
applied and events entered in error left out. Nothing is ever edited or deleted in the store; a
correction is itself an event, and the fold is re-run when one arrives.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.envelope import current_recording, local_date
from domain.errors import InvalidValue, RuleBroken

TState = TypeVar("TState")

ENVELOPE_FIELDS = frozenset(
    {
        "originator_id",
        "originator_version",
        "timestamp",
        "originator_topic",
        "occurred_at",
        "actor",
        "on_behalf_of",
        "reason",
        "correlation_id",
        "causation_id",
        "child_id",
    }
)


class CaseEvent(Aggregate.Event):
    """A fact about a case, with its envelope. `timestamp` is when it was recorded (server time)."""

    occurred_at: datetime
    actor: str
    on_behalf_of: str | None
    reason: str | None
    correlation_id: str
    causation_id: str | None

    class_version: ClassVar[int] = 1
    # The code list each coded fact must come from, so that a correction is held to the same
    # lists as the command that first recorded the fact.
    code_lists: ClassVar[Mapping[str, Collection[str]]] = {}

    @staticmethod
    def create_timestamp() -> datetime:
        return current_recording().recorded_at

    @property
    def recorded_at(self) -> datetime:
        return self.timestamp

    @property
    def occurred_on(self) -> date:
        return local_date(self.occurred_at)

    def apply(self, aggregate: Any) -> None:
        aggregate.take(self)

    def check(self, state: Any) -> None:
        """Refuse this event, given the state before it. Runs only when it is first recorded (or
        when a correction re-examines the history), never on replay: a rule added later must not
        make an old record unreadable."""

    def evolve(self, state: Any) -> None:
        """Fold this event into the state. Assigns only: no clocks, no ids, no checks."""


class CaseCreated(CaseEvent, Aggregate.Created):
    """The first event of an aggregate."""

    def apply(self, aggregate: Any) -> None:
        aggregate.take(self)


class EventCorrected(CaseEvent):
    """A later event that names the event it corrects, what changes, and why (`reason`)."""

    corrects_version: int
    changes: dict[str, Any]

    def check(self, state: Any) -> None:
        if not self.reason:
            raise RuleBroken("correction-needs-reason", "a correction must say why", "reason")


class EventEnteredInError(CaseEvent):
    """Marks an event recorded on the wrong record: visible to auditors, left out of the fold."""

    corrects_version: int

    def check(self, state: Any) -> None:
        if not self.reason:
            raise RuleBroken("error-needs-reason", "say why the entry was in error", "reason")


CORRECTIONS = (EventCorrected, EventEnteredInError)


class CaseAggregate(Aggregate, Generic[TState]):
    """An aggregate whose state is a fold of its effective history."""

    def __init__(self) -> None:
        self._history: list[CaseEvent] = []
        self._live = False
        self.state: TState = self.new_state()

    def new_state(self) -> TState:
        raise NotImplementedError

    @classmethod
    def start(
        cls,
        event_class: type[CaseCreated],
        id: UUID,
        occurred_at: datetime,
        reason: str | None = None,
        **facts: Any,
    ) -> Any:
        """Start a new record with its first event."""
        return cls._create(event_class, id=id, **envelope(occurred_at, reason), **facts)

    def record(
        self,
        event_class: type[CaseEvent],
        occurred_at: datetime,
        reason: str | None = None,
        **facts: Any,
    ) -> None:
        """Record a new event, checking it against the rules first."""
        self._live = True
        try:
            self.trigger_event(event_class, **envelope(occurred_at, reason), **facts)
        finally:
            self._live = False

    def take(self, event: CaseEvent) -> None:
        if getattr(self, "_live", False):
            event.check(self.state)
            if isinstance(event, CORRECTIONS):
                self._check_corrected_history(event)
        self._history.append(event)
        if isinstance(event, CORRECTIONS):
            self.state = self._fold(self.effective_history(), checking=False)
        else:
            event.evolve(self.state)

    @property
    def history(self) -> list[CaseEvent]:
        """Every event as recorded, corrections included."""
        return list(self._history)

    def effective_history(self, extra: CaseEvent | None = None) -> list[CaseEvent]:
        return effective_events([*self._history, *([extra] if extra else [])])

    def event_at(self, version: int) -> CaseEvent:
        for event in self._history:
            if event.originator_version == version:
                return event
        raise InvalidValue("corrects_version", f"this record has no entry number {version}")

    def _check_corrected_history(self, correction: CaseEvent) -> None:
        assert isinstance(correction, CORRECTIONS)
        target = self.event_at(correction.corrects_version)
        if isinstance(target, CORRECTIONS):
            raise InvalidValue("corrects_version", "a correction cannot itself be corrected")
        if target.originator_version == self.INITIAL_VERSION and isinstance(
            correction, EventEnteredInError
        ):
            raise InvalidValue("corrects_version", "the first entry of a record cannot be struck")
        if isinstance(correction, EventCorrected):
            check_changes(target, correction.changes)
        self._fold(self.effective_history(correction), checking=True)

    def _fold(self, events: list[CaseEvent], checking: bool) -> TState:
        state = self.new_state()
        for event in events:
            if checking:
                event.check(state)
            event.evolve(state)
        return state


def envelope(occurred_at: datetime, reason: str | None) -> dict[str, Any]:
    """The envelope of a new event: the recording context plus what the command said."""
    context = current_recording()
    if local_date(occurred_at) > local_date(context.recorded_at):
        raise InvalidValue("occurred_at", "this cannot be recorded as happening in the future")
    return {
        "occurred_at": occurred_at,
        "actor": context.actor,
        "on_behalf_of": context.on_behalf_of,
        "reason": reason,
        "correlation_id": context.correlation_id,
        "causation_id": context.causation_id,
    }


def effective_events(history: list[CaseEvent]) -> list[CaseEvent]:
    """The history with corrections applied and entries in error removed (corrections excluded)."""
    struck = {e.corrects_version for e in history if isinstance(e, EventEnteredInError)}
    changes: dict[int, dict[str, Any]] = {}
    for event in history:
        if isinstance(event, EventCorrected):
            changes.setdefault(event.corrects_version, {}).update(event.changes)
    effective: list[CaseEvent] = []
    for event in history:
        if isinstance(event, CORRECTIONS) or event.originator_version in struck:
            continue
        if event.originator_version in changes:
            event = corrected(event, changes[event.originator_version])
        effective.append(event)
    return effective


def corrected(event: CaseEvent, changes: dict[str, Any]) -> CaseEvent:
    """A copy of an event as it should have been recorded (never stored: derived on each fold)."""
    state = dict(event.__dict__)
    state.update(changes)
    copy = object.__new__(type(event))
    copy.__dict__.update(state)
    return copy


def typed_changes(target: CaseEvent, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes with each date given as ISO text (as JSON carries it) made a date, for the
    facts of `target` that are dates; anything else is left for `check_changes` to judge."""
    hints = typing.get_type_hints(type(target))
    typed = dict(changes)
    for name, value in changes.items():
        if name != "occurred_at" and isinstance(value, str) and _takes_date(hints.get(name)):
            try:
                typed[name] = date.fromisoformat(value)
            except ValueError:
                raise InvalidValue(f"changes.{name}", f"{value!r} is not a date (YYYY-MM-DD)"
                                   ) from None
    return typed


def _takes_date(hint: Any) -> bool:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_takes_date(arg) for arg in typing.get_args(hint))
    return hint is date


def check_changes(target: CaseEvent, changes: dict[str, Any]) -> None:
    """A correction may change only the facts of an event, each to a value of the right kind."""
    if not changes:
        raise InvalidValue("changes", "say what the correction changes")
    fields = {f.name: f for f in dataclasses.fields(target)}
    hints = typing.get_type_hints(type(target))
    for name, value in changes.items():
        if name == "occurred_at":
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise InvalidValue("changes.occurred_at", "must be a date and time with an offset")
            if local_date(value) > local_date(current_recording().recorded_at):
                raise InvalidValue(
                    "changes.occurred_at", "a correction cannot move an event into the future"
                )
            continue
        if name in ENVELOPE_FIELDS or name not in fields:
            correctable = [*sorted(set(fields) - ENVELOPE_FIELDS), "occurred_at"]
            raise InvalidValue(
                f"changes.{name}",
                f"{type(target).__name__} has no fact '{name}' that can be corrected; "
                f"it has: {', '.join(correctable)}",
            )
        if not _fits(value, hints[name]):
            raise InvalidValue(f"changes.{name}", f"{value!r} is not a valid {name}")
        allowed = type(target).code_lists.get(name)
        if allowed is not None:
            for code in value if isinstance(value, list | tuple) else [value]:
                if code is not None and code not in allowed:
                    raise InvalidValue(
                        f"changes.{name}",
                        f"'{code}' is not a known code; expected one of "
                        f"{', '.join(sorted(allowed))}",
                    )


def _fits(value: Any, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if origin in (list, tuple):
        (item,) = typing.get_args(hint)[:1] or (Any,)
        return isinstance(value, list | tuple) and all(_fits(v, item) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is Any:
        return True
    if hint is date:
        return isinstance(value, date) and not isinstance(value, datetime)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True
