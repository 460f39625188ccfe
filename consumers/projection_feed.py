"""A projection (the casework views, the reporting tables) fed from a Kafka consumer group: the
scale-out way to keep them.

Several processes in one consumer group share the topic's partitions (one child's events are all
in one partition). Where each partition has been read to is kept in the views' own tracking
table, under `kafka:{topic}:{partition}`, as the next offset to read, and written in the same
transaction as the rows that message changed: a process killed at any moment leaves rows and
position together, and whoever takes the partition next carries on from there. Kafka's own
committed offsets play no part in that; they are committed afterwards, for lag monitoring only.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Mapper, Tracking
from kafka import ConsumerRebalanceListener, KafkaConsumer, OffsetAndMetadata, TopicPartition

from consumers.messages import decode
from domain.transcodings import case_transcoder
from projections.recorders import ViewStore
from projections.records import RecordCache

log = logging.getLogger(__name__)


class FoldingProjection(Protocol):
    """What a feed needs of a projection (the casework views, the reporting tables...): a batch
    of events applied in one transaction with the last one's tracking, the store it writes to,
    and the records it holds in memory, forgotten when partitions change hands."""

    @property
    def view(self) -> ViewStore: ...

    @property
    def records(self) -> RecordCache: ...

    def process_batch(self, batch: list[tuple[Any, Tracking]]) -> None: ...


def position_name(topic: str, partition: int) -> str:
    """The tracking name under which the views keep the next offset to read of a partition."""
    return f"kafka:{topic}:{partition}"


def stored_position(view: ViewStore, topic: str, partition: int) -> int | None:
    """The next offset of the partition that the views have not applied (None: none applied)."""
    return view.max_tracking_id(position_name(topic, partition))


class KafkaFeed:
    """One member of a consumer group folding the case events of `topic` into a projection's
    tables (the casework views, or the reporting tables).
    `poll_once` applies what the broker hands over, one transaction per partition; `run` polls
    until told to stop. Errors surface: a process that stops on one is restarted and carries on
    from the positions in the views."""

    def __init__(
        self, projection: FoldingProjection, bootstrap_servers: str | Sequence[str], topic: str,
        group_id: str, *, max_poll_records: int = 500, commit_offsets: bool = True,
        **consumer_config: Any,
    ) -> None:
        self.projection = projection
        self.topic = topic
        self.commit_offsets = commit_offsets
        self.mapper: Mapper[UUID] = Mapper(transcoder=case_transcoder())
        self.consumed = 0  # messages applied (duplicates included) by this member
        # The next offset of each assigned partition, as stored in the views: a message before it
        # is one this member has already seen (fetched before a seek, or redelivered).
        self._next: dict[TopicPartition, int] = {}
        self.consumer = KafkaConsumer(
            bootstrap_servers=bootstrap_servers, group_id=group_id, enable_auto_commit=False,
            auto_offset_reset="earliest", allow_auto_create_topics=False,
            max_poll_records=max_poll_records, **consumer_config,
        )
        self.consumer.subscribe([topic], listener=_TakeUpFromTheViews(self))

    def poll_once(self, timeout_ms: int = 1000) -> int:
        """Apply what the broker has for this member (at most `max_poll_records` messages), each
        partition's in one transaction with its position; return how many were applied."""
        fetched: dict[TopicPartition, list[Any]] = self.consumer.poll(timeout_ms=timeout_ms)
        applied, done = 0, {}
        for partition, messages in fetched.items():
            count = self._apply(partition, messages)
            if count:
                applied += count
                done[partition] = OffsetAndMetadata(self._next[partition], "", -1)
        if done and self.commit_offsets:
            self.consumer.commit_async(done, callback=_note_commit)
        self.consumed += applied
        return applied

    def run(self, stop: threading.Event, timeout_ms: int = 500) -> None:
        """Poll and apply until `stop` is set."""
        while not stop.is_set():
            self.poll_once(timeout_ms)

    def assignment(self) -> set[TopicPartition]:
        """The partitions this member holds now."""
        return set(self.consumer.assignment())

    def close(self) -> None:
        """Leave the group (the partitions go to the other members) and close the consumer."""
        self.consumer.close(autocommit=False)

    def _apply(self, partition: TopicPartition, messages: list[Any]) -> int:
        fresh = [m for m in messages if m.offset >= self._next.get(partition, 0)]
        if not fresh:
            return 0
        name = position_name(partition.topic, partition.partition)
        batch = [(decode(m.value, self.mapper), Tracking(name, m.offset + 1)) for m in fresh]
        try:
            self.projection.process_batch(batch)  # clears the record cache if it fails
        except IntegrityError:
            stored = self.projection.view.max_tracking_id(name)
            if stored is None or stored <= fresh[0].offset:
                raise  # nobody had stored these: a real conflict in the rows, not a repeat
            # Another member (or an earlier life of this one) stored this far first; its rows
            # are committed with that position and ours were rolled back: go on from there.
            log.info("%s was already applied up to %d; carrying on from there", name, stored)
            self._move(partition, stored)
            return 0
        self._next[partition] = fresh[-1].offset + 1
        return len(fresh)

    def _take_up(self, partitions: Iterable[TopicPartition]) -> None:
        # Whoever held these partitions before may have moved their children on since this
        # member last saw them: forget every record and read from the views again.
        self.projection.records.clear()
        for partition in partitions:
            stored = stored_position(self.projection.view, partition.topic, partition.partition)
            if stored is None:
                self.consumer.seek_to_beginning(partition)
                self._next[partition] = 0
            else:
                self._move(partition, stored)

    def _give_up(self, partitions: Iterable[TopicPartition]) -> None:
        self.projection.records.clear()
        for partition in partitions:
            self._next.pop(partition, None)

    def _move(self, partition: TopicPartition, offset: int) -> None:
        self.consumer.seek(partition, offset)
        self._next[partition] = offset


class _TakeUpFromTheViews(ConsumerRebalanceListener):  # type: ignore[misc]
    """Seeks each assigned partition to the position its views have stored. The client calls it
    on its IO thread, while the polling thread waits in `poll` (or `close`): the feed's state is
    never touched by both at once."""

    def __init__(self, feed: KafkaFeed) -> None:
        self.feed = feed

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        self.feed._give_up(revoked)

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.feed._take_up(assigned)


def _note_commit(offsets: dict[TopicPartition, OffsetAndMetadata], response: Any) -> None:
    # A monitoring commit lost in a rebalance is harmless: the positions are in the views.
    if isinstance(response, Exception):
        log.debug("offsets for monitoring not committed (%s)", type(response).__name__)
