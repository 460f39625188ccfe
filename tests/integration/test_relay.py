"""The relay on the real broker, from SQLite and PostgreSQL stores: every event produced once, in
order for each child, keyed by child with its headers; the position kept beside the events and
taken up again; and `casetrail relay` killed with SIGKILL at random moments during a load leaving
the consumers' views exactly as a clean run would."""

from __future__ import annotations

import os
import random
import signal
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import Mapper
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from consumers.messages import decode, notification_id
from consumers.projection_feed import KafkaFeed
from consumers.relay import Relay
from domain.service import CaseRecord
from domain.transcodings import case_transcoder
from projections.casework import Casework
from projections.rebuild import rebuild
from projections.runner import open_view_store
from runtime.cli import main
from runtime.demo import generator
from runtime.policies import clock_settings
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys
from tests.conftest import KAFKA_SERVERS, own_schema
from tests.integration.test_kafka_feed import (
    close_view,
    consumer_process,
    drain,
    running,
    wait_until,
)
from tests.integration.views_support import all_rows
from tests.kafka_support import a_topic


@dataclass(frozen=True)
class Store:
    app: CaseRecord
    env: dict[str, str]
    ids: list[int]  # every notification id in the log


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Two journeys of one team, and two reads of records, on each store in turn."""
    if request.param == "sqlite":
        env = event_store_env(Settings(store="sqlite", data_dir=tmp_path / "data"))
    else:
        settings = Settings(store=request.getfixturevalue("postgres_dsn"))
        env = event_store_env(settings, request.getfixturevalue("pg_schema"))
    app = CaseRecord(env=env)
    try:
        base = journeys.a_base_date()
        staff = journeys.form_staff(app, base - timedelta(days=90))
        case = journeys.child_in_need_journey(app, base, staff)
        journeys.protection_plan_journey(app, base, staff)
        app.record_access("auditor-1", "auditor", case.child, "GET /children/{id}", "CSPR-7",
                          "allowed")
        app.record_access("analyst-1", "analyst", None, "GET /children", None, "refused")
        yield Store(app, env, every_notification_id(app))
    finally:
        app.close()


@pytest.fixture
def new_topic() -> Iterator[str]:
    """A topic name no broker has yet (the relay makes it), deleted afterwards."""
    name = f"casetrail.test.relay.{uuid.uuid4().hex[:12]}"
    yield name
    admin = KafkaAdminClient(bootstrap_servers=KAFKA_SERVERS, request_timeout_ms=10_000)
    try:
        admin.delete_topics([name], raise_errors=False)
    finally:
        admin.close()


def every_notification_id(app: CaseRecord) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(None, 1_000_000)]


def relay_all(relay: Relay, limit: int = 500) -> int:
    sent = 0
    while count := relay.relay_once(limit):
        sent += count
    return sent


def read_topic(topic: str) -> list[Any]:
    """Every message on the topic, partition by partition, each in offset order."""
    consumer = KafkaConsumer(bootstrap_servers=KAFKA_SERVERS, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        messages: list[Any] = []
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            for batch in consumer.poll(timeout_ms=500).values():
                messages += batch
        return sorted(messages, key=lambda m: (m.partition, m.offset))
    finally:
        consumer.close()


def partition_count(topic: str) -> int:
    consumer = KafkaConsumer(bootstrap_servers=KAFKA_SERVERS)
    try:
        return len(consumer.partitions_for_topic(topic))
    finally:
        consumer.close()


def check_order(messages: list[Any]) -> int:
    """Assert that each partition holds its events in the order of the log, anything sent again
    coming after its first sending, and each key in one partition; return how many were sent
    again."""
    partitions_of_key: dict[bytes, set[int]] = {}
    again = 0
    for partition in {m.partition for m in messages}:
        first_sent: list[int] = []
        for message in (m for m in messages if m.partition == partition):
            partitions_of_key.setdefault(message.key, set()).add(partition)
            position = notification_id(message.headers)
            assert position is not None
            if position in first_sent:
                again += 1
            else:
                first_sent.append(position)
        assert first_sent == sorted(first_sent), f"partition {partition} is out of order"
    assert all(len(partitions) == 1 for partitions in partitions_of_key.values())
    return again


def test_the_relay_makes_the_topic_and_sends_every_event_once_keyed_by_child_with_its_headers(
    store: Store, new_topic: str
) -> None:
    relay = Relay(store.env, KAFKA_SERVERS, new_topic, partitions=3)
    try:
        sent = relay_all(relay, limit=40)
    finally:
        relay.close()

    assert sent == len(store.ids) and relay.position == store.ids[-1]
    assert relay.topic_partitions == partition_count(new_topic) == 3
    messages = read_topic(new_topic)
    assert sorted(notification_id(m.headers) for m in messages) == store.ids
    assert check_order(messages) == 0
    mapper = Mapper[uuid.UUID](transcoder=case_transcoder())
    for message in messages:
        event = decode(message.value, mapper)
        headers = {name: raw.decode() for name, raw in message.headers}
        child = getattr(event, "child_id", None) or event.originator_id
        assert message.key == str(child).encode()
        assert headers["event-type"] == type(event).__qualname__
        assert headers["event-version"] == str(type(event).class_version)
    children = {getattr(decode(m.value, mapper), "child_id", None) for m in messages}
    assert len(children - {None}) == 2  # both journeys' children, each on its own key


def test_a_new_relay_takes_up_from_the_position_kept_beside_the_events(
    store: Store, new_topic: str, tmp_path: Path
) -> None:
    first = Relay(store.env, KAFKA_SERVERS, new_topic, partitions=2)
    try:
        assert first.relay_once(limit=7) == 7
    finally:
        first.close()
    if store.env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        assert (tmp_path / "data" / "relay.sqlite3").exists()
    else:
        with connect(store.env) as connection:
            assert relay_position(connection, store.env["POSTGRES_SCHEMA"], new_topic) == (
                store.ids[6]
            )

    second = Relay(store.env, KAFKA_SERVERS, new_topic, partitions=2)
    try:
        assert second.position == store.ids[6]
        assert relay_all(second) == len(store.ids) - 7
    finally:
        second.close()

    messages = read_topic(new_topic)
    assert sorted(notification_id(m.headers) for m in messages) == store.ids


def test_the_relay_leaves_an_existing_topic_and_its_partitions_as_they_are(store: Store) -> None:
    with a_topic(2) as existing:
        relay = Relay(store.env, KAFKA_SERVERS, existing, partitions=5)
        try:
            relay_all(relay)
        finally:
            relay.close()

        assert relay.topic_partitions == partition_count(existing) == 2
        assert len(read_topic(existing)) == len(store.ids)


def test_a_relay_that_cannot_reach_the_broker_sends_nothing_and_stores_no_position(
    store: Store, new_topic: str
) -> None:
    relay = Relay(store.env, "127.0.0.1:1", new_topic, request_timeout_ms=1_000)
    try:
        with pytest.raises(KafkaError):
            relay.relay_once()
        assert relay.position is None
    finally:
        relay.close()

    again = Relay(store.env, KAFKA_SERVERS, new_topic)
    try:
        assert again.position is None
    finally:
        again.close()


def test_casetrail_relay_refuses_to_start_without_a_broker_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASETRAIL_STORE", "sqlite")
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CASETRAIL_KAFKA_BOOTSTRAP_SERVERS", raising=False)

    assert main(["relay"]) == 2
    assert "CASETRAIL_KAFKA_BOOTSTRAP_SERVERS" in capsys.readouterr().err


def connect(env: Mapping[str, str]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"], dbname=env["POSTGRES_DBNAME"], autocommit=True,
    )


def relay_position(connection: psycopg.Connection[Any], schema: str, topic: str) -> int | None:
    """The relay's stored position, read as an operator would, from its table."""
    try:
        row = connection.execute(
            f'SELECT notification_id FROM "{schema}".relay_tracking WHERE application_name = %s',
            (topic,),
        ).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return None if row is None else int(row[0])


