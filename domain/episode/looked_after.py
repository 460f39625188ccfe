"""A period of care: becoming looked after, legal status, placements, reviews, missing, leaving."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState, LookedAfterPeriod, Placement
from domain.errors import RuleBroken


class BecameLookedAfter(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {
        "legal_status": codes.LEGAL_STATUSES,
        "placement_type": codes.PLACEMENT_TYPES,
        "visit_regime": codes.VISIT_REGIMES,
        "change_reason": codes.PLACEMENT_CHANGE_REASONS,
    }

    legal_status: str
    placement_type: str
    visit_regime: str
    intended_until_18: bool

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "becoming looked after")
        state.check_open("a period of care")
        state.check_pathway_allowed("a period of care")
        if state.looked_after_now is not None:
            raise RuleBroken(
                "already-looked-after",
                f"the child is looked after since {state.looked_after_now.started_on}",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.looked_after.append(
            LookedAfterPeriod(
                started_on=self.occurred_on,
                legal_statuses=[(self.occurred_on, self.legal_status)],
                placements=[
                    Placement(
                        self.occurred_on,
                        self.placement_type,
                        self.visit_regime,
                        self.intended_until_18,
                    )
                ],
            )
        )


class LegalStatusChanged(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"legal_status": codes.LEGAL_STATUSES}

    legal_status: str

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a change of legal status")

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.legal_statuses.append((self.occurred_on, self.legal_status))


class PlacementChanged(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {
        "legal_status": codes.LEGAL_STATUSES,
        "placement_type": codes.PLACEMENT_TYPES,
        "visit_regime": codes.VISIT_REGIMES,
        "change_reason": codes.PLACEMENT_CHANGE_REASONS,
    }

    placement_type: str
    change_reason: str
    visit_regime: str
    intended_until_18: bool

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a change of placement")

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.placement.ended_on = self.occurred_on
            period.placements.append(
                Placement(
                    self.occurred_on, self.placement_type, self.visit_regime, self.intended_until_18
                )
            )


class LookedAfterReviewHeld(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"participation": codes.REVIEW_PARTICIPATION}

    participation: str

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a looked-after review")

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.reviews.append(self.occurred_on)


class MissingEpisodeRecorded(EpisodeEvent):
    """The child went missing at `occurred_at`; `returned_on` is None while still missing."""

    returned_on: date | None

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a missing episode")

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.missing.append((self.occurred_on, self.returned_on))


class CeasedToBeLookedAfter(EpisodeEvent):
    code_lists: ClassVar[CodeLists] = {"ceased_reason": codes.CEASED_REASONS}

    ceased_reason: str

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "leaving care")

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.ceased_on, period.ceased_reason = self.occurred_on, self.ceased_reason
            period.placement.ended_on = self.occurred_on


def _check_in_care(state: EpisodeState, day: date, what: str) -> None:
    period = state.looked_after_now
    if period is None:
        raise RuleBroken(
            "not-looked-after", f"the child is not looked after, so {what} cannot be recorded"
        )
    if day < period.placement.started_on:
        raise RuleBroken(
            "before-placement",
            f"the current placement began on {period.placement.started_on}",
            "occurred_at",
        )
    state.check_within(day, what)
