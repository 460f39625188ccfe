"""Where the demo authority's looked-after children live, and who provides it: the details of
each placement the SSDA903 return asks for (provider, postcode, Ofsted URN, the child's home
postcode), and whether a child coming into care had a permanence arrangement before.

Fostering is mostly the authority's own (PR1) and independent fostering agencies' (PR4, a few
voluntary: PR5); children's homes mostly private (PR4), some the authority's own, voluntary or
another authority's; supported accommodation (K3) is in the authority's area, as the DfE
expects. Homes are at home postcodes inside the area, placements mostly inside and some out of
it. The URN of a foster placement is its fostering service's, of a home the home's.

The postcodes are real ones, because the DfE's validator looks each up in the ONS postcode
directory to find the authority and the distance from home: the demo authority's area is drawn
on the London Borough of Richmond upon Thames (ONS E09000027, the authority the validator is run
as), and out of area on its neighbours and further afield in England. No address is used, only
postcodes, each shared by many households. The URNs are made up (the validator checks them
against Ofsted's lists only when those are loaded).

Each period of care takes its choices from a random generator of its own (from the child and
when care began), so that what is planned for the rest of the authority does not change.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from runtime.demo.plan import ChildPlan

HOME_AREA = (
    "TW9 1GJ", "TW9 3HQ", "TW2 7EA", "SW13 9DL", "TW9 1QA", "SW14 8JU", "TW9 9ES", "TW2 6JB",
    "TW1 2LT", "TW1 2SJ", "TW12 3TG", "TW12 2UR", "TW1 3NQ", "TW10 7SE", "TW1 4YY", "TW9 4WF",
    "TW1 3RL", "SW14 8WZ", "SW14 8SF", "SW13 8ES", "SW14 7HJ", "TW12 2BP", "TW1 3HN", "TW1 4WH",
    "TW1 3EN", "TW12 3LX", "TW2 5QG", "TW10 7UP", "TW1 1XR", "TW10 7DQ", "TW1 4DG", "TW2 7AD",
    "TW10 7QT", "TW9 1BE", "SW13 0XW", "TW1 9SD", "TW1 9SE", "TW1 3JE", "TW9 4DZ", "TW9 1HY",
    "TW10 6UP", "TW2 6BN", "TW2 7PD", "TW2 7JF", "TW11 1EX", "TW2 7PH", "TW2 5WQ", "TW10 5HT",
)
# Neighbouring boroughs and Surrey first, then further (up to about 100 miles).
OUT_OF_AREA = (
    "TW3 1XX", "TW7 6SQ", "TW3 3WG", "TW3 3UF", "KT3 9HP", "KT2 5UY", "KT1 4YJ", "KT1 1SG",
    "SW17 7RR", "SW11 8DL", "SW15 5HL", "SW6 3PS", "W6 9SE", "W13 9WA", "W5 1XU", "W5 2ZX",
    "SM4 4SR", "SW19 9PF", "CR0 9DX", "CR2 6FE", "KT13 3BY", "KT13 8EX", "KT13 0DB", "TW16 7QL",
    "TW15 3NL", "TW15 1LH", "KT16 8JS", "KT15 1DP", "GU1 2WU", "GU2 4LF", "RH2 7PR", "RH1 3YB",
    "SL2 2AR", "SL1 2UD", "RG30 2YU", "RG1 4JJ", "ME4 6BS", "ME1 1YB", "BN1 8HH", "BN3 3QA",
    "B23 5EJ", "B13 8HD", "SO15 7NU", "SO14 6UN", "MK8 0NB", "MK5 8ZH",
)
NEARBY = OUT_OF_AREA[:32]

OWN_FOSTERING_SERVICE = "SC909101"
# Independent fostering agencies, and who runs them.
AGENCIES = (("SC909201", "PR4"), ("SC909202", "PR4"), ("SC909203", "PR4"), ("2909204", "PR4"),
            ("SC909205", "PR5"))


@dataclass(frozen=True)
class Home:
    """A children's home, residential care home or supported accommodation."""

    urn: str | None
    postcode: str
    provider: str


# Children's homes (K2): the authority's own in its area, the rest mostly private.
CHILDRENS_HOMES = (
    Home("SC909301", "TW2 6JB", "PR1"), Home("SC909302", "TW10 7SE", "PR1"),
    Home("SC909311", "TW1 4DG", "PR4"), Home("SC909312", "TW12 2UR", "PR4"),
    Home("SC909313", "KT2 5UY", "PR4"), Home("SC909314", "KT13 8EX", "PR4"),
    Home("2909315", "GU2 4LF", "PR4"), Home("2909316", "RH1 3YB", "PR4"),
    Home("SC909317", "SL2 2AR", "PR4"), Home("SC909318", "ME4 6BS", "PR4"),
    Home("SC909319", "BN1 8HH", "PR4"), Home("2909320", "B13 8HD", "PR4"),
    Home("SC909331", "CR0 9DX", "PR5"), Home("SC909332", "SO15 7NU", "PR5"),
    Home("SC909341", "SW17 7RR", "PR2"), Home("SC909342", "MK5 8ZH", "PR2"),
)
CHILDRENS_HOME_SHARES = (8, 7, 10, 10, 9, 8, 7, 6, 6, 5, 5, 4, 5, 4, 3, 3)
# Supported accommodation (K3) for 16 and 17 year olds: in the authority's area.
SUPPORTED = (Home("2909401", "TW1 3EN", "PR4"), Home("2909402", "TW9 4DZ", "PR4"),
             Home("2909403", "TW2 5QG", "PR5"), Home("2909404", "SW14 7HJ", "PR1"))
