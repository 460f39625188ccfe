"""Deadlines: every running and recently met clock, per child, worker and team, judged at "today"
(stored clocks hold dates; whether one is overdue depends on when you look)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.calendar import load_england_and_wales
from domain.clocks import status_on
from projections.recorders import ViewStore
from projections.thresholds import Thresholds


@dataclass(frozen=True)
class ClockView:
    clock_key: str
    child_id: str
    episode_id: str | None
    worker_id: str | None
    rule: str
    title: str
    basis: str
    started_on: date
    original_due: date
    due: date
    met_on: date | None
    stopped_on: date | None
    status: str
    days_left: int | None
    days_unit: str
    extensions: list[dict[str, Any]]


def days_left(due: date, point: date, unit: str) -> int:
    """Working or calendar days from `point` to `due`; negative once it has passed."""
    if unit == "working days":
        return load_england_and_wales().working_days_between(point, due)
    return (due - point).days


def _clock_view(row: dict[str, Any], today: date) -> ClockView:
    due = date.fromisoformat(row["due"])
    met_on = _date(row["met_on"])
    stopped_on = _date(row["stopped_on"])
    extensions = json.loads(row["extensions"])
    status = status_on(due, met_on, stopped_on, bool(extensions), today).value
    return ClockView(
        clock_key=row["clock_key"], child_id=row["child_id"], episode_id=row["episode_id"],
        worker_id=row.get("worker_id"), rule=row["rule"], title=row["title"],
        basis=row["basis"], started_on=date.fromisoformat(row["started_on"]),
        original_due=date.fromisoformat(row["original_due"]), due=due, met_on=met_on,
        stopped_on=stopped_on, status=status,
        days_left=None if met_on else days_left(due, stopped_on or today, row["days_unit"]),
        days_unit=row["days_unit"], extensions=extensions,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_SELECT = (
    "SELECT c.*, e.worker_id FROM {p}clocks c LEFT JOIN {p}episodes e "
    "ON e.episode_id = c.episode_id "
)


def _current(rows: list[dict[str, Any]], today: date, thresholds: Thresholds) -> list[ClockView]:
    """Running clocks, and those met (or whose work ended) in the last `recently_met_days`."""
    recent = today - timedelta(days=thresholds.recently_met_days)
    views = [_clock_view(row, today) for row in rows if row["started_on"] <= today.isoformat()]
    return sorted(
        (v for v in views if (v.met_on or v.stopped_on or today) >= recent),
        key=lambda v: (v.due, v.rule, v.clock_key),
    )


def child_clocks_at(
    view: ViewStore, child_id: str, today: date, thresholds: Thresholds
) -> list[ClockView]:
    return _current(view.select(_SELECT + "WHERE c.child_id = ?", (child_id,)), today, thresholds)


def _current_in_sql(today: date, thresholds: Thresholds) -> tuple[str, tuple[str, ...]]:
    """`_current`'s test as a condition, so that the years of clocks met long ago on a team's
    open cases are not read at all (dates are stored as ISO text, which sorts as dates do)."""
    recent = today - timedelta(days=thresholds.recently_met_days)
    return (" AND c.started_on <= ? AND COALESCE(c.met_on, c.stopped_on, ?) >= ?",
            (today.isoformat(), today.isoformat(), recent.isoformat()))


def worker_deadlines(
    view: ViewStore, worker_id: str, today: date, thresholds: Thresholds
) -> list[ClockView]:
    current, params = _current_in_sql(today, thresholds)
    rows = view.select(_SELECT + "WHERE e.worker_id = ? AND e.closed_on IS NULL" + current,
                       (worker_id, *params))
    return _current(rows, today, thresholds)


def team_deadlines(
    view: ViewStore, team_id: str, today: date, thresholds: Thresholds
) -> list[ClockView]:
    current, params = _current_in_sql(today, thresholds)
    rows = view.select(
        _SELECT + "JOIN {p}workers w ON w.worker_id = e.worker_id "
        "WHERE w.team_id = ? AND e.closed_on IS NULL" + current, (team_id, *params),
    )
    return _current(rows, today, thresholds)


@dataclass(frozen=True)
class DeadlineSummary:
    due_this_week: list[ClockView]
    overdue: list[ClockView]
    extended: list[ClockView]
    met_late: list[ClockView]


def summarise(clocks: list[ClockView], today: date) -> DeadlineSummary:
    week_end = today + timedelta(days=6 - today.weekday())
    return DeadlineSummary(
        due_this_week=[c for c in clocks if c.status in {"running", "extended"}
                       and c.due <= week_end],
        overdue=[c for c in clocks if c.status == "overdue" and c.stopped_on is None],
        extended=[c for c in clocks if c.extensions],
        met_late=[c for c in clocks if c.status == "met late"],
    )
