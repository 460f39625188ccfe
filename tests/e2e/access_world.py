"""A small authority for tests of who may see and change what over HTTP: two teams, the people in
them, an auditor and an analyst, each with a bearer token, and a fresh child per test held by the
first team's social worker (optionally a restricted record).

The people, by their relationship to the child (`PERSONAS`):

- the holder: the social worker the child's episode is allocated to (home team);
- a teammate: another social worker in the home team;
- a stranger: the social worker of another team (the away team), with and without breaking the
  glass;
- the manager of the home team, and the manager of the away team;
- an auditor, with and without a stated purpose; an analyst.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api import (
    chronology,
    commands,
    event_schemas,
    evidence,
    health,
    queries,
    reports,
    work,
)
from api.auth import Principal, Role
from domain.service import CaseRecord, CommandContext
from runtime.bootstrap import Casetrail
from tests.integration.views_support import settle
from tests.journeys import Staff, a_base_date, at, form_staff

GLASS_REASON = "Duty cover: police at the door asking about this child tonight."
REVIEW = "AUDIT-2026-017 (case file audit)"

# The case content of every child made here: none of it may ever reach the access log.
GIVEN_NAME = "Zinnia"
FAMILY_NAME = "Quarrington"
ADDRESS = "7 Heron Walk, Demoton, DM3 9QT"
CONCERN = "Zinnia told her teacher she is scared of going home at weekends."
VISIT_NOTE = "Zinnia seen alone in her bedroom; spoke about the weekend rows."
CASE_NOTE = "Phoned the school nurse: Zinnia's weight is down again."
NEW_ADDRESS = "22 Kestrel Court, Demoton, DM4 1AA"
CASE_CONTENT = (GIVEN_NAME, FAMILY_NAME, ADDRESS, CONCERN, VISIT_NOTE, CASE_NOTE, NEW_ADDRESS)


@dataclass(frozen=True)
class Persona:
    """Someone signed in, with the headers they send on every request."""

    principal: Principal
    headers: dict[str, str]
    purpose: str | None = None
    glass: str | None = None


@dataclass(frozen=True)
class Case:
    """A child with one open episode, held by the home team's social worker."""

    child: UUID
    episode: UUID
    la_child_id: str
    restricted: bool


