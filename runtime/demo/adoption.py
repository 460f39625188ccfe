"""Adoption from care: some of the youngest children who come into care through care proceedings
(most under 5, the most under 1) are adopted. Some months after coming into care the agency
decision maker decides the child should be placed for adoption; the court makes a placement
order a few months later; the child is matched with adopters (mostly a married couple of a man
and a woman, some same-sex couples, a few single adopters), moves in with them a few weeks after
(A6: under the placement order, not with foster carers) and is adopted some months after that
(E11, a few opposed: E12); the episode closes RC1. A few decisions are reversed before the court
makes a placement order (the court refused, the child's needs changed, no adopters found), and
the child's care goes on as it would have.

Adopters are not the child's foster carers here: a placement for adoption with foster carers (A3,
A5) must begin an SSDA903 episode with S, T or U (rule 217), and T flags rule 435 when the legal
status changes with it. The placement is made by the regional adoption agency (the authority's
own provision, URN XXXXXXX: an agency Ofsted does not register), a voluntary adoption agency or
another authority, with the adopters mostly outside the authority's area.

Each period of care takes these choices from a random generator of its own (from the child and
when care began), so that the rest of the synthetic authority shifts as little as it can."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from runtime.demo.placements import HOME_AREA, NEARBY, OUT_OF_AREA, CarePlacements
from runtime.demo.plan import at, working_day
from runtime.demo.timeline import Timeline

# The chance a child coming into care through care proceedings is adopted, by age.
CHANCE_BY_AGE = ((1, 0.7), (3, 0.55), (5, 0.35), (7, 0.08))
CARE_PROCEEDINGS = frozenset({"C1", "L2"})
REVERSED = 0.15
REVERSAL_REASONS = (("RD2", 30), ("RD1", 30), ("RD3", 25), ("RD4", 15))
# Adopters: (number, sexes, legal status), with how often.
ADOPTERS = (((2, "MF", "L11"), 58), ((2, "MF", "L3"), 12), ((2, "FF", "L12"), 5),
            ((2, "FF", "L2"), 3), ((2, "MM", "L12"), 4), ((2, "MM", "L2"), 2),
            ((2, "FF", "L4"), 1), ((1, "F1", "L0"), 13), ((1, "M1", "L0"), 2))
# Who makes the placement: the regional adoption agency (the authority's own provision), two
# voluntary adoption agencies, another authority's agency.
AGENCIES = (("PR1", "XXXXXXX", 65), ("PR5", "SC909501", 20), ("PR5", "SC909502", 10),
            ("PR2", "XXXXXXX", 5))
OPPOSED = 0.1  # adoption orders made though a parent opposed the application (E12)
PLACED_FOR_ADOPTION = "A6"


@dataclass(frozen=True)
class AdoptionPlan:
    """The days of one child's adoption; those after a reversal are None."""

    rng: random.Random
    decided_on: date
    order_on: date | None
    matched_on: date | None
    placed_on: date | None
    adopted_on: date | None
    reversed_on: date | None = None
    reversal_reason: str | None = None

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None


def plan(t: Timeline, began: datetime, legal: str, age: float, cease_on: date
         ) -> AdoptionPlan | None:
    """Whether this period of care leads to a decision to place for adoption, and when each step
    comes. A reversed decision falls inside the period as it was going to run (`cease_on`)."""
    child = t.episode.child
    rng = random.Random(f"adoption:{child.key}:{child.date_of_birth}:{began.isoformat()}")
    chance = next((p for limit, p in CHANCE_BY_AGE if age < limit), 0.0)
    if legal not in CARE_PROCEEDINGS or rng.random() >= chance:
        return None
    decided_on = working_day(began.date() + timedelta(days=rng.randint(80, 200)))
    if rng.random() < REVERSED:
        # Reversed some weeks before care ends, at the latest.
        latest = cease_on - timedelta(days=14)
        if latest <= decided_on + timedelta(days=20):
            return None  # care ends too soon for a decision and its reversal
        reversed_on = working_day(min(decided_on + timedelta(days=rng.randint(30, 200)),
                                      latest))
        reason = rng.choices([r for r, _ in REVERSAL_REASONS], [w for _, w in REVERSAL_REASONS])
        return AdoptionPlan(rng, decided_on, None, None, None, None, reversed_on, reason[0])
    order_on = working_day(decided_on + timedelta(days=rng.randint(30, 100)))
    matched_on = working_day(order_on + timedelta(days=rng.randint(30, 120)))
    placed_on = working_day(matched_on + timedelta(days=rng.randint(7, 35)))
    adopted_on = working_day(placed_on + timedelta(days=rng.randint(75, 170)))
    return AdoptionPlan(rng, decided_on, order_on, matched_on, placed_on, adopted_on)


