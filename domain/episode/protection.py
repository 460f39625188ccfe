"""Strategy discussions, section 47 enquiries, conferences, core groups and protection plans."""

from __future__ import annotations

from typing import ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import Conference, EpisodeState, Plan, Section47
from domain.errors import InvalidValue, RuleBroken


class StrategyDiscussionHeld(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"agencies_present": codes.AGENCIES}

    start_section47: bool
    agencies_present: list[str]

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a strategy discussion")
        state.check_pathway_allowed("a strategy discussion")

    def evolve(self, state: EpisodeState) -> None:
        state.strategy_discussions.append((self.occurred_on, self.start_section47))


class Section47Started(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a section 47 enquiry")
        state.check_open("a section 47 enquiry")
        state.check_pathway_allowed("a section 47 enquiry")
        if state.open_section47 is not None:
            raise RuleBroken("section47-open", "a section 47 enquiry is already open")

    def evolve(self, state: EpisodeState) -> None:
        state.section47s.append(Section47(started_on=self.occurred_on))


class Section47Concluded(EpisodeEvent):
    conference_needed: bool

    def check(self, state: EpisodeState) -> None:
        enquiry = state.open_section47
        if enquiry is None:
            raise RuleBroken("no-open-section47", "there is no open section 47 enquiry")
        if self.occurred_on < enquiry.started_on:
            raise RuleBroken(
                "concluded-before-started",
                f"the enquiry started on {enquiry.started_on}",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "concluding the enquiry")

    def evolve(self, state: EpisodeState) -> None:
        enquiry = state.open_section47
        if enquiry is not None:
            enquiry.concluded_on, enquiry.conference_needed = (
                self.occurred_on,
                self.conference_needed,
            )


class ConferenceHeld(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {
        "category": codes.ABUSE_CATEGORIES,
        "agencies_invited": codes.AGENCIES,
        "agencies_present": codes.AGENCIES,
    }

    plan: bool
    category: str | None
    agencies_invited: list[str]
    agencies_present: list[str]

    kind = "conference"

    def evolve(self, state: EpisodeState) -> None:
        state.conferences.append(
            Conference(
                self.kind,
                self.occurred_on,
                self.plan,
                self.category,
                list(self.agencies_invited),
                list(self.agencies_present),
            )
        )


class InitialConferenceHeld(ConferenceHeld):
    kind = "initial"

    def check(self, state: EpisodeState) -> None:
        check_attendance(self.agencies_invited, self.agencies_present)
        state.check_within(self.occurred_on, "an initial conference")
        state.check_pathway_allowed("a conference")
        if not state.section47s:
            raise RuleBroken(
                "conference-needs-section47",
                "an initial conference follows a section 47 enquiry: record it first",
            )
        if state.section47s[-1].conference_needed is False:
            raise RuleBroken(
                "conference-not-needed",
                "the section 47 enquiry concluded that no conference was needed; if that has "
                "changed, record the strategy discussion and enquiry that decided it",
            )
        if state.open_protection_plan is not None:
            raise RuleBroken("plan-open", "the child already has a protection plan: hold a review")


class ReviewConferenceHeld(ConferenceHeld):
    kind = "review"

    def check(self, state: EpisodeState) -> None:
        check_attendance(self.agencies_invited, self.agencies_present)
        plan = _open_plan(state)
        if self.occurred_on <= plan.started_on:
            raise RuleBroken(
                "review-before-plan",
                f"a review falls after the plan started ({plan.started_on})",
                "occurred_at",
            )
        state.check_within(self.occurred_on, "a review conference")

    def evolve(self, state: EpisodeState) -> None:
        super().evolve(state)
        plan = state.open_protection_plan
        if plan is not None:
            plan.reviews.append(self.occurred_on)
            plan.latest_category = self.category or plan.latest_category


class ProtectionPlanStarted(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"category": codes.ABUSE_CATEGORIES}

    category: str

    def check(self, state: EpisodeState) -> None:
        state.check_open("a protection plan")
        if state.open_protection_plan is not None:
            raise RuleBroken("plan-open", "the child already has a protection plan")
        initial = [c for c in state.conferences if c.kind == "initial" and c.plan]
        if not initial or initial[-1].held_on != self.occurred_on:
            raise RuleBroken(
                "plan-starts-at-conference",
                "a protection plan starts on the date of the initial conference that decided it",
                "occurred_at",
            )
        cin_plan = state.open_cin_plan
        if cin_plan is not None:
            raise RuleBroken(
                "plans-overlap",
                f"the child in need plan (from {cin_plan.started_on}) must end first; it can end "
                "on the same day",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.protection_plans.append(
            Plan(
                started_on=self.occurred_on,
                initial_category=self.category,
                latest_category=self.category,
            )
        )


class CoreGroupHeld(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {
        "agencies_invited": codes.AGENCIES,
        "agencies_present": codes.AGENCIES,
    }

    agencies_invited: list[str]
    agencies_present: list[str]

    def check(self, state: EpisodeState) -> None:
        check_attendance(self.agencies_invited, self.agencies_present)
        plan = _open_plan(state)
        if self.occurred_on < plan.started_on:
            raise RuleBroken(
                "core-group-before-plan", f"the plan started on {plan.started_on}", "occurred_at"
            )
        state.check_within(self.occurred_on, "a core group")

    def evolve(self, state: EpisodeState) -> None:
        state.core_groups.append(self.occurred_on)


class ProtectionPlanEnded(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        plan = _open_plan(state)
        if self.occurred_on < plan.started_on:
            raise RuleBroken(
                "plan-ended-before-start", f"the plan started on {plan.started_on}", "occurred_at"
            )
        state.check_within(self.occurred_on, "ending the plan")

    def evolve(self, state: EpisodeState) -> None:
        plan = state.open_protection_plan
        if plan is not None:
            plan.ended_on = self.occurred_on


def _open_plan(state: EpisodeState) -> Plan:
    plan = state.open_protection_plan
    if plan is None:
        raise RuleBroken("no-protection-plan", "the child has no protection plan")
    return plan


def check_attendance(invited: list[str], present: list[str]) -> None:
    """Held in the events as well as the commands, so that a correction is held to it too."""
    if not set(present) <= set(invited):
        raise InvalidValue("agencies_present", "an agency present must have been invited")
