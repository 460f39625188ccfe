"""`casetrail relay`: produce the event store's events to Kafka, from the relay's own position,
until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import sys

from runtime.signals import stop_on_signals


def add_relay_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `relay`; the parsed arguments carry `handler(args)`."""
    parser = subparsers.add_parser(
        "relay", help="produce the store's events to Kafka (one relay per store)",
        description="Follow the event store's notification log and produce each event to "
        "CASETRAIL_KAFKA_TOPIC (created with CASETRAIL_KAFKA_PARTITIONS partitions if missing), "
        "keyed by child, until SIGTERM or SIGINT. It carries on from where it last got to.",
    )
    parser.add_argument(
        "--batch", type=int, default=500,
        help="most events sent before waiting for the broker's acknowledgement (default: 500)",
    )
    parser.set_defaults(handler=run_relay)


def run_relay(args: argparse.Namespace) -> int:
    from consumers.relay import Relay
    from runtime.settings import Settings
    from runtime.stores import event_store_env

    settings = Settings()
    if not settings.uses_kafka:
        print("casetrail relay: CASETRAIL_KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
        return 2
    if args.batch < 1:
        print("casetrail relay: --batch must be at least 1", file=sys.stderr)
        return 2
    # Before connecting: a signal that arrives while the relay starts up stops it cleanly.
    with stop_on_signals() as stop:
        relay = Relay(
            event_store_env(settings), settings.kafka_bootstrap_servers, settings.kafka_topic,
            settings.kafka_partitions,
        )
        print(f"relaying the case events to {settings.kafka_topic} after notification "
              f"{relay.position or 0}", flush=True)
        try:
            relay.run(stop, batch=args.batch)
        finally:
            relay.close()
    print(f"stopped after notification {relay.position or 0}", flush=True)
    return 0
