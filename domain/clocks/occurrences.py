"""Occurrences of a rule's clock before they are dated: when each started and how it ended.

Two shapes cover every rule. A clock started by each trigger (a referral, a strategy discussion
that starts an enquiry) runs until the first event that meets it. A repeating clock (visits,
reviews) starts again from each event that meets it, until the plan, placement or period of care
it belongs to ends. An event on the day a clock starts meets it; a repeating clock restarted by a
visit is met only by a later visit, so two visits on one day count once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

Step = tuple[str, int]
"""A rule id and the index of the interval that applies (see `TimescaleRule.intervals`)."""


@dataclass(frozen=True)
class Occurrence:
    """One clock of one rule. `met` is when it was met; `stopped` when the work it belongs to
    ended unmet; `cancelled` marks a clock made unnecessary (an enquiry that needs no conference),
    which is never reported. Moments are datetimes for rules counted in hours, dates otherwise."""

    rule: str
    interval: int
    episode_id: UUID
    started: date | datetime
    met: date | datetime | None = None
    stopped: date | datetime | None = None
    cancelled: bool = False

    def running_on(self, day: date) -> bool:
        """Whether the clock had started and was neither met nor stopped before `day`."""
        ended = self.met if self.met is not None else self.stopped
        return ended is None or _day(ended) > day


def first(days: Iterable[date], after: date, strictly: bool = False) -> date | None:
    """The earliest of `days` on or after `after` (strictly after, if asked)."""
    return min((d for d in days if d > after or (d == after and not strictly)), default=None)


def earliest(*days: date | None) -> date | None:
    """The earliest of the days given, ignoring None."""
    return min((d for d in days if d is not None), default=None)


def settle(
    step: Step, episode_id: UUID, started: date, met: date | None, stopped: date | None
) -> Occurrence:
    """A clock met at `met` unless the work ended before; an end on the day it is met loses."""
    rule, interval = step
    if met is not None and (stopped is None or met <= stopped):
        return Occurrence(rule, interval, episode_id, started, met=met)
    return Occurrence(rule, interval, episode_id, started, stopped=stopped)


def each_trigger(
    step: Step,
    episode_id: UUID,
    triggers: Iterable[date],
    meets: Sequence[date],
    stops: Sequence[date] = (),
    cancels: Sequence[date] = (),
) -> list[Occurrence]:
    """A clock from each trigger, unless one of the same rule is still running then (a second
    strategy discussion does not restart the conference's clock)."""
    found: list[Occurrence] = []
    for day in sorted(triggers):
        if found and found[-1].running_on(day):
            continue
        occurrence = settle(step, episode_id, day, first(meets, day), first(stops, day))
        cancel = first(cancels, day)
        ended = occurrence.met or occurrence.stopped
        if occurrence.met is None and cancel is not None and (ended is None or cancel <= ended):
            occurrence = Occurrence(*step, episode_id, day, stopped=cancel, cancelled=True)
        found.append(occurrence)
    return found


def repeating(
    first_step: Step,
    then: Callable[[int, date], Step] | None,
    episode_id: UUID,
    start: date,
    meets: Iterable[date],
    until: date | None,
) -> list[Occurrence]:
    """A clock from `start`, then (if `then` is given) another from each event that met the last,
    until `until`. `then(n, day)` chooses the step after the n-th meeting event, on `day`."""
    window = sorted(d for d in meets if d >= start and (until is None or d <= until))
    found: list[Occurrence] = []
    step, begun = first_step, start
    while True:
        met = first(window, begun, strictly=bool(found))
        rule, interval = step
        if met is None:
            found.append(Occurrence(rule, interval, episode_id, begun, stopped=until))
            return found
        found.append(Occurrence(rule, interval, episode_id, begun, met=met))
        if then is None:
            return found
        step, begun = then(len(found), met), met


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
