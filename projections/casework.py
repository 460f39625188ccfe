"""The casework projection: caseload, deadlines and risk rows, folded from the case events.

One projection keeps these views together, at one tracking position, because they are read side
by side (a worker's caseload beside the deadlines of the same cases) and must never disagree.
Every event is applied exactly once: its rows and the position are written in one transaction,
and a duplicate (an at-least-once feed delivering again) changes nothing but the position.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from domain.access import RecordAccess
from domain.child import Child
from domain.clocks import ClockSettings
from domain.envelope import local_date
from domain.episode import Episode
from domain.record import CaseEvent
from domain.workforce import Team, Worker
from projections.child_rows import child_statements
from projections.folding import RecordFolding
from projections.recorders import Statement, ViewStore


class Casework(RecordFolding):
    name = "casework"

    def __init__(
        self,
        view: ViewStore,
        clock_settings: ClockSettings,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(view)
        self.clock_settings = clock_settings
        self.now = now

    def _statements_for(self, events: tuple[Any, ...]) -> list[Statement]:
        statements: list[Statement] = []
        lags: list[Statement] = []
        touched: dict[UUID, None] = {}  # records and children, in order of first touch
        for event in events:
            if isinstance(event, RecordAccess.Recorded):
                statements.append(_access_statement(event))
                continue
            if not isinstance(event, CaseEvent):
                continue
            if self.records.applied_version(event.originator_id) >= event.originator_version:
                continue
            child_id = self._child_of(event)
            statements.append(self.records.apply(event, child_id))
            lags.append(_lag_statement(event, child_id))
            if child_id is not None:
                statements += [_worker_child_statement(worker, child_id)
                               for worker in _workers_named(event)]
            touched[event.originator_id if child_id is None else child_id] = None
        rows = [s for record_id in touched for s in self._rows_of(record_id)]
        return statements + lags + _together(rows)

    def _rows_of(self, record_id: UUID) -> list[Statement]:
        """A worker's, a team's or a child's rows (a child's with its episodes')."""
        record = self.records.get(record_id)
        if isinstance(record, Worker):
            return _worker_statements(record)
        if isinstance(record, Team):
            return [_team_statement(record)]
        return self._child_statements(record_id)

    def _child_statements(self, child_id: UUID) -> list[Statement]:
        child = self.records.get(child_id)
        if not isinstance(child, Child):
            return []
        episodes = [
            record
            for record_id in sorted(self.records.records_of_child(child_id), key=str)
            if isinstance(record := self.records.get(record_id), Episode)
        ]
        return child_statements(child, episodes, self.now(), self.clock_settings)


def _together(rows: list[Statement]) -> list[Statement]:
    """The rows' statements with the same SQL side by side (each in its first one's place, in
    their own order), so that the store sends each kind at once. The result is the same because
    each worker, team and child appears once: all the DELETEs of one table come before its
    INSERTs."""
    kinds: dict[str, list[Statement]] = {}
    for statement in rows:
        kinds.setdefault(statement[0], []).append(statement)
    return [statement for kind in kinds.values() for statement in kind]


def _workers_named(event: CaseEvent) -> set[str]:
    """The workers an event names: whom it allocates, or whom a correction makes it allocate."""
    named = {getattr(event, "worker_id", None)}
    changes = getattr(event, "changes", None)
    if isinstance(changes, dict):
        named.add(changes.get("worker_id"))
    return {str(worker) for worker in named if worker is not None}


def _worker_child_statement(worker: str, child_id: UUID) -> Statement:
    return (
        "INSERT INTO {p}worker_children (worker_id, child_id) VALUES (?, ?) "
        "ON CONFLICT (worker_id, child_id) DO NOTHING",
        (worker, str(child_id)),
    )


def _lag_statement(event: CaseEvent, child_id: UUID | None) -> Statement:
    # Both in England's calendar: a record made just after midnight is made the next day.
    recorded_on = local_date(event.recorded_at)
    lag = (recorded_on - event.occurred_on).days
    return (
        "INSERT INTO {p}recording_lags (record_id, version, actor, child_id, recorded_on, "
        "lag_days) VALUES (?, ?, ?, ?, ?, ?)",
        (
            str(event.originator_id),
            event.originator_version,
            event.actor,
            str(child_id) if child_id else None,
            recorded_on.isoformat(),
            max(lag, 0),
        ),
    )


def _worker_statements(worker: Worker) -> list[Statement]:
    state = worker.state
    absences = [
        {
            "kind": a.kind,
            "started_on": a.started_on.isoformat(),
            "expected_back": a.expected_back.isoformat() if a.expected_back else None,
            "ended_on": a.ended_on.isoformat() if a.ended_on else None,
        }
        for a in state.absences
    ]
    return [
        ("DELETE FROM {p}workers WHERE worker_id = ?", (str(worker.id),)),
        (
            "INSERT INTO {p}workers (worker_id, staff_id, name, role, team_id, fte, employment, "
            "started_on, left_on, absences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(worker.id),
                state.staff_id,
                state.name,
                state.role,
                str(state.team_id),
                state.fte,
                state.employment,
                state.started_on.isoformat() if state.started_on else None,
                state.left_on.isoformat() if state.left_on else None,
                json.dumps(absences),
            ),
        ),
    ]


def _team_statement(team: Team) -> Statement:
    state = team.state
    return (
        "INSERT INTO {p}teams (team_id, code, name, manager_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (team_id) DO UPDATE SET name = excluded.name, "
        "manager_id = excluded.manager_id",
        (str(team.id), state.code, state.name, str(state.manager_id) if state.manager_id else None),
    )


def _access_statement(event: RecordAccess.Recorded) -> Statement:
    return (
        "INSERT INTO {p}access_log (access_id, child_id, user_name, role, route, purpose, "
        "outcome, accessed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (access_id) DO NOTHING",
        (
            str(event.originator_id),
            str(event.child_id) if event.child_id else None,
            event.user,
            event.role,
            event.route,
            event.purpose,
            event.outcome,
            event.accessed_at.isoformat(),
        ),
    )
