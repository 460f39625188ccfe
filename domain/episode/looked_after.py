"""A period of care: becoming looked after, legal status, placements, reviews, missing, leaving."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode import adoption, placement_details
from domain.episode.base import EpisodeEvent
from domain.episode.state import EpisodeState, LookedAfterPeriod, Placement
from domain.errors import RuleBroken

# The details of a placement the SSDA903 return asks for, added in version 2 of the events that
# start a placement; None where they were not recorded.
PLACEMENT_DETAILS = ("placement_provider", "placement_postcode", "home_postcode", "placement_urn")
PREVIOUS_PERMANENCE = (
    "previous_permanence", "previous_permanence_authority", "previous_permanence_on"
)
# A new placement is of a type of the current return (checked by the commands); a stored one, or
# a correction of it, may be of a type the return took when it was made.
PLACEMENT_TYPES_EVER = {**codes.PLACEMENT_TYPES, **codes.RETIRED_PLACEMENT_TYPES}


class BecameLookedAfter(EpisodeEvent):
    """The child starts to be looked after, in a first placement. Version 2 adds the placement's
    details (provider, postcode, the child's home postcode, Ofsted URN) and whether the child
    had a permanence arrangement before (adoption, special guardianship, a child arrangements
    order), with the authority that made it and when; version 1 recorded none of them (None,
    but for the parents as the provider of a placement with parents).

    Previous permanence is asked here, not by a command of its own: the SSDA903 asks it of each
    start of care, the worker recording the start is the one who knows (or finds out from the
    family) whether an adoption or order broke down, and it is one more answer in a form they
    are already filling in. Learnt later, it is put right with `correct` on this entry."""

    code_lists: ClassVar[CodeLists] = {
        "legal_status": codes.LEGAL_STATUSES,
        "placement_type": PLACEMENT_TYPES_EVER,
        "visit_regime": codes.VISIT_REGIMES,
        "change_reason": codes.PLACEMENT_CHANGE_REASONS,
        "placement_provider": codes.PLACEMENT_PROVIDERS,
        "previous_permanence": codes.PREVIOUS_PERMANENCE,
        "previous_permanence_authority": codes.PERMANENCE_AUTHORITIES,
    }

    legal_status: str
    placement_type: str
    visit_regime: str
    intended_until_18: bool
    placement_provider: str | None
    placement_postcode: str | None
    home_postcode: str | None
    placement_urn: str | None
    previous_permanence: str | None
    previous_permanence_authority: str | None
    previous_permanence_on: date | None

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        _upcast_details(state)
        for name in PREVIOUS_PERMANENCE:
            state.setdefault(name, None)

    def check(self, state: EpisodeState) -> None:
        state.check_within(self.occurred_on, "becoming looked after")
        state.check_open("a period of care")
        state.check_pathway_allowed("a period of care")
        if state.looked_after_now is not None:
            raise RuleBroken(
                "already-looked-after",
                f"the child is looked after since {state.looked_after_now.started_on}",
            )
        # Held here as well as in the command, so that a correction is held to them too.
        _check_details(self.placement_type, self.placement_provider, self.placement_postcode,
                       self.home_postcode, self.placement_urn)
        placement_details.check_previous_permanence(
            self.previous_permanence, self.previous_permanence_authority,
            self.previous_permanence_on, self.occurred_on,
        )
        # No decision to place for adoption stands before a period of care begins.
        adoption.check_legal_status(state, self.occurred_on, self.legal_status)
        adoption.check_placement(state, self.occurred_on, self.placement_type)

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
        adoption.check_legal_status(state, self.occurred_on, self.legal_status)

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.legal_statuses.append((self.occurred_on, self.legal_status))


class PlacementChanged(EpisodeEvent):
    """The child moves to another placement. Version 2 adds the new placement's details
    (provider, postcode, Ofsted URN) and the child's home postcode if it changed (None: as
    before); version 1 recorded none of them (None, but for the parents as the provider of a
    placement with parents)."""

    code_lists: ClassVar[CodeLists] = {
        "legal_status": codes.LEGAL_STATUSES,
        "placement_type": PLACEMENT_TYPES_EVER,
        "visit_regime": codes.VISIT_REGIMES,
        "change_reason": codes.PLACEMENT_CHANGE_REASONS,
        "placement_provider": codes.PLACEMENT_PROVIDERS,
    }

    placement_type: str
    change_reason: str
    visit_regime: str
    intended_until_18: bool
    placement_provider: str | None
    placement_postcode: str | None
    home_postcode: str | None
    placement_urn: str | None

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        _upcast_details(state)

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a change of placement")
        _check_details(self.placement_type, self.placement_provider, self.placement_postcode,
                       self.home_postcode, self.placement_urn)
        adoption.check_placement(state, self.occurred_on, self.placement_type)

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
        adoption.check_leaving(state, self.occurred_on, self.ceased_reason)

    def evolve(self, state: EpisodeState) -> None:
        period = state.looked_after_now
        if period is not None:
            period.ceased_on, period.ceased_reason = self.occurred_on, self.ceased_reason
            period.placement.ended_on = self.occurred_on


def _upcast_details(state: dict[str, Any]) -> None:
    """None for each detail a first-version placement did not record, but the parents as the
    provider of a placement with parents: that is what it means, not a guess."""
    for name in PLACEMENT_DETAILS:
        state.setdefault(name, None)
    if state["placement_provider"] is None:
        state["placement_provider"] = placement_details.provider_of(
            state["placement_type"], None
        )


def _check_details(
    placement_type: str, provider: str | None, postcode: str | None, home: str | None,
    urn: str | None,
) -> None:
    placement_details.check_placement(placement_type, provider, urn)
    placement_details.check_postcode("placement_postcode", postcode)
    placement_details.check_postcode("home_postcode", home)


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
