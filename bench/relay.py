"""Relay throughput: the relay (consumers/relay.py) producing every stored event to a fresh
topic, batch after batch (each acknowledged by the broker before its position is stored),
against a bare kafka-python producer sending the same messages, already encoded, with the same
producer settings to another fresh topic."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from kafka import KafkaAdminClient, KafkaProducer

from bench import store
from bench.config import BenchConfig
from bench.profile import profiled
from bench.stats import Stopwatch, ratio
from consumers.messages import CaseMessage, encode
from consumers.relay import Relay, ensure_topic
from domain.service import CaseRecord

PARTITIONS = 6
BATCH = 500  # `casetrail relay`'s default


def measure(config: BenchConfig, schema: str) -> dict[str, Any]:
    dsn, servers = config.postgres, config.kafka
    relayed_to, bare_to = _topic("relay"), _topic("bare")
    env = store.env_for(dsn, schema)
    try:
        relay = Relay(env, servers, relayed_to, PARTITIONS)
        try:
            relay.relay_once(1)  # connects and makes the topic, outside the timing
            clock, sent = Stopwatch(), 1
            while count := relay.relay_once(BATCH):
                sent += count
            seconds = clock.seconds
        finally:
            relay.close()
        messages = _messages(env)
        if len(messages) != sent:
            raise RuntimeError(f"relayed {sent} events, but the store holds {len(messages)}")
        ensure_topic(servers, bare_to, PARTITIONS)
        bare_seconds = _send_bare(servers, bare_to, messages[1:])
        _, areas = profiled(lambda: _relay_some(env, servers, _topic("profile")))
    finally:
        delete_topics(servers, [relayed_to, bare_to])
    rate, bare_rate = (sent - 1) / seconds, (len(messages) - 1) / bare_seconds
    return {
        "events": sent,
        "events_per_second": round(rate),
        "events_per_batch": BATCH,
        "baseline": "bare KafkaProducer, same messages pre-encoded, same settings",
        "baseline_events_per_second": round(bare_rate),
        "ratio": ratio(rate, bare_rate),
        "partitions": PARTITIONS,
        "profile": areas,
    }


def _topic(kind: str) -> str:
    return f"casetrail.bench.{kind}.{uuid.uuid4().hex[:8]}"


def _messages(env: dict[str, str]) -> list[CaseMessage]:
    app = CaseRecord(env=env)
    try:
        messages, last = [], 0
        while notifications := app.recorder.select_notifications(
            start=last, limit=5_000, inclusive_of_start=False
        ):
            messages += [encode(n, app.mapper) for n in notifications]
            last = notifications[-1].id
        return messages
    finally:
        app.close()


def _send_bare(servers: str, topic: str, messages: Sequence[CaseMessage]) -> float:
    producer = KafkaProducer(
        bootstrap_servers=servers, enable_idempotence=True, acks="all",
        max_in_flight_requests_per_connection=5, linger_ms=5,
    )
    try:
        producer.send(topic, key=b"warm-up", value=b"{}").get(timeout=30)
        clock = Stopwatch()
        for start in range(0, len(messages), BATCH):
            # As the relay does: a batch, then wait for every acknowledgement.
            sent = [producer.send(topic, key=m.key, value=m.value, headers=m.headers)
                    for m in messages[start:start + BATCH]]
            producer.flush(timeout=60)
            for future in sent:
                future.get(timeout=60)
        return clock.seconds
    finally:
        producer.close(timeout=10)


def _relay_some(env: dict[str, str], servers: str, topic: str, events: int = 5_000) -> None:
    relay = Relay(env, servers, topic, PARTITIONS)
    try:
        sent = 0
        while sent < events and (count := relay.relay_once(BATCH)):
            sent += count
    finally:
        relay.close()
        delete_topics(servers, [topic])


def delete_topics(servers: str, topics: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=servers)
    try:
        existing = set(admin.list_topics())
        gone = [t for t in topics if t in existing]
        if gone:
            admin.delete_topics(gone)
    finally:
        admin.close()
