"""Every-day work on a case: visits, notes, concerns, decisions, oversight, allocation, clocks."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import Allocation, EpisodeState, Extension, Visit
from domain.errors import InvalidValue, RuleBroken


class VisitRecorded(EpisodeEvent):
    """A visit to the child. Version 2 says whether the child was seen alone; version 1 (older
    visits) said only whether the child was seen, so none of those counts as seen alone."""

    statutory: bool
    child_seen: bool
    seen_alone: bool
    note: str | None

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("seen_alone", False)

    def check(self, state: EpisodeState) -> None:
        # Held here as well as in the command, so that a correction is held to it too.
        if self.seen_alone and not self.child_seen:
            raise InvalidValue("seen_alone", "a child seen alone was seen: set child_seen too")
        state.check_within(self.occurred_on, "a visit")

    def evolve(self, state: EpisodeState) -> None:
        state.visits.append(
            Visit(self.occurred_on, self.statutory, self.child_seen, self.seen_alone)
        )


class CaseNoteRecorded(EpisodeEvent):
    note: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a case note")


class ConcernRaised(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"agency": codes.AGENCIES}

    agency: str
    concern: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a concern")

    def evolve(self, state: EpisodeState) -> None:
        state.concerns.append((self.occurred_on, self.agency))


class DecisionRecorded(EpisodeEvent):
    decision: str
    rationale: str
    information: str | None

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a decision")


class ManagementOversightRecorded(EpisodeEvent):
    direction: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "management oversight")


class WorkerAllocated(EpisodeEvent):
    """Allocation to a worker; allocating while another holds the case is a change of worker."""

    code_lists: ClassVar[CodeLists] = {"change_reason": codes.WORKER_CHANGE_REASONS}

    worker_id: UUID
    change_reason: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "an allocation")
        state.check_open("an allocation")
        current = state.allocation
        if current is not None and current.worker_id == self.worker_id:
            raise RuleBroken(
                "already-allocated", "the episode is already allocated to that worker", "worker_id"
            )
        if current is not None and self.occurred_on < current.started_on:
            raise RuleBroken(
                "allocation-before-current",
                f"the current allocation began on {current.started_on}",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        current = state.allocation
        if current is not None:
            current.ended_on, current.end_reason = self.occurred_on, self.change_reason
        state.allocations.append(Allocation(self.worker_id, self.occurred_on, self.change_reason))


class WorkerUnallocated(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"change_reason": codes.WORKER_CHANGE_REASONS}

    change_reason: str

    def check(self, state: EpisodeState) -> None:
        current = state.allocation
        if current is None:
            raise RuleBroken("not-allocated", "the episode is not allocated")
        if self.occurred_on < current.started_on:
            raise RuleBroken(
                "unallocated-before-allocated",
                f"the allocation began on {current.started_on}",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        current = state.allocation
        if current is not None:
            current.ended_on, current.end_reason = self.occurred_on, self.change_reason


class ClockExtended(EpisodeEvent):
    """A manager moved a clock's due date, with a reason; the original due date stays visible."""

    rule: str
    new_due: date
    approved_by: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "an extension")
        if self.new_due <= self.occurred_on:
            raise RuleBroken(
                "extension-in-past", "an extension moves a due date into the future", "new_due"
            )

    def evolve(self, state: EpisodeState) -> None:
        state.extensions.append(
            Extension(
                self.rule, self.new_due, self.approved_by, self.reason or "", self.occurred_on
            )
        )
