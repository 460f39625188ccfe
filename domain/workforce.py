"""The people who hold cases: workers and their teams, with the facts behind latent conditions
(full-time equivalent, agency or employed, joining, leaving, absence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.codes import ABSENCE_KINDS, check_code
from domain.errors import InvalidValue, RuleBroken
from domain.record import CaseAggregate, CaseCreated, CaseEvent
from domain.text import check_name, check_text

WORKER_ROLES = {
    "SOCIAL_WORKER": "social worker",
    "SENIOR_PRACTITIONER": "senior practitioner",
    "PERSONAL_ADVISER": "personal adviser",
    "TEAM_MANAGER": "team manager",
}
EMPLOYMENT = {"EMPLOYED": "employed by the authority", "AGENCY": "agency"}


def worker_id(staff_id: str) -> UUID:
    """A worker's record id follows from their staff id, so the same person is never added twice."""
    return uuid5(NAMESPACE_URL, f"casetrail:worker:{staff_id}")


def team_id(code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"casetrail:team:{code}")


@dataclass
class Absence:
    kind: str
    started_on: date
    expected_back: date | None
    ended_on: date | None = None


@dataclass
class WorkerState:
    staff_id: str = ""
    name: str = ""
    role: str = "SOCIAL_WORKER"
    team_id: UUID | None = None
    fte: float = 1.0
    employment: str = "EMPLOYED"
    started_on: date | None = None
    left_on: date | None = None
    absences: list[Absence] = field(default_factory=list)

    @property
    def current_absence(self) -> Absence | None:
        return next((a for a in reversed(self.absences) if a.ended_on is None), None)


class WorkerJoined(CaseCreated):
    staff_id: str
    name: str
    role: str
    team_id: UUID
    fte: float
    employment: str

    def evolve(self, state: WorkerState) -> None:
        state.staff_id, state.name, state.role = self.staff_id, self.name, self.role
        state.team_id, state.fte, state.employment = self.team_id, self.fte, self.employment
        state.started_on = self.occurred_on


class WorkerMovedTeam(CaseEvent):
    team_id: UUID

    def check(self, state: WorkerState) -> None:
        _check_working(state, self.occurred_on)
        if state.team_id == self.team_id:
            raise RuleBroken("same-team", "the worker is already in that team", "team_id")

    def evolve(self, state: WorkerState) -> None:
        state.team_id = self.team_id


class WorkingHoursChanged(CaseEvent):
    fte: float

    def check(self, state: WorkerState) -> None:
        _check_working(state, self.occurred_on)

    def evolve(self, state: WorkerState) -> None:
        state.fte = self.fte


class AbsenceStarted(CaseEvent):
    kind: str
    expected_back: date | None

    def check(self, state: WorkerState) -> None:
        _check_working(state, self.occurred_on)
        if state.current_absence is not None:
            raise RuleBroken("already-absent", "the worker's current absence has not ended")

    def evolve(self, state: WorkerState) -> None:
        state.absences.append(Absence(self.kind, self.occurred_on, self.expected_back))


class AbsenceEnded(CaseEvent):
    def check(self, state: WorkerState) -> None:
        absence = state.current_absence
        if absence is None:
            raise RuleBroken("not-absent", "the worker is not absent")
        if self.occurred_on < absence.started_on:
            raise RuleBroken(
                "back-before-absent", f"the absence began on {absence.started_on}", "occurred_at"
            )

    def evolve(self, state: WorkerState) -> None:
        absence = state.current_absence
        if absence is not None:
            absence.ended_on = self.occurred_on


class WorkerLeft(CaseEvent):
    def check(self, state: WorkerState) -> None:
        _check_working(state, self.occurred_on)

    def evolve(self, state: WorkerState) -> None:
        state.left_on = self.occurred_on
        absence = state.current_absence
        if absence is not None:
            absence.ended_on = self.occurred_on


class Worker(CaseAggregate[WorkerState]):
    def new_state(self) -> WorkerState:
        return WorkerState()

    @classmethod
    def join(
        cls,
        occurred_at: datetime,
        staff_id: str,
        name: str,
        team: UUID,
        fte: float = 1.0,
        employment: str = "EMPLOYED",
        role: str = "SOCIAL_WORKER",
    ) -> Worker:
        worker: Worker = cls.start(
            WorkerJoined,
            worker_id(check_text(staff_id, "staff_id", 40)),
            occurred_at,
            staff_id=staff_id,
            name=check_name(name, "name"),
            role=check_code("role", role, WORKER_ROLES),
            team_id=team,
            fte=_fte(fte),
            employment=check_code("employment", employment, EMPLOYMENT),
        )
        return worker

    def move_team(self, occurred_at: datetime, team: UUID) -> None:
        self.record(WorkerMovedTeam, occurred_at, team_id=team)

    def change_hours(self, occurred_at: datetime, fte: float) -> None:
        self.record(WorkingHoursChanged, occurred_at, fte=_fte(fte))

    def start_absence(self, occurred_at: datetime, kind: str, expected_back: date | None) -> None:
        self.record(
            AbsenceStarted,
            occurred_at,
            kind=check_code("kind", kind, ABSENCE_KINDS),
            expected_back=expected_back,
        )

    def end_absence(self, occurred_at: datetime) -> None:
        self.record(AbsenceEnded, occurred_at)

    def leave(self, occurred_at: datetime, reason: str | None = None) -> None:
        self.record(WorkerLeft, occurred_at, reason)


@dataclass
class TeamState:
    code: str = ""
    name: str = ""
    manager_id: UUID | None = None


class TeamFormed(CaseCreated):
    code: str
    name: str

    def evolve(self, state: TeamState) -> None:
        state.code, state.name = self.code, self.name


class TeamManagerAppointed(CaseEvent):
    manager_id: UUID

    def evolve(self, state: TeamState) -> None:
        state.manager_id = self.manager_id


class Team(CaseAggregate[TeamState]):
    def new_state(self) -> TeamState:
        return TeamState()

    @classmethod
    def form(cls, occurred_at: datetime, code: str, name: str) -> Team:
        team: Team = cls.start(
            TeamFormed,
            team_id(check_text(code, "code", 20)),
            occurred_at,
            code=code,
            name=check_name(name, "name"),
        )
        return team

    def appoint_manager(self, occurred_at: datetime, manager: UUID) -> None:
        self.record(TeamManagerAppointed, occurred_at, manager_id=manager)


def _fte(value: float) -> float:
    if not 0 < value <= 1:
        raise InvalidValue("fte", "a full-time equivalent is more than 0 and at most 1")
    return round(value, 2)


def _check_working(state: WorkerState, day: date) -> None:
    if state.left_on is not None and day >= state.left_on:
        raise RuleBroken("worker-left", f"the worker left on {state.left_on}", "occurred_at")
    if state.started_on is not None and day < state.started_on:
        raise RuleBroken(
            "before-joining", f"the worker joined on {state.started_on}", "occurred_at"
        )
