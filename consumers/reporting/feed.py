"""The reporting projection fed in process from the event store's notification log: how the
embedded default (no Kafka) keeps the reporting tables, so that the returns can be made there too.
Scale-out deployments run `casetrail consume reporting` instead.

It reads the log in batches after the tables' tracked position (catching up a big store quickly,
then following it within a fraction of a second): the store makes ids visible in order (database
functions off), so what lies after the position is all that is new, and a gap is never filled."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.reporting.store import (
    close_reporting_store,
    open_reporting_store,
    reporting_env,
)
from domain.service import CaseRecord
from projections.runner import error_summary, wait_for

log = logging.getLogger(__name__)


class ReportingStoreFeed:
    """Follows the store on a thread of its own, carrying on from the tracked position after
    an error (the store going away for a while). `wait(position)` blocks until the tables
    include that notification."""

    def __init__(
        self, env: Mapping[str, str], poll_seconds: float = 0.1, retry_seconds: float = 1.0,
        batch: int = 500,
    ) -> None:
        self.env = reporting_env(env)
        self.app = CaseRecord(env=self.env)
        self.projection = Reporting(open_reporting_store(self.env))
        self.poll_seconds, self.retry_seconds, self.batch = poll_seconds, retry_seconds, batch
        self.last_error: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="reporting-feed", daemon=True)
        self._thread.start()

    def position(self) -> int | None:
        return self.projection.view.max_tracking_id(self.app.name)

    def wait(self, position: int | None, timeout: float = 10.0) -> None:
        """Block until the tables have applied `position`; raise TimeoutError if they do not."""
        wait_for(self.position, position, timeout, "the reporting tables")

    def close(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=30)
        close_reporting_store(self.projection.view)
        self.app.close()

    def _follow(self) -> None:
        while not self._stopping.is_set():
            try:
                applied = catch_up(self.app, self.projection, self.batch,
                                   stop=self._stopping)
                self.last_error = None
            except Exception as error:
                self.last_error = error_summary(error)
                log.warning("reporting feed paused (%s); carrying on", type(error).__name__)
                self._stopping.wait(self.retry_seconds)
                continue
            if not applied:
                self._stopping.wait(self.poll_seconds)
