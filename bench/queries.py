"""Queries on the views of a kept dataset, as the API runs them: a worker's caseload, a team's
deadlines and a child's risk, each for many workers, teams and children picked at random, judged
as on the dataset's last day. p50 and p99 of each."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from bench import store
from bench.config import END, BenchConfig, DatasetSpec
from bench.datasets import Dataset
from bench.stats import Stopwatch, latency_summary
from domain.envelope import local_date
from projections.queries import caseload, deadlines, risk
from projections.recorders import ViewStore
from projections.runner import open_view_store

WARMUP = 20


def measure(config: BenchConfig, dataset: Dataset) -> dict[str, Any]:
    view = open_view_store(dataset.env(config.postgres))
    thresholds = store.settings_for(config.postgres).thresholds
    today = local_date(END)
    pick = random.Random(1)
    workers = _ids(view, "SELECT DISTINCT worker_id AS id FROM {p}episodes "
                         "WHERE closed_on IS NULL AND worker_id IS NOT NULL")
    teams = _ids(view, "SELECT team_id AS id FROM {p}teams")
    children = _ids(view, "SELECT DISTINCT child_id AS id FROM {p}episodes "
                          "WHERE closed_on IS NULL")
    counts = _counts(view)
    samples = config.query_samples

    def caseload_of(worker: str) -> object:
        return caseload.worker_caseloads(view, thresholds, worker_id=worker)

    def deadlines_of(team: str) -> object:
        return deadlines.team_deadlines(view, team, today, thresholds)

    def risk_of(child: str) -> object:
        return risk.child_risk(view, child, today, thresholds)

    return {
        "dataset": DatasetSpec(dataset.scale, dataset.years).label,
        "scale": dataset.scale,
        "floor": _time(lambda _: view.select("SELECT 1 AS one"), ["-"], samples, pick),
        "events": dataset.events,
        "rows": counts,
        "worker_caseload": _time(caseload_of, workers, samples, pick),
        "team_deadlines": _time(deadlines_of, teams, samples, pick),
        "child_risk": _time(risk_of, children, samples, pick),
    }


def _time(
    query: Callable[[str], object], ids: list[str], samples: int, pick: random.Random
) -> dict[str, float]:
    for record_id in pick.choices(ids, k=WARMUP):
        query(record_id)
    seconds = []
    for record_id in pick.choices(ids, k=samples):
        clock = Stopwatch()
        query(record_id)
        seconds.append(clock.seconds)
    return latency_summary(seconds)


def _ids(view: ViewStore, query: str) -> list[str]:
    ids = sorted(str(row["id"]) for row in view.select(query))
    if not ids:
        raise RuntimeError(f"nothing to query: {query}")
    return ids


def _counts(view: ViewStore) -> dict[str, Any]:
    row = view.select(
        "SELECT (SELECT count(*) FROM {p}children) AS children, "
        "(SELECT count(*) FROM {p}episodes WHERE closed_on IS NULL) AS open_episodes, "
        "(SELECT count(*) FROM {p}clocks) AS clocks, "
        "(SELECT count(*) FROM {p}workers) AS workers"
    )[0]
    return {name: int(value) for name, value in row.items()}
