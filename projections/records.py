"""The projection's own memory of the records it has applied: each record's events, refolded into
its aggregate on demand, with the most recently used aggregates kept in memory."""

from __future__ import annotations

from collections import OrderedDict
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

    def clear(self) -> None:
        self._aggregates.clear()
        self._children.clear()

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
        if child_id not in self._children:
            rows = self.view.select(
                "SELECT DISTINCT record_id FROM {p}record_events WHERE child_id = ?",
                (str(child_id),),
            )
            self._children[child_id] = {UUID(row["record_id"]) for row in rows}
        return self._children[child_id]

    def _load(self, record_id: UUID) -> CaseAggregate[Any] | None:
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
        while len(self._aggregates) > self.capacity:
            self._aggregates.popitem(last=False)
