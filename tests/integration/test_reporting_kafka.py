"""The reporting tables kept from Kafka by a consumer group, on the real broker and PostgreSQL: the
same tables as folding the store's events directly, however the broker delivers and whoever of the
group holds which partition; and with the relay and two `casetrail consume reporting` processes
killed with SIGKILL at random moments while an authority's events are being recorded."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consumers.projection_feed import KafkaFeed
from consumers.reporting.catch_up import rebuild
from consumers.reporting.projection import Reporting
from consumers.reporting.store import close_reporting_store, open_reporting_store
from domain.service import CaseRecord
from runtime.demo import generator
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys
from tests.conftest import KAFKA_SERVERS, own_schema
from tests.integration.test_kafka_feed import (
    ROOT,
    Member,
    applied,
    healthy,
    shared,
    wait_until,
)
from tests.integration.test_reporting_tables import Rows, all_rows
from tests.kafka_support import a_topic, end_offsets, produce_events

END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)
ROUNDS_OF_KILLS = 3


def a_group() -> str:
    return f"casetrail.test.reporting.{uuid.uuid4().hex[:8]}"


def reference_rows(app: CaseRecord, settings: Settings, dsn: str) -> Rows:
    """The tables folded straight from the store, never through Kafka."""
    with own_schema(dsn) as schema:
        store = open_reporting_store(event_store_env(settings, schema))
        try:
            rebuild(app, Reporting(store))
            return all_rows(store)
        finally:
            close_reporting_store(store)


@pytest.fixture(scope="module")
def journeys_store(postgres_dsn: str) -> Iterator[tuple[CaseRecord, Settings, Rows]]:
    """Every journey for two teams, and the tables folded from them straight from the store."""
    settings = Settings(store=postgres_dsn)
    with own_schema(postgres_dsn) as schema:
        app = CaseRecord(env=event_store_env(settings, schema))
        try:
            base = journeys.a_base_date()
            for _team in range(2):
                staff = journeys.form_staff(app, base - timedelta(days=90))
                for journey in journeys.JOURNEYS.values():
                    journey(app, base, staff)
            yield app, settings, reference_rows(app, settings, postgres_dsn)
        finally:
            app.close()


def test_two_reporting_consumers_in_a_group_build_the_tables_folded_from_the_store(
    journeys_store: tuple[CaseRecord, Settings, Rows], postgres_dsn: str
) -> None:
    app, settings, expected = journeys_store
    with a_topic(4) as topic, own_schema(postgres_dsn) as schema:
        group = a_group()
        stores = [open_reporting_store(event_store_env(settings, schema)) for _ in range(2)]
        members = [Member(KafkaFeed(Reporting(store), KAFKA_SERVERS, topic, group,
                                    max_poll_records=15, heartbeat_interval_ms=300))
                   for store in stores]
        try:
            wait_until(lambda: shared(members, 4), 20, "both consumers to hold partitions")
            # Every event twice (an at-least-once relay), and the first half once more.
            produced = produce_events(app, topic, times=2)
            produce_events(app, topic, limit=produced // 2)
            ends = end_offsets(topic)
            wait_until(lambda: healthy(members)
                       and applied(stores[0], topic, ends) == sum(ends.values()), 60,
                       "the group to apply every message")
        finally:
            for member in members:
                member.leave()
            for store in stores:
                close_reporting_store(store)
        assert all(member.feed.consumed > 0 for member in members), group
        check = open_reporting_store(event_store_env(settings, schema))
        try:
            assert all_rows(check) == expected
        finally:
            close_reporting_store(check)


class Processes:
    """The relay and the reporting consumers as processes of their own, each restarted at once
    when killed; their output kept in files shown if the test fails."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        group = a_group()
        self.commands = {
            "relay": ["relay", "--batch", "40"],
            "reporting-1": ["consume", "reporting", "--group", group, "--batch", "25",
                            "--instance", "reporting-1"],
            "reporting-2": ["consume", "reporting", "--group", group, "--batch", "25",
                            "--instance", "reporting-2"],
        }
        self.running: dict[str, subprocess.Popen[bytes]] = {}
        self.kills: list[str] = []
        for name in self.commands:
            self.start(name)

    def start(self, name: str) -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(
            [sys.executable, "-m", "runtime.cli", *self.commands[name]], cwd=ROOT, env=self.env,
            stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()

    def kill(self, name: str) -> None:
        process = self.running[name]
        if process.poll() is not None:
            pytest.fail(f"{name} had exited with {process.returncode}")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        self.kills.append(name)
        self.start(name)

    def alive(self) -> bool:
        for name, process in self.running.items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}")
        return True

    def stop(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def show(self) -> str:
        return "\n".join(f"--- {log.name} ---\n{log.read_text(errors='replace')[-3000:]}"
                         for log in sorted(self.logs.glob("*.log")))


def test_a_relay_and_two_reporting_consumers_killed_at_random_during_a_load_end_as_a_clean_run(
    postgres_dsn: str, tmp_path: Path
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    demo = generator.plan(5, scale=0.01, years=1.0, end=END)
    settings = Settings(store=postgres_dsn)
    with own_schema(postgres_dsn) as schema, a_topic(4) as topic:
        env = {**os.environ, "CASETRAIL_STORE": postgres_dsn, "CASETRAIL_POSTGRES_SCHEMA": schema,
               "CASETRAIL_KAFKA_BOOTSTRAP_SERVERS": KAFKA_SERVERS, "CASETRAIL_KAFKA_TOPIC": topic,
               "CASETRAIL_KAFKA_PARTITIONS": "4"}
        app = CaseRecord(env=event_store_env(settings, schema))
        # Made before the processes start: two processes creating one store at once collide on
        # the library's migration row.
        tables = open_reporting_store(event_store_env(settings, schema))
        processes = Processes(env, tmp_path)
        loaded = threading.Event()
        failures: list[BaseException] = []
        killer = threading.Thread(target=_kill_at_random,
                                  args=(processes, rng, loaded, failures))
        try:
            killer.start()
            report = generator.load(app, demo)
            loaded.set()
            killer.join(timeout=120)
            assert not failures, failures
            assert report.refusals == []
            expected = reference_rows(app, settings, postgres_dsn)
            wait_until(lambda: processes.alive() and all_rows(tables) == expected, 120,
                       "the reporting tables to equal a clean run's")
            processes.stop()

            assert set(processes.kills) == set(processes.commands), processes.kills
            assert all_rows(tables) == expected
            assert sum(end_offsets(topic).values()) >= report.total_events
        except BaseException:
            sys.stderr.write(f"random seed {seed}; kills {processes.kills}\n{processes.show()}\n")
            raise
        finally:
            loaded.set()
            processes.stop()
            close_reporting_store(tables)
            app.close()


def _kill_at_random(
    processes: Processes, rng: random.Random, loaded: threading.Event,
    failures: list[BaseException],
) -> None:
    """Kill each of the processes in a random order after random pauses, a few rounds while
    events are being recorded (the first round whatever happens)."""
    names = list(processes.commands)
    try:
        for round_ in range(ROUNDS_OF_KILLS):
            for name in rng.sample(names, len(names)):
                if loaded.wait(rng.uniform(0.2, 1.2)) and round_ > 0:
                    return
                processes.kill(name)
    except BaseException as error:
        failures.append(error)

