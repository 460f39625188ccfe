"""One episode's life as it will happen: the pathways (`pathways`, `care`) write it through a
`Timeline`, in any order; `finish` puts the key steps in the order they happen (steps at the same
moment keep the order they were written). A step that depends on another is given a later time
(`after`), and nothing is planned past the horizon (the end of the history, and a little more)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from runtime.demo.plan import (
    KEY,
    MANAGER,
    NOTE,
    WORKER,
    EpisodePlan,
    HolderRequest,
    Step,
    add_working_days,
    at,
    working_day,
)

PRESSURE_DAYS = 56
PRESSURE_EXPONENT = 0.4
# Stands for the approving manager's staff id, which is known only once workers are allocated.
APPROVING_MANAGER = "<manager>"


class Timeline:
    """Writes one episode's steps. Times are on working days, in working hours."""

    def __init__(self, rng: random.Random, episode: EpisodePlan, end: date) -> None:
        self.rng = rng
        self.episode = episode
        # Planned a little past the end of the history, so that nothing stops at the end.
        self.horizon = end + timedelta(days=30)
        # The last weeks of the history are a time of pressure (more referrals than staff,
        # people off): visits and assessments run late more often, as the views should show.
        self.pressed_from = end - timedelta(days=PRESSURE_DAYS)
        self.latest = episode.referral_at
        self.unknown_need = False
        self._refs = 0

    @property
    def referral_day(self) -> date:
        return self.episode.referral_at.date()

    @property
    def child_age_limit(self) -> date:
        """Work for a child (not a care leaver) ends before their eighteenth birthday."""
        return self.episode.child.eighteenth_birthday - timedelta(days=10)

    def open(self, day: date) -> bool:
        """Whether there is still time to plan work on `day`."""
        return day < self.horizon

    def time(self, day: date, earliest: int = 9, latest: int = 16) -> datetime:
        minute = self.rng.choice((0, 15, 30, 45))
        return at(working_day(day), self.rng.randint(earliest, latest), minute)

    def later(self, day: date, low: int, high: int) -> date:
        """A working day `low` to `high` working days after `day`."""
        return add_working_days(day, self.rng.randint(low, high))

    def days(self, day: date, low: int, high: int) -> date:
        """A working day about `low` to `high` calendar days after `day`."""
        return working_day(day + timedelta(days=self.rng.randint(low, high)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def lateness(self, day: date) -> float:
        """A roll in [0, 1): above a pathway's thresholds means late; likelier under pressure."""
        roll = self.rng.random()
        return roll ** PRESSURE_EXPONENT if day >= self.pressed_from else roll

    def after(self, day: date, earlier: datetime, latest: int = 16) -> datetime:
        """A time on `day` (a working day) that is later than `earlier`."""
        day = working_day(day)
        if day > earlier.date():
            return self.time(day, latest=latest)
        if day < earlier.date():
            raise ValueError(f"{day} is before {earlier}")
        return earlier + timedelta(minutes=self.rng.randint(10, 90))

    def key(
        self, when: datetime, command: str, by: str = WORKER, ref: str = "", **facts: Any
    ) -> datetime:
        """A step the rules depend on (a decision, a plan, a conference)."""
        self.latest = max(self.latest, when)
        self.episode.steps.append(Step(when, command, facts, by, KEY, ref))
        return when

    def finish(self) -> None:
        """Put the steps in the order they happen."""
        self.episode.steps.sort(key=lambda step: step.occurred_at)

    def note(
        self, when: datetime, command: str, by: str = WORKER, ref: str = "", refers_to: str = "",
        **facts: Any,
    ) -> None:
        """A step that may be recorded late without breaking a rule (a visit, a note)."""
        self.episode.steps.append(Step(when, command, facts, by, NOTE, ref, refers_to))

    def new_ref(self, what: str) -> str:
        self._refs += 1
        return f"{self.episode.key}:{what}:{self._refs}"

    def hold(self, when: datetime, function: str, reason: str = "MANAGE",
             change: bool = False) -> None:
        self.episode.holders.append(HolderRequest(when, function, reason, change))

    def close(self, day: date, closure_reason: str, reason: str) -> None:
        """Close the episode on `day`, after everything else in it."""
        last = max([self.latest, *(s.occurred_at for s in self.episode.steps)])
        when = self.after(max(day, last.date()), last, latest=17)
        self.key(when, "close_episode", MANAGER, closure_reason=closure_reason, reason=reason)
        self.episode.closed_at = when

    def decide(self, decision: str, rationale: str) -> datetime:
        """The manager's decision on the referral: mostly the same day, sometimes late (E1)."""
        roll = self.rng.random()
        day = self.referral_day if roll < 0.8 else self.later(
            self.referral_day, 1, 1 if roll < 0.95 else 3)
        if day == self.referral_day:
            when = self.time(day, min(self.episode.referral_at.hour + 1, 17), 17)
        else:
            when = self.time(day)
        return self.key(when, "episode.decide_referral", MANAGER, decision=decision,
                        rationale=rationale)

    def extend(self, day: date, rule: str, new_due: date, reason: str) -> None:
        self.key(self.time(day), "episode.extend_clock", MANAGER, rule=rule, new_due=new_due,
                 approved_by=APPROVING_MANAGER, reason=reason)

    def visit(self, day: date, statutory: bool, seen: float = 0.95, alone: float = 0.6,
              note: str | None = None) -> None:
        child_seen = self.chance(seen)
        self.note(self.time(day), "episode.record_visit", statutory=statutory,
                  child_seen=child_seen, seen_alone=child_seen and self.chance(alone), note=note)
