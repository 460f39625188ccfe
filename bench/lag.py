"""End-to-end lag, at a steady rate of commands: from a command's acknowledgement (the domain
service returned, its events committed in PostgreSQL) to its effect committed in a Kafka-fed
projection (the relay produced it, the KafkaFeed consumer folded it into the casework views).

Each part runs as deployed, in a process of its own, against a fresh store and topic: the relay
is `casetrail relay` (its default batch and idle wait), the views are fed by a KafkaFeed with the
consumer's defaults (bench/lag_feed.py, which says when each event's rows were committed), and
the commands come from a few threads calling the domain service, as the API's would.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from kafka import KafkaConsumer, KafkaProducer

from bench import datasets, store
from bench.append import NOTE, OpenEpisode, open_episodes
from bench.config import BenchConfig
from bench.relay import PARTITIONS, delete_topics
from bench.stats import Stopwatch, latency_summary, milliseconds, percentile
from consumers.relay import ensure_topic
from domain.service import CaseRecord, CommandContext

ROOT = Path(__file__).resolve().parent.parent
CASETRAIL = Path(sys.executable).with_name("casetrail")
SCHEMA = f"{store.PREFIX}lag"
VIEWS_SCHEMA = f"{store.PREFIX}lag_views"
SENDING_PROCESSES = 2
SENDERS = 8  # threads in each

Acks = dict[tuple[UUID, int], float]

Seen = dict[tuple[UUID, int], float]


def measure(config: BenchConfig) -> dict[str, Any]:
    dsn, servers = config.postgres, config.kafka
    dataset = datasets.load(dsn, SCHEMA, config.lag_dataset)
    datasets.build_views(dsn, SCHEMA)  # the commands go to cases the views say are open
    episodes = open_episodes(dsn, SCHEMA)
    store.fresh_schema(dsn, VIEWS_SCHEMA)
    topic, group = f"casetrail.bench.lag.{uuid.uuid4().hex[:8]}", f"bench-{uuid.uuid4().hex[:8]}"
    ensure_topic(servers, topic, PARTITIONS)
    seen: Seen = {}
    try:
        with _process([str(CASETRAIL), "relay"], _relay_environment(dsn, servers, topic)), \
                _process([sys.executable, "-m", "bench.lag_feed", dsn, VIEWS_SCHEMA, servers,
                          topic, group], seen=seen):
            _wait(lambda: len(seen) >= dataset.events, 600, "the feed to catch up")
            acks, sent_seconds = _send_steadily(dsn, episodes, config.lag_rate,
                                                config.lag_seconds)
            _wait(lambda: all(key in seen for key in acks), 120,
                  "every command to show in the views")
    finally:
        delete_topics(servers, [topic])
    # A row committed before its sender noted the acknowledgement: no lag at all.
    lags = [max(0.0, seen[key] - acked) for key, acked in acks.items()]
    bare = _bare_kafka_lag(servers, config.lag_rate, min(config.lag_seconds, 20.0))
    return {
        "commands": len(acks),
        "target_commands_per_second": config.lag_rate,
        "achieved_commands_per_second": round(len(acks) / sent_seconds, 1),
        "lag": {**latency_summary(lags), "max_ms": milliseconds(max(lags))},
        "under_one_second": round(sum(1 for lag in lags if lag < 1.0) / len(lags), 4),
        "p99_seconds": round(percentile(lags, 99), 3),
        "pipeline": "CaseRecord -> PostgreSQL -> casetrail relay -> Kafka -> KafkaFeed -> views",
        "baseline": latency_summary(bare),
    }


def _relay_environment(dsn: str, servers: str, topic: str) -> dict[str, str]:
    return {"CASETRAIL_STORE": dsn, "CASETRAIL_POSTGRES_SCHEMA": SCHEMA,
            "CASETRAIL_KAFKA_BOOTSTRAP_SERVERS": servers, "CASETRAIL_KAFKA_TOPIC": topic,
            "CASETRAIL_KAFKA_PARTITIONS": str(PARTITIONS)}


@contextmanager
def _process(
    command: list[str], environment: dict[str, str] | None = None, seen: Seen | None = None
) -> Iterator[None]:
    """A process for the duration, its output read into `seen` (or thrown away)."""
    process = subprocess.Popen(
        command, cwd=ROOT, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(environment or {})},
        stdout=subprocess.PIPE if seen is not None else subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reader = None
    if seen is not None and process.stdout is not None:
        reader = threading.Thread(target=_read_seen, args=(process.stdout, seen), daemon=True)
        reader.start()
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if reader is not None:
            reader.join(timeout=10)


def _read_seen(lines: IO[str], seen: Seen) -> None:
    for line in lines:
        record, version, committed = line.split()
        seen.setdefault((UUID(record), int(version)), float(committed))


def _send_steadily(
    dsn: str, episodes: list[OpenEpisode], rate: float, seconds: float
) -> tuple[Acks, float]:
    """Case notes at `rate` a second in all for `seconds`, from a few processes (one process's
    share of the machine would not keep up), each with its own episodes. Returns when each
    command was acknowledged, by the (record, version) it made, and how long sending took."""
    shares = [episodes[k::SENDING_PROCESSES] for k in range(SENDING_PROCESSES)]
    start = time.monotonic() + 5  # once every process is ready
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(SENDING_PROCESSES, mp_context=context) as processes:
        futures = [processes.submit(_send_share, dsn, share, rate / SENDING_PROCESSES, seconds,
                                    start, k) for k, share in enumerate(shares)]
        acks: Acks = {}
        for future in futures:
            acks.update(future.result())
    return acks, max(acks.values()) - start


def _send_share(
    dsn: str, episodes: list[OpenEpisode], rate: float, seconds: float, start: float,
    process: int,
) -> Acks:
    """One sending process: the domain service as the API runs it, and a few threads, so that
    one slow command does not hold the rest back; each command on an episode no other is
    writing at the time."""
    if len(episodes) < SENDERS:
        raise RuntimeError("too few open episodes to keep the senders apart")
    service = CaseRecord(env=store.env_for(dsn, SCHEMA))
    free: queue.Queue[OpenEpisode] = queue.Queue()
    for episode in episodes:
        free.put(episode)
    acks: Acks = {}

    def send(n: int) -> None:
        episode = free.get()
        try:
            receipt = service.episode_command(
                CommandContext(actor=episode.staff_id, correlation_id=f"bench-lag-{process}-{n}"),
                episode.episode_id, "record_case_note", occurred_at=datetime.now(UTC),
                note=NOTE,
            )
            acks[(receipt.record_id, receipt.version)] = time.monotonic()
        finally:
            free.put(episode)

    try:
        with ThreadPoolExecutor(SENDERS, thread_name_prefix="bench-sender") as senders:
            futures = []
            for n in range(int(rate * seconds)):
                delay = start + n / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                futures.append(senders.submit(send, n))
            for future in futures:
                future.result()
    finally:
        service.close()
    return acks


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _bare_kafka_lag(servers: str, rate: float, seconds: float) -> list[float]:
    """The floor under any Kafka-fed view: a message produced at `rate` a second (with the
    relay's producer settings), from its acknowledgement to a consumer (with the feed's
    settings) receiving it."""
    topic = f"casetrail.bench.bare-lag.{uuid.uuid4().hex[:8]}"
    ensure_topic(servers, topic, PARTITIONS)
    acked: dict[bytes, float] = {}
    received: dict[bytes, float] = {}
    stop = threading.Event()
    consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=f"bench-{topic}",
                             enable_auto_commit=False, auto_offset_reset="earliest")

    def consume() -> None:
        while not stop.is_set():
            for messages in consumer.poll(timeout_ms=500).values():
                now = time.monotonic()
                for message in messages:
                    received.setdefault(message.value, now)

    producer = KafkaProducer(bootstrap_servers=servers, enable_idempotence=True, acks="all",
                             max_in_flight_requests_per_connection=5, linger_ms=5)
    reader = threading.Thread(target=consume, name="bench-bare-consumer")
    try:
        reader.start()
        _wait(lambda: bool(consumer.assignment()), 60, "the bare consumer to join")
        clock = Stopwatch()
        for n in range(int(rate * seconds)):
            delay = clock.started + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            value = str(n).encode()
            producer.send(topic, key=value, value=value).get(timeout=30)
            acked[value] = time.monotonic()
        _wait(lambda: len(received) >= len(acked), 60, "the bare consumer to receive all")
    finally:
        stop.set()
        reader.join(timeout=30)
        consumer.close()
        producer.close(timeout=10)
        delete_topics(servers, [topic])
    # A message can arrive before its sender has noted the acknowledgement: no lag at all.
    return [max(0.0, received[value] - at) for value, at in acked.items()]
