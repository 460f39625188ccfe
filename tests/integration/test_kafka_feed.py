"""The casework views kept from Kafka by consumer groups, on the real broker and PostgreSQL: the
same rows as folding the store's events directly, whatever the broker delivers twice, however the
partitions are shared, and wherever a consumer process is killed."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from consumers.projection_feed import KafkaFeed, stored_position
from domain.service import CaseRecord
from projections.casework import Casework
from projections.rebuild import rebuild
from projections.recorders import ViewStore
from projections.runner import open_view_store
from runtime.policies import clock_settings
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys
from tests.conftest import KAFKA_SERVERS, own_schema
from tests.integration.views_support import all_rows
from tests.kafka_support import a_topic, end_offsets, produce_events, spread_by_key

ROOT = Path(__file__).resolve().parents[2]
Rows = dict[str, list[tuple[Any, ...]]]




def close_view(view: ViewStore) -> None:
    view.datastore.close()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Store:
    """Events in a schema of their own, and the views folded from them straight from the store
    (never through Kafka), with "now" fixed so that every feed judges the clocks alike."""

    app: CaseRecord
    settings: Settings
    now: datetime
    events: int
    expected: Rows


@pytest.fixture(scope="module")
def store(postgres_dsn: str) -> Iterator[Store]:
    """Every journey, for two teams (about 270 events), shared by this module's tests."""
    settings = Settings(store=postgres_dsn)
    now = datetime.now(UTC)
    with own_schema(postgres_dsn) as events_schema, own_schema(postgres_dsn) as reference_schema:
        app = CaseRecord(env=event_store_env(settings, events_schema))
        try:
            base = journeys.a_base_date()
            for _team in range(2):
                staff = journeys.form_staff(app, base - timedelta(days=90))
                for journey in journeys.JOURNEYS.values():
                    journey(app, base, staff)
            reference = open_view_store(event_store_env(settings, reference_schema))
            report = rebuild(
                app, Casework(reference, clock_settings(settings), now=lambda: now), out=None
            )
            expected = all_rows(reference)
            close_view(reference)
            yield Store(app, settings, now, report.events, expected)
        finally:
            app.close()


@dataclass
class Views:
    """A schema for the views a test keeps from Kafka, and the feeds that keep them."""

    store: Store
    schema: str
    opened: list[ViewStore] = field(default_factory=list)
    feeds: list[KafkaFeed] = field(default_factory=list)

    def open(self) -> ViewStore:
        view = open_view_store(event_store_env(self.store.settings, self.schema))
        self.opened.append(view)
        return view

    def feed(self, topic: str, group: str, **config: Any) -> KafkaFeed:
        """A consumer of its own, with a projection and a view store of its own."""
        now = self.store.now
        projection = Casework(self.open(), clock_settings(self.store.settings), now=lambda: now)
        feed = KafkaFeed(projection, KAFKA_SERVERS, topic, group, **config)
        self.feeds.append(feed)
        return feed

    def close(self) -> None:
        for feed in self.feeds:
            feed.close()
        for view in self.opened:
            close_view(view)


@pytest.fixture
def topics() -> Iterator[Callable[[int], str]]:
    """New topics of the test's own, deleted after the test's consumers have closed."""
    with ExitStack() as stack:
        yield lambda partitions: stack.enter_context(a_topic(partitions))


@pytest.fixture
def views(postgres_dsn: str, store: Store, topics: Callable[[int], str]) -> Iterator[Views]:
    """Depends on `topics` so as to close its consumers before their topics go."""
    with own_schema(postgres_dsn) as schema:
        opened = Views(store, schema)
        try:
            yield opened
        finally:
            opened.close()


def a_group() -> str:
    return f"casetrail.test.projections.{uuid.uuid4().hex[:8]}"


def applied(view: ViewStore, topic: str, ends: dict[int, int]) -> int:
    """How many of the topic's messages the views have applied, by their stored positions."""
    return sum(stored_position(view, topic, partition) or 0 for partition in ends)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.01)


