"""A Kafka projection consumer in a process of its own, for tests that kill it: the casework views
kept from a topic in a test's PostgreSQL schema, with "now" fixed, until SIGTERM.

    python -m tests.kafka_consumer_process DSN SCHEMA SERVERS TOPIC GROUP NOW [--batch N]
        [--instance NAME]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from types import FrameType

from consumers.projection_feed import KafkaFeed
from projections.casework import Casework
from projections.runner import open_view_store
from runtime.policies import clock_settings
from runtime.settings import Settings
from runtime.stores import event_store_env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kafka_consumer_process")
    for name in ("dsn", "schema", "servers", "topic", "group", "now"):
        parser.add_argument(name)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--instance")
    args = parser.parse_args(argv)

    settings = Settings(store=args.dsn)
    moment = datetime.fromisoformat(args.now)
    projection = Casework(
        open_view_store(event_store_env(settings, args.schema)), clock_settings(settings),
        now=lambda: moment,
    )
    feed = KafkaFeed(
        projection, args.servers, args.topic, args.group, max_poll_records=args.batch,
        group_instance_id=args.instance, heartbeat_interval_ms=500,
    )
    stop = threading.Event()

    def stop_on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        feed.run(stop, timeout_ms=200)
    finally:
        feed.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
