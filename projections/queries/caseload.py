"""Caseloads: per worker, per team, and the work nobody holds yet."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from projections.recorders import ViewStore
from projections.thresholds import Thresholds

KINDS = ("assessment", "child_in_need", "protection", "looked_after", "care_leaver")


@dataclass(frozen=True)
class WorkerCaseload:
    worker_id: str
    name: str
    team_id: str | None
    fte: float
    employment: str
    episodes: int
    children: int
    by_kind: dict[str, int]
    weighted: float
    per_fte: float
    over_threshold: bool


@dataclass(frozen=True)
class TeamCaseload:
    team_id: str
    name: str
    fte: float
    children: int
    weighted: float
    per_fte: float
    over_threshold: bool
    workers: list[WorkerCaseload] = field(default_factory=list)


@dataclass(frozen=True)
class UnallocatedEpisode:
    episode_id: str
    child_id: str
    kind: str
    waiting_since: date
    days_waiting: int


def worker_caseloads(
    view: ViewStore, thresholds: Thresholds, team_id: str | None = None,
    worker_id: str | None = None,
) -> list[WorkerCaseload]:
    # One worker's or one team's rows only, not the authority's (a query per screen).
    chosen = ""
    params: list[str] = []
    if team_id:
        chosen += " AND team_id = ?"
        params.append(team_id)
    if worker_id:
        chosen += " AND worker_id = ?"
        params.append(worker_id)
    workers = view.select(
        "SELECT worker_id, name, team_id, fte, employment FROM {p}workers "
        "WHERE left_on IS NULL AND role != 'TEAM_MANAGER'" + chosen, params
    )
    open_episodes = view.select(
        "SELECT episode_id, child_id, kind, worker_id FROM {p}episodes "
        "WHERE closed_on IS NULL AND worker_id IS NOT NULL"
        + ("" if not chosen else " AND worker_id IN (SELECT worker_id FROM {p}workers "
           "WHERE left_on IS NULL" + chosen + ")"), params
    )
    held: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for episode in open_episodes:
        held[episode["worker_id"]].append(episode)
    result = []
    for worker in workers:
        if (team_id and worker["team_id"] != team_id) or (
            worker_id and worker["worker_id"] != worker_id
        ):
            continue
        cases = held.get(worker["worker_id"], [])
        by_kind = Counter(e["kind"] for e in cases)
        children = len({e["child_id"] for e in cases})
        fte = float(worker["fte"])
        per_fte = round(children / fte, 1) if fte else 0.0
        result.append(WorkerCaseload(
            worker_id=worker["worker_id"], name=worker["name"], team_id=worker["team_id"],
            fte=fte, employment=worker["employment"], episodes=len(cases), children=children,
            by_kind={kind: by_kind.get(kind, 0) for kind in KINDS},
            weighted=round(sum(thresholds.weights.get(e["kind"], 1.0) for e in cases), 1),
            per_fte=per_fte, over_threshold=per_fte > thresholds.caseload_per_fte,
        ))
    return sorted(result, key=lambda w: (-w.per_fte, w.name))


def team_caseloads(
    view: ViewStore, thresholds: Thresholds, team_id: str | None = None
) -> list[TeamCaseload]:
    teams = view.select("SELECT team_id, name FROM {p}teams")
    by_team: dict[str | None, list[WorkerCaseload]] = defaultdict(list)
    for worker in worker_caseloads(view, thresholds, team_id=team_id):
        by_team[worker.team_id].append(worker)
    result = []
    for team in teams:
        if team_id and team["team_id"] != team_id:
            continue
        workers = by_team.get(team["team_id"], [])
        fte = round(sum(w.fte for w in workers), 2)
        children = sum(w.children for w in workers)
        per_fte = round(children / fte, 1) if fte else 0.0
        result.append(TeamCaseload(
            team_id=team["team_id"], name=team["name"], fte=fte, children=children,
            weighted=round(sum(w.weighted for w in workers), 1), per_fte=per_fte,
            over_threshold=per_fte > thresholds.caseload_per_fte, workers=workers,
        ))
    return sorted(result, key=lambda t: t.name)


def unallocated(view: ViewStore, today: date) -> list[UnallocatedEpisode]:
    rows = view.select(
        "SELECT episode_id, child_id, kind, waiting_since FROM {p}episodes "
        "WHERE closed_on IS NULL AND worker_id IS NULL ORDER BY waiting_since, episode_id"
    )
    return [
        UnallocatedEpisode(
            episode_id=row["episode_id"], child_id=row["child_id"], kind=row["kind"],
            waiting_since=date.fromisoformat(row["waiting_since"]),
            days_waiting=(today - date.fromisoformat(row["waiting_since"])).days,
        )
        for row in rows
    ]