SUPPORTED_SHARES = (40, 30, 20, 10)
# Residential care homes (R1) carry no URN; the authority's own is in its area.
CARE_HOMES = (Home(None, "TW11 1EX", "PR1"), Home(None, "KT16 8JS", "PR4"),
              Home(None, "RG1 4JJ", "PR5"))
CARE_HOME_SHARES = (20, 50, 30)
HOMES = {"K2": (CHILDRENS_HOMES, CHILDRENS_HOME_SHARES), "K3": (SUPPORTED, SUPPORTED_SHARES),
         "R1": (CARE_HOMES, CARE_HOME_SHARES)}

CONNECTED_PERSONS = frozenset({"U1", "U2", "U3"})
OTHER_FOSTER = frozenset({"U4", "U5", "U6"})
PLACED_WITH_PARENTS = "P1"
# How often a child's family has moved home by the time of a change of placement.
FAMILY_MOVED = 0.05

# Previous permanence: mostly none; a few adoptions and special guardianships that broke down;
# some not known at the start of care.
PREVIOUS = (("Z1", 80), ("P4", 7), ("P1", 4), ("P2", 6), ("P3", 3))
THIS_AUTHORITY = "999"  # the demo authority's DfE number
OTHER_AUTHORITIES = ("318", "313", "314", "212", "936", "919", "312", "866", "872", "330")


class CarePlacements:
    """The placements of one period of care, in the order they are made."""

    def __init__(self, child: ChildPlan, began: datetime) -> None:
        self.rng = random.Random(f"placements:{child.key}:{child.date_of_birth}:{began:%Y%m%d%H%M}")
        self.child = child
        self.began = began.date()
        # The family home, the same for each of the child's periods of care.
        self.home = random.Random(f"home:{child.key}:{child.date_of_birth}").choice(HOME_AREA)

    def first(self, placement_type: str) -> dict[str, Any]:
        """The details of the first placement, and any previous permanence arrangement."""
        return {**self._details(placement_type), "home_postcode": self.home,
                **self._previous_permanence()}

    def move(self, placement_type: str) -> dict[str, Any]:
        """The details of a new placement (and the family's new home postcode, if it moved)."""
        facts: dict[str, Any] = {}
        if self.rng.random() < FAMILY_MOVED:
            self.home = self.rng.choice([p for p in HOME_AREA if p != self.home])
            facts["home_postcode"] = self.home
        return {**self._details(placement_type), **facts}

    def _details(self, placement_type: str) -> dict[str, Any]:
        if placement_type == PLACED_WITH_PARENTS:
            return {"placement_provider": "PR0", "placement_postcode": self.home,
                    "placement_urn": None}
        if placement_type in HOMES:
            homes, shares = HOMES[placement_type]
            home = self.rng.choices(homes, shares)[0]
            if home.postcode == self.home:  # never the child's own home (rule 392d)
                home = next(h for h in homes if h.postcode != self.home)
            return {"placement_provider": home.provider, "placement_postcode": home.postcode,
                    "placement_urn": home.urn}
        # Relatives and friends are approved as carers by the authority itself.
        urn, provider, inside = OWN_FOSTERING_SERVICE, "PR1", 0.6
        if placement_type in OTHER_FOSTER:
            if self.rng.random() < 0.55:
                inside = 0.8
            else:
                (urn, provider), inside = self.rng.choice(AGENCIES), 0.45
        elif placement_type not in CONNECTED_PERSONS:
            raise ValueError(f"the demo makes no placement of type {placement_type}")
        return {"placement_provider": provider, "placement_postcode": self._carer(inside),
                "placement_urn": urn}

    def _carer(self, inside: float) -> str:
        """A foster carer's postcode: in the area with chance `inside`, else mostly nearby."""
        if self.rng.random() < inside:
            return self.rng.choice([p for p in HOME_AREA if p != self.home])
        return self.rng.choice(NEARBY if self.rng.random() < 0.8 else OUT_OF_AREA)

    def _previous_permanence(self) -> dict[str, Any]:
        # An adoption or order made after at least a year of life, that broke down well before
        # the child was first referred to the authority.
        first_referred = self.child.episodes[0].referral_at.date()
        earliest = self.child.date_of_birth + timedelta(days=365)
        latest = min(first_referred, self.began) - timedelta(days=180)
        kinds = [(k, w) for k, w in PREVIOUS if k in ("Z1", "P4") or earliest < latest]
        kind = self.rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        if kind in ("Z1", "P4"):
            return {"previous_permanence": kind}
        roll = self.rng.random()
        authority = (THIS_AUTHORITY if roll < 0.5 else self.rng.choice(OTHER_AUTHORITIES)
                     if roll < 0.85 else None)
        made_on: date | None = None
        if self.rng.random() < 0.85:
            made_on = earliest + timedelta(days=self.rng.randint(0, (latest - earliest).days))
        return {"previous_permanence": kind, "previous_permanence_authority": authority,
                "previous_permanence_on": made_on}
