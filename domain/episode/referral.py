"""From a referral to its decision, the assessment, and the episode's closure."""

from __future__ import annotations

from datetime import date
from typing import ClassVar
from uuid import UUID

from domain import codes
from domain.codes import CLOSURES_NEEDING_ASSESSMENT, CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import Assessment, EpisodeState
from domain.errors import RuleBroken
from domain.record import CaseCreated


class ReferralReceived(CaseCreated):
    """The episode of need begins: the date is the referral date (CINreferralDate)."""

    code_lists: ClassVar[CodeLists] = {
        "source": codes.REFERRAL_SOURCES,
        "primary_need": codes.PRIMARY_NEEDS,
    }

    child_id: UUID
    source: str
    concern: str
    primary_need: str

    def evolve(self, state: EpisodeState) -> None:
        state.child_id, state.referral_date = self.child_id, self.occurred_on
        state.referral_source, state.primary_need = self.source, self.primary_need


class ReferralDecided(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"decision": codes.REFERRAL_DECISIONS}

    decision: str
    rationale: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "the decision")
        if state.decision is not None:
            raise RuleBroken("already-decided", f"the referral was decided on {state.decided_on}")
        if self.decision == "NFA":
            _check_nothing_started(state)

    def evolve(self, state: EpisodeState) -> None:
        state.decision, state.decided_on = self.decision, self.occurred_on


class PrimaryNeedRecorded(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"primary_need": codes.PRIMARY_NEEDS}

    primary_need: str

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "recording the primary need")

    def evolve(self, state: EpisodeState) -> None:
        state.primary_need = self.primary_need


class AssessmentStarted(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "an assessment")
        state.check_open("an assessment")
        state.check_pathway_allowed("an assessment")
        if state.open_assessment is not None:
            raise RuleBroken("assessment-open", "an assessment is already open: complete it first")

    def evolve(self, state: EpisodeState) -> None:
        state.assessments.append(Assessment(started_on=self.occurred_on))


