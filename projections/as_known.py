"""The casework views as they stood at a past moment T: the same `Casework` projection, folded into
a throwaway in-memory store from the events recorded by T, with its clock stopped at T.

"Recorded by T" is the envelope's `recorded_at` (server time; an access record's `accessed_at`).
Events are folded in log order, as the live feed folds them. A record is cut at its first event
recorded after T: its later events are left out even if a clock skew between servers stamped
one of them earlier, so that every record is folded from a prefix of its own history.

A replay may be scoped to the records a view needs (one child; one worker's or one team's
caseload). The projection's rows for a child depend only on that child's own records and `now`,
and a worker's or team's rows only on their own, so a scoped replay gives those views exactly
the rows a replay of the whole log would give (tests/integration/test_as_known_at.py checks it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteDatastore

from domain.access import RecordAccess
from domain.child import ChildRegistered
from domain.clocks import ClockSettings
from domain.episode import Episode
from domain.episode.referral import ReferralReceived
from domain.record import CaseEvent
from domain.workforce import WorkerJoined
from projections.casework import Casework
from projections.event_log import Logged, events_of, fold, ids_named, records_of_children
from projections.recorders import SQLiteViewStore, ViewStore

# Events read from the log at a time, and folded in one transaction: the projection computes a
# child's rows once per batch, so a throwaway store is best folded in large ones.
READ_BATCH = 1_000
FOLD_BATCH = 20_000


def recorded_at(event: Any) -> datetime | None:
    """When the store received an event, by the server's clock; None for events no view folds."""
    if isinstance(event, CaseEvent):
        return event.recorded_at
    if isinstance(event, RecordAccess.Recorded):
        return event.accessed_at
    return None


class Replay:
    """A throwaway view store holding the casework views as known at `at`. Close it (or use it
    as a context manager) to free it."""

    def __init__(self, app: Application[UUID], at: datetime, clock_settings: ClockSettings) -> None:
        if at.tzinfo is None:
            raise ValueError("a replay needs an aware moment")
        self.app = app
        self.at = at
        self.events = 0
        self._cut: set[UUID] = set()
        self._last = 0
        name = f"file:casework-replay-{uuid4().hex}?mode=memory&cache=shared"
        # A shared in-memory database lives while one connection to it is open: this one.
        self._pin = sqlite3.connect(name, uri=True, check_same_thread=False)
        self._datastore = SQLiteDatastore(name)
        store = SQLiteViewStore(datastore=self._datastore)
        store.create_table()
        self.view: ViewStore = store
        self.projection = Casework(store, clock_settings, now=lambda: at)

    def fold(self, logged: Iterable[Logged]) -> None:
        """Fold events given in log order, keeping those recorded by `at` (see the module)."""
        batch: list[tuple[Any, Tracking]] = []
        for entry in logged:
            if entry.position <= self._last:
                raise ValueError("events must be folded in log order, each once")
            self._last = entry.position
            event = entry.event
            moment = recorded_at(event)
            if moment is None or event.originator_id in self._cut:
                continue
            if moment > self.at:
                self._cut.add(event.originator_id)
                continue
            batch.append((event, Tracking(self.app.name, entry.position)))
            if len(batch) >= FOLD_BATCH:
                self._apply(batch)
                batch = []
        self._apply(batch)

    def _apply(self, batch: list[tuple[Any, Tracking]]) -> None:
        self.projection.process_batch(batch)
        self.events += len(batch)

    def close(self) -> None:
        self._datastore.close()
        self._pin.close()

    def __enter__(self) -> Replay:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def replay_everything(
    app: Application[UUID], at: datetime, clock_settings: ClockSettings
) -> Replay:
    """Every view as known at `at`, from the whole log (the reference the scoped replays equal)."""
    replay = Replay(app, at, clock_settings)
    try:
        replay.fold(_whole_log(app))
    except BaseException:
        replay.close()
        raise
    return replay


def replay_records(
    app: Application[UUID], records: dict[UUID, list[Logged]], at: datetime,
    clock_settings: ClockSettings,
) -> Replay:
    """The views of the given records' events, as known at `at`."""
    replay = Replay(app, at, clock_settings)
    try:
        replay.fold(sorted((e for logged in records.values() for e in logged),
                           key=lambda e: e.position))
    except BaseException:
        replay.close()
        raise
    return replay


def _whole_log(app: Application[UUID]) -> Iterator[Logged]:
    last = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=last, limit=READ_BATCH, inclusive_of_start=False
        )
        if not notifications:
            return
        for notification in notifications:
            yield Logged(notification.id, app.mapper.to_domain_event(notification))
        last = notifications[-1].id


