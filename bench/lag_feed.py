"""The Kafka-fed casework views for the end-to-end lag measure, in a process of their own (as
`casetrail consume projections` runs them), printing on stdout, for each event folded, the
record, its version and when its rows were committed (the system-wide monotonic clock, which
the measuring process reads too). Run as
`python -m bench.lag_feed DSN VIEWS_SCHEMA SERVERS TOPIC GROUP`; stops on SIGTERM."""

from __future__ import annotations

import signal
import sys
import threading
import time
from types import FrameType
from typing import Any

from eventsourcing.persistence import Tracking

from bench import store
from bench.config import END
from consumers.projection_feed import KafkaFeed
from projections.casework import Casework
from projections.runner import open_view_store
from runtime.policies import clock_settings


class SeenCasework(Casework):
    """The casework projection, saying when each event's rows were committed."""

    def process_batch(self, batch: list[tuple[Any, Tracking]]) -> None:
        super().process_batch(batch)
        committed = time.monotonic()
        sys.stdout.write("".join(f"{event.originator_id} {event.originator_version} "
                                 f"{committed:.6f}\n" for event, _ in batch))
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    dsn, views_schema, servers, topic, group = argv
    projection = SeenCasework(open_view_store(store.env_for(dsn, views_schema)),
                              clock_settings(store.settings_for(dsn)), now=lambda: END)
    feed = KafkaFeed(projection, servers, topic, group)
    stop = threading.Event()

    def stop_on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        feed.run(stop)
    finally:
        feed.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
