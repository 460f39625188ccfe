"""What a leaf of the seal stands for: one stored event record, exactly as the store holds it.

The entry is the record's own columns (its position in the log, its record id and version, its
topic and its stored state bytes), never the decoded content: a leaf hash reveals nothing about a
child, and it stays the same whether the state is later encrypted at rest or its personal data
erased by destroying a key. The position is part of the entry, so that a proof for "the event at
position P" cannot be answered with another event.
"""

from __future__ import annotations

import struct
from uuid import UUID

from eventsourcing.persistence import Notification

from projections.seal.merkle import leaf_hash

ENTRY_FORMAT = b"casetrail.stored-event.v1\x00"


def leaf_entry(record: Notification) -> bytes:
    """The bytes of one stored record, each field length-prefixed so that none can run into
    the next."""
    originator = record.originator_id
    originator_bytes = (
        b"\x01" + originator.bytes if isinstance(originator, UUID)
        else b"\x02" + _sized(str(originator).encode())
    )
    return b"".join([
        ENTRY_FORMAT,
        struct.pack(">Q", record.id),
        originator_bytes,
        struct.pack(">Q", record.originator_version),
        _sized(record.topic.encode()),
        _sized(bytes(record.state)),
    ])


def record_leaf_hash(record: Notification) -> bytes:
    """The leaf hash (RFC 9162: HASH(0x00 || entry)) of one stored record."""
    return leaf_hash(leaf_entry(record))


def _sized(value: bytes) -> bytes:
    return struct.pack(">I", len(value)) + value
