"""Statutory steps that only a clock waits for: care plans, care leavers' assessments and visits,
serious incidents, and Wales's outline plan and section 47 assessment.

They add nothing to the episode's state: each is a dated fact that starts or meets a clock
(`domain.clocks`), checked only against what the episode already knows.
"""

from __future__ import annotations

from datetime import date

from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState
from domain.errors import RuleBroken


class CarePlanPrepared(EpisodeEvent):
    """The care plan (Wales: care and support plan) of a child who is or will be looked after.

    It may be prepared before the first placement, as the regulations prefer.
    """

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a care plan")
        state.check_pathway_allowed("a care plan")


class CareLeaverNeedsAssessmentCompleted(EpisodeEvent):
    """The assessment of an eligible child's needs that the pathway plan is built on (reg 42)."""

    def check(self, state: EpisodeState) -> None:
        _check_has_been_looked_after(state, "a care leaver's needs assessment")
        state.check_within(self.occurred_on, "a needs assessment")


class CareLeaverAccommodationProvided(EpisodeEvent):
    """Accommodation provided for a relevant child who has left care (starts adviser visits)."""

    def check(self, state: EpisodeState) -> None:
        _check_has_been_looked_after(state, "accommodation for a care leaver")
        period = state.looked_after_now
        if period is not None:
            raise RuleBroken(
                "still-looked-after",
                f"the child is looked after since {period.started_on}; a care leaver's "
                "accommodation follows leaving care",
            )
        state.check_within(self.occurred_on, "providing accommodation")


class PersonalAdviserVisited(EpisodeEvent):
    """A personal adviser visited a relevant child (Care Leavers Regulations 2010, reg 8)."""

    note: str | None

    def check(self, state: EpisodeState) -> None:
        _check_has_been_looked_after(state, "a personal adviser's visit")
        state.check_within(self.occurred_on, "a personal adviser's visit")


class SeriousIncidentBecameKnown(EpisodeEvent):
    """The authority became aware of a serious incident: a child died or was seriously harmed and
    abuse or neglect is known or suspected. May be recorded after the episode closed."""

    incident: str

    def check(self, state: EpisodeState) -> None:
        _check_not_before_referral(state, self.occurred_on, "a serious incident")


class SeriousIncidentNotified(EpisodeEvent):
    """The serious incident was notified to the Child Safeguarding Practice Review Panel."""

    def check(self, state: EpisodeState) -> None:
        _check_not_before_referral(state, self.occurred_on, "a notification")


class RapidReviewCompleted(EpisodeEvent):
    """The safeguarding partners' rapid review of a notified serious incident was completed."""

    def check(self, state: EpisodeState) -> None:
        _check_not_before_referral(state, self.occurred_on, "a rapid review")


class OutlinePlanCirculated(EpisodeEvent):
    """Wales: the outline care and support protection plan was circulated after the conference."""

    def check(self, state: EpisodeState) -> None:
        initial = [c.held_on for c in state.conferences if c.kind == "initial"]
        if not initial:
            raise RuleBroken(
                "outline-plan-needs-conference",
                "an outline plan follows an initial conference: record the conference first",
            )
        if self.occurred_on < initial[-1]:
            raise RuleBroken(
                "outline-plan-before-conference",
                f"the initial conference was held on {initial[-1]}",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "an outline plan")


class Section47AssessmentCompleted(EpisodeEvent):
    """Wales: the section 47 (continuing) assessment that began with the enquiries was completed."""

    def check(self, state: EpisodeState) -> None:
        if not state.section47s:
            raise RuleBroken(
                "no-section47",
                "there is no section 47 enquiry: record its start first",
            )
        started = state.section47s[-1].started_on
        if self.occurred_on < started:
            raise RuleBroken(
                "completed-before-started", f"the enquiries started on {started}", "occurred_at"
            )
        state.check_within(self.occurred_on, "completing the assessment")


def _check_has_been_looked_after(state: EpisodeState, what: str) -> None:
    if not state.looked_after:
        raise RuleBroken(
            "needs-care", f"{what} is for a child who is or has been looked after in this episode"
        )


def _check_not_before_referral(state: EpisodeState, day: date, what: str) -> None:
    # Deliberately not check_within: a serious incident is often learnt of after closure.
    assert state.referral_date is not None
    if day < state.referral_date:
        raise RuleBroken(
            "before-referral",
            f"{what} cannot be before the referral ({state.referral_date})",
            "occurred_at",
        )
