"""What the system showed at a past moment T, and how that differs from what is known today: a
child's clocks and risk signals, a worker's caseload and deadlines, a team's.

Both sides come from the same replay (projections/as_known.py) and the same queries the live
routes use: "then" from the events recorded by T judged at T, "today" from the events recorded by
now judged now. A clock's change compares it across both (any age, not only the current ones the
routes list), so that a visit overdue at T and since recorded as made late shows as such.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from eventsourcing.application import Application

from domain.clocks import ClockSettings
from domain.envelope import local_date
from projections.as_known import (
    Replay,
    child_scope,
    held_at,
    members_by,
    replay_records,
    team_records,
    workforce_records,
)
from projections.event_log import Logged
from projections.queries import caseload, deadlines, records, risk
from projections.queries.caseload import TeamCaseload, WorkerCaseload
from projections.queries.deadlines import ClockView, DeadlineSummary
from projections.queries.risk import Signal
from projections.recorders import ViewStore
from projections.thresholds import Thresholds

T = TypeVar("T")

# Two hundred years: every clock a record can hold counts as "recently met".
ALL_OF_A_RECORD_DAYS = 200 * 365


@dataclass(frozen=True)
class ClockChange:
    """One clock as shown at T against today: `change` is "status changed", "not known then"
    (it started by T, but what started it was recorded later) or "no longer on the record"
    (corrected away or struck since)."""

    clock_key: str
    child_id: str
    rule: str
    title: str
    started_on: date
    change: str
    then_status: str | None
    then_due: date | None
    now_status: str | None
    now_due: date | None
    now_met_on: date | None


@dataclass(frozen=True)
class SignalChange:
    code: str
    explanation: str
    change: str  # "shown then, not now" | "shown now, not then"


@dataclass(frozen=True)
class Moments:
    at: datetime
    today: datetime
    events_known_then: int
    events_known_now: int


@dataclass(frozen=True)
class ChildAsKnown:
    child_id: str
    moments: Moments
    known_then: bool
    clocks: list[ClockView]
    signals: list[Signal]
    clocks_today: list[ClockView]
    signals_today: list[Signal]
    clock_changes: list[ClockChange]
    signal_changes: list[SignalChange]


@dataclass(frozen=True)
class WorkerAsKnown:
    worker_id: str
    moments: Moments
    caseload: WorkerCaseload | None
    deadlines: DeadlineSummary
    caseload_today: WorkerCaseload | None
    deadlines_today: DeadlineSummary
    clock_changes: list[ClockChange]


@dataclass(frozen=True)
class TeamAsKnown:
    team_id: str
    moments: Moments
    caseload: TeamCaseload | None
    deadlines: DeadlineSummary
    caseload_today: TeamCaseload | None
    deadlines_today: DeadlineSummary
    clock_changes: list[ClockChange]


class Replays:
    """The same records replayed as known at T and as known now; close both when done."""

    def __init__(
        self, app: Application[UUID], scopes: Callable[[datetime], dict[UUID, list[Logged]]],
        at: datetime, now: datetime, clock_settings: ClockSettings,
    ) -> None:
        if at > now:
            raise ValueError("a moment still to come cannot be replayed")
        then = scopes(at)
        self.then = replay_records(app, then, at, clock_settings)
        try:
            # What was shown then is looked up today too, whatever today's scope holds.
            self.now = replay_records(app, {**then, **scopes(now)}, now, clock_settings)
        except BaseException:
            self.then.close()
            raise

    @property
    def moments(self) -> Moments:
        return Moments(self.then.at, self.now.at, self.then.events, self.now.events)

    def __enter__(self) -> Replays:
        return self

    def __exit__(self, *_: object) -> None:
        self.then.close()
        self.now.close()


def child_as_known(
    app: Application[UUID], child_id: UUID, at: datetime, now: datetime,
    clock_settings: ClockSettings, thresholds: Thresholds,
) -> ChildAsKnown:
    scope = child_scope(app, [child_id])
    with Replays(app, lambda _: scope, at, now, clock_settings) as replays:
        then, today = _views(replays.then), _views(replays.now)
        child = str(child_id)
        clocks = deadlines.child_clocks_at(then.view, child, then.day, thresholds)
        signals = _signals(then, child, thresholds)
        clocks_today = deadlines.child_clocks_at(today.view, child, today.day, thresholds)
        signals_today = _signals(today, child, thresholds)
        return ChildAsKnown(
            child_id=child,
            moments=replays.moments,
            known_then=records.child(then.view, child) is not None,
            clocks=clocks,
            signals=signals,
            clocks_today=clocks_today,
            signals_today=signals_today,
            clock_changes=clock_changes(
                every_clock(then, [child], thresholds), every_clock(today, [child], thresholds),
                then.day,
            ),
            signal_changes=signal_changes(signals, signals_today),
        )


def worker_as_known(
    app: Application[UUID], live: ViewStore, worker_id: UUID, at: datetime, now: datetime,
    clock_settings: ClockSettings, thresholds: Thresholds,
) -> WorkerAsKnown:
    records = workforce_records(app, live, {worker_id})
    worker = str(worker_id)
    held = _held_as_known(
        Replays(app, lambda moment: held_at(records, {worker_id}, moment), at, now,
                clock_settings),
        thresholds,
        lambda view, limits: caseload.worker_caseloads(view, limits, worker_id=worker),
        lambda view, day, limits: deadlines.worker_deadlines(view, worker, day, limits),
    )
    return WorkerAsKnown(worker, *held)


def team_as_known(
    app: Application[UUID], live: ViewStore, team_id: UUID, at: datetime, now: datetime,
    clock_settings: ClockSettings, thresholds: Thresholds,
) -> TeamAsKnown:
    records = team_records(app, live, team_id)
    team = str(team_id)
    held = _held_as_known(
        Replays(app, lambda moment: held_at(records, members_by(records, team_id, moment), moment),
                at, now, clock_settings),
        thresholds,
        lambda view, limits: caseload.team_caseloads(view, limits, team_id=team),
        lambda view, day, limits: deadlines.team_deadlines(view, team, day, limits),
    )
    return TeamAsKnown(team, *held)


def _held_as_known(
    replays: Replays, thresholds: Thresholds,
    caseloads: Callable[[ViewStore, Thresholds], list[T]],
    clocks_of: Callable[[ViewStore, date, Thresholds], list[ClockView]],
) -> tuple[Moments, T | None, DeadlineSummary, T | None, DeadlineSummary, list[ClockChange]]:
    """What a worker or a team held as known at T and as known now: the caseload and deadlines
    of each, and the clocks whose story changed (the worker's and the team's replays differ only
    in whose records they take and which queries they ask)."""
    with replays:
        then, today = _views(replays.then), _views(replays.now)

        def load(side: _Side) -> tuple[T | None, list[ClockView]]:
            found = caseloads(side.view, thresholds)
            return (found[0] if found else None), clocks_of(side.view, side.day, thresholds)

        (held, clocks), (held_today, clocks_today) = load(then), load(today)
        every = clocks_of(then.view, then.day, _every(thresholds))
        return (replays.moments, held, deadlines.summarise(clocks, then.day), held_today,
                deadlines.summarise(clocks_today, today.day),
                _held_clock_changes(every, today, thresholds, then.day))


def clock_changes(
    then: Iterable[ClockView], now: Iterable[ClockView], at_day: date
) -> list[ClockChange]:
    """Every clock that started by T whose status, due date or meeting differs between what
    was known at T and what is known now."""
    before = {c.clock_key: c for c in then}
    after = {c.clock_key: c for c in now if c.started_on <= at_day}
    found = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and (
            (old.status, old.due, old.met_on) == (new.status, new.due, new.met_on)
        ):
            continue
        either = old or new
        assert either is not None
        change = ("not known then" if old is None
                  else "no longer on the record" if new is None else "status changed")
        found.append(ClockChange(
            clock_key=key, child_id=either.child_id, rule=either.rule, title=either.title,
            started_on=either.started_on, change=change,
            then_status=old.status if old else None, then_due=old.due if old else None,
            now_status=new.status if new else None, now_due=new.due if new else None,
            now_met_on=new.met_on if new else None,
        ))
    return sorted(found, key=lambda c: (c.started_on, c.rule, c.clock_key))


def signal_changes(then: list[Signal], now: list[Signal]) -> list[SignalChange]:
    """Signals by code: those shown at T and not now, and those shown now and not at T."""
    codes_then, codes_now = {s.code for s in then}, {s.code for s in now}
    return [
        *(SignalChange(s.code, s.explanation, "shown then, not now")
          for s in then if s.code not in codes_now),
        *(SignalChange(s.code, s.explanation, "shown now, not then")
          for s in now if s.code not in codes_then),
    ]


@dataclass(frozen=True)
class _Side:
    view: ViewStore
    day: date


def _views(replay: Replay) -> _Side:
    return _Side(replay.view, local_date(replay.at))


def _signals(side: _Side, child_id: str, thresholds: Thresholds) -> list[Signal]:
    found = risk.child_risk(side.view, child_id, side.day, thresholds)
    return found.signals if found else []


def _every(thresholds: Thresholds) -> Thresholds:
    """The thresholds with every met clock counted as recent: all of a case's clocks."""
    return dataclasses.replace(thresholds, recently_met_days=ALL_OF_A_RECORD_DAYS)


def every_clock(side: _Side, child_ids: Iterable[str], thresholds: Thresholds) -> list[ClockView]:
    return [clock for child in sorted(set(child_ids))
            for clock in deadlines.child_clocks_at(side.view, child, side.day, _every(thresholds))]


def _held_clock_changes(
    then: list[ClockView], today: _Side, thresholds: Thresholds, at_day: date
) -> list[ClockChange]:
    """Changes to the clocks of the episodes held at T (a worker's, or a team's)."""
    episodes = {c.episode_id for c in then}
    now = [c for c in every_clock(today, {c.child_id for c in then}, thresholds)
           if c.episode_id in episodes]
    return clock_changes(then, now, at_day)