# Which records a view needs


def known_by(logged: Sequence[Logged], at: datetime) -> list[Logged]:
    """A record's events as known at `at`: those recorded by then, up to its first one that was
    not (the rule `Replay.fold` keeps)."""
    known = []
    for entry in logged:
        moment = recorded_at(entry.event)
        if moment is None or moment > at:
            break
        known.append(entry)
    return known


def child_scope(app: Application[UUID], child_ids: Iterable[UUID]) -> dict[UUID, list[Logged]]:
    """The children's records (each child and every episode ever linked to it, struck links
    included), the workers ever allocated to them and those workers' teams."""
    records = records_of_children(app, child_ids)
    workers = ids_named(records, "worker_id") - set(records)
    records.update(events_of(app, workers))
    teams = ids_named({w: records[w] for w in workers if w in records}, "team_id") - set(records)
    records.update(events_of(app, teams))
    return records


def worker_scope(
    app: Application[UUID], live: ViewStore, worker_ids: Iterable[UUID], at: datetime
) -> dict[UUID, list[Logged]]:
    """What the workers' caseloads and deadlines at `at` need: the workers, their teams, and the
    children with an episode open and held by one of them at `at`."""
    workers = set(worker_ids)
    return held_at(workforce_records(app, live, workers), workers, at)


def team_scope(
    app: Application[UUID], live: ViewStore, team_id: UUID, at: datetime
) -> dict[UUID, list[Logged]]:
    """What a team's caseload and deadlines at `at` need: the team, every worker in it by then,
    and the children they held at `at`."""
    records = team_records(app, live, team_id)
    return held_at(records, members_by(records, team_id, at), at)


def workforce_records(
    app: Application[UUID], live: ViewStore, workers: set[UUID]
) -> dict[UUID, list[Logged]]:
    """The workers', their teams' and every child's record that ever named one of the workers
    (to be narrowed to a moment by `held_at`)."""
    records = events_of(app, workers)
    records.update(events_of(app, ids_named(records, "team_id") - set(records)))
    records.update(records_of_children(app, children_allocated_to(live, workers)))
    return records


def team_records(
    app: Application[UUID], live: ViewStore, team_id: UUID
) -> dict[UUID, list[Logged]]:
    """The team's, every worker's ever in it, and their children's records."""
    everyone = [UUID(row["worker_id"]) for row in live.select("SELECT worker_id FROM {p}workers")]
    members = {worker for worker, logged in events_of(app, everyone).items()
               if team_id in ids_named({worker: logged}, "team_id")}
    records = workforce_records(app, live, members)
    records.update(events_of(app, {team_id} - set(records)))
    return records


def members_by(records: dict[UUID, list[Logged]], team_id: UUID, at: datetime) -> set[UUID]:
    """The workers among the records who had been in the team by `at` (a superset of those in
    it at `at`)."""
    return {record_id for record_id, logged in records.items()
            if logged and isinstance(logged[0].event, WorkerJoined)
            and team_id in ids_named({record_id: known_by(logged, at)}, "team_id")}


def held_at(
    records: dict[UUID, list[Logged]], workers: set[UUID], at: datetime
) -> dict[UUID, list[Logged]]:
    """The records without the children that, as known at `at`, had no episode open and
    allocated to one of the workers: their clocks and counts are on no caseload of theirs.
    Folding a record is cheap; computing a child's clocks is what a replay spends its time
    on."""
    child_of: dict[UUID, UUID] = {}
    held: set[UUID] = set()
    for record_id, logged in records.items():
        first = logged[0].event if logged else None
        if isinstance(first, ChildRegistered):
            child_of[record_id] = record_id
        elif isinstance(first, ReferralReceived):
            child_of[record_id] = first.child_id
            episode = fold(known_by(logged, at))
            if isinstance(episode, Episode) and episode.state.closed_on is None and (
                (allocation := episode.state.allocation) is not None
                and allocation.worker_id in workers
            ):
                held.add(first.child_id)
    return {record_id: logged for record_id, logged in records.items()
            if record_id not in child_of or child_of[record_id] in held}


def children_allocated_to(live: ViewStore, worker_ids: Iterable[UUID]) -> set[UUID]:
    """Every child whose record has named one of these workers (an allocation, or a correction
    of one), whether or not it still stands: a superset, which a replay may safely include."""
    ids = sorted(str(worker) for worker in worker_ids)
    found: set[UUID] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = live.select(
            "SELECT DISTINCT child_id FROM {p}worker_children "
            f"WHERE worker_id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        )
        found |= {UUID(row["child_id"]) for row in rows}
    return found
