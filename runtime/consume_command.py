"""`casetrail consume projections|reporting --group NAME`: keep the casework views, or the
reporting tables, from Kafka, as one member of a consumer group, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import sys

from runtime.signals import stop_on_signals

CONSUMERS = {
    "projections": "the casework views (caseload, deadlines, risk)",
    "reporting": "the reporting tables the statutory returns are made from",
}


def add_consume_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `consume CONSUMER --group NAME`; the parsed arguments carry `handler(args)`."""
    parser = subparsers.add_parser(
        "consume", help="run a Kafka consumer (one member of its consumer group)",
        description="Consume the case events from Kafka until SIGTERM or SIGINT. Start several "
        "with the same --group to share the topic's partitions. Consumers: "
        + "; ".join(f"{name}: {words}" for name, words in CONSUMERS.items()),
    )
    parser.add_argument("consumer", choices=sorted(CONSUMERS))
    parser.add_argument("--group", required=True, help="the Kafka consumer group to join")
    parser.add_argument("--topic", help="the case events' topic (default: CASETRAIL_KAFKA_TOPIC)")
    parser.add_argument(
        "--instance", help="a static member name, so that a restarted process takes its "
        "partitions back at once instead of waiting for the group to notice it has gone",
    )
    parser.add_argument(
        "--batch", type=int, default=500, help="most messages applied per poll (default: 500)"
    )
    parser.set_defaults(handler=run_consume)


def run_consume(args: argparse.Namespace) -> int:
    from consumers.projection_feed import FoldingProjection, KafkaFeed
    from consumers.reporting.projection import Reporting
    from consumers.reporting.store import open_reporting_store
    from projections.casework import Casework
    from projections.runner import open_view_store
    from runtime.policies import clock_settings
    from runtime.settings import Settings
    from runtime.stores import event_store_env

    settings = Settings()
    if not settings.uses_kafka:
        print("casetrail consume: CASETRAIL_KAFKA_BOOTSTRAP_SERVERS is not set", file=sys.stderr)
        return 2
    topic = args.topic or settings.kafka_topic
    env = event_store_env(settings)
    projection: FoldingProjection = (
        Reporting(open_reporting_store(env)) if args.consumer == "reporting"
        else Casework(open_view_store(env), clock_settings(settings))
    )
    feed = KafkaFeed(
        projection, settings.kafka_bootstrap_servers, topic, args.group,
        max_poll_records=args.batch, group_instance_id=args.instance,
    )
    with stop_on_signals() as stop:
        print(f"consuming {topic} into {CONSUMERS[args.consumer]} as group {args.group}",
              flush=True)
        try:
            feed.run(stop)
        finally:
            feed.close()
    print("stopped", flush=True)
    return 0
