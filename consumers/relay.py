"""The relay: follows the event store's notification log and produces each event to Kafka.

At least once, and in order for each child. A batch of the notifications after the relay's
position is sent (an idempotent producer, acknowledged by every in-sync replica), every message's
acknowledgement is awaited, and only then does the position move on, in a tracking table of the
relay's own beside the events. Killed at any moment, it sends again from its position: what the
broker had already taken arrives a second time under new offsets, and consumers drop it (the
casework views by each record's version, the access log by its id).

The log's gaps (ids taken by failed inserts) are permanent, so reading "after the position" skips
them for good, never an event.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    Mapper,
    OperationalError,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore, SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from kafka import KafkaAdminClient, KafkaProducer
from kafka.errors import KafkaError, TopicAlreadyExistsError

from consumers.messages import encode
from domain.service import CaseRecord
from domain.transcodings import case_transcoder
from projections.runner import despite_create_race

log = logging.getLogger(__name__)

# Where the position is kept: the table `relay_tracking` in the events' PostgreSQL schema, or the
# file `relay.sqlite3` beside the SQLite events (its own file, so that the relay's writes never
# wait on the API's).
POSTGRES_TRACKING_TABLE = "relay_tracking"
SQLITE_TRACKING_FILE = "relay.sqlite3"

# Failures that pass (a broker or database restarting): the relay waits and sends again from its
# position. Anything else (an event it cannot read) stops it: skipping would lose the event.
PASSING_FAILURES = (KafkaError, OperationalError, InterfaceError)



class Relay:
    """Produces the store's events to `topic`, keyed by child, from where it last got to.
    `source` is the eventsourcing environment of the event store (runtime.stores.event_store_env)
    or its application recorder; the position is kept beside it unless `positions` is given."""

    def __init__(
        self,
        source: Mapping[str, str] | ApplicationRecorder,
        bootstrap_servers: str | Sequence[str],
        topic: str,
        partitions: int = 6,
        *,
        positions: TrackingRecorder | None = None,
        ack_timeout: float = 60.0,
        request_timeout_ms: int = 30_000,
        **producer_config: Any,
    ) -> None:
        self.bootstrap_servers = bootstrap_servers
        self.topic = topic
        self.partitions = partitions
        self.ack_timeout = ack_timeout
        self.request_timeout_ms = request_timeout_ms
        self.producer_config = producer_config
        self.mapper: Mapper[UUID] = Mapper(transcoder=case_transcoder())
        self._closers: list[Callable[[], None]] = []
        self._producer: KafkaProducer | None = None
        try:
            self.recorder = (
                source if isinstance(source, ApplicationRecorder) else self._open(source)
            )
            self.positions = (
                positions if positions is not None
                else despite_create_race(lambda: positions_beside(self.recorder, self._closers))
            )
            self._position = self.positions.max_tracking_id(self.topic)
        except BaseException:
            self.close()
            raise
        self.topic_partitions: int | None = None  # as found on the broker, once connected

    @property
    def position(self) -> int | None:
        """The last notification id the broker has acknowledged (None: nothing sent yet)."""
        return self._position

    def relay_once(self, limit: int = 500) -> int:
        """Send up to `limit` events after the position, wait for the broker to acknowledge every
        one, then store the position; return how many were sent."""
        notifications = self.recorder.select_notifications(
            start=self._position or 0, limit=limit, inclusive_of_start=False
        )
        if not notifications:
            return 0
        producer = self._connect()
        sent = []
        for notification in notifications:
            message = encode(notification, self.mapper)
            sent.append(producer.send(
                self.topic, key=message.key, value=message.value, headers=message.headers
            ))
        producer.flush(timeout=self.ack_timeout)
        for future in sent:
            future.get(timeout=self.ack_timeout)  # raises what the broker refused
        self._advance(notifications[-1].id)
        return len(notifications)

    def run(
        self, stop: threading.Event, batch: int = 500, idle_seconds: float = 0.2,
        retry_seconds: float = 2.0,
    ) -> None:
        """Relay until `stop` is set: batch after batch, looking again every `idle_seconds` once
        it has caught up. A broker or database that goes away is waited for; the producer is
        made anew and the relay carries on from its stored position."""
        while not stop.is_set():
            try:
                sent = self.relay_once(batch)
            except PASSING_FAILURES as error:
                # The error's type only: its words may quote an event, and logs carry no case.
                log.warning("relay paused at %s (%s); retrying", self._position,
                            type(error).__name__)
                self._disconnect()
                stop.wait(retry_seconds)
                continue
            if sent < batch:
                stop.wait(idle_seconds)

    def close(self) -> None:
        """Close the producer (everything sent has been acknowledged) and what the relay opened."""
        self._disconnect()
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()

    def _open(self, env: Mapping[str, str]) -> ApplicationRecorder:
        factory = InfrastructureFactory.construct(Environment(CaseRecord.name, dict(env)))
        self._closers.append(factory.close)
        return despite_create_race(factory.application_recorder)

    def _advance(self, notification_id: int) -> None:
        try:
            self.positions.insert_tracking(Tracking(self.topic, notification_id))
        except IntegrityError:
            # Another relay on the same store has stored as far or further: carry on from there.
            stored = self.positions.max_tracking_id(self.topic)
            if stored is None or stored < notification_id:
                raise
            notification_id = stored
        self._position = notification_id

    def _connect(self) -> KafkaProducer:
        if self._producer is None:
            self.topic_partitions = ensure_topic(
                self.bootstrap_servers, self.topic, self.partitions, self.request_timeout_ms
            )
            self._producer = KafkaProducer(
                bootstrap_servers=self.bootstrap_servers,
                enable_idempotence=True,
                acks="all",
                # Idempotence keeps each partition in order with up to 5 requests in flight.
                max_in_flight_requests_per_connection=5,
                linger_ms=5,
                request_timeout_ms=self.request_timeout_ms,
                bootstrap_timeout_ms=self.request_timeout_ms,
                **self.producer_config,
            )
        return self._producer

    def _disconnect(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            producer.close(timeout=10)


def ensure_topic(
    bootstrap_servers: str | Sequence[str], topic: str, partitions: int,
    request_timeout_ms: int = 30_000,
) -> int:
    """Create `topic` with `partitions` partitions (and the broker's replication factor) unless
    it exists; return how many partitions it has. An existing topic is left as it is: adding
    partitions would move children to other partitions and break the order of their events."""
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap_servers, request_timeout_ms=request_timeout_ms,
        bootstrap_timeout_ms=request_timeout_ms,
    )
    try:
        if topic not in admin.list_topics():
            try:
                admin.create_topics(
                    {topic: {"num_partitions": partitions, "replication_factor": -1}}
                )
                log.info("created topic %s with %d partitions", topic, partitions)
            except TopicAlreadyExistsError:
                pass  # another relay (or an operator) made it first
        admin.wait_for_topics([topic], timeout_ms=30_000)
        (described,) = admin.describe_topics([topic])
        found = len(described["partitions"])
    finally:
        admin.close()
    if found != partitions:
        log.warning("topic %s has %d partitions, not the %d configured; left as it is",
                    topic, found, partitions)
    return found


def positions_beside(
    recorder: ApplicationRecorder, closers: list[Callable[[], None]]
) -> TrackingRecorder:
    """The relay's tracking recorder beside the event store that `recorder` reads; anything it
    opens of its own is added to `closers`."""
    positions: TrackingRecorder
    if isinstance(recorder, PostgresApplicationRecorder):
        positions = PostgresTrackingRecorder(
            recorder.datastore, tracking_table_name=POSTGRES_TRACKING_TABLE
        )
    elif isinstance(recorder, SQLiteApplicationRecorder):
        datastore = recorder.datastore
        if not datastore.pool.is_sqlite_memory_mode:
            events = Path(datastore.pool.db_name)
            datastore = SQLiteDatastore(
                str(events.with_name(SQLITE_TRACKING_FILE)), lock_timeout=10
            )
            closers.append(datastore.close)
        positions = SQLiteTrackingRecorder(datastore)
    else:
        raise TypeError(f"the relay cannot keep its position beside a {type(recorder).__name__}")
    positions.create_table()
    return positions