class Pacer:
    """Holds the writer after each part of its load until the relay has been killed once more,
    so that the load outlasts several lives of the relay however fast each starts."""

    def __init__(self) -> None:
        self.parts = 0
        self.kills = 0
        self._changed = threading.Condition()

    def part_written(self, done: int, total: int) -> None:
        with self._changed:
            self.parts += 1
            if not self._changed.wait_for(lambda: self.kills >= self.parts, timeout=120):
                raise TimeoutError("the relay was not killed in time")

    def waiting(self) -> bool:
        """Whether the writer holds (or is about to) until the next kill."""
        with self._changed:
            return self.parts > self.kills

    def killed(self) -> None:
        with self._changed:
            self.kills += 1
            self._changed.notify_all()

    def release(self) -> None:
        with self._changed:
            self.kills = 1 << 30
            self._changed.notify_all()


class Writer(threading.Thread):
    """Loads a small synthetic authority into the store, part by part."""

    def __init__(self, app: CaseRecord, demo: generator.DemoPlan, pacer: Pacer) -> None:
        super().__init__(daemon=True)
        self.app, self.demo, self.pacer = app, demo, pacer
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            every = max(1, len(self.demo.actions) // 5)
            report = generator.load(self.app, self.demo, self.pacer.part_written, every=every)
            assert report.refusals == []
        except BaseException as error:
            self.error = error


@dataclass
class RelayUnderTest:
    """`casetrail relay` as its own process, on a store in a PostgreSQL schema of its own."""

    app: CaseRecord
    env: dict[str, str]
    topic: str
    logs: Path
    connection: psycopg.Connection[Any]

    def process(self, name: str) -> Any:
        command = [sys.executable, "-m", "runtime.cli", "relay", "--batch", "5"]
        return consumer_process(command, self.logs / f"{name}.log", self.env)

    def position(self) -> int:
        return relay_position(self.connection, self.env["CASETRAIL_POSTGRES_SCHEMA"],
                              self.topic) or 0

    def last_stored(self) -> int:
        return self.app.recorder.max_notification_id() or 0


def kill_while_loading(
    relay: RelayUnderTest, writer: Writer, pacer: Pacer, rng: random.Random
) -> list[tuple[int, int]]:
    """Start the relay, and kill it with SIGKILL a random moment after it has sent something,
    again and again until the writer is done; return (relay's position, last stored) at each
    kill."""
    at_kill: list[tuple[int, int]] = []
    while writer.is_alive():
        with relay.process(f"relay-{len(at_kill)}") as process:
            started_at = relay.position()

            def sent_or_caught_up(started_at: int = started_at) -> bool:
                # Caught up with a writer that waits for this kill: nothing is left to send.
                idle = not writer.is_alive() or (
                    pacer.waiting() and relay.position() == relay.last_stored()
                )
                return running(process) and (relay.position() > started_at or idle)

            wait_until(sent_or_caught_up, 60, f"relay {len(at_kill)} to send something")
            threading.Event().wait(rng.uniform(0, 0.25))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        at_kill.append((relay.position(), relay.last_stored()))
        pacer.killed()
    return at_kill


def test_a_relay_killed_at_random_moments_during_a_load_leaves_the_views_of_a_clean_run(
    postgres_dsn: str, new_topic: str, tmp_path: Path
) -> None:
    seed = random.randrange(1 << 32)
    settings, now = Settings(store=postgres_dsn), datetime.now(UTC)
    demo = generator.plan(11, scale=0.005, years=1.0, end=datetime(2026, 3, 18, 12, 30, tzinfo=UTC))
    with (own_schema(postgres_dsn) as events, own_schema(postgres_dsn) as kept,
          own_schema(postgres_dsn) as reference, psycopg.connect(postgres_dsn) as connection):
        connection.autocommit = True
        app = CaseRecord(env=event_store_env(settings, events))
        relay = RelayUnderTest(app, {
            **os.environ, "CASETRAIL_STORE": postgres_dsn, "CASETRAIL_POSTGRES_SCHEMA": events,
            "CASETRAIL_KAFKA_BOOTSTRAP_SERVERS": KAFKA_SERVERS, "CASETRAIL_KAFKA_TOPIC": new_topic,
            "CASETRAIL_KAFKA_PARTITIONS": "3",
        }, new_topic, tmp_path, connection)
        pacer = Pacer()
        writer = Writer(app, demo, pacer)
        writer.start()
        try:
            at_kill = kill_while_loading(relay, writer, pacer, random.Random(seed))
            writer.join(timeout=60)
            assert writer.error is None, writer.error
            with relay.process("relay-last") as process:
                log = relay.logs / "relay-last.log"
                wait_until(lambda: running(process) and relay.position() == relay.last_stored()
                           and "relaying the case events" in log.read_text(),
                           60, "the relay to start and catch up")
                process.send_signal(signal.SIGTERM)
                assert process.wait(timeout=30) == 0
            said = (tmp_path / "relay-last.log").read_text()
            assert f"stopped after notification {relay.last_stored()}" in said
        finally:
            pacer.release()  # never leave the writer waiting
            writer.join(timeout=60)

        try:
            assert len(at_kill) >= 5
            assert any(sent < stored for sent, stored in at_kill), (seed, at_kill)
            messages = read_topic(new_topic)
            assert sorted({notification_id(m.headers) for m in messages}) == (
                every_notification_id(app)
            )
            sent_again = check_order(messages)
            expected = views_folded_from_the_store(app, settings, reference, now)
        finally:
            app.close()
        view = open_view_store(event_store_env(settings, kept))
        try:
            feed = KafkaFeed(Casework(view, clock_settings(settings), now=lambda: now),
                             KAFKA_SERVERS, new_topic, f"casetrail.test.relay.{uuid.uuid4().hex}")
            try:
                drain([feed], view, new_topic, timeout=60)
            finally:
                feed.close()
            assert feed.consumed == len(messages), (seed, sent_again)
            assert all_rows(view) == expected, seed
        finally:
            close_view(view)


def views_folded_from_the_store(
    app: CaseRecord, settings: Settings, schema: str, now: datetime
) -> dict[str, list[tuple[Any, ...]]]:
    """The casework views of a clean run: every event folded straight from the store."""
    view = open_view_store(event_store_env(settings, schema))
    try:
        rebuild(app, Casework(view, clock_settings(settings), now=lambda: now), out=None)
        return all_rows(view)
    finally:
        close_view(view)
