"""The base of an episode's events: each carries the child's id, so that streams keyed by child
(Kafka partitions, a child's chronology) need no lookup."""

from __future__ import annotations

from uuid import UUID

from domain.record import CaseEvent, EventCorrected, EventEnteredInError


class EpisodeEvent(CaseEvent):
    child_id: UUID


class EpisodeEventCorrected(EventCorrected, EpisodeEvent):
    """A correction of an episode's event (carries the child's id like every episode event)."""


class EpisodeEntryInError(EventEnteredInError, EpisodeEvent):
    """An episode's event entered in error (carries the child's id like every episode event)."""
