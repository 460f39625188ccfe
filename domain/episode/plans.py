"""Child in need plans and care leavers' pathway plans, each started, reviewed and ended."""

from __future__ import annotations

from datetime import date

from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState, Plan
from domain.errors import RuleBroken


class ChildInNeedPlanStarted(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a child in need plan")
        state.check_open("a child in need plan")
        state.check_pathway_allowed("a child in need plan")
        if state.open_cin_plan is not None:
            raise RuleBroken("cin-plan-open", "a child in need plan is already running")
        plan = state.open_protection_plan
        if plan is not None:
            raise RuleBroken(
                "plans-overlap",
                f"the protection plan (from {plan.started_on}) must end first; the child in need "
                "plan can start on the day it ends",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.cin_plans.append(Plan(started_on=self.occurred_on))


class ChildInNeedPlanReviewed(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        _check_review(_open(state.open_cin_plan, "child in need plan"), self.occurred_on)
        state.check_within(self.occurred_on, "a plan review")

    def evolve(self, state: EpisodeState) -> None:
        if state.open_cin_plan is not None:
            state.open_cin_plan.reviews.append(self.occurred_on)


class ChildInNeedPlanEnded(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        _check_end(_open(state.open_cin_plan, "child in need plan"), self.occurred_on)
        state.check_within(self.occurred_on, "ending the plan")

    def evolve(self, state: EpisodeState) -> None:
        if state.open_cin_plan is not None:
            state.open_cin_plan.ended_on = self.occurred_on


class PathwayPlanStarted(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "a pathway plan")
        state.check_open("a pathway plan")
        if state.open_pathway_plan is not None:
            raise RuleBroken("pathway-plan-open", "a pathway plan is already running")
        if not state.looked_after:
            raise RuleBroken(
                "pathway-needs-care",
                "a pathway plan is for a child who is or has been looked after",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.pathway_plans.append(Plan(started_on=self.occurred_on))


class PathwayPlanReviewed(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        _check_review(_open(state.open_pathway_plan, "pathway plan"), self.occurred_on)
        state.check_within(self.occurred_on, "a pathway plan review")

    def evolve(self, state: EpisodeState) -> None:
        if state.open_pathway_plan is not None:
            state.open_pathway_plan.reviews.append(self.occurred_on)


class PathwayPlanEnded(EpisodeEvent):
    def check(self, state: EpisodeState) -> None:
        _check_end(_open(state.open_pathway_plan, "pathway plan"), self.occurred_on)

    def evolve(self, state: EpisodeState) -> None:
        if state.open_pathway_plan is not None:
            state.open_pathway_plan.ended_on = self.occurred_on


def _open(plan: Plan | None, name: str) -> Plan:
    if plan is None:
        raise RuleBroken("no-plan", f"there is no running {name}")
    return plan


def _check_review(plan: Plan, day: date) -> None:
    if day <= plan.started_on:
        raise RuleBroken(
            "review-before-plan",
            f"a review falls after the plan started ({plan.started_on})",
            "occurred_at",
        )


def _check_end(plan: Plan, day: date) -> None:
    if day < plan.started_on:
        raise RuleBroken(
            "plan-ended-before-start", f"the plan started on {plan.started_on}", "occurred_at"
        )
