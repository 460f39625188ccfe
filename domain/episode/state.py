"""What an episode of need is at a moment: the fold of its effective events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from uuid import UUID

from domain.errors import RuleBroken

T = TypeVar("T")


@dataclass
class Assessment:
    started_on: date
    seen_on: date | None = None
    completed_on: date | None = None
    factors: list[str] = field(default_factory=list)
    outcome: str | None = None
    authorised_on: date | None = None


@dataclass
class Section47:
    started_on: date
    concluded_on: date | None = None
    conference_needed: bool | None = None


@dataclass
class Conference:
    kind: str  # "initial" or "review"
    held_on: date
    plan: bool
    category: str | None
    agencies_invited: list[str]
    agencies_present: list[str]


@dataclass
class Plan:
    """A protection plan, a child in need plan or a pathway plan, with its reviews."""

    started_on: date
    ended_on: date | None = None
    initial_category: str | None = None
    latest_category: str | None = None
    reviews: list[date] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


@dataclass
class Placement:
    started_on: date
    placement_type: str
    visit_regime: str
    intended_until_18: bool
    ended_on: date | None = None


@dataclass
class LookedAfterPeriod:
    started_on: date
    legal_statuses: list[tuple[date, str]]
    placements: list[Placement]
    reviews: list[date] = field(default_factory=list)
    missing: list[tuple[date, date | None]] = field(default_factory=list)
    ceased_on: date | None = None
    ceased_reason: str | None = None

    @property
    def placement(self) -> Placement:
        return self.placements[-1]


@dataclass
class AdoptionDecision:
    """The decision that the child should be placed for adoption, the prospective adopters
    matched with them, and the decision's reversal if it was reversed."""

    decided_on: date
    matched_on: date | None = None
    adopters: int | None = None
    adopters_sex: str | None = None
    adopters_legal_status: str | None = None
    foster_carers: bool | None = None
    reversed_on: date | None = None
    reversal_reason: str | None = None


@dataclass
class Allocation:
    worker_id: UUID
    started_on: date
    reason: str
    ended_on: date | None = None
    end_reason: str | None = None


@dataclass
class Visit:
    visited_on: date
    statutory: bool
    child_seen: bool
    seen_alone: bool


@dataclass
class Extension:
    rule: str
    new_due: date
    approved_by: str
    reason: str
    extended_on: date


@dataclass
class EpisodeState:
    child_id: UUID | None = None
    referral_date: date | None = None
    referral_source: str = ""
    primary_need: str = "N0"
    decision: str | None = None
    decided_on: date | None = None
    closed_on: date | None = None
    closure_reason: str | None = None
    assessments: list[Assessment] = field(default_factory=list)
    strategy_discussions: list[tuple[date, bool]] = field(default_factory=list)
    section47s: list[Section47] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    core_groups: list[date] = field(default_factory=list)
    protection_plans: list[Plan] = field(default_factory=list)
    cin_plans: list[Plan] = field(default_factory=list)
    looked_after: list[LookedAfterPeriod] = field(default_factory=list)
    pathway_plans: list[Plan] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    concerns: list[tuple[date, str]] = field(default_factory=list)
    # When a substance misuse problem was identified (an intervention follows one).
    substance_misuse: list[date] = field(default_factory=list)
    adoption_decisions: list[AdoptionDecision] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def open_assessment(self) -> Assessment | None:
        return _last_open(self.assessments, lambda a: a.completed_on is None)

    @property
    def open_section47(self) -> Section47 | None:
        return _last_open(self.section47s, lambda s: s.concluded_on is None)

    @property
    def open_protection_plan(self) -> Plan | None:
        return _last_open(self.protection_plans, lambda p: p.is_open)

    @property
    def open_cin_plan(self) -> Plan | None:
        return _last_open(self.cin_plans, lambda p: p.is_open)

    @property
    def open_pathway_plan(self) -> Plan | None:
        return _last_open(self.pathway_plans, lambda p: p.is_open)

    @property
    def looked_after_now(self) -> LookedAfterPeriod | None:
        return _last_open(self.looked_after, lambda p: p.ceased_on is None)

    @property
    def adoption_decision(self) -> AdoptionDecision | None:
        """The decision that the child should be placed for adoption that stands: made in the
        current period of care and not reversed."""
        period = self.looked_after_now
        if period is None:
            return None
        return _last_open(self.adoption_decisions, lambda d: d.reversed_on is None
                          and d.decided_on >= period.started_on)

    @property
    def allocation(self) -> Allocation | None:
        return _last_open(self.allocations, lambda a: a.ended_on is None)

    def check_within(self, day: date, what: str) -> None:
        """Nothing in an episode before its referral or after its closure; late is fine."""
        assert self.referral_date is not None
        if day < self.referral_date:
            raise RuleBroken(
                "before-referral",
                f"{what} cannot be before the referral ({self.referral_date})",
                "occurred_at",
            )
        if self.closed_on is not None and day > self.closed_on:
            raise RuleBroken(
                "after-closure",
                f"{what} cannot be after the episode closed ({self.closed_on}); reopen it first",
                "occurred_at",
            )

    def check_open(self, what: str) -> None:
        """Work cannot start in a closed episode, even on the day it closed: it would stay open."""
        if self.closed_on is not None:
            raise RuleBroken(
                "after-closure",
                f"{what} cannot start: the episode closed on {self.closed_on}; reopen it first",
                "occurred_at",
            )

    def check_pathway_allowed(self, what: str) -> None:
        """A referral decided as no further action carries nothing else."""
        if self.decision == "NFA":
            raise RuleBroken(
                "referral-nfa",
                f"the referral was decided as no further action, so it cannot have {what}; "
                "record a new referral instead",
            )


def _last_open(items: list[T], is_open: Callable[[T], bool]) -> T | None:
    for item in reversed(items):
        if is_open(item):
            return item
    return None
