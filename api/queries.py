"""Routes for the queries: a child's summary, caseloads, deadlines, risk, unallocated work,
search, and who accessed a record. Every answer comes from the views; every read of a child's
record is recorded in the access log."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query

from api import access
from api.access import ReadContext
from api.auth import Role
from api.deps import BreakGlass, CurrentUser, Purpose, Services
from api.problems import Forbidden
from domain.errors import InvalidValue
from projections.queries import caseload, deadlines, latent, records, risk

router = APIRouter()
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such record, or none you may know of"}
}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _obj(value: Any) -> dict[str, Any]:
    found: dict[str, Any] = _plain(value)
    return found


def _list(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = _plain(value)
    return found


def read_child_record(
    services: Services,
    user: CurrentUser,
    child_id: UUID,
    route: str,
    purpose: str | None,
    glass: str | None,
) -> None:
    """Let `user` read the child's record through `route`, or refuse: the purpose an auditor
    must give, then the access rules; either way the read (or refusal) is in the access log."""
    try:
        access.require_purpose(user, purpose)
    except InvalidValue:
        services.case_record.record_access(user.user, user.role.value, child_id, route, None,
                                           "refused")
        raise
    access.read_child(services, user, str(child_id), ReadContext(route, purpose, glass))


@router.get("/children/{child_id}", tags=["children"], responses=NOT_FOUND)
def child_summary(
    child_id: UUID,
    user: CurrentUser,
    services: Services,
    purpose: Purpose = None,
    glass: BreakGlass = None,
) -> dict[str, Any]:
    """A child's summary: who they are, their episodes, clocks and risk signals."""
    read_child_record(services, user, child_id, "child summary", purpose, glass)
    today = services.today()
    child = records.child(services.views, str(child_id))
    found = risk.child_risk(services.views, str(child_id), today, services.thresholds)
    return {
        "child": _plain(child),
        "episodes": records.episodes_of(services.views, str(child_id)),
        "clocks": _plain(
            deadlines.child_clocks_at(services.views, str(child_id), today, services.thresholds)
        ),
        "signals": _plain(found.signals if found else []),
    }


@router.get("/children/{child_id}/deadlines", tags=["children"], responses=NOT_FOUND)
def child_deadlines(
    child_id: UUID,
    user: CurrentUser,
    services: Services,
    purpose: Purpose = None,
    glass: BreakGlass = None,
) -> list[dict[str, Any]]:
    """A child's running and recently met statutory clocks, with due dates and why."""
    read_child_record(services, user, child_id, "child deadlines", purpose, glass)
    return _list(
        deadlines.child_clocks_at(
            services.views, str(child_id), services.today(), services.thresholds
        )
    )


@router.get("/children/{child_id}/risk", tags=["children"], responses=NOT_FOUND)
def child_risk(
    child_id: UUID,
    user: CurrentUser,
    services: Services,
    purpose: Purpose = None,
    glass: BreakGlass = None,
) -> list[dict[str, Any]]:
    """A child's risk signals in plain words, each with the events behind it."""
    read_child_record(services, user, child_id, "child risk", purpose, glass)
    found = risk.child_risk(services.views, str(child_id), services.today(), services.thresholds)
    return _list(found.signals if found else [])


@router.get("/children/{child_id}/access", tags=["children"], responses=NOT_FOUND)
def child_access(
    child_id: UUID, user: CurrentUser, services: Services, purpose: Purpose = None
) -> list[dict[str, Any]]:
    """Who has accessed this child's record, when, why, and what they were told (auditors and
    the child's managers)."""
    if user.role not in (Role.AUDITOR, Role.MANAGER):
        # A refusal is logged like any other (api/access.py): the role may never read this.
        services.case_record.record_access(
            user.user, user.role.value, child_id, "access log", purpose, "refused"
        )
        raise Forbidden()
    read_child_record(services, user, child_id, "access log", purpose, None)
    return records.access_log(services.views, str(child_id))