@dataclass
class World:
    casetrail: Casetrail = field(repr=False)
    client: TestClient = field(repr=False)
    home: Staff
    away: Staff
    teammate: UUID
    teammate_actor: str
    personas: dict[str, Persona] = field(default_factory=dict, repr=False)

    @property
    def service(self) -> CaseRecord:
        return self.casetrail.case_record

    def settle(self) -> None:
        settle(self.casetrail)

    def open_case(self, restricted: bool = False, closed: bool = False) -> Case:
        """A new child, referred three hours ago and allocated to the holder; restricted (naming
        the holder only) by the home team's manager, and the episode closed, when asked."""
        child, la_child_id = self.register_child()
        episode = self.service.receive_referral(
            CommandContext(actor=self.home.worker_actor),
            child,
            occurred_at=moment(-3),
            source="2A",
            concern=CONCERN,
            primary_need="N1",
        ).record_id
        manager = CommandContext(actor=self.home.manager_actor)
        self.service.allocate_worker(manager, episode, self.home.worker, moment(-2))
        if restricted:
            self.service.child_command(
                manager,
                child,
                "restrict",
                occurred_at=moment(-2),
                kind="STAFF",
                named_people=[self.home.worker_actor],
                reason="The child's mother works in this service.",
            )
        if closed:
            self.service.close_episode(manager, episode, moment(-2), "RC7", "No further action.")
        self.settle()
        return Case(child, episode, la_child_id, restricted)

    def register_child(self) -> tuple[UUID, str]:
        """A new child registered by the holder three hours ago (no referral yet), and their
        local id; the views are not yet settled."""
        started = moment(-3)
        la_child_id = f"ZQ{uuid4().hex[:10].upper()}"
        child = self.service.register_child(
            CommandContext(actor=self.home.worker_actor),
            occurred_at=started,
            la_child_id=la_child_id,
            given_name=GIVEN_NAME,
            family_name=FAMILY_NAME,
            sex="F",
            ethnicity="WBRI",
            date_of_birth=started.date() - timedelta(days=9 * 365),
            disabilities=["NONE"],
            address=ADDRESS,
        ).record_id
        return child, la_child_id

    def add_worker(self, team: UUID) -> UUID:
        """A new social worker in `team` (for commands that change a worker's record)."""
        joined = at(a_base_date(), 9)
        staff_id = f"SW-{uuid4().hex[:8].upper()}"
        worker = self.service.add_worker(
            CommandContext(actor="workforce-admin"),
            occurred_at=joined,
            staff_id=staff_id,
            name="Olu Adeyemi",
            team=team,
            role="SOCIAL_WORKER",
        ).record_id
        self.settle()
        return worker

    def send(
        self,
        who: str,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """The request as `who` sends it (their token and headers, and any others given)."""
        persona = self.personas[who]
        return self.client.request(
            method, path, headers={**persona.headers, **(headers or {})}, json=body
        )


def api_operations() -> list[tuple[str, str]]:
    """Every (method, path) the API answers, from its routers."""
    routes = [*health.router.routes, *commands.router.routes, *queries.router.routes,
              *chronology.router.routes, *work.router.routes, *evidence.router.routes,
              *event_schemas.router.routes, *reports.router.routes]
    return sorted(
        (method, route.path)
        for route in routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    )


def moment(hours: int) -> datetime:
    """An instant `hours` from now (negative: in the past)."""
    return datetime.now(UTC) + timedelta(hours=hours)


def build_world(casetrail: Casetrail) -> World:
    """The two teams, their people and everyone's tokens, on `casetrail`."""
    formed = a_base_date()
    service = casetrail.case_record
    home = form_staff(service, formed, "Family Support North", "Priya Raman", "Gareth Lloyd")
    away = form_staff(service, formed, "Family Support South", "Tom Hughes", "Nia Evans")
    teammate_actor = f"SW-{uuid4().hex[:8].upper()}"
    teammate = service.add_worker(
        CommandContext(actor="workforce-admin"),
        occurred_at=at(formed, 9),
        staff_id=teammate_actor,
        name="Sam Okoro",
        team=home.team,
        role="SOCIAL_WORKER",
    ).record_id
    world = World(casetrail, TestClient(casetrail.app), home, away, teammate, teammate_actor)
    keys = casetrail.app.state.services.keys

    def persona(
        principal: Principal, purpose: str | None = None, glass: str | None = None
    ) -> Persona:
        headers = {"Authorization": f"Bearer {keys.issue(principal, 60)}"}
        if purpose:
            headers["X-Purpose"] = purpose
        if glass:
            headers["X-Break-Glass-Reason"] = glass
        return Persona(principal, headers, purpose, glass)

    def worker(staff_id: str, role: Role, worker_id: UUID, name: str) -> Principal:
        return Principal(staff_id, role, name, str(worker_id))

    stranger = worker(away.worker_actor, Role.PRACTITIONER, away.worker, "Tom Hughes")
    auditor = Principal("AUD-ELLIS", Role.AUDITOR, "Dana Ellis")
    world.personas = {
        "holder": persona(worker(home.worker_actor, Role.PRACTITIONER, home.worker, "Priya")),
        "teammate": persona(worker(teammate_actor, Role.PRACTITIONER, teammate, "Sam Okoro")),
        "stranger": persona(stranger),
        "stranger breaking the glass": persona(stranger, glass=GLASS_REASON),
        "manager": persona(worker(home.manager_actor, Role.MANAGER, home.manager, "Gareth")),
        "other manager": persona(worker(away.manager_actor, Role.MANAGER, away.manager, "Nia")),
        "auditor": persona(auditor, purpose=REVIEW),
        "auditor without purpose": persona(auditor),
        "analyst": persona(Principal("AN-PATEL", Role.ANALYST, "Ravi Patel")),
    }
    settle(casetrail)
    return world
