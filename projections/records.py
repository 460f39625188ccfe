"""The projection's own memory of the records it has applied: each record's events, refolded into
its aggregate on demand, with the most recently used aggregates kept in memory."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from domain.record import CaseAggregate
from domain.transcodings import case_transcoder
from projections.recorders import Statement, ViewStore


class RecordCache:
    """Aggregates as of the last event the projection applied to each, refolded from the view's
    `record_events` when not in memory. Cleared whenever a write fails, so that memory never
    runs ahead of what was committed."""

    def __init__(self, view: ViewStore, capacity: int = 20_000) -> None:
        self.view = view
        self.capacity = capacity
        self.mapper: Mapper[UUID] = Mapper(transcoder=case_transcoder())
        self._aggregates: OrderedDict[UUID, Any] = OrderedDict()
        self._children: dict[UUID, set[UUID]] = {}
        self._holding = 0
        # While the view holds only what this cache applied (a rebuild from an empty view), a
        # record it never saw, or saw but let go of, is known without asking the view.
        self._view_is_empty_but_for_me = False
        self._let_go: set[UUID] = set()
        # What the projection last wrote of each record held, by table (a digest of its rows):
        # a table whose rows an event did not change need not be written again. Forgotten with
        # the record, and on clear(), so it never outlives what was committed.
        self.written: dict[UUID, dict[str, bytes]] = {}

    def clear(self, view_is_empty: bool = False) -> None:
        """Forget every record. `view_is_empty`: the view has just been wiped, and will hold
        only what this cache applies from now on (so a record it has not seen is not there)."""
        self._aggregates.clear()
        self._children.clear()
        self.written.clear()
        self._view_is_empty_but_for_me = view_is_empty
        self._let_go.clear()

    @contextmanager
    def held(self) -> Iterator[None]:
        """Evict nothing meanwhile: a batch that computes its rows after folding all its events
        must find each record as the batch left it, not as the view last committed it."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            self._trim()

    def applied_version(self, record_id: UUID) -> int:
        aggregate = self.get(record_id)
        return 0 if aggregate is None else int(aggregate.version)

    def get(self, record_id: UUID) -> Any:
        aggregate = self._aggregates.get(record_id)
        if aggregate is None:
            aggregate = self._load(record_id)
            if aggregate is None:
                return None
            self._remember(record_id, aggregate)
        else:
            self._aggregates.move_to_end(record_id)
        return aggregate

    def apply(self, event: Any, child_id: UUID | None) -> Statement:
        """Fold one new event into its record and return the statement that keeps it."""
        aggregate = self.get(event.originator_id)
        aggregate = event.mutate(aggregate)
        self._remember(event.originator_id, aggregate)
        if child_id is not None:
            self.records_of_child(child_id).add(event.originator_id)
        stored = self.mapper.to_stored_event(event)
        return (
            "INSERT INTO {p}record_events (record_id, version, child_id, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            (str(event.originator_id), event.originator_version,
             str(child_id) if child_id else None, stored.topic, stored.state.decode()),
        )

    def records_of_child(self, child_id: UUID) -> set[UUID]:
        if child_id not in self._children and self._view_is_empty_but_for_me:
            self._children[child_id] = set()  # every record applied since is added to it
        if child_id not in self._children:
            rows = self.view.select(
                "SELECT DISTINCT record_id FROM {p}record_events WHERE child_id = ?",
                (str(child_id),),
            )
            self._children[child_id] = {UUID(row["record_id"]) for row in rows}
        return self._children[child_id]

    def _load(self, record_id: UUID) -> CaseAggregate[Any] | None:
        if self._view_is_empty_but_for_me and record_id not in self._let_go:
            return None
        rows = self.view.select(
            "SELECT version, topic, state FROM {p}record_events WHERE record_id = ? "
            "ORDER BY version",
            (str(record_id),),
        )
        aggregate = None
        for row in rows:
            event: Any = self.mapper.to_domain_event(StoredEvent(
                originator_id=record_id, originator_version=row["version"], topic=row["topic"],
                state=row["state"].encode(),
            ))
            aggregate = event.mutate(aggregate)
        return aggregate

    def _remember(self, record_id: UUID, aggregate: Any) -> None:
        self._aggregates[record_id] = aggregate
        self._aggregates.move_to_end(record_id)
        self._trim()

    def _trim(self) -> None:
        while not self._holding and len(self._aggregates) > self.capacity:
            record_id, _ = self._aggregates.popitem(last=False)
            self.written.pop(record_id, None)
            if self._view_is_empty_but_for_me:
                self._let_go.add(record_id)
