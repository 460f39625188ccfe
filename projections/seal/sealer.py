"""Making tree heads at an interval, in the background of a serving process: one as it starts,
then one every `interval` seconds. Several API processes may each run one; heads are kept once
per tree size, so they never disagree, and a tick with nothing new stored makes nothing new."""

from __future__ import annotations

import logging
import threading

from projections.seal.tree_heads import Seal

log = logging.getLogger(__name__)


class Sealer:
    def __init__(self, seal: Seal, interval_seconds: float) -> None:
        if interval_seconds <= 0:
            raise ValueError("the sealing interval must be positive")
        self.seal = seal
        self.interval_seconds = interval_seconds
        self.last_error: str | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="seal", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                head, new = self.seal.make_tree_head()
                self.last_error = None
                if new:
                    log.info("tree head made: %d events", head.tree_size)
            except Exception as error:
                # The store may be away for a while: try again at the next tick, and say so.
                self.last_error = type(error).__name__
                log.warning("no tree head made (%s); trying again in %g s",
                            type(error).__name__, self.interval_seconds)
            self._stopping.wait(self.interval_seconds)