def legal_statuses_until(adoption: AdoptionPlan | None, stop: date) -> date:
    """The changes of legal status the period would have had stop at the placement order."""
    if adoption is None or adoption.order_on is None:
        return stop
    return min(stop, adoption.order_on)


def placements_until(adoption: AdoptionPlan | None, stop: date) -> date:
    """The moves the period would have had stop when the child is placed for adoption."""
    if adoption is None or adoption.placed_on is None:
        return stop
    return min(stop, adoption.placed_on)


def decide(t: Timeline, adoption: AdoptionPlan | None) -> None:
    """The decision, the placement order and the match, or the decision and its reversal (each
    only if it falls before the end of what is planned)."""
    if adoption is None:
        return
    rng = adoption.rng
    steps: list[tuple[date | None, str, dict[str, Any]]] = [
        (adoption.decided_on, "episode.decide_adoption", {}),
        (adoption.order_on, "episode.change_legal_status", {"legal_status": "E1"}),
    ]
    if adoption.matched_on is not None:
        adopters, sexes, status = rng.choices([a for a, _ in ADOPTERS],
                                              [w for _, w in ADOPTERS])[0]
        steps.append((adoption.matched_on, "episode.match_adopters", {
            "adopters": adopters, "adopters_sex": sexes, "adopters_legal_status": status,
            "foster_carers": False}))
    if adoption.reversed_on is not None:
        steps.append((adoption.reversed_on, "episode.reverse_adoption_decision",
                      {"reason_code": adoption.reversal_reason}))
    for day, command, facts in steps:
        if day is None:
            continue  # no placement order: the decision was reversed before one was made
        if not t.open(day):
            return
        t.key(_time(rng, day), command, **facts)


def place(t: Timeline, adoption: AdoptionPlan | None, last_placement: str,
          placed: CarePlacements, stop: date) -> str:
    """The move to the adopters and the statutory visits while placed with them; the type of the
    period's last placement."""
    if adoption is None or adoption.placed_on is None or not t.open(adoption.placed_on):
        return last_placement
    rng = adoption.rng
    provider, urn = rng.choices([(p, u) for p, u, _ in AGENCIES], [w for *_, w in AGENCIES])[0]
    roll = rng.random()
    postcode = rng.choice(
        [p for p in HOME_AREA if p != placed.home] if roll < 0.3 else
        NEARBY if roll < 0.8 else OUT_OF_AREA)
    t.key(_time(rng, adoption.placed_on), "episode.change_placement",
          placement_type=PLACED_FOR_ADOPTION, change_reason="CARPL", visit_regime="E14",
          intended_until_18=False, placement_provider=provider, placement_postcode=postcode,
          placement_urn=urn)
    visit = adoption.placed_on + timedelta(days=rng.randint(2, 7))
    while visit < stop and t.open(visit):
        seen = rng.random() < 0.97
        t.note(_time(rng, visit), "episode.record_visit", statutory=True, child_seen=seen,
               seen_alone=False, note=None)
        visit += timedelta(days=rng.randint(7, 10) if visit < adoption.placed_on + timedelta(
            days=28) else rng.randint(35, 45))
    return PLACED_FOR_ADOPTION


def ending(adoption: AdoptionPlan) -> tuple[str, str]:
    """How an adoption ends the period of care, and how the episode closes."""
    return ("E12" if adoption.rng.random() < OPPOSED else "E11"), "RC1"


def _time(rng: random.Random, day: date) -> datetime:
    return at(working_day(day), rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
