"""A child's case built by driving the real aggregates, for the clock engine's tests.

`case.on(day).record_visit(...)` calls the episode's command with `occurred_at` set to `day`
inside a recording context; `recorded=` sets when it was recorded, so that late recording and
"as known at" views can be simulated without a clock or a store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from uuid import UUID, uuid4

from domain.calendar import StartDayConvention
from domain.child import Child
from domain.clocks import Clock, ClockSettings, child_clocks
from domain.envelope import LONDON, Recording, recording
from domain.episode import Episode
from domain.record import CaseAggregate, CaseEvent
from domain.rules import Jurisdiction, LocalTimescales


def at(day: date | datetime, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment on `day` in England (at `hour`), or `day` itself if it has a time."""
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class _Commands:
    """The commands of one aggregate, each called with `occurred_at` and a recording context."""

    def __init__(self, record: CaseAggregate[Any], occurred: datetime, recorded: datetime) -> None:
        self._record, self._occurred, self._recorded = record, occurred, recorded

    def __getattr__(self, name: str) -> Callable[..., None]:
        command = getattr(self._record, name)

        def call(*args: Any, **facts: Any) -> None:
            with recording(Recording("worker@example.org", self._recorded, "test")):
                command(self._occurred, *args, **facts)

        return call


class Case:
    """One child with one episode (more with `refer_again`), each a real aggregate."""

    def __init__(self, referred: date | datetime, date_of_birth: date = date(2015, 6, 1)) -> None:
        with recording(Recording("worker@example.org", at(referred), "test")):
            self.child = Child.register(
                id=uuid4(),
                occurred_at=at(referred),
                la_child_id="C1",
                given_name="Sam",
                family_name="Smith",
                sex="U",
                ethnicity="WBRI",
                date_of_birth=date_of_birth,
            )
        self.episodes: list[Episode] = []
        self.refer_again(referred)

    @property
    def episode(self) -> Episode:
        """The latest episode."""
        return self.episodes[-1]

    @property
    def episode_id(self) -> UUID:
        return self.episode.id

    def refer_again(self, referred: date | datetime) -> Episode:
        with recording(Recording("worker@example.org", at(referred), "test")):
            episode = Episode.receive_referral(
                id=uuid4(),
                child_id=self.child.id,
                occurred_at=at(referred),
                source="1A",
                concern="Bruising seen at school",
            )
        self.episodes.append(episode)
        return episode

    def on(
        self,
        day: date | datetime,
        recorded: date | datetime | None = None,
        episode: Episode | None = None,
    ) -> Any:
        """The episode's commands as of `day`, recorded at `recorded` (default: that day)."""
        return _Commands(episode or self.episode, at(day), at(recorded or day, hour=18))

    def child_on(self, day: date | datetime, recorded: date | datetime | None = None) -> Any:
        """The child record's commands as of `day`."""
        return _Commands(self.child, at(day), at(recorded or day, hour=18))

    def events(self, recorded_by: datetime | None = None) -> list[CaseEvent]:
        """Every event of the child from all streams, newest stream first (order must not
        matter), optionally only those recorded by a moment."""
        found = [e for ep in reversed(self.episodes) for e in ep.history]
        found += self.child.history
        if recorded_by is not None:
            found = [e for e in found if e.recorded_at <= recorded_by]
        return found

    def version_of(self, kind: type[CaseEvent], nth: int = 0) -> int:
        """The version of the nth event of a kind in the latest episode."""
        return [e for e in self.episode.history if type(e) is kind][nth].originator_version

    def clocks(
        self,
        now: date | datetime,
        jurisdiction: Jurisdiction = Jurisdiction.ENGLAND,
        local: LocalTimescales | None = None,
        convention: StartDayConvention = StartDayConvention.START_DAY_IS_DAY_ZERO,
        recorded_by: datetime | None = None,
    ) -> list[Clock]:
        settings = ClockSettings(jurisdiction, convention, local)
        return child_clocks(self.events(recorded_by), at(now, hour=12), settings)

    def clocks_of(self, rule: str, now: date | datetime, **options: Any) -> list[Clock]:
        """The clocks of one rule, oldest first."""
        found = [c for c in self.clocks(now, **options) if c.rule == rule]
        return sorted(found, key=lambda c: (c.started_on, c.key))
