"""When the clocks of a looked-after child and a care leaver start and what meets them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from domain.calendar import add_months
from domain.clocks.facts import CarePeriod, ChildFacts, EpisodeFacts, Placement
from domain.clocks.occurrences import Occurrence, Step, earliest, first, repeating, settle
from domain.clocks.schedules import Schedule
from domain.envelope import LONDON, local_date
from domain.episode import statutory_steps as steps

POLICE_PROTECTION = "L1"
CARE_LEAVER_WEEKS = 13  # looked after for 13 weeks since 14, ending after 16 (Sch 2 para 19B)


def care_plan(rule: str) -> Schedule:
    """E10, W8: from the start of each period of care (its first placement) to the care plan. A
    plan prepared beforehand, since the last period ended, meets it early, as the law prefers."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        prepared = f.dates_of(steps.CarePlanPrepared)
        found = []
        for i, period in enumerate(f.care):
            since = (f.care[i - 1].ceased or period.started) if i else f.referral_on
            met = first(prepared, since)
            found.append(settle((rule, 0), f.episode_id, period.started, met, _end_of(f, period)))
        return found

    return schedule


def looked_after_reviews(first_step: Step, second: Step, later: Step) -> Schedule:
    """E11, E12, E13 (Wales: W10's three intervals): from becoming looked after to the first
    review, from it to the second, then from each review to the next, while the period lasts."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        found: list[Occurrence] = []
        for period in f.care:
            found += repeating(
                first_step,
                lambda n, _day: second if n == 1 else later,
                f.episode_id,
                period.started,
                period.reviews,
                _end_of(f, period),
            )
        return found

    return schedule


def placement_visits(wales_rule: str | None) -> Schedule:
    """E14, E14a, E14b (Wales: W9 whatever the regime): from the start of each placement, then
    from each statutory visit with the child seen, to the next such visit, while it lasts."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        seen = [v.occurred_on for v in f.visits if v.statutory and v.child_seen]
        found: list[Occurrence] = []
        for period in f.care:
            for placement in period.placements:
                rule = wales_rule or placement.visit_regime
                until = earliest(placement.ended, first(f.ends, placement.started))
                found += repeating(
                    (rule, 0),
                    _next_visit(rule, placement, period),
                    f.episode_id,
                    placement.started,
                    seen,
                    until,
                )
        return found

    return schedule


def _next_visit(rule: str, placement: Placement, period: CarePeriod) -> Callable[[int, date], Step]:
    """Which interval runs from a visit on `day`: reg 28(2) by the placement's age and intent;
    28(3) and 28(4) weekly until the first review held in the placement."""
    first_year_ends = add_months(placement.started, 12)
    first_review = first(period.reviews, placement.started)

    def choose(_n: int, day: date) -> Step:
        if rule in ("E14a", "E14b"):
            return rule, 2 if first_review is not None and first_review <= day else 1
        if day < first_year_ends:
            return rule, 1
        return rule, 2 if placement.intended_until_18 else 3

    return choose


def adviser_visits(rule: str) -> Schedule:
    """E17: from the care leaver's accommodation first being provided, then from each personal
    adviser's visit, to the next visit, until the episode closes."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        provided = f.dates_of(steps.CareLeaverAccommodationProvided)
        if not provided:
            return []
        start = min(provided)
        visits = f.dates_of(steps.PersonalAdviserVisited)
        until = first(f.ends, start)
        return repeating((rule, 0), lambda _n, _d: (rule, 1), f.episode_id, start, visits, until)

    return schedule


def police_protection(rule: str) -> Schedule:
    """E18: 72 hours from the moment the child's legal status became police protection to the
    moment it changed to another, or the child stopped being looked after."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        found = []
        for period in f.care:
            statuses = sorted(period.legal_statuses, key=lambda entry: entry[0])
            ends = [at for at, status in statuses if status != POLICE_PROTECTION]
            if period.ceased_at is not None:
                ends.append(period.ceased_at)
            before = None
            for at, status in statuses:
                if status == POLICE_PROTECTION and before != POLICE_PROTECTION:
                    found.append(_hours(rule, f, at, [e for e in ends if e > at]))
                before = status
        return found

    return schedule


def _hours(rule: str, f: EpisodeFacts, started: datetime, ends: list[datetime]) -> Occurrence:
    london = started.astimezone(LONDON)
    met = min(ends, default=None)
    died = f.died_at if f.died_at is not None and f.died_at >= started else None
    if met is not None and (died is None or met <= died):
        return Occurrence(rule, 0, f.episode_id, london, met=met.astimezone(LONDON))
    stopped = died.astimezone(LONDON) if died is not None else None
    return Occurrence(rule, 0, f.episode_id, london, stopped=stopped)


def needs_assessment(
    rule: str, child: ChildFacts, episodes: list[EpisodeFacts], today: date
) -> list[Occurrence]:
    """E15: from the day a looked-after child becomes an eligible child (the 16th birthday, or
    later once 13 weeks of care since the 14th birthday are reached) to the first needs
    assessment. Pre-planned short breaks do not count. Needs the date of birth."""
    if child.date_of_birth is None:
        return []
    at_14 = add_months(child.date_of_birth, 14 * 12)
    at_16 = add_months(child.date_of_birth, 16 * 12)
    periods = sorted(
        ((p, f) for f in episodes for p in f.care if not p.short_breaks),
        key=lambda pair: pair[0].started,
    )
    counted = 0
    for period, f in periods:
        if period.ceased is not None and period.ceased <= at_14:
            continue
        begun = max(period.started, at_14)
        eligible = max(begun + timedelta(days=max(0, 7 * CARE_LEAVER_WEEKS - counted)), at_16)
        if period.ceased is None or eligible < period.ceased:
            if eligible > today:
                return []
            assessed = min(
                (d for e in episodes for d in e.dates_of(steps.CareLeaverNeedsAssessmentCompleted)),
                default=None,
            )
            died = local_date(child.died_at) if child.died_at is not None else None
            return [settle((rule, 0), f.episode_id, eligible, assessed, died)]
        counted += (period.ceased - begun).days
    return []


def _end_of(f: EpisodeFacts, period: CarePeriod) -> date | None:
    return earliest(period.ceased, first(f.ends, period.started))
