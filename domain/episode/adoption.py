"""The adoption of a looked-after child: the agency decision maker's decision that the child
should be placed for adoption, the match with prospective adopters, and the decision reversed
when the child is no longer to be placed. With the placement order (legal status E1), the
placement for adoption (A3 to A6) and the adoption order that ends care (E11, E12), which are
changes of legal status, of placement and leaving care, and are held here to the decision.

The rules run when something is recorded and again when a correction or a strike re-examines the
record (a match left without its decision is refused), never on replay."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from domain import codes
from domain.codes import CodeLists
from domain.episode.base import EpisodeEvent
from domain.episode.state import AdoptionDecision, EpisodeState
from domain.errors import InvalidValue, RuleBroken

# Who the adopters are, and their legal status as a couple (SSDA903 rules 511 to 524).
SINGLE_SEXES = frozenset({"M1", "F1"})
SEXES_BY_LEGAL_STATUS: dict[str, frozenset[str]] = {
    "L0": SINGLE_SEXES,
    "L11": frozenset({"MF"}),
    "L12": frozenset({"MM", "FF"}),
    "L2": frozenset({"MM", "FF", "MF"}),
    "L3": frozenset({"MF"}),
    "L4": frozenset({"MM", "FF"}),
}


class AdoptionDecided(EpisodeEvent):
    """The agency decision maker decided that the child should be placed for adoption (the
    SSDA903's "date should be placed", DATE_PLACED and DATE_INT)."""

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "a decision that the child should be placed "
                       "for adoption")
        standing = state.adoption_decision
        if standing is not None:
            raise RuleBroken(
                "adoption-decided",
                f"the decision of {standing.decided_on} that the child should be placed for "
                "adoption stands; reverse it before making another",
            )
        last = state.adoption_decisions[-1] if state.adoption_decisions else None
        if last is not None and last.reversed_on is not None and self.occurred_on < (
            last.reversed_on
        ):
            raise RuleBroken(
                "before-reversal",
                f"a new decision cannot be before the last one was reversed ({last.reversed_on})",
                "occurred_at",
            )

    def evolve(self, state: EpisodeState) -> None:
        state.adoption_decisions.append(AdoptionDecision(decided_on=self.occurred_on))


class AdoptersMatched(EpisodeEvent):
    """The child matched with prospective adopters: one or two, their sexes (M1, F1 for one; MM,
    FF, MF for a couple), their legal status (L0 single; L11, L12 married; L2 civil partners;
    L3, L4 unmarried) and whether they are the child's foster carers. A later match replaces
    one that fell through."""

    code_lists: ClassVar[CodeLists] = {
        "adopters_sex": codes.ADOPTER_SEXES,
        "adopters_legal_status": codes.ADOPTER_LEGAL_STATUSES,
    }

    adopters: int
    adopters_sex: str
    adopters_legal_status: str
    foster_carers: bool

    def check(self, state: EpisodeState) -> None:
        # Held here as well as in the command, so that a correction is held to them too.
        check_adopters(self.adopters, self.adopters_sex, self.adopters_legal_status)
        _check_in_care(state, self.occurred_on, "a match with prospective adopters")
        _standing_decision(state, self.occurred_on, "matched with prospective adopters")

    def evolve(self, state: EpisodeState) -> None:
        decision = state.adoption_decision
        if decision is not None:
            decision.matched_on = self.occurred_on
            decision.adopters = self.adopters
            decision.adopters_sex = self.adopters_sex
            decision.adopters_legal_status = self.adopters_legal_status
            decision.foster_carers = self.foster_carers


class AdoptionDecisionReversed(EpisodeEvent):
    """The decision that the child should be placed for adoption reversed: the child is no
    longer to be placed (SSDA903 DATE_PLACED_CEASED), with the DfE's reason (RD1 to RD4)."""

    code_lists: ClassVar[CodeLists] = {"reason_code": codes.ADOPTION_REVERSAL_REASONS}

    reason_code: str

    def check(self, state: EpisodeState) -> None:
        _check_in_care(state, self.occurred_on, "reversing a decision to place for adoption")
        _standing_decision(state, self.occurred_on, "no longer to be placed for adoption")

    def evolve(self, state: EpisodeState) -> None:
        decision = state.adoption_decision
        if decision is not None:
            decision.reversed_on, decision.reversal_reason = self.occurred_on, self.reason_code


