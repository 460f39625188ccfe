"""Running the casework projection from the store's notification log, in process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TypeVar

from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from eventsourcing.projection import BaseProjectionRunner
from eventsourcing.utils import Environment

from domain.clocks import ClockSettings
from domain.service import CaseRecord
from projections.casework import Casework
from projections.recorders import PostgresViewStore, SQLiteViewStore, ViewStore

T = TypeVar("T")

log = logging.getLogger(__name__)


def open_view_store(env: Mapping[str, str]) -> ViewStore:
    """The casework views' store, beside the event store it is built from."""
    return open_store(Casework.name, env, SQLiteViewStore, PostgresViewStore)


def open_store(
    name: str, env: Mapping[str, str], sqlite: type[ViewStore], postgres: type[ViewStore]
) -> ViewStore:
    """The store of the projection `name` (its tracking table is named after it), of the kind
    the event store is, with tables of this release (see `ViewStore.keep_tables_current`)."""
    factory = InfrastructureFactory.construct(Environment(name, dict(env)))
    kind = postgres if env["PERSISTENCE_MODULE"] == "eventsourcing.postgres" else sqlite
    store = despite_create_race(lambda: factory.tracking_recorder(kind))
    assert isinstance(store, ViewStore)
    despite_create_race(store.keep_tables_current)
    return store


def wait_for(
    position_of: Callable[[], int | None], position: int | None, timeout: float, what: str
) -> None:
    """Block until `position_of()` reaches `position` (read your own writes); raise
    TimeoutError naming `what` if it does not within `timeout` seconds."""
    if position is None:
        return
    deadline = time.monotonic() + timeout
    while (current := position_of()) is None or current < position:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not reach {position} within {timeout:g} s")
        time.sleep(0.01)


def error_summary(error: Exception) -> str:
    """What a feed says of the error that stopped it: its type and first line only, never an
    event's content."""
    first_line = (str(error).splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}"


def despite_create_race(make: Callable[[], T]) -> T:
    """`make()`, tried again when it loses a race to create tables: several processes may open a
    new store at once (an API and its consumers on first start), and the loser, failing, finds
    the tables there on a retry."""
    for attempt in range(5):
        try:
            return make()
        except (IntegrityError, OperationalError, ProgrammingError):
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


class StoreFeed:
    """The casework projection, fed from the event store by the library's projection runner,
    restarted (from its tracked position) whenever it stops on an error, such as the store
    going away for a while. `wait(position)` blocks until the views include that notification
    (read your own writes)."""

    def __init__(
        self, env: Mapping[str, str], clock_settings: ClockSettings,
        now: Callable[[], datetime] | None = None, retry_seconds: float = 1.0,
    ) -> None:
        self.env = dict(env)
        self.view = open_view_store(env)
        self.projection = Casework(self.view, clock_settings, **({"now": now} if now else {}))
        self.retry_seconds = retry_seconds
        self.last_error: str | None = None
        self._stopping = threading.Event()
        self._runner: BaseProjectionRunner[CaseRecord] | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name="casework-feed", daemon=True)
        self._thread.start()
        self._started.wait(timeout=30)

    def wait(self, position: int | None, timeout: float = 10.0) -> None:
        """Block until the views have applied `position`; raise TimeoutError if they do not."""
        wait_for(self.position, position, timeout, "the views")

    def position(self) -> int | None:
        return self.view.max_tracking_id(CaseRecord.name)

    def close(self) -> None:
        self._stopping.set()
        runner = self._runner
        if runner is not None:
            runner.stop()
        self._thread.join(timeout=30)

    def _supervise(self) -> None:
        while not self._stopping.is_set():
            try:
                runner: BaseProjectionRunner[CaseRecord] = BaseProjectionRunner(
                    projection=self.projection, application_class=CaseRecord,
                    tracking_recorder=self.view, topics=(), env=self.env,
                )
                self._runner = runner
                with runner:
                    self._started.set()
                    self.last_error = None
                    while not self._stopping.is_set() and not runner.is_interrupted.is_set():
                        runner.is_interrupted.wait(0.5)
            except Exception as error:
                self.last_error = error_summary(error)
                log.warning("casework feed stopped (%s); restarting", type(error).__name__)
                self.projection.records.clear()
            finally:
                self._runner = None
                self._started.set()
            self._stopping.wait(self.retry_seconds)
