#!/usr/bin/env python3
"""Exit 0 when a Kafka broker really serves metadata requests, 1 otherwise.

Usage: kafka_ready.py [BOOTSTRAP_SERVERS] [--timeout SECONDS] [--verbose]

Used by scripts/kafka-start as its readiness probe. An open TCP port is not enough:
the broker accepts connections before it has registered with its (KRaft) controller,
and clients that connect in that window get empty metadata. So this asks, with the
same client library the project uses (kafka-python), for the cluster description and
the topic list, and only succeeds when at least one broker is registered.

One attempt per call, bounded by --timeout; the caller decides how long to retry,
because it also has to notice when the broker process dies.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bootstrap_servers", nargs="?", default="127.0.0.1:19092")
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="seconds for this single attempt (default: 5)")
    parser.add_argument("--verbose", action="store_true",
                        help="show kafka-python's own log output")
    args = parser.parse_args()

    # kafka-python logs every refused connection as a warning; while the caller polls
    # a starting broker those are expected, so keep them out unless asked for.
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.CRITICAL)

    try:
        from kafka import KafkaAdminClient
    except ImportError as exc:
        print(f"kafka_ready: kafka-python is not importable ({exc})", file=sys.stderr)
        return 2

    timeout_ms = max(int(args.timeout * 1000), 500)
    admin = None
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=args.bootstrap_servers,
            client_id="casetrail-kafka-ready",
            bootstrap_timeout_ms=timeout_ms,
            request_timeout_ms=timeout_ms,
        )
        cluster = admin.describe_cluster()
        brokers = cluster.get("brokers") or []
        if not brokers:
            print("kafka_ready: broker answers but none is registered yet", file=sys.stderr)
            return 1
        topics = admin.list_topics()
    except Exception as exc:  # any failure simply means "not ready (yet)"
        print(f"kafka_ready: not ready: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        if admin is not None:
            with contextlib.suppress(Exception):
                admin.close()

    if args.verbose:
        print(f"kafka_ready: cluster {cluster.get('cluster_id')}, "
              f"{len(brokers)} broker(s), {len(topics)} topic(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
