"""The reporting projection: the tables the statutory returns are made from, folded from the case
events, each event applied exactly once (its rows and the tracking position in one transaction).

A batch of events is applied in one transaction, and each record it touched is rewritten once, at
the end: a feed that hands over many events of one child (a Kafka poll, a rebuild) rewrites that
child's rows once rather than once per event.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from consumers.reporting.rows import (
    child_statements,
    episode_statements,
    team_statements,
    worker_statements,
)
from domain.child import Child, ChildRegistered
from domain.episode import Episode
from domain.episode.base import EpisodeEvent
from domain.episode.referral import ReferralReceived
from domain.record import CaseEvent
from domain.workforce import Team, Worker
from projections.recorders import Statement, ViewStore
from projections.records import RecordCache


class Reporting(Projection[ViewStore]):
    name = "reporting"

    def __init__(self, view: ViewStore) -> None:
        super().__init__(view)
        self.records = RecordCache(view)

    def process_event(self, domain_event: Any, tracking: Tracking | None) -> None:
        self._write([domain_event], tracking)

    def process_batch(self, batch: list[tuple[Any, Tracking]]) -> None:
        """Apply several events in one transaction, tracking the last."""
        if batch:
            self._write([event for event, _ in batch], batch[-1][1])

    def _write(self, events: list[Any], tracking: Tracking | None) -> None:
        try:
            statements: list[Statement] = []
            touched: dict[UUID, None] = {}  # in order of first touch, for repeatable writes
            for event in events:
                if self._fresh(event):
                    statements.append(self.records.apply(event, self._child_of(event)))
                    touched[event.originator_id] = None
            for record_id in touched:
                statements += self._rows_of(record_id)
            self.view.write(statements, tracking)
        except BaseException:
            # What is in memory may now be ahead of what was committed: forget it.
            self.records.clear()
            raise

    def _fresh(self, event: Any) -> bool:
        """A case event this projection has not applied yet (a feed may deliver one again)."""
        return isinstance(event, CaseEvent) and (
            self.records.applied_version(event.originator_id) < event.originator_version
        )

    def _child_of(self, event: CaseEvent) -> UUID | None:
        if isinstance(event, EpisodeEvent | ReferralReceived):
            return event.child_id
        if isinstance(event, ChildRegistered) or isinstance(
            self.records.get(event.originator_id), Child
        ):
            return event.originator_id
        return None

    def _rows_of(self, record_id: UUID) -> list[Statement]:
        record = self.records.get(record_id)
        if isinstance(record, Episode):
            return episode_statements(record)
        if isinstance(record, Child):
            return child_statements(record)
        if isinstance(record, Worker):
            return worker_statements(record)
        if isinstance(record, Team):
            return team_statements(record)
        return []
