"""What the casework and reporting projections share: each folds the case events into records
held in a `RecordCache` and writes the rows that changed, with the tracking position, in one
transaction; a batch of events is one transaction. Each says which rows its events change."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.child import Child, ChildRegistered
from domain.episode.base import EpisodeEvent
from domain.episode.referral import ReferralReceived
from domain.record import CaseEvent
from projections.recorders import Statement, ViewStore
from projections.records import RecordCache


class RecordFolding(Projection[ViewStore]):
    def __init__(self, view: ViewStore) -> None:
        super().__init__(view)
        self.records = RecordCache(view)

    def process_event(self, domain_event: Any, tracking: Tracking | None) -> None:
        self._write([domain_event], tracking)

    def process_batch(self, batch: list[tuple[Any, Tracking]]) -> None:
        """Apply several events in one transaction, tracking the last (for rebuilds and bulk
        feeds: the same fold, fewer commits)."""
        if batch:
            self._write([event for event, _ in batch], batch[-1][1])

    def statements_for(self, *events: Any) -> list[Statement]:
        """Every statement the events call for, with each record as the last of them left it
        (nothing is evicted from the cache meanwhile)."""
        with self.records.held():
            return self._statements_for(events)

    @abstractmethod
    def _statements_for(self, events: tuple[Any, ...]) -> list[Statement]:
        """The statements of events not applied yet; none for one already applied."""

    def _write(self, events: list[Any], tracking: Tracking | None) -> None:
        try:
            self.view.write(self.statements_for(*events), tracking)
        except BaseException:
            # What is in memory may now be ahead of what was committed: forget it.
            self.records.clear()
            raise

    def _child_of(self, event: CaseEvent) -> UUID | None:
        """The child an event is about; None for workers and teams."""
        if isinstance(event, EpisodeEvent | ReferralReceived):
            return event.child_id
        if isinstance(event, ChildRegistered) or isinstance(
            self.records.get(event.originator_id), Child
        ):
            return event.originator_id
        return None
