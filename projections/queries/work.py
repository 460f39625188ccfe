"""A worker's own work, and the teams a person may look at: what the web client's "my work" and
team pages start from."""

from __future__ import annotations

from dataclasses import dataclass

from projections.recorders import ViewStore


@dataclass(frozen=True)
class HeldEpisode:
    """An open episode held by a worker, and the child it is about."""

    child_id: str
    la_child_id: str
    name: str
    date_of_birth: str | None
    episode_id: str
    kind: str
    referral_date: str
    allocated_on: str | None


@dataclass(frozen=True)
class TeamRow:
    team_id: str
    name: str
    manager_id: str | None


def episodes_held_by(view: ViewStore, worker_id: str) -> list[HeldEpisode]:
    rows = view.select(
        "SELECT c.child_id, c.la_child_id, c.name, c.date_of_birth, e.episode_id, e.kind, "
        "e.referral_date, e.allocated_on FROM {p}episodes e "
        "JOIN {p}children c ON c.child_id = e.child_id "
        "WHERE e.worker_id = ? AND e.closed_on IS NULL ORDER BY c.name, e.episode_id",
        (worker_id,),
    )
    return [HeldEpisode(**row) for row in rows]


def teams(view: ViewStore) -> list[TeamRow]:
    rows = view.select("SELECT team_id, name, manager_id FROM {p}teams ORDER BY name, team_id")
    return [TeamRow(**row) for row in rows]
