"""The people who hold cases: workers and their teams, with the facts behind latent conditions
(full-time equivalent, agency or employed, joining, leaving, absence) and each social worker's
registration with Social Work England, which the DfE's returns name them by."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
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
# Roles only a registered social worker may hold ("social worker" is a protected title in
# England); a personal adviser need not be one.
REGISTERED_ROLES = frozenset({"SOCIAL_WORKER", "SENIOR_PRACTITIONER", "TEAM_MANAGER"})
# A Social Work England registration number: "SW" and its digits (e.g. SW123456).
REGISTRATION_NUMBER = re.compile(r"SW[0-9]{2,8}")


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
    registration_number: str | None = None

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
    registration_number: str | None

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        # Workers who joined before registrations were recorded: not recorded (yet).
        state.setdefault("registration_number", None)

    def evolve(self, state: WorkerState) -> None:
        state.staff_id, state.name, state.role = self.staff_id, self.name, self.role
        state.team_id, state.fte, state.employment = self.team_id, self.fte, self.employment
        state.started_on = self.occurred_on
        state.registration_number = self.registration_number


class RegistrationRecorded(CaseEvent):
    """The worker's Social Work England registration number, recorded or put right after they
    joined (a worker added before registrations were recorded, a number mistyped)."""

    registration_number: str

    def check(self, state: WorkerState) -> None:
        check_registration_number(self.registration_number)
        if state.registration_number == self.registration_number:
            raise RuleBroken(
                "same-registration",
                "that registration number is already recorded",
                "registration_number",
            )

    def evolve(self, state: WorkerState) -> None:
        state.registration_number = self.registration_number


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
        registration_number: str | None = None,
    ) -> Worker:
        """Add a worker to a team; a social worker's Social Work England registration number
        (SW and its digits) may be given now or recorded later."""
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
            registration_number=(
                None if registration_number is None
                else check_registration_number(registration_number)
            ),
        )
        return worker

    def record_registration(self, occurred_at: datetime, registration_number: str) -> None:
        """Record the worker's Social Work England registration number, or put it right."""
        self.record(
            RegistrationRecorded,
            occurred_at,
            registration_number=check_registration_number(registration_number),
        )

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


def check_registration_number(value: str) -> str:
    if not isinstance(value, str) or REGISTRATION_NUMBER.fullmatch(value) is None:
        raise InvalidValue(
            "registration_number",
            "a Social Work England registration number is SW followed by its digits, "
            "e.g. SW123456",
        )
    return value


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