def drain(feeds: list[KafkaFeed], view: ViewStore, topic: str, timeout: float = 30) -> None:
    """Poll each feed in turn until the views have applied every message of the topic."""
    ends = end_offsets(topic)
    total, deadline = sum(ends.values()), time.monotonic() + timeout
    while applied(view, topic, ends) < total:
        if time.monotonic() > deadline:
            pytest.fail(f"the feeds applied {applied(view, topic, ends)} of {total} messages")
        for feed in feeds:
            feed.poll_once(timeout_ms=200)


def test_the_views_kept_from_kafka_are_the_views_folded_from_the_store(
    store: Store, views: Views, topics: Callable[[int], str]
) -> None:
    topic = topics(3)
    produce_events(store.app, topic)
    feed = views.feed(topic, a_group())
    drain([feed], feed.projection.view, topic)

    assert all_rows(feed.projection.view) == store.expected
    assert feed.consumed == store.events


def test_every_event_delivered_twice_or_more_changes_no_row(
    store: Store, views: Views, topics: Callable[[int], str]
) -> None:
    topic = topics(3)
    produce_events(store.app, topic, times=2)
    # A relay restarted from an earlier position sends the first half once more.
    produce_events(store.app, topic, limit=store.events // 2)
    feed = views.feed(topic, a_group(), max_poll_records=50)
    drain([feed], feed.projection.view, topic)

    assert all_rows(feed.projection.view) == store.expected
    assert feed.consumed == 2 * store.events + store.events // 2


def test_two_consumers_in_one_group_share_the_partitions_and_build_the_same_views(
    store: Store, views: Views, topics: Callable[[int], str]
) -> None:
    topic, group, view = topics(4), a_group(), views.open()
    members = [Member(views.feed(topic, group, max_poll_records=20, heartbeat_interval_ms=300))
               for _ in range(2)]

    wait_until(lambda: shared(members, 4), 20, "both consumers to hold partitions")
    produce_events(store.app, topic)
    ends = end_offsets(topic)
    wait_until(lambda: healthy(members) and applied(view, topic, ends) == store.events, 30,
               "the group to apply every message")
    for member in members:
        member.leave()

    assert all(member.feed.consumed > 0 for member in members)
    assert sum(member.feed.consumed for member in members) == store.events
    assert all_rows(view) == store.expected


def test_consumers_joining_and_leaving_mid_stream_hand_each_child_over_intact(
    store: Store, views: Views, topics: Callable[[int], str]
) -> None:
    """A partition that goes to another member and comes back must be read from the views again:
    the other member has moved its children on meanwhile."""
    topic, group, view = topics(4), a_group(), views.open()
    first, second, third = spread_by_key(store.app, 3)

    def member() -> Member:
        return Member(views.feed(topic, group, max_poll_records=10, heartbeat_interval_ms=300))

    def applies(count: int, members: list[Member]) -> None:
        ends = end_offsets(topic)
        wait_until(lambda: healthy(members) and applied(view, topic, ends) == count, 30,
                   f"{count} messages applied")

    staying = member()
    produce_events(store.app, topic, only=first)
    applies(len(first), [staying])
    passing = member()
    wait_until(lambda: shared([staying, passing], 4), 20, "the newcomer to take partitions")
    produce_events(store.app, topic, only=second)
    applies(len(first) + len(second), [staying, passing])
    passing.leave()
    wait_until(lambda: shared([staying], 4), 20, "the partitions to come back")
    produce_events(store.app, topic, only=third)
    applies(store.events, [staying])
    staying.leave()

    assert passing.feed.consumed > 0
    assert all_rows(view) == store.expected


def test_a_consumer_behind_another_on_the_same_views_skips_what_the_other_stored(
    store: Store, views: Views, topics: Callable[[int], str], caplog: pytest.LogCaptureFixture
) -> None:
    """As a member that stalled and lost its partitions, then wakes and writes on, would: two
    consumers (in two groups, so both read every partition) take turns on the same views."""
    topic = topics(2)
    produce_events(store.app, topic)
    first = views.feed(topic, a_group(), max_poll_records=7)
    second = views.feed(topic, a_group(), max_poll_records=11)
    with caplog.at_level(logging.INFO, logger="consumers.projection_feed"):
        drain([first, second], first.projection.view, topic)

    assert "already applied" in caplog.text
    assert first.consumed > 0 and second.consumed > 0
    assert all_rows(first.projection.view) == store.expected


def test_a_consumer_killed_mid_stream_and_restarted_ends_with_the_views_of_one_never_killed(
    store: Store, views: Views, topics: Callable[[int], str], postgres_dsn: str, tmp_path: Path
) -> None:
    topic = topics(3)
    produce_events(store.app, topic)
    ends, view = end_offsets(topic), views.open()
    command = [
        sys.executable, "-m", "tests.kafka_consumer_process", postgres_dsn, views.schema,
        KAFKA_SERVERS, topic, a_group(), store.now.isoformat(), "--batch", "3",
        "--instance", "projections-1",
    ]

    def past(process: subprocess.Popen[bytes], count: float) -> Callable[[], bool]:
        return lambda: running(process) and applied(view, topic, ends) >= count

    at_kill = []
    for share in (0.2, 0.55):
        with consumer_process(command, tmp_path / f"killed-{share}.log") as process:
            wait_until(past(process, share * store.events), 30, f"{share:.0%} applied")
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        at_kill.append(applied(view, topic, ends))
    with consumer_process(command, tmp_path / "last.log") as process:
        wait_until(past(process, store.events), 30, "every message applied")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0

    assert 0 < at_kill[0] < at_kill[1] < store.events  # each kill landed mid-stream
    assert all_rows(view) == store.expected


def test_the_consume_command_keeps_the_views_until_sigterm(
    store: Store, topics: Callable[[int], str], tmp_path: Path
) -> None:
    topic = topics(2)
    produce_events(store.app, topic)
    env = {**os.environ, "CASETRAIL_STORE": "sqlite", "CASETRAIL_DATA_DIR": str(tmp_path),
           "CASETRAIL_KAFKA_BOOTSTRAP_SERVERS": KAFKA_SERVERS, "CASETRAIL_KAFKA_TOPIC": topic}
    command = [sys.executable, "-m", "runtime.cli", "consume", "projections", "--group", a_group()]
    # Made before the command starts: two processes creating one view store at once collide on
    # the library's migration row.
    view = open_view_store(event_store_env(Settings(store="sqlite", data_dir=tmp_path)))
    try:
        ends = end_offsets(topic)
        with consumer_process(command, tmp_path / "consume.log", env) as process:
            wait_until(lambda: running(process) and applied(view, topic, ends) == store.events,
                       30, "every message applied")
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=15) == 0

        assert all_rows(view) == store.expected
    finally:
        close_view(view)


