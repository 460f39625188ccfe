"""The latent conditions for error, per worker and per team: the pressures that research on the
Integrated Children's System found make mistakes likely, made visible before they do."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from projections.queries.caseload import worker_caseloads
from projections.queries.deadlines import worker_deadlines
from projections.recorders import ViewStore
from projections.thresholds import Thresholds


@dataclass(frozen=True)
class LatentConditions:
    """One worker's or one team's conditions; `concerns` says in words which pass a threshold."""

    scope: str
    name: str
    fte: float
    caseload_per_fte: float
    absent_now: int
    absent_with_due_work: int
    recording_lag_median_days: float | None
    recording_lag_p90_days: float | None
    referrals_per_week_per_fte: float | None
    agency_share: float | None
    leavers_last_12_months: int | None
    concerns: list[str]


def worker_conditions(
    view: ViewStore, worker_id: str, today: date, thresholds: Thresholds
) -> LatentConditions | None:
    rows = view.select("SELECT * FROM {p}workers WHERE worker_id = ?", (worker_id,))
    if not rows:
        return None
    return _conditions(view, "worker", rows[0]["name"], rows, today, thresholds)


def team_conditions(
    view: ViewStore, team_id: str, today: date, thresholds: Thresholds
) -> LatentConditions | None:
    teams = view.select("SELECT name FROM {p}teams WHERE team_id = ?", (team_id,))
    if not teams:
        return None
    workers = view.select("SELECT * FROM {p}workers WHERE team_id = ?", (team_id,))
    return _conditions(view, "team", teams[0]["name"], workers, today, thresholds)


def _conditions(
    view: ViewStore, scope: str, name: str, workers: list[dict[str, Any]], today: date,
    thresholds: Thresholds,
) -> LatentConditions:
    # Caseloads are per full-time *case-holding* worker: managers are not counted.
    current = [w for w in workers if _working(w, today) and w["role"] != "TEAM_MANAGER"]
    fte = round(sum(float(w["fte"]) for w in current), 2)
    children = 0
    absent_now = absent_with_due = 0
    soon = today + timedelta(days=thresholds.due_soon_days)
    for worker in current:
        loads = worker_caseloads(view, thresholds, worker_id=worker["worker_id"])
        children += loads[0].children if loads else 0
        if _absent(worker, today):
            absent_now += 1
            due = [c for c in worker_deadlines(view, worker["worker_id"], today, thresholds)
                   if c.status in {"running", "extended", "overdue"} and c.due <= soon]
            absent_with_due += 1 if due else 0
    median, p90 = recording_lags(view, [w["staff_id"] for w in current], today, thresholds)
    referrals = _referrals(view, [w["worker_id"] for w in current], today, thresholds)
    weeks = thresholds.referral_window_days / 7
    per_fte = round(children / fte, 1) if fte else 0.0
    agency = (round(sum(float(w["fte"]) for w in current if w["employment"] == "AGENCY") / fte, 3)
              if scope == "team" and fte else None)
    year_ago = (today - timedelta(days=365)).isoformat()
    leavers = (sum(1 for w in workers if w["left_on"] and year_ago <= w["left_on"]
                   <= today.isoformat()) if scope == "team" else None)
    conditions = LatentConditions(
        scope=scope, name=name, fte=fte, caseload_per_fte=per_fte, absent_now=absent_now,
        absent_with_due_work=absent_with_due, recording_lag_median_days=median,
        recording_lag_p90_days=p90,
        referrals_per_week_per_fte=round(referrals / weeks / fte, 2) if fte else None,
        agency_share=agency, leavers_last_12_months=leavers, concerns=[],
    )
    conditions.concerns.extend(_concerns(conditions, len(workers), thresholds))
    return conditions


def _concerns(c: LatentConditions, headcount: int, thresholds: Thresholds) -> list[str]:
    found = []
    if c.caseload_per_fte > thresholds.caseload_per_fte:
        found.append(f"caseload {c.caseload_per_fte} per full-time worker, above the "
                     f"authority's {thresholds.caseload_per_fte}")
    if c.absent_with_due_work:
        found.append(f"{c.absent_with_due_work} absent with work due within "
                     f"{thresholds.due_soon_days} days")
    if c.recording_lag_p90_days is not None and (
        c.recording_lag_p90_days > thresholds.recording_lag_days
    ):
        found.append(f"one record in ten is made {c.recording_lag_p90_days:g} days or more "
                     "after the event")
    if c.agency_share is not None and c.agency_share > thresholds.agency_share:
        found.append(f"agency share {c.agency_share:.0%}, above {thresholds.agency_share:.0%}")
    if c.leavers_last_12_months and headcount and (
        c.leavers_last_12_months / headcount > thresholds.leavers_share
    ):
        found.append(f"{c.leavers_last_12_months} left in the last 12 months")
    return found


def recording_lags(
    view: ViewStore, actors: list[str], today: date, thresholds: Thresholds
) -> tuple[float | None, float | None]:
    """Median and 90th percentile of days between an event and its recording, by these actors,
    over the lag window to `today`."""
    if not actors:
        return None, None
    since = (today - timedelta(days=thresholds.lag_window_days)).isoformat()
    marks = ", ".join("?" for _ in actors)
    rows = view.select(
        f"SELECT lag_days FROM {{p}}recording_lags WHERE actor IN ({marks}) "
        "AND recorded_on >= ? AND recorded_on <= ?", (*actors, since, today.isoformat()),
    )
    lags = sorted(int(r["lag_days"]) for r in rows)
    if not lags:
        return None, None
    p90 = lags[min(len(lags) - 1, round(0.9 * (len(lags) - 1)))]
    return float(statistics.median(lags)), float(p90)


def _referrals(
    view: ViewStore, worker_ids: list[str], today: date, thresholds: Thresholds
) -> int:
    if not worker_ids:
        return 0
    since = (today - timedelta(days=thresholds.referral_window_days)).isoformat()
    marks = ", ".join("?" for _ in worker_ids)
    rows = view.select(
        f"SELECT COUNT(DISTINCT a.episode_id) AS n FROM {{p}}allocations a "
        f"JOIN {{p}}episodes e ON e.episode_id = a.episode_id "
        f"WHERE a.worker_id IN ({marks}) AND e.referral_date > ? AND e.referral_date <= ?",
        (*worker_ids, since, today.isoformat()),
    )
    return int(rows[0]["n"])


def _working(worker: dict[str, Any], today: date) -> bool:
    started = worker["started_on"] is None or worker["started_on"] <= today.isoformat()
    return started and (worker["left_on"] is None or worker["left_on"] > today.isoformat())


def _absent(worker: dict[str, Any], today: date) -> bool:
    day = today.isoformat()
    return any(a["started_on"] <= day and (a["ended_on"] is None or a["ended_on"] > day)
               for a in json.loads(worker["absences"]))
