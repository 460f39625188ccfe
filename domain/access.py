"""Who read which child's record, when, for what purpose, and whether they were let in.

Each read is a record of its own (never a stream per child), so that concurrent reads never
conflict, and it is stored with the case events: append-only, ordered, and sealed with them. It
says who, which record, where and why; never what the record contained.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

OUTCOMES = {
    "allowed": "shown",
    "break-glass": "shown, outside the reader's relationships, with a reason",
    "refused": "refused",
    "invisible": "answered as if the record did not exist",
}


class RecordAccess(Aggregate):
    """One access to (or refusal of) a child's record."""

    class Recorded(Aggregate.Created):
        user: str
        role: str
        child_id: UUID | None
        route: str
        purpose: str | None
        outcome: str
        accessed_at: datetime

        class_version: ClassVar[int] = 1

    def __init__(
        self,
        user: str,
        role: str,
        child_id: UUID | None,
        route: str,
        purpose: str | None,
        outcome: str,
        accessed_at: datetime,
    ) -> None:
        self.user, self.role, self.child_id = user, role, child_id
        self.route, self.purpose, self.outcome = route, purpose, outcome
        self.accessed_at = accessed_at