@router.get("/children", tags=["children"])
def search(
    user: CurrentUser,
    services: Services,
    q: str = Query(..., min_length=2, max_length=100, description="part of a name or id"),
    purpose: Purpose = None,
) -> list[dict[str, Any]]:
    """Children whose name or id contains `q`, among those the caller may see."""
    if user.role is Role.ANALYST:
        raise Forbidden()
    access.require_purpose(user, purpose)
    found = [
        c
        for c in records.search_children(services.views, q)
        if access.may_see(services, user, c.child_id)
    ]
    for child in found:
        services.case_record.record_access(
            user.user, user.role.value, UUID(child.child_id), "search", purpose, "allowed"
        )
    return [
        {
            "child_id": c.child_id,
            "la_child_id": c.la_child_id,
            "name": c.name,
            "date_of_birth": c.date_of_birth,
        }
        for c in found
    ]


@router.get("/workers/{worker_id}/caseload", tags=["workers"], responses=NOT_FOUND)
def worker_caseload(worker_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """A worker's open episodes and children by kind, weighted, per full-time equivalent."""
    access.check_worker_scope(services, user, str(worker_id))
    found = caseload.worker_caseloads(services.views, services.thresholds, worker_id=str(worker_id))
    return _obj(found[0]) if found else {"worker_id": str(worker_id), "children": 0}


@router.get("/workers/{worker_id}/deadlines", tags=["workers"], responses=NOT_FOUND)
def worker_deadlines(worker_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """A worker's clocks: due this week, overdue, extended, met late."""
    access.check_worker_scope(services, user, str(worker_id))
    today = services.today()
    clocks = deadlines.worker_deadlines(services.views, str(worker_id), today, services.thresholds)
    return _obj(deadlines.summarise(clocks, today))


@router.get("/workers/{worker_id}/conditions", tags=["workers"], responses=NOT_FOUND)
def worker_conditions(worker_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """The latent conditions for error around one worker."""
    access.check_worker_scope(services, user, str(worker_id))
    found = latent.worker_conditions(
        services.views, str(worker_id), services.today(), services.thresholds
    )
    return _obj(found)


@router.get("/teams/{team_id}/caseload", tags=["teams"], responses=NOT_FOUND)
def team_caseload(team_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """A team's caseload per worker against the authority's threshold."""
    access.check_team_scope(services, user, str(team_id))
    (team,) = caseload.team_caseloads(services.views, services.thresholds, team_id=str(team_id))
    return _obj(team)


@router.get("/teams/{team_id}/deadlines", tags=["teams"], responses=NOT_FOUND)
def team_deadlines(team_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """A team's clocks: due this week, overdue, extended, met late."""
    access.check_team_scope(services, user, str(team_id))
    today = services.today()
    clocks = deadlines.team_deadlines(services.views, str(team_id), today, services.thresholds)
    return _obj(deadlines.summarise(clocks, today))


@router.get("/teams/{team_id}/conditions", tags=["teams"], responses=NOT_FOUND)
def team_conditions(team_id: UUID, user: CurrentUser, services: Services) -> dict[str, Any]:
    """The latent conditions for error in a team: caseload, absence, recording lag, agency
    share, leavers, referrals per full-time worker."""
    access.check_team_scope(services, user, str(team_id))
    return _obj(
        latent.team_conditions(services.views, str(team_id), services.today(), services.thresholds)
    )


@router.get("/teams/{team_id}/break-glass", tags=["teams"], responses=NOT_FOUND)
def team_break_glass(team_id: UUID, user: CurrentUser, services: Services) -> list[dict[str, Any]]:
    """Records of this team's children opened by breaking the glass (for its managers)."""
    access.check_manager(user)
    access.check_team_scope(services, user, str(team_id))
    return records.broken_glass_in_teams(services.views, [str(team_id)])


@router.get("/unallocated", tags=["teams"])
def unallocated(user: CurrentUser, services: Services) -> list[dict[str, Any]]:
    """Open episodes nobody holds, with how long each has waited (managers, auditors, analysts)."""
    if user.role is Role.PRACTITIONER:
        raise Forbidden()
    waiting = [
        episode for episode in caseload.unallocated(services.views, services.today())
        if access.listable(services, user, episode.child_id)
    ]
    return _list(waiting)