class Member:
    """A feed polling on a thread of its own, as a consumer process would, until it leaves."""

    def __init__(self, feed: KafkaFeed) -> None:
        self.feed = feed
        self.error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def leave(self) -> None:
        self._stop.set()
        self._thread.join(timeout=15)
        healthy([self])

    def _run(self) -> None:
        try:
            self.feed.run(self._stop, timeout_ms=100)
        except BaseException as error:
            self.error = error
        finally:
            self.feed.close()


def healthy(members: list[Member]) -> bool:
    for member in members:
        if member.error is not None:
            raise member.error
    return True


def shared(members: list[Member], partitions: int) -> bool:
    """Whether the members hold every partition between them, each at least one, none twice."""
    healthy(members)
    held = [member.feed.assignment() for member in members]
    return all(held) and sum(map(len, held)) == len(set().union(*held)) == partitions


@contextmanager
def consumer_process(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A consumer process, its output in `log` (shown if the test fails), killed if left running."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   env=env)
    try:
        yield process
    except BaseException:
        sys.stderr.write(f"--- {log.name} ---\n{log.read_text(errors='replace')[-4000:]}\n")
        raise
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def running(process: subprocess.Popen[bytes]) -> bool:
    if process.poll() is not None:
        pytest.fail(f"the consumer process exited with {process.returncode}")
    return True
