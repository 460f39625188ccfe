"""The dated facts that clocks run on, read from a child's effective events.

Each stream is read as it should have been recorded (corrections applied, entries in error left
out) and in the order things happened (`occurred_on`, then the order they were recorded), so a
visit recorded today that happened last Tuesday meets a clock as of last Tuesday.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.child import ChildBorn, ChildDied, ChildRegistered
from domain.envelope import local_date
from domain.episode import everyday, looked_after, plans, protection, referral, statutory_steps
from domain.record import CaseEvent, effective_events

SHORT_BREAKS = frozenset({"V3", "V4"})


@dataclass
class Span:
    """A plan from its start to its end (None while it runs), with its reviews."""

    started: date
    ended: date | None = None
    reviews: list[date] = field(default_factory=list)


@dataclass
class Placement:
    started: date
    visit_regime: str
    intended_until_18: bool
    ended: date | None = None


@dataclass
class CarePeriod:
    """A period of care: its placements, reviews and legal statuses (timed, for police
    protection's 72 hours)."""

    started: date
    started_at: datetime
    placements: list[Placement]
    legal_statuses: list[tuple[datetime, str]]
    reviews: list[date] = field(default_factory=list)
    ceased: date | None = None
    ceased_at: datetime | None = None

    @property
    def short_breaks(self) -> bool:
        """Pre-planned short breaks, which do not count towards a care leaver's 13 weeks."""
        return self.legal_statuses[0][1] in SHORT_BREAKS


@dataclass(frozen=True)
class Extension:
    rule: str
    new_due: date
    approved_by: str
    reason: str
    extended_on: date


@dataclass
class EpisodeFacts:
    """What one episode's clocks need to know, each list in the order things happened."""

    episode_id: UUID
    child_id: UUID
    referral_on: date
    decisions: list[tuple[date, str]] = field(default_factory=list)
    assessments_started: list[date] = field(default_factory=list)
    assessments_completed: list[tuple[date, str]] = field(default_factory=list)
    strategy_discussions: list[tuple[date, bool]] = field(default_factory=list)
    section47_started: list[date] = field(default_factory=list)
    section47_concluded: list[tuple[date, bool]] = field(default_factory=list)
    initial_conferences: list[tuple[date, bool]] = field(default_factory=list)
    review_conferences: list[tuple[date, bool]] = field(default_factory=list)
    core_groups: list[date] = field(default_factory=list)
    protection_plans: list[Span] = field(default_factory=list)
    cin_plans: list[Span] = field(default_factory=list)
    pathway_plans: list[Span] = field(default_factory=list)
    care: list[CarePeriod] = field(default_factory=list)
    visits: list[everyday.VisitRecorded] = field(default_factory=list)
    closures: list[date] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    steps: dict[type[CaseEvent], list[date]] = field(default_factory=lambda: defaultdict(list))
    died_at: datetime | None = None

    def dates_of(self, kind: type[CaseEvent]) -> list[date]:
        """The days on which a statutory step of this kind was taken."""
        return self.steps.get(kind, [])

    @property
    def ends(self) -> list[date]:
        """The days on which all the episode's work ended: its closures and the child's death."""
        died = [local_date(self.died_at)] if self.died_at is not None else []
        return [*self.closures, *died]


@dataclass(frozen=True)
class ChildFacts:
    child_id: UUID | None
    date_of_birth: date | None
    died_at: datetime | None


def streams(events: Iterable[CaseEvent]) -> list[list[CaseEvent]]:
    """Each stream's effective events, in the order they happened."""
    by_stream: dict[UUID, list[CaseEvent]] = defaultdict(list)
    for event in events:
        by_stream[event.originator_id].append(event)
    found = []
    for history in by_stream.values():
        history.sort(key=lambda e: e.originator_version)
        effective = effective_events(history)
        if effective:
            # The first event (the one that opened the record) stays first whatever its date.
            found.append([effective[0], *sorted(effective[1:], key=_when)])
    return found


def child_facts(all_streams: list[list[CaseEvent]]) -> ChildFacts:
    for stream in all_streams:
        if isinstance(stream[0], ChildRegistered):
            born = stream[0].date_of_birth
            died_at = None
            for event in stream[1:]:
                if isinstance(event, ChildBorn):
                    born = event.date_of_birth
                elif isinstance(event, ChildDied):
                    died_at = event.occurred_at
            return ChildFacts(stream[0].originator_id, born, died_at)
    return ChildFacts(None, None, None)


def episode_facts(
    all_streams: list[list[CaseEvent]], died_at: datetime | None
) -> list[EpisodeFacts]:
    found = []
    for stream in all_streams:
        first = stream[0]
        if isinstance(first, referral.ReferralReceived):
            facts = EpisodeFacts(first.originator_id, first.child_id, first.occurred_on)
            facts.died_at = died_at
            for event in stream[1:]:
                _take(facts, event)
            found.append(facts)
    return found


def _when(event: CaseEvent) -> tuple[date, int]:
    return event.occurred_on, event.originator_version


_STEPS = (
    statutory_steps.CarePlanPrepared,
    statutory_steps.CareLeaverNeedsAssessmentCompleted,
    statutory_steps.CareLeaverAccommodationProvided,
    statutory_steps.PersonalAdviserVisited,
    statutory_steps.SeriousIncidentBecameKnown,
    statutory_steps.SeriousIncidentNotified,
    statutory_steps.RapidReviewCompleted,
    statutory_steps.OutlinePlanCirculated,
    statutory_steps.Section47AssessmentCompleted,
)


def _take(f: EpisodeFacts, e: CaseEvent) -> None:
    day = e.occurred_on
    if isinstance(e, _STEPS):
        f.steps[type(e)].append(day)
    elif isinstance(e, referral.ReferralDecided):
        f.decisions.append((day, e.decision))
    elif isinstance(e, referral.AssessmentStarted):
        f.assessments_started.append(day)
    elif isinstance(e, referral.AssessmentCompleted):
        f.assessments_completed.append((day, e.outcome))
    elif isinstance(e, referral.EpisodeClosed):
        f.closures.append(day)
    elif isinstance(e, protection.StrategyDiscussionHeld):
        f.strategy_discussions.append((day, e.start_section47))
    elif isinstance(e, protection.Section47Started):
        f.section47_started.append(day)
    elif isinstance(e, protection.Section47Concluded):
        f.section47_concluded.append((day, e.conference_needed))
    elif isinstance(e, protection.InitialConferenceHeld):
        f.initial_conferences.append((day, e.plan))
    elif isinstance(e, protection.ReviewConferenceHeld):
        f.review_conferences.append((day, e.plan))
    elif isinstance(e, protection.CoreGroupHeld):
        f.core_groups.append(day)
    elif isinstance(e, protection.ProtectionPlanStarted):
        f.protection_plans.append(Span(day))
    elif isinstance(e, protection.ProtectionPlanEnded):
        _end(f.protection_plans, day)
    elif isinstance(e, plans.ChildInNeedPlanStarted):
        f.cin_plans.append(Span(day))
    elif isinstance(e, plans.ChildInNeedPlanReviewed):
        _review(f.cin_plans, day)
    elif isinstance(e, plans.ChildInNeedPlanEnded):
        _end(f.cin_plans, day)
    elif isinstance(e, plans.PathwayPlanStarted):
        f.pathway_plans.append(Span(day))
    elif isinstance(e, plans.PathwayPlanReviewed):
        _review(f.pathway_plans, day)
    elif isinstance(e, plans.PathwayPlanEnded):
        _end(f.pathway_plans, day)
    elif isinstance(e, everyday.VisitRecorded):
        f.visits.append(e)
    elif isinstance(e, everyday.ClockExtended):
        f.extensions.append(Extension(e.rule, e.new_due, e.approved_by, e.reason or "", day))
    else:
        _take_care(f, e)


def _take_care(f: EpisodeFacts, e: CaseEvent) -> None:
    day = e.occurred_on
    if isinstance(e, looked_after.BecameLookedAfter):
        placement = Placement(day, e.visit_regime, e.intended_until_18)
        f.care.append(
            CarePeriod(day, e.occurred_at, [placement], [(e.occurred_at, e.legal_status)])
        )
        return
    period = f.care[-1] if f.care and f.care[-1].ceased is None else None
    if period is None:
        return  # a corrected history can leave an event outside any period; it starts nothing
    if isinstance(e, looked_after.PlacementChanged):
        period.placements[-1].ended = day
        period.placements.append(Placement(day, e.visit_regime, e.intended_until_18))
    elif isinstance(e, looked_after.LegalStatusChanged):
        period.legal_statuses.append((e.occurred_at, e.legal_status))
    elif isinstance(e, looked_after.LookedAfterReviewHeld):
        period.reviews.append(day)
    elif isinstance(e, looked_after.CeasedToBeLookedAfter):
        period.ceased, period.ceased_at = day, e.occurred_at
        period.placements[-1].ended = day


def _end(spans: list[Span], day: date) -> None:
    if spans and spans[-1].ended is None:
        spans[-1].ended = day


def _review(spans: list[Span], day: date) -> None:
    if spans and spans[-1].ended is None:
        spans[-1].reviews.append(day)
