"""Kafka for the integration tests: a topic of a test's own, and the store's events produced to it
encoded and keyed as `consumers.messages` says (standing in for the relay until it exists)."""

from __future__ import annotations

import uuid
from collections.abc import Container, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition

from consumers.messages import encode
from tests.conftest import KAFKA_SERVERS


@contextmanager
def a_topic(partitions: int) -> Iterator[str]:
    """A topic of the caller's own (the broker creates none by itself), deleted afterwards."""
    name = f"casetrail.test.{uuid.uuid4().hex[:12]}"
    admin = KafkaAdminClient(bootstrap_servers=KAFKA_SERVERS, request_timeout_ms=10_000)
    try:
        admin.create_topics(
            {name: {"num_partitions": partitions, "replication_factor": 1}},
            wait_for_metadata=True,
        )
        yield name
    finally:
        admin.delete_topics([name], raise_errors=False)
        admin.close()


def produce_events(
    app: Application[UUID], topic: str, *, after: int = 0, limit: int | None = None,
    times: int = 1, only: Container[int] | None = None,
) -> int:
    """Produce the store's events after notification `after` (at most `limit` of them, and of
    those `only` the ones with these notification ids) to `topic`, each `times` times in a row as
    an at-least-once relay may; return how many were read."""
    producer = KafkaProducer(
        bootstrap_servers=KAFKA_SERVERS, acks="all", enable_idempotence=True, linger_ms=5
    )
    sent: list[Any] = []
    read, last = 0, after
    try:
        while limit is None or read < limit:
            page = 500 if limit is None else min(500, limit - read)
            notifications = app.recorder.select_notifications(
                start=last, limit=page, inclusive_of_start=False
            )
            if not notifications:
                break
            for notification in notifications:
                if only is not None and notification.id not in only:
                    continue
                message = encode(notification, app.mapper)
                sent += [
                    producer.send(topic, key=message.key, value=message.value,
                                  headers=message.headers)
                    for _ in range(times)
                ]
            read += len(notifications)
            last = notifications[-1].id
        producer.flush(timeout=30)
        for future in sent:
            future.get(timeout=30)  # any refused message fails the test here
    finally:
        producer.close()
    return read


def spread_by_key(app: Application[UUID], parts: int) -> list[set[int]]:
    """The store's notification ids in `parts` parts, each key's (each child's) events spread in
    order over all of them: produced part after part, every child is on the move in each part."""
    ids_by_key: dict[bytes, list[int]] = {}
    last = 0
    while notifications := app.recorder.select_notifications(
        start=last, limit=500, inclusive_of_start=False
    ):
        for notification in notifications:
            key = encode(notification, app.mapper).key
            ids_by_key.setdefault(key, []).append(notification.id)
        last = notifications[-1].id
    spread: list[set[int]] = [set() for _ in range(parts)]
    for ids in ids_by_key.values():
        for index, notification_id in enumerate(ids):
            spread[index * parts // len(ids)].add(notification_id)
    return spread


def end_offsets(topic: str) -> dict[int, int]:
    """Each partition's next offset to be written: a feed that has applied everything has stored
    exactly these."""
    consumer = KafkaConsumer(bootstrap_servers=KAFKA_SERVERS)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        return {tp.partition: offset for tp, offset in consumer.end_offsets(partitions).items()}
    finally:
        consumer.close()
