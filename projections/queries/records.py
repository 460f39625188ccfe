"""Children, their episodes and who holds them, the workforce, and who has read each record: what
the API needs to answer about a child and to decide who may see it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from projections.recorders import ViewStore


@dataclass(frozen=True)
class ChildRow:
    child_id: str
    la_child_id: str
    name: str
    date_of_birth: str | None
    restricted: str | None
    named_people: list[str]
    open_episode_id: str | None
    died_on: str | None
    registered_by: str


@dataclass(frozen=True)
class Holder:
    """A worker holding one of the child's open episodes, and that worker's team."""

    episode_id: str
    worker_id: str | None
    team_id: str | None


@dataclass(frozen=True)
class WorkerRow:
    worker_id: str
    staff_id: str
    name: str
    role: str
    team_id: str | None
    left_on: str | None


def child(view: ViewStore, child_id: str) -> ChildRow | None:
    rows = view.select("SELECT * FROM {p}children WHERE child_id = ?", (child_id,))
    return _child(rows[0]) if rows else None


def search_children(view: ViewStore, text: str, limit: int = 50) -> list[ChildRow]:
    """Children whose name or the authority's id contains `text` (case-insensitive)."""
    pattern = f"%{text.lower()}%"
    rows = view.select(
        "SELECT * FROM {p}children WHERE lower(name) LIKE ? OR lower(la_child_id) LIKE ? "
        "ORDER BY name, child_id LIMIT ?",
        (pattern, pattern, limit),
    )
    return [_child(row) for row in rows]


def episodes_of(view: ViewStore, child_id: str) -> list[dict[str, Any]]:
    return view.select(
        "SELECT episode_id, kind, referral_date, closed_on, worker_id, allocated_on, "
        "waiting_since FROM {p}episodes WHERE child_id = ? ORDER BY referral_date, episode_id",
        (child_id,),
    )


def holders(view: ViewStore, child_id: str) -> list[Holder]:
    rows = view.select(
        "SELECT e.episode_id, e.worker_id, w.team_id FROM {p}episodes e "
        "LEFT JOIN {p}workers w ON w.worker_id = e.worker_id "
        "WHERE e.child_id = ? AND e.closed_on IS NULL",
        (child_id,),
    )
    return [Holder(r["episode_id"], r["worker_id"], r["team_id"]) for r in rows]


def last_holder(view: ViewStore, child_id: str) -> Holder | None:
    """Who held the child last, when no episode of theirs is open: the latest allocation."""
    rows = view.select(
        "SELECT a.episode_id, a.worker_id, w.team_id FROM {p}allocations a "
        "LEFT JOIN {p}workers w ON w.worker_id = a.worker_id WHERE a.child_id = ? "
        "ORDER BY a.started_on DESC, a.episode_id DESC LIMIT 1",
        (child_id,),
    )
    return Holder(rows[0]["episode_id"], rows[0]["worker_id"], rows[0]["team_id"]) if rows else None


def child_of_episode(view: ViewStore, episode_id: str) -> str | None:
    rows = view.select("SELECT child_id FROM {p}episodes WHERE episode_id = ?", (episode_id,))
    return rows[0]["child_id"] if rows else None


def worker(view: ViewStore, worker_id: str) -> WorkerRow | None:
    rows = view.select("SELECT * FROM {p}workers WHERE worker_id = ?", (worker_id,))
    return _worker(rows[0]) if rows else None


def worker_by_staff_id(view: ViewStore, staff_id: str) -> WorkerRow | None:
    rows = view.select("SELECT * FROM {p}workers WHERE staff_id = ?", (staff_id,))
    return _worker(rows[0]) if rows else None


def teams_managed_by(view: ViewStore, worker_id: str) -> list[str]:
    rows = view.select("SELECT team_id FROM {p}teams WHERE manager_id = ?", (worker_id,))
    return [r["team_id"] for r in rows]


def team_exists(view: ViewStore, team_id: str) -> bool:
    return bool(view.select("SELECT 1 AS x FROM {p}teams WHERE team_id = ?", (team_id,)))


def access_log(view: ViewStore, child_id: str) -> list[dict[str, Any]]:
    """Who has accessed this child's record, when, why, and what they were told."""
    return view.select(
        "SELECT user_name, role, route, purpose, outcome, accessed_at FROM {p}access_log "
        "WHERE child_id = ? ORDER BY accessed_at, access_id",
        (child_id,),
    )


def broken_glass_in_teams(view: ViewStore, team_ids: list[str]) -> list[dict[str, Any]]:
    """Records opened by breaking the glass whose child is held in one of these teams."""
    if not team_ids:
        return []
    marks = ", ".join("?" for _ in team_ids)
    return view.select(
        "SELECT DISTINCT a.user_name, a.child_id, a.route, a.purpose, a.accessed_at "
        "FROM {p}access_log a JOIN {p}episodes e ON e.child_id = a.child_id "
        f"JOIN {{p}}workers w ON w.worker_id = e.worker_id WHERE a.outcome = 'break-glass' "
        f"AND w.team_id IN ({marks}) ORDER BY a.accessed_at",
        tuple(team_ids),
    )


def _child(row: dict[str, Any]) -> ChildRow:
    return ChildRow(
        child_id=row["child_id"],
        la_child_id=row["la_child_id"],
        name=row["name"],
        date_of_birth=row["date_of_birth"],
        restricted=row["restricted"],
        named_people=json.loads(row["named_people"]),
        open_episode_id=row["open_episode_id"],
        died_on=row["died_on"],
        registered_by=row["registered_by"],
    )


def _worker(row: dict[str, Any]) -> WorkerRow:
    return WorkerRow(
        row["worker_id"], row["staff_id"], row["name"], row["role"], row["team_id"], row["left_on"]
    )
