"""A child's chronology, gathered from the event store: the child's records, the allocations and
absences of the workers who held the case, and (on request) the reads of the record."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from eventsourcing.application import Application

from domain.child import Child
from domain.workforce import (
    AbsenceEnded,
    AbsenceStarted,
    Worker,
    WorkerLeft,
    WorkerMovedTeam,
    WorkingHoursChanged,
)
from projections.chronology import Entry, Sources, arrange, entries
from projections.event_log import Logged, events_of, fold, ids_named, records_of_children
from projections.recorders import ViewStore

Period = tuple[date, date | None]


@dataclass(frozen=True)
class Chronology:
    child_id: str
    la_child_id: str
    name: str
    order: str
    entries: list[Entry]


def child_chronology(
    app: Application[UUID], child_id: UUID, today: date, *, auditor: bool,
    order: str = "occurred", kinds: Iterable[str] = (), since: date | None = None,
    until: date | None = None, reads_from: ViewStore | None = None,
) -> Chronology | None:
    """The chronology of one child, or None when there is no such child; with the reads of the
    record interleaved when given the views that list them (`reads_from`)."""
    records = records_of_children(app, [child_id])
    child = fold(records.get(child_id, []))
    if not isinstance(child, Child):
        return None
    kinds_of = {record_id: "child" if record_id == child_id else "episode"
                for record_id in records}
    held = holding_periods(records, child_id)
    workers = events_of(app, ids_named(records, "worker_id"))
    names = {}
    for worker_id, logged in workers.items():
        worker = fold(logged)
        if isinstance(worker, Worker):
            names[worker_id] = f"{worker.state.name} ({worker.state.staff_id})"
            records[worker_id] = while_holding(logged, held.get(worker_id, []), today)
            kinds_of[worker_id] = "worker"
    access = _reads(app, reads_from, child_id) if reads_from is not None else []
    sources = Sources(records, kinds_of, names, access)
    found = arrange(entries(sources, auditor), order, kinds, since, until)
    return Chronology(str(child_id), child.state.la_child_id, child.state.name, order, found)


def holding_periods(records: dict[UUID, list[Logged]], child_id: UUID) -> dict[UUID, list[Period]]:
    """When each worker held one of the child's episodes (allocations as they now stand)."""
    periods: dict[UUID, list[Period]] = {}
    for record_id, logged in records.items():
        if record_id == child_id:
            continue
        episode = fold(logged)
        for allocation in getattr(getattr(episode, "state", None), "allocations", []):
            periods.setdefault(allocation.worker_id, []).append(
                (allocation.started_on, allocation.ended_on)
            )
    return periods


def while_holding(logged: Sequence[Logged], periods: list[Period], today: date) -> list[Logged]:
    """A worker's absences that overlap a period in which they held the case (both ends), and
    their changes of team, hours or employment within one."""

    def overlaps(start: date, end: date | None) -> bool:
        return any(start <= (until or today) and (end is None or end >= since)
                   for since, until in periods)

    chosen: dict[int, Logged] = {}
    absence: Logged | None = None
    for entry in logged:
        event = entry.event
        if isinstance(event, AbsenceStarted):
            absence = entry
        elif isinstance(event, AbsenceEnded | WorkerLeft) and absence is not None:
            if overlaps(absence.event.occurred_on, event.occurred_on):
                chosen.update({absence.position: absence, entry.position: entry})
            absence = None
        if isinstance(event, WorkerLeft | WorkerMovedTeam | WorkingHoursChanged) and overlaps(
            event.occurred_on, event.occurred_on
        ):
            chosen[entry.position] = entry
    if absence is not None and overlaps(absence.event.occurred_on, None):
        chosen[absence.position] = absence
    return [chosen[position] for position in sorted(chosen)]


def _reads(app: Application[UUID], live: ViewStore, child_id: UUID) -> list[Logged]:
    rows = live.select(
        "SELECT access_id FROM {p}access_log WHERE child_id = ?", (str(child_id),)
    )
    found = events_of(app, [UUID(row["access_id"]) for row in rows])
    return sorted((e for logged in found.values() for e in logged), key=lambda e: e.position)
