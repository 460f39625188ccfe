"""The broker for real: one message produced with kafka-python and consumed back."""

from __future__ import annotations

import uuid

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

from tests.conftest import KAFKA_SERVERS


def test_a_message_produced_to_the_broker_is_consumed_back() -> None:
    topic = f"casetrail.smoke.{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=KAFKA_SERVERS, request_timeout_ms=10_000)
    try:
        admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
        producer = KafkaProducer(
            bootstrap_servers=KAFKA_SERVERS, acks="all", enable_idempotence=True
        )
        producer.send(
            topic, key=b"child-1", value=b"ReferralReceived", headers=[("notification-id", b"1")]
        ).get(timeout=15)
        producer.close()

        consumer = KafkaConsumer(
            topic,
            bootstrap_servers=KAFKA_SERVERS,
            group_id=f"smoke-{uuid.uuid4().hex[:6]}",
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            consumer_timeout_ms=15_000,
        )
        received = next(iter(consumer))
        consumer.close()
        assert (received.key, received.value) == (b"child-1", b"ReferralReceived")
        assert dict(received.headers) == {"notification-id": b"1"}
    finally:
        admin.delete_topics([topic])
        admin.close()
