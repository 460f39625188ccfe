"""The bulk path: the case record's own service, for a single writer loading a whole history.

Every command still runs through the same handlers and rules; only the saving differs. What a
command changes stays in memory, and the events of many commands are written together, several
thousand per transaction (in the order the commands were recorded), instead of one transaction per
command. The records a command works on are kept in memory between commands: an unsaved record is
found in memory before the store is asked, so a later command always sees the earlier ones.

Nothing else may write to the store while it loads: a concurrent writer would make the records
in memory stale, and the version checks would only find out at the end of a batch.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import LRUCache, ProcessingEvent, Repository
from eventsourcing.persistence import InterfaceError, OperationalError, Recording, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg import sql

from domain.service import CaseRecord, CommandContext, Receipt
from runtime.demo import generator

# Events per transaction: big enough that a commit's cost disappears, small enough that one
# transaction's rows stay a few megabytes.
BATCH_EVENTS = 5_000
# The most recently used records kept in memory between batches (the library's aggregate cache).
CACHED_RECORDS = 20_000


class CopyingRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, writing a batch with COPY rather than INSERT: the
    same table, the same table lock (so that ids are committed in order), the same
    notification. It returns no notification ids, which the bulk path does not use."""

    # A batch is written in one transaction, so it can be sent again whole if the server went
    # away meanwhile (restarted, say): for a minute, as the library's recorder does for seconds.
    @retry((InterfaceError, OperationalError), max_attempts=60, wait=1.0)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return None
        copy = sql.SQL(
            "COPY {}.{} (originator_id, originator_version, topic, state) FROM STDIN "
            "(FORMAT BINARY)"
        ).format(sql.Identifier(self.datastore.schema), sql.Identifier(self.events_table_name))
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._lock_table(curs)
            self._notify_channel(curs)
            with curs.copy(copy) as rows:
                rows.set_types(["uuid", "int8", "text", "bytea"])
                for event in stored_events:
                    rows.write_row((event.originator_id, event.originator_version, event.topic,
                                    event.state))
        return None


class _UnsavedFirst(Repository[UUID]):
    """The library's repository, which finds a record changed in the unsaved batch in memory
    (it is not in the store yet, and may have left the cache)."""

    unsaved: dict[UUID, Any]

    def get(self, aggregate_id: UUID, **kwargs: Any) -> Any:
        if kwargs.get("version") is None:
            found = self.unsaved.get(aggregate_id)
            if found is not None:
                return found
        return super().get(aggregate_id, **kwargs)


class BulkRecord(CaseRecord):
    """`CaseRecord` saving `batch_events` events per transaction. `flush()` writes what is
    pending; `close()` flushes first. Receipts carry no position until their batch is written."""

    name = CaseRecord.name  # the same store (the library names tables after the application)

    def __init__(self, env: Mapping[str, str], batch_events: int = BATCH_EVENTS) -> None:
        if batch_events < 1:
            raise ValueError("a batch holds at least one event")
        copying = {"APPLICATION_RECORDER_TOPIC": f"{__name__}:CopyingRecorder"} if env.get(
            "PERSISTENCE_MODULE") == "eventsourcing.postgres" else {}
        super().__init__(env={
            **env,
            **copying,
            "AGGREGATE_CACHE_MAXSIZE": str(CACHED_RECORDS),
            "AGGREGATE_CACHE_FASTFORWARD": "n",
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
        })
        self.batch_events = batch_events
        self.saved_events = 0
        self._batch: ProcessingEvent[UUID] = ProcessingEvent()
        self._unsaved: dict[UUID, Any] = {}
        assert isinstance(self.repository, _UnsavedFirst)
        self.repository.unsaved = self._unsaved

    def construct_repository(self) -> Repository[UUID]:
        plain = super().construct_repository()
        repository = _UnsavedFirst(
            event_store=plain.event_store, snapshot_store=plain.snapshot_store,
            cache_maxsize=CACHED_RECORDS, fastforward=False, deepcopy_from_cache=False,
        )
        repository.unsaved = {}
        return repository

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Keep the records' new events for the next transaction (written when the batch is
        full); nothing is recorded yet, so no recordings are returned."""
        if kwargs:
            raise TypeError("the bulk path saves records only")
        for record in objs:
            # What the library's `collect_events` does, without its protocol checks (a tenth
            # of the time of a bulk load): these are always the case record's aggregates.
            self._batch.events.extend(record.collect_events())
            self._batch.aggregates[record.id] = record
            self._unsaved[record.id] = record
        if len(self._batch.events) >= self.batch_events:
            self.flush()
        return []

    def flush(self) -> int:
        """Write the pending events in one transaction; returns how many."""
        batch, self._batch = self._batch, ProcessingEvent()
        if not batch.events:
            return 0
        recordings = self._record(batch)  # puts the records in the cache, as saved
        self._unsaved.clear()
        self._notify(recordings)
        self.saved_events += len(batch.events)
        # What is still alive now (the plan being loaded, the records in memory) lives long:
        # spare the garbage collector from scanning millions of objects again and again (a
        # fifth of a large load's time). Their memory is still freed when they are dropped.
        gc.freeze()
        return len(batch.events)

    def _run(
        self, ctx: CommandContext, command: str, facts: Mapping[str, Any],
        act: Callable[[], list[Any]],
    ) -> Receipt:
        try:
            return super()._run(ctx, command, facts, act)
        except Exception:
            # A refused command may have changed a record in memory before it was refused
            # (the first of two events, say): write what earlier commands did, and read every
            # record from the store again.
            self._forget_refused()
            raise

    def _forget_refused(self) -> None:
        self.flush()
        self._unsaved.clear()
        self.repository.cache = LRUCache(maxsize=CACHED_RECORDS)

    def close(self) -> None:
        self.flush()
        super().close()
        gc.unfreeze()


def load(
    env: Mapping[str, str], demo: generator.DemoPlan,
    progress: generator.Progress | None = None, every: int = 200,
    batch_events: int = BATCH_EVENTS,
) -> generator.LoadReport:
    """Record the plan through the bulk path into the store `env` names (an empty one); the
    report's time includes writing the last batch."""
    started = time.perf_counter()
    service = BulkRecord(env, batch_events)
    try:
        report = generator.load(service, demo, progress, every)
        service.flush()
    finally:
        service.close()
    report.seconds = time.perf_counter() - started
    return report
