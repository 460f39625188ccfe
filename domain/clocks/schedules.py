"""When each rule's clocks start and what meets them, from referral to protection plan.

Each function returns a `Schedule`: the occurrences of one rule (or one numbered series of
rules, such as E6 then E7) in one episode. England and Wales share the shapes; only the rule
numbers differ, so each takes the numbers it runs under.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.clocks.facts import EpisodeFacts, Span
from domain.clocks.occurrences import (
    Occurrence,
    Step,
    each_trigger,
    earliest,
    first,
    repeating,
)
from domain.episode import statutory_steps as steps
from domain.episode.base import EpisodeEvent

Schedule = Callable[[EpisodeFacts], list[Occurrence]]

LEADS_TO_ASSESSMENT = frozenset({"ASSESSMENT", "STRATEGY"})


def decision(rule: str) -> Schedule:
    """E1, W1: from the referral (report) to the decision on it."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        decided = [day for day, _ in f.decisions]
        return each_trigger((rule, 0), f.episode_id, [f.referral_on], decided, f.ends)

    return schedule


def strategy_discussion(rule: str) -> Schedule:
    """E2, W2: from a decision (on the referral, or at the end of an assessment) that a strategy
    discussion is needed, to the discussion."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        triggers = [day for day, decided in f.decisions if decided == "STRATEGY"]
        triggers += [day for day, outcome in f.assessments_completed if outcome == "STRATEGY"]
        held = [day for day, _ in f.strategy_discussions]
        return each_trigger((rule, 0), f.episode_id, triggers, held, f.ends)

    return schedule


def assessment(rule: str) -> Schedule:
    """E3: from the referral to the first completed assessment, once the referral has led to one
    (an assessment started, or a decision for an assessment or a strategy discussion)."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        led_to_one = bool(f.assessments_started) or any(
            decided in LEADS_TO_ASSESSMENT for _, decided in f.decisions
        )
        if not led_to_one:
            return []
        completed = [day for day, _ in f.assessments_completed]
        return each_trigger((rule, 0), f.episode_id, [f.referral_on], completed, f.ends)

    return schedule


def initial_conference(rule: str) -> Schedule:
    """E4, W3: from the strategy discussion that started a section 47 enquiry to the initial
    conference. An enquiry concluded with no conference needed cancels the clock."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        triggers = [day for day, starts_enquiry in f.strategy_discussions if starts_enquiry]
        held = [day for day, _ in f.initial_conferences]
        no_conference = [day for day, needed in f.section47_concluded if not needed]
        return each_trigger((rule, 0), f.episode_id, triggers, held, f.ends, no_conference)

    return schedule


def after_conference(rule: str, met_by: type[steps.OutlinePlanCirculated] | None) -> Schedule:
    """E5, W4: from an initial conference that made a plan to the first core group (E5) or the
    outline plan being circulated (W4), while the plan runs."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        meets = f.core_groups if met_by is None else f.dates_of(met_by)
        return each_trigger(
            (rule, 0), f.episode_id, _plan_conferences(f), meets, _protection_ends(f)
        )

    return schedule


def core_groups(rule: str) -> Schedule:
    """W5: the first core group after the initial conference, then each next one, judged by
    the limit of 6 weeks from the last (monthly is what is expected)."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        return _per_plan_conference(f, (rule, 0), (rule, 2), f.core_groups)

    return schedule


def review_conferences(first_step: Step, later_step: Step) -> Schedule:
    """E6 then E7 (Wales: W7's two intervals): from the initial conference to the first review,
    then from each review to the next, while the plan runs."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        reviews = [day for day, _ in f.review_conferences]
        return _per_plan_conference(f, first_step, later_step, reviews)

    return schedule


def protection_plan_visits(rule: str) -> Schedule:
    """E8: from the plan's start, then from each visit with the child seen, to the next such
    visit, while the plan runs."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        seen = [v.occurred_on for v in f.visits if v.child_seen]
        return _per_span(f, f.protection_plans, (rule, 0), (rule, 1), lambda _: seen)

    return schedule


def plan_reviews(
    first_step: Step, later_step: Step, spans: Callable[[EpisodeFacts], list[Span]]
) -> Schedule:
    """E9, E16: from a plan's start, then from each review, to the next review, while it runs."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        return _per_span(f, spans(f), first_step, later_step, lambda span: span.reviews)

    return schedule


def serious_incident_step(
    rule: str, starts: type[EpisodeEvent], meets: type[EpisodeEvent]
) -> Schedule:
    """E19, E20: from each step of a serious incident to the next. These clocks run whatever
    happens to the episode or the child: the incident is often the child's death."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        return each_trigger((rule, 0), f.episode_id, f.dates_of(starts), f.dates_of(meets))

    return schedule


def section47_assessment(rule: str) -> Schedule:
    """W6: from the start of section 47 enquiries to the (continuing) assessment's completion."""

    def schedule(f: EpisodeFacts) -> list[Occurrence]:
        completed = f.dates_of(steps.Section47AssessmentCompleted)
        return each_trigger((rule, 0), f.episode_id, f.section47_started, completed, f.ends)

    return schedule


def _plan_conferences(f: EpisodeFacts) -> list[date]:
    return [day for day, plan in f.initial_conferences if plan]


def _protection_ends(f: EpisodeFacts) -> list[date]:
    ended = [plan.ended for plan in f.protection_plans if plan.ended is not None]
    no_plan = [day for day, plan in f.review_conferences if not plan]
    return [*ended, *no_plan, *f.ends]


def _per_plan_conference(
    f: EpisodeFacts, first_step: Step, later_step: Step, meets: list[date]
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for held in _plan_conferences(f):
        until = first(_protection_ends(f), held)
        found += repeating(first_step, lambda _n, _d: later_step, f.episode_id, held, meets, until)
    return found


def _per_span(
    f: EpisodeFacts,
    spans: list[Span],
    first_step: Step,
    later_step: Step,
    meets: Callable[[Span], list[date]],
) -> list[Occurrence]:
    found: list[Occurrence] = []
    for span in spans:
        until = earliest(span.ended, first(f.ends, span.started))
        found += repeating(
            first_step, lambda _n, _d: later_step, f.episode_id, span.started, meets(span), until
        )
    return found
