"""Reading chosen records' events from the event store, each with its position in the
notification log.

A chronology names every entry by its position, so that an auditor can ask the sealed log for
proof of that very entry; a replay of one child folds only that child's records. The library's
recorders read one record's events without their positions, and the log only in position order,
so this asks the store's own table for both, by record id (its primary key).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg.sql import SQL, Identifier

from domain.child import EpisodeOpened

CHUNK = 500


@dataclass(frozen=True)
class Logged:
    """A domain event and its position (notification id) in the store's log."""

    position: int
    event: Any


def events_of(app: Application[UUID], record_ids: Iterable[UUID]) -> dict[UUID, list[Logged]]:
    """Every stored event of each record, in version order (records with none are left out)."""
    ids = sorted(set(record_ids), key=str)
    found: dict[UUID, list[Logged]] = {}
    for start in range(0, len(ids), CHUNK):
        for position, stored in _select(app, ids[start : start + CHUNK]):
            event = app.mapper.to_domain_event(stored)
            found.setdefault(event.originator_id, []).append(Logged(position, event))
    for logged in found.values():
        logged.sort(key=lambda entry: int(entry.event.originator_version))
    return found


def records_of_children(
    app: Application[UUID], child_ids: Iterable[UUID]
) -> dict[UUID, list[Logged]]:
    """Each child's record and every episode ever linked to it (struck links included)."""
    records = events_of(app, child_ids)
    episodes = {entry.event.episode_id for logged in records.values() for entry in logged
                if isinstance(entry.event, EpisodeOpened)}
    records.update(events_of(app, episodes - set(records)))
    return records


def ids_named(records: dict[UUID, list[Logged]], field: str) -> set[UUID]:
    """Every id the records' events give in `field` (such as `worker_id`), as first recorded or
    as a correction sets it, whether or not it still stands."""
    found: set[UUID] = set()
    for logged in records.values():
        for entry in logged:
            values = [getattr(entry.event, field, None)]
            changes = getattr(entry.event, "changes", None)
            if isinstance(changes, dict):
                values.append(changes.get(field))
            found |= {value for value in values if isinstance(value, UUID)}
    return found


def fold(logged: Sequence[Logged]) -> Any:
    """The record (aggregate) its events make, as the projection folds it."""
    aggregate = None
    for entry in logged:
        aggregate = entry.event.mutate(aggregate)
    return aggregate


def _select(app: Application[UUID], ids: Sequence[UUID]) -> list[tuple[int, StoredEvent]]:
    recorder = app.recorder
    if isinstance(recorder, PostgresAggregateRecorder):
        statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM {schema}.{table} WHERE originator_id = ANY(%s)"
        ).format(
            schema=Identifier(recorder.datastore.schema),
            table=Identifier(recorder.events_table_name),
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (list(ids),))
            rows: list[Any] = cursor.fetchall()
        return [(int(row["notification_id"]), _stored(row["originator_id"], row)) for row in rows]
    if isinstance(recorder, SQLiteAggregateRecorder):
        marks = ",".join("?" for _ in ids)
        # The SQLite recorder's notification id is the table's rowid; ids are stored as hex.
        query = (
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {recorder.events_table_name} WHERE originator_id IN ({marks})"
        )
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(query, [i.hex for i in ids])
            rows = cursor.fetchall()
        return [(int(row["rowid"]), _stored(UUID(row["originator_id"]), row)) for row in rows]
    raise TypeError(f"cannot read positions from a {type(recorder).__name__}")


def _stored(originator_id: UUID, row: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=originator_id,
        originator_version=int(row["originator_version"]),
        topic=row["topic"],
        state=bytes(row["state"]),
    )