class ChildSeenDuringAssessment(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        assessment = _open_assessment(state)
        if self.occurred_on < assessment.started_on:
            raise RuleBroken(
                "seen-before-assessment",
                f"the assessment started on {assessment.started_on}",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "seeing the child")

    def evolve(self, state: EpisodeState) -> None:
        assessment = state.open_assessment
        if assessment is not None and assessment.seen_on is None:
            assessment.seen_on = self.occurred_on


class AssessmentCompleted(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {
        "factors": codes.ASSESSMENT_FACTORS,
        "outcome": codes.ASSESSMENT_OUTCOMES,
    }

    factors: list[str]
    outcome: str

    def check(self, state: EpisodeState) -> None:
        assessment = _open_assessment(state)
        if self.occurred_on < assessment.started_on:
            raise RuleBroken(
                "completed-before-started",
                f"the assessment started on {assessment.started_on}",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "completing the assessment")

    def evolve(self, state: EpisodeState) -> None:
        assessment = state.open_assessment
        if assessment is not None:
            assessment.completed_on = self.occurred_on
            assessment.factors, assessment.outcome = list(self.factors), self.outcome


class AssessmentAuthorised(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        assessment = _awaiting_authorisation(state)
        assert assessment.completed_on is not None
        if self.occurred_on < assessment.completed_on:
            raise RuleBroken(
                "authorised-before-completed",
                f"the assessment was completed on {assessment.completed_on}",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "authorising the assessment")

    def evolve(self, state: EpisodeState) -> None:
        for assessment in reversed(state.assessments):
            if assessment.completed_on is not None and assessment.authorised_on is None:
                assessment.authorised_on = self.occurred_on
                return


class EpisodeClosed(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"closure_reason": codes.CLOSURE_REASONS}

    closure_reason: str

    def check(self, state: EpisodeState) -> None:
        if state.closed_on is not None:
            raise RuleBroken("already-closed", f"the episode closed on {state.closed_on}")
        state.check_within(self.occurred_on, "the closure")
        if self.closure_reason in CLOSURES_NEEDING_ASSESSMENT and not any(
            a.completed_on for a in state.assessments
        ):
            raise RuleBroken(
                "closure-needs-assessment",
                f"{self.closure_reason} means closed after assessment, and this episode has no "
                "completed assessment",
                "closure_reason",
            )
        if self.closure_reason in CLOSURES_NEEDING_ASSESSMENT:
            _check_only_assessed(state, self.closure_reason)
        still_open = [
            name
            for name, item in (
                ("an assessment", state.open_assessment),
                ("a section 47 enquiry", state.open_section47),
                ("a protection plan", state.open_protection_plan),
                ("a child in need plan", state.open_cin_plan),
                ("a period of care", state.looked_after_now),
            )
            if item is not None
        ]
        if still_open:
            raise RuleBroken(
                "closing-with-open-work",
                f"end {' and '.join(still_open)} before closing the episode",
            )
        last = _latest_activity(state)
        if last is not None and self.occurred_on < last:
            raise RuleBroken(
                "closed-before-last-activity",
                f"the episode has work recorded up to {last}",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.closed_on, state.closure_reason = self.occurred_on, self.closure_reason
        allocation = state.allocation
        if allocation is not None:
            allocation.ended_on, allocation.end_reason = self.occurred_on, "CLOSED"


class EpisodeReopened(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        if state.closed_on is None:
            raise RuleBroken("not-closed", "the episode is open")
        if self.occurred_on < state.closed_on:
            raise RuleBroken(
                "reopened-before-closure", f"the episode closed on {state.closed_on}", "occurred_at"
            )

    def evolve(self, state: EpisodeState) -> None:
        state.closed_on, state.closure_reason = None, None


def _check_nothing_started(state: EpisodeState) -> None:
    """A referral with no further action carries nothing else: refuse it once work has begun."""
    started = [
        name
        for name, items in (
            ("an assessment", state.assessments),
            ("a strategy discussion", state.strategy_discussions),
            ("a section 47 enquiry", state.section47s),
            ("a child in need plan", state.cin_plans),
            ("a period of care", state.looked_after),
        )
        if items
    ]
    if started:
        raise RuleBroken(
            "referral-nfa",
            f"the referral already has {' and '.join(started)}, so it cannot be decided as no "
            "further action",
            "decision",
        )


def _open_assessment(state: EpisodeState) -> Assessment:
    assessment = state.open_assessment
    if assessment is None:
        raise RuleBroken("no-open-assessment", "there is no open assessment: start one first")
    return assessment


def _awaiting_authorisation(state: EpisodeState) -> Assessment:
    for assessment in reversed(state.assessments):
        if assessment.completed_on is not None and assessment.authorised_on is None:
            return assessment
    raise RuleBroken("nothing-to-authorise", "no completed assessment is awaiting authorisation")


def _check_only_assessed(state: EpisodeState, closure_reason: str) -> None:
    """RC8 and RC9 say the case closed after an assessment and nothing more (CIN census rule
    2990): not after section 47 enquiries, an initial child protection conference, or a plan."""
    done = [
        what
        for what, happened in (
            ("section 47 enquiries", state.section47s),
            ("an initial child protection conference",
             [c for c in state.conferences if c.kind == "initial"]),
            ("a child protection plan", state.protection_plans),
            ("a child in need plan", state.cin_plans),
        )
        if happened
    ]
    if done:
        raise RuleBroken(
            "closure-after-assessment-only",
            f"{closure_reason} means closed after an assessment and nothing more, and this "
            f"episode had {' and '.join(done)}: close it with another reason (RC1-RC7)",
            "closure_reason",
        )


def _latest_activity(state: EpisodeState) -> date | None:
    days: list[date] = [v.visited_on for v in state.visits]
    days += [a.completed_on for a in state.assessments if a.completed_on]
    days += [c.held_on for c in state.conferences]
    days += [p.ended_on for p in state.protection_plans + state.cin_plans if p.ended_on]
    days += [p.ceased_on for p in state.looked_after if p.ceased_on]
    return max(days, default=None)
