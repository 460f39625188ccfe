"""When each planned step is recorded, and by whom: the worker holding the case (their team
manager for decisions, or when nobody holds it), soon for key steps and in the order the rules
need, later for visits and notes (a day or two is common, a few weeks happens); a visit due while
the worker is off is made when they are back, or missed. The result is every command in the
order it is recorded, up to the end of the history."""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from runtime.demo.plan import (
    KEY,
    MANAGER,
    WORKER,
    Action,
    ChildPlan,
    EpisodePlan,
    Step,
    at,
    working_day,
)
from runtime.demo.timeline import APPROVING_MANAGER
from runtime.demo.workforce import Member, Workforce

SECOND = timedelta(seconds=1)


@dataclass
class _Holders:
    """Who holds one episode over time, and which team answers for it."""

    times: list[datetime]
    holders: list[tuple[str | None, str]]

    def at(self, moment: datetime) -> tuple[str | None, str]:
        i = bisect.bisect_right(self.times, moment) - 1
        return self.holders[i]


class Recording:
    """Gives every planned step its actor and recording time, child by child."""

    def __init__(self, seed: int, workforce: Workforce, end: datetime) -> None:
        self.rng = random.Random(f"{seed}:recording")
        self.workforce = workforce
        self.end = end
        self.found: list[Action] = workforce.actions()
        self.recorded: dict[str, datetime] = {}
        self.occurred: dict[str, datetime] = {}
        self.duty_teams = workforce.teams_for("assessment")

    def actions(self, children: list[ChildPlan]) -> list[Action]:
        """Every action (the workforce's and the children's), in the order it is recorded, up
        to the end of the history."""
        for child in children:
            self._child(child)
        kept = [a for a in self.found if a.recorded_at <= self.end]
        numbered = [Action(a.recorded_at, i, a.command, a.subject, a.actor, a.occurred_at,
                           a.facts, a.ref, a.refers_to) for i, a in enumerate(kept)]
        return sorted(numbered, key=lambda a: (a.recorded_at, a.order))

    def _child(self, child: ChildPlan) -> None:
        holders = {e.key: self._holders(e) for e in child.episodes}
        previous: datetime | None = None
        for step in sorted(child.steps, key=lambda s: s.occurred_at):
            actor, person = self._actor_for_child(child, holders, step)
            natural = step.occurred_at + (timedelta(minutes=1) if step.command in (
                "register_child", "child.record_relationship") else self._note_lag(person, step))
            recorded = natural if previous is None else max(natural, previous + SECOND)
            self._add(recorded, step, child.key, actor)
            previous = recorded
        closed: datetime | None = None
        registered = self.recorded[f"{child.key}:register"]
        for episode in child.episodes:
            closed = self._episode(episode, holders[episode.key],
                                   max(registered, closed or registered) + SECOND)

    def _actor_for_child(
        self, child: ChildPlan, holders: dict[str, _Holders], step: Step
    ) -> tuple[str, Member]:
        for episode in child.episodes:
            ends = episode.closed_at
            if episode.referral_at <= step.occurred_at and (ends is None
                                                          or step.occurred_at < ends):
                return self._person(holders[episode.key], step.occurred_at, WORKER)
        return self._person(holders[child.episodes[0].key], step.occurred_at, MANAGER)

    def _holders(self, episode: EpisodePlan) -> _Holders:
        duty = self.duty_teams[int(episode.key[1:]) % len(self.duty_teams)]
        times = [episode.referral_at - timedelta(days=1)]
        holders: list[tuple[str | None, str]] = [(None, duty)]
        for moment, staff_id, _, team in episode.allocations:
            times.append(moment)
            holders.append((staff_id, team))
        return _Holders(times, holders)

    def _person(self, holders: _Holders, moment: datetime, by: str) -> tuple[str, Member]:
        staff_id, team = holders.at(moment)
        manager = self.workforce.managers[team]
        if by == MANAGER or staff_id is None:
            return manager.staff_id, manager
        person = self.workforce.member(staff_id)
        if person.absent_on(moment.date()) is not None:
            return manager.staff_id, manager  # covered by the manager while the worker is off
        return staff_id, person

    def _episode(self, episode: EpisodePlan, holders: _Holders, earliest: datetime) -> datetime:
        """Record one episode's steps; returns when its closure (or last key step) was
        recorded, which the child's next referral must follow."""
        keys = [s for s in episode.steps if s.kind == KEY]
        for moment, staff_id, reason, team in episode.allocations:
            if staff_id is None:
                keys.append(Step(moment, "episode.unallocate", {"change_reason": reason},
                                 MANAGER))
            else:
                keys.append(Step(moment, "allocate_worker",
                                 {"worker": staff_id, "change_reason": reason, "team": team},
                                 MANAGER))
        keys.sort(key=lambda s: s.occurred_at)
        previous = earliest - SECOND
        for step in keys:
            actor, person = self._person(holders, step.occurred_at, step.by)
            if step.command == "allocate_worker":
                actor = self.workforce.managers[str(step.facts["team"])].staff_id
            natural = step.occurred_at + self._key_lag(person, step)
            previous = max(natural, previous + SECOND)
            self._add(previous, step, episode.key, actor)
        referred = self.recorded[f"{episode.key}:referral"]
        for step in episode.steps:
            if step.kind == KEY:
                continue
            moved = self._postponed(step, holders, episode)
            if moved is None:
                continue
            actor, person = self._person(holders, moved.occurred_at, moved.by)
            recorded = max(moved.occurred_at + self._note_lag(person, moved), referred + SECOND)
            if moved.refers_to:
                target = self.recorded.get(moved.refers_to)
                if target is None:
                    continue
                recorded = max(recorded, target + timedelta(minutes=10))
            self._add(recorded, moved, episode.key, actor)
        return previous

    def _postponed(self, step: Step, holders: _Holders, episode: EpisodePlan) -> Step | None:
        """A visit due while its worker is off happens when they are back, if it still can."""
        if step.command != "episode.record_visit":
            return step
        staff_id, _ = holders.at(step.occurred_at)
        if staff_id is None:
            return step
        absence = self.workforce.member(staff_id).absent_on(step.occurred_at.date())
        if absence is None:
            return step
        back = at(absence.back_on, step.occurred_at.hour, step.occurred_at.minute)
        ends = episode.closed_at or self.end
        if back >= ends - timedelta(hours=2):
            return None  # missed
        return Step(back, step.command, step.facts, step.by, step.kind, step.ref, step.refers_to)

    def _add(self, recorded: datetime, step: Step, subject: str, actor: str) -> None:
        facts: dict[str, Any] = dict(step.facts)
        if facts.get("approved_by") == APPROVING_MANAGER:
            facts["approved_by"] = actor
        if step.command == "allocate_worker":
            facts.pop("team")
        if "move_by_days" in facts:
            target = self.occurred.get(step.refers_to)
            if target is None:
                return
            moved = (target + timedelta(days=facts["move_by_days"])).astimezone(UTC)
            facts = {"changes": {"occurred_at": moved}, "reason": facts["reason"]}
        self.found.append(Action(recorded, 0, step.command, subject, actor, step.occurred_at,
                                   facts, step.ref, step.refers_to))
        if step.ref:
            self.recorded[step.ref] = recorded
            self.occurred[step.ref] = step.occurred_at
        if step.command == "register_child":
            self.recorded[f"{subject}:register"] = recorded
        elif step.command == "receive_referral":
            self.recorded[f"{subject}:referral"] = recorded

    def _key_lag(self, person: Member, step: Step) -> timedelta:
        roll = self.rng.random()
        if roll < 0.85 or step.command in ("receive_referral", "allocate_worker",
                                           "episode.unallocate"):
            return timedelta(minutes=self.rng.randint(3, 60))
        days = self.rng.randint(1, 2) if roll < 0.97 else self.rng.randint(3, 6)
        return self._days_later(step.occurred_at, days)

    def _note_lag(self, person: Member, step: Step) -> timedelta:
        # Most recording is done the same day; a slower worker (lag_scale > 1) leaves more of
        # it for later.
        roll = self.rng.random() ** (1 / person.lag_scale)
        if roll < 0.68:
            return timedelta(minutes=self.rng.randint(20, 240))
        days = (1 if roll < 0.85 else self.rng.randint(2, 4) if roll < 0.95
                else self.rng.randint(5, 10) if roll < 0.99 else self.rng.randint(11, 30))
        lag = self._days_later(step.occurred_at, days)
        absence = person.absent_on((step.occurred_at + lag).date())
        if absence is not None:
            # Off sick before writing it up: recorded on return.
            back = (absence.back_on - step.occurred_at.date()).days
            lag = self._days_later(step.occurred_at, back)
        return lag

    def _days_later(self, moment: datetime, days: int) -> timedelta:
        day = working_day(moment.date() + timedelta(days=days))
        return at(day, self.rng.randint(9, 17), self.rng.randint(0, 59)) - moment
