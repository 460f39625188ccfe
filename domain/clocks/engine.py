"""A child's statutory clocks, computed from the child's events alone.

`child_clocks` is a pure function: the same events, moment and settings always give the same
clocks. It reads every stream of one child (the child's record and each episode), applies
corrections and leaves out entries in error, and works by the day things happened, so that
recording late or correcting a date moves the clocks as it should.

Judgement calls, so that people can check them:

- A clock whose work ended unmet (the plan, placement or period of care ended, the episode
  closed, or the child died) is reported as OVERDUE, with `stopped_on`, when it was already past
  its due date then, and is dropped otherwise: nothing was missed.
- A section 47 enquiry concluded with no conference needed cancels the conference clock (E4,
  W3): it is dropped, neither met nor late, whatever its due date.
- A serious incident's clocks (E19, E20) run whatever happens to the episode or the child.
- An extension (`ClockExtended`) moves the due date of the clock of its rule, in its episode,
  that was running on the day it was made (the latest started, if several). An extension that
  finds no running clock is ignored here, though the record keeps it. Extensions of police
  protection (E18) are ignored: its 72 hours are set by statute. The original due date is
  always kept beside the extended one.
- A repeating clock (visits, reviews, core groups) restarts from each event that meets it; an
  event on the day a clock starts meets it, but two visits on one day count once.
- E3 runs once per episode, from the referral to the first completed assessment, and only once
  the referral has led to an assessment (one started, or a decision of ASSESSMENT or STRATEGY).
- E10 and W8 are met early by a care plan prepared before the period of care began.
- E14a and E14b are weekly until the first looked-after review held in the placement; which
  interval runs is fixed when each clock starts, so a later event never moves a due date.
- E15 starts on the day the child becomes an eligible child: the 16th birthday, or later once 13
  weeks of care (since the 14th birthday, short breaks not counted) are reached, while still
  looked after. Any needs assessment meets it, even one completed before. Only death stops it.
- E17 runs from the first accommodation provided in the episode until the episode closes.
- W5 after the first core group is judged by its limit (6 weeks), not the monthly expectation.
- W9 runs for every placement in Wales, whatever the (English-coded) visit regime.
- Wales runs W1 to W10 only: the catalogue has no Welsh rule for E3, E8, E9, E15 to E20.

Raises `DateOutsideCalendar` when a working-day count leaves the bank holiday data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from domain.clocks import care
from domain.clocks import schedules as s
from domain.clocks.due import due_date
from domain.clocks.explain import format_due_explanation
from domain.clocks.facts import EpisodeFacts, child_facts, episode_facts, streams
from domain.clocks.model import Clock, ClockExtension, ClockSettings, ClockStatus, status_on
from domain.clocks.occurrences import Occurrence
from domain.clocks.result import DueDate
from domain.envelope import local_date
from domain.episode import statutory_steps as steps
from domain.record import CaseEvent
from domain.rules import Jurisdiction, Unit, UnknownRule, rule

__all__ = ["Clock", "ClockExtension", "ClockSettings", "ClockStatus", "child_clocks"]

ENGLAND: tuple[s.Schedule, ...] = (
    s.decision("E1"),
    s.strategy_discussion("E2"),
    s.assessment("E3"),
    s.initial_conference("E4"),
    s.after_conference("E5", None),
    s.review_conferences(("E6", 0), ("E7", 0)),
    s.protection_plan_visits("E8"),
    s.plan_reviews(("E9", 0), ("E9", 1), lambda f: f.cin_plans),
    care.care_plan("E10"),
    care.looked_after_reviews(("E11", 0), ("E12", 0), ("E13", 0)),
    care.placement_visits(None),
    s.plan_reviews(("E16", 0), ("E16", 0), lambda f: f.pathway_plans),
    care.adviser_visits("E17"),
    care.police_protection("E18"),
    s.serious_incident_step("E19", steps.SeriousIncidentBecameKnown, steps.SeriousIncidentNotified),
    s.serious_incident_step("E20", steps.SeriousIncidentNotified, steps.RapidReviewCompleted),
)
WALES: tuple[s.Schedule, ...] = (
    s.decision("W1"),
    s.strategy_discussion("W2"),
    s.initial_conference("W3"),
    s.after_conference("W4", steps.OutlinePlanCirculated),
    s.core_groups("W5"),
    s.section47_assessment("W6"),
    s.review_conferences(("W7", 0), ("W7", 1)),
    care.care_plan("W8"),
    care.placement_visits("W9"),
    care.looked_after_reviews(("W10", 0), ("W10", 1), ("W10", 2)),
)


def child_clocks(
    events: Iterable[CaseEvent], now: datetime, settings: ClockSettings
) -> list[Clock]:
    """Every clock of one child, running or finished, as known at `now`, by due date.

    `events` are all the child's events as stored, from every stream, in any order; events
    that concern no clock are ignored. `now` (an aware datetime) only decides the status and
    the days left: to see the clocks as known at an earlier moment, pass only the events
    recorded by then, and that moment.
    """
    all_streams = streams(events)
    child = child_facts(all_streams)
    episodes = episode_facts(all_streams, child.died_at)
    today = local_date(now)
    england = settings.jurisdiction is Jurisdiction.ENGLAND
    found = [o for f in episodes for run in (ENGLAND if england else WALES) for o in run(f)]
    if england:
        found += care.needs_assessment("E15", child, episodes, today)
    found = [o for o in found if not o.cancelled]
    extensions = _extensions(found, episodes)
    children = {f.episode_id: f.child_id for f in episodes}
    clocks: list[Clock] = []
    keys: set[str] = set()
    for i, occurrence in enumerate(found):
        key = _unique(_key(occurrence), keys)
        child_id = children[occurrence.episode_id]
        clock = _clock(occurrence, extensions.get(i, ()), child_id, settings, now, key)
        if clock is not None:
            clocks.append(clock)
    return sorted(clocks, key=lambda c: (c.due, c.key))


def _extensions(
    found: list[Occurrence], episodes: list[EpisodeFacts]
) -> dict[int, tuple[ClockExtension, ...]]:
    """The extensions of each occurrence (by its index in `found`), in the order made."""
    attached: dict[int, tuple[ClockExtension, ...]] = {}
    for f in episodes:
        for extension in f.extensions:
            try:
                rule_id = rule(extension.rule).id
            except UnknownRule:
                continue
            day = extension.extended_on
            running = [
                i
                for i, o in enumerate(found)
                if o.episode_id == f.episode_id
                and o.rule == rule_id
                and not isinstance(o.started, datetime)
                and o.started <= day
                and o.running_on(day)
            ]
            if not running:
                continue
            latest = max(running, key=lambda i: found[i].started)
            made = ClockExtension(extension.new_due, extension.reason, extension.approved_by, day)
            attached[latest] = (*attached.get(latest, ()), made)
    return attached


def _clock(
    o: Occurrence,
    extensions: tuple[ClockExtension, ...],
    child_id: UUID,
    settings: ClockSettings,
    now: datetime,
    key: str,
) -> Clock | None:
    """The clock of an occurrence, or None when it ended unmet before it fell due."""
    result = due_date(
        o.rule,
        o.started,
        settings.jurisdiction,
        settings.calendar,
        settings.convention,
        o.interval,
        settings.local,
    )
    due = extensions[-1].new_due if extensions else result.due
    if result.due_at is not None:
        deadline: date = result.due_at
        looked_at: date = now
    else:
        deadline, looked_at = due, local_date(now)
    if o.met is None and o.stopped is not None and o.stopped <= deadline:
        return None
    status = status_on(deadline, o.met, o.stopped, bool(extensions), looked_at)
    hours = result.unit is Unit.HOURS
    left = None if o.met is not None else _left(result, due, o.stopped or looked_at, settings)
    return Clock(
        key=key,
        rule=result.rule.id,
        title=result.rule.title,
        basis=result.rule.basis,
        child_id=child_id,
        episode_id=o.episode_id,
        started_on=_day(o.started),
        started_at=o.started if isinstance(o.started, datetime) else None,
        original_due=result.due,
        due=due,
        due_at=result.due_at,
        met_on=_day(o.met) if o.met is not None else None,
        met_at=o.met if isinstance(o.met, datetime) else None,
        stopped_on=_day(o.stopped) if o.stopped is not None else None,
        status=status,
        extensions=extensions,
        days_left=left,
        days_unit=Unit.HOURS.value if hours else _days_unit(result.unit),
        explanation=_explanation(result, extensions, o),
    )


def _left(result: DueDate, due: date, point: date, settings: ClockSettings) -> int:
    """Whole units from `point` to the deadline: negative once it has passed."""
    if result.due_at is not None:
        assert isinstance(point, datetime)
        return math.floor((result.due_at - point).total_seconds() / 3600)
    if result.unit is Unit.WORKING_DAYS:
        return settings.calendar.working_days_between(point, due)
    return (due - point).days


def _days_unit(unit: Unit) -> str:
    return Unit.WORKING_DAYS.value if unit is Unit.WORKING_DAYS else Unit.CALENDAR_DAYS.value


def _explanation(result: DueDate, extensions: tuple[ClockExtension, ...], o: Occurrence) -> str:
    lines = [format_due_explanation(result)]
    lines += [
        f"Extended: to {e.new_due.isoformat()} on {e.extended_on.isoformat()}, approved by "
        f"{e.approved_by}: {e.reason}"
        for e in extensions
    ]
    if o.stopped is not None:
        lines.append(f"Stopped: the work ended unmet on {_day(o.stopped).isoformat()}")
    return "\n".join(lines)


def _key(o: Occurrence) -> str:
    return f"{o.rule}:{o.episode_id}:{o.started.isoformat()}:{o.interval}"


def _unique(key: str, taken: set[str]) -> str:
    """The key, made unique within the child by a counter in the rare case of a repeat."""
    unique, n = key, 1
    while unique in taken:
        n += 1
        unique = f"{key}#{n}"
    taken.add(unique)
    return unique


def _day(moment: date | datetime) -> date:
    return local_date(moment) if isinstance(moment, datetime) else moment