def check_adopters(adopters: int, sex: str, legal_status: str) -> None:
    """One adopter is a single man or woman (L0); two are a couple whose sexes fit their legal
    status (a different-sex married or unmarried couple is MF, a same-sex one MM or FF)."""
    if isinstance(adopters, bool) or adopters not in (1, 2):
        raise InvalidValue("adopters", f"a child is adopted by 1 or 2 people, not {adopters!r}")
    codes.check_code("adopters_sex", sex, codes.ADOPTER_SEXES)
    codes.check_code("adopters_legal_status", legal_status, codes.ADOPTER_LEGAL_STATUSES)
    if (adopters == 1) != (sex in SINGLE_SEXES):
        raise InvalidValue(
            "adopters_sex",
            "one adopter is M1 or F1" if adopters == 1 else "two adopters are MM, FF or MF",
        )
    if sex not in SEXES_BY_LEGAL_STATUS[legal_status]:
        raise InvalidValue(
            "adopters_legal_status",
            f"adopters of legal status {legal_status} "
            f"({codes.ADOPTER_LEGAL_STATUSES[legal_status]}) cannot be {sex} "
            f"({codes.ADOPTER_SEXES[sex]})",
        )


def check_placement(state: EpisodeState, day: date, placement_type: str) -> None:
    """A placement for adoption needs a decision that stands, and under a placement order (A5,
    A6) the order; with the child's current foster carers (A3, A5) the adopters matched are
    them."""
    if placement_type not in codes.PLACED_FOR_ADOPTION:
        return
    decision = _standing_decision(state, day, "placed for adoption")
    period = state.looked_after_now
    if placement_type in ("A5", "A6") and (
        period is None or _legal_status_on(period.legal_statuses, day) not in codes.PLACEMENT_ORDERS
    ):
        raise RuleBroken(
            "no-placement-order",
            f"placement type {placement_type} is under a placement order, and the child has "
            "none; record the order (legal status E1) first, or place with consent (A3, A4)",
            "placement_type",
        )
    if decision.matched_on is not None and decision.foster_carers is not None and (
        decision.foster_carers != (placement_type in codes.PLACED_WITH_FOSTER_CARERS_FOR_ADOPTION)
    ):
        raise RuleBroken(
            "adopters-not-carers" if decision.foster_carers is False else "adopters-are-carers",
            f"placement type {placement_type} is "
            + ("" if placement_type in codes.PLACED_WITH_FOSTER_CARERS_FOR_ADOPTION else "not ")
            + "with the child's current foster carers, but the adopters matched are "
            + ("" if decision.foster_carers else "not ") + "the foster carers",
            "placement_type",
        )


def check_legal_status(state: EpisodeState, day: date, legal_status: str) -> None:
    """A placement order (or a freeing order) follows a decision that the child should be placed
    for adoption."""
    if legal_status in codes.PLACEMENT_ORDERS:
        _standing_decision(state, day, f"under a placement order ({legal_status})")


def check_leaving(state: EpisodeState, day: date, ceased_reason: str) -> None:
    """Adopted (E11, E12) needs prospective adopters matched before the placement for adoption
    the child leaves from, and an adoption order after the match; leaving care any other way
    needs the decision to place for adoption reversed first."""
    decision = state.adoption_decision
    if ceased_reason not in codes.ADOPTED:
        if decision is not None:
            raise RuleBroken(
                "adoption-decided",
                f"the decision of {decision.decided_on} that the child should be placed for "
                "adoption stands; record that it was reversed before the child leaves care "
                f"({ceased_reason})",
                "ceased_reason",
            )
        return
    decision = _standing_decision(state, day, "adopted")
    period = state.looked_after_now
    assert period is not None  # _standing_decision found a decision in the current period
    placement = period.placement
    if placement.placement_type not in codes.PLACED_FOR_ADOPTION:
        raise RuleBroken(
            "not-placed-for-adoption",
            f"the child is in a placement of type {placement.placement_type}, not placed for "
            "adoption (A3 to A6), so cannot be adopted from it",
            "ceased_reason",
        )
    if decision.matched_on is None or decision.matched_on > placement.started_on:
        raise RuleBroken(
            "not-matched",
            "the child was not matched with prospective adopters before being placed with them "
            f"on {placement.started_on}; record the match first",
            "ceased_reason",
        )
    if day <= decision.matched_on:
        raise RuleBroken(
            "adopted-on-match",
            f"an adoption order comes after the match ({decision.matched_on})",
            "occurred_at",
        )


def _standing_decision(state: EpisodeState, day: date, what: str) -> AdoptionDecision:
    decision = state.adoption_decision
    if decision is None:
        raise RuleBroken(
            "no-adoption-decision",
            f"no decision that the child should be placed for adoption stands, so the child "
            f"cannot be {what}; record the decision first",
        )
    if day < decision.decided_on:
        raise RuleBroken(
            "before-adoption-decision",
            f"the decision that the child should be placed for adoption was made on "
            f"{decision.decided_on}, so the child cannot be {what} before it",
            "occurred_at",
        )
    return decision


def _check_in_care(state: EpisodeState, day: date, what: str) -> None:
    state.check_within(day, what)
    period = state.looked_after_now
    if period is None or day < period.started_on:
        raise RuleBroken(
            "not-looked-after",
            f"the child is not looked after, so {what} cannot be recorded",
            "occurred_at",
        )


def _legal_status_on(statuses: list[tuple[date, str]], day: date) -> str | None:
    found = None
    for since, status in statuses:
        if since <= day:
            found = status
    return found
