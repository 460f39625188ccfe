"""How a stored case event travels on Kafka: keyed by the child's id (so that one child's events
stay in order in one partition), the stored record as the value, the notification id, event type
and version in headers. The relay writes this; every consumer reads it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification, StoredEvent

HEADER_NOTIFICATION_ID = "notification-id"
HEADER_EVENT_TYPE = "event-type"
HEADER_EVENT_VERSION = "event-version"


@dataclass(frozen=True)
class CaseMessage:
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def encode(notification: Notification, mapper: Mapper[UUID]) -> CaseMessage:
    """The message of one stored event. The value carries the state exactly as stored, so its
    version (in the headers) is the stored one: an older event is upcast by whoever reads it."""
    event: Any = mapper.to_domain_event(notification)
    key = getattr(event, "child_id", None) or event.originator_id
    state = notification.state.decode()
    value = json.dumps({
        "originator_id": str(notification.originator_id),
        "originator_version": notification.originator_version,
        "topic": notification.topic,
        "state": state,
    }).encode()
    return CaseMessage(
        key=str(key).encode(),
        value=value,
        headers=[
            (HEADER_NOTIFICATION_ID, str(notification.id).encode()),
            # The qualified name: `RecordAccess.Recorded`, not a bare `Recorded`.
            (HEADER_EVENT_TYPE, type(event).__qualname__.encode()),
            (HEADER_EVENT_VERSION, str(json.loads(state).get("class_version", 1)).encode()),
        ],
    )


def decode(value: bytes, mapper: Mapper[UUID]) -> Any:
    """The domain event a message carries."""
    body = json.loads(value)
    return mapper.to_domain_event(StoredEvent(
        originator_id=UUID(body["originator_id"]),
        originator_version=int(body["originator_version"]),
        topic=body["topic"],
        state=body["state"].encode(),
    ))


def notification_id(headers: list[tuple[str, bytes]]) -> int | None:
    for name, raw in headers or []:
        if name == HEADER_NOTIFICATION_ID:
            return int(raw)
    return None
