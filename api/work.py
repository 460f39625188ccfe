"""Routes for a person's own work: who they are signed in as (their worker record, the teams
they may look at, the authority's thresholds), and the children a worker holds with what is due
and overdue first, the web client's "my work"."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter

from api import access
from api.auth import Principal, Role
from api.deps import CurrentUser, Purpose, Services
from api.problems import Forbidden
from api.services import ApiServices
from projections.queries import deadlines, records, risk, work
from projections.queries.deadlines import ClockView

router = APIRouter()
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such record, or none you may know of"}
}
OPEN = {"running", "extended", "overdue"}


@router.get("/me", tags=["people"])
def me(user: CurrentUser, services: Services) -> dict[str, Any]:
    """Who is signed in: their role, their worker record, the teams whose views they may read,
    and the authority's thresholds."""
    worker = records.worker(services.views, user.worker_id) if user.worker_id else None
    return {
        "user": user.user,
        "role": user.role.value,
        "name": worker.name if worker else user.name,
        "worker_id": user.worker_id,
        "team_id": worker.team_id if worker else None,
        "teams": _teams_for(services, user),
        "thresholds": dataclasses.asdict(services.thresholds),
    }


@router.get("/workers/{worker_id}/children", tags=["workers"], responses=NOT_FOUND)
def worker_children(
    worker_id: UUID, user: CurrentUser, services: Services, purpose: Purpose = None
) -> list[dict[str, Any]]:
    """The children a worker holds, overdue work first and then by the nearest due date (the
    next clock not yet overdue), each with their clocks and risk signals in plain words. Each
    child listed is a read of their record, and is recorded as one."""
    if user.role is Role.ANALYST:
        raise Forbidden()
    access.require_purpose(user, purpose)
    access.check_worker_scope(services, user, str(worker_id))
    today = services.today()
    held = [
        episode
        for episode in work.episodes_held_by(services.views, str(worker_id))
        if access.listable(services, user, episode.child_id)
    ]
    rows = [_row(services, episode, today) for episode in held]
    for episode in held:
        services.case_record.record_access(
            user.user, user.role.value, UUID(episode.child_id), "worker's children", purpose,
            "allowed",
        )
    return sorted(rows, key=_urgency)


def _row(services: ApiServices, episode: work.HeldEpisode, today: date) -> dict[str, Any]:
    clocks = [
        clock
        for clock in deadlines.child_clocks_at(
            services.views, episode.child_id, today, services.thresholds
        )
        if clock.episode_id in (episode.episode_id, None)
    ]
    found = risk.child_risk(services.views, episode.child_id, today, services.thresholds)
    open_clocks = [c for c in clocks if c.status in OPEN and c.stopped_on is None]
    upcoming = [c for c in open_clocks if c.status != "overdue"]
    return {
        **dataclasses.asdict(episode),
        "overdue": [_clock(c) for c in open_clocks if c.status == "overdue"],
        "next_due": _clock(min(upcoming, key=lambda c: c.due)) if upcoming else None,
        "clocks": [_clock(c) for c in clocks],
        "signals": [dataclasses.asdict(s) for s in found.signals] if found else [],
    }


def _clock(clock: ClockView) -> dict[str, Any]:
    found: dict[str, Any] = dataclasses.asdict(clock)
    return found


def _urgency(row: dict[str, Any]) -> tuple[int, int, str, str]:
    """Overdue first (the longest overdue at the top), then the nearest due date, then name."""
    overdue = row["overdue"]
    lateness = max((-(c["days_left"] or 0) for c in overdue), default=0)
    due = row["next_due"]["due"].isoformat() if row["next_due"] else "9999-12-31"
    return (0 if overdue else 1, -lateness, due, row["name"])


def _teams_for(services: ApiServices, user: Principal) -> list[dict[str, Any]]:
    """The teams whose caseload, deadlines and conditions this person may read."""
    everyone = user.role in (Role.AUDITOR, Role.ANALYST)
    mine = access.teams_of(services, user)
    return [
        {
            "team_id": team.team_id,
            "name": team.name,
            "managed": bool(user.worker_id) and team.manager_id == user.worker_id,
        }
        for team in work.teams(services.views)
        if everyone or team.team_id in mine
    ]
