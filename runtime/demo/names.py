"""Synthetic people and places for the demo authority: names drawn from short lists of common
first and family names (so that no combination is meant to be anyone), streets of a made-up
town, and identifiers that pass their checks but can never be issued (NHS numbers in the 999
range, UPNs of authority 999)."""

from __future__ import annotations

import random

from domain.identifiers import upn_check_letter

GIRLS = (
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Sophia",
    "Grace", "Evie", "Poppy", "Ella", "Ruby", "Layla", "Aisha", "Maryam", "Zara", "Hannah",
    "Chloe", "Jessica", "Leah", "Niamh", "Megan", "Kacey", "Amara", "Precious", "Zofia", "Maja",
)
BOYS = (
    "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Jacob",
    "Freddie", "Alfie", "Theo", "Thomas", "Muhammad", "Yusuf", "Ibrahim", "Ethan", "Mason",
    "Riley", "Kai", "Tyler", "Jayden", "Reuben", "Callum", "Liam", "Kofi", "Tomasz", "Jakub",
    "Dylan",
)
FAMILIES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner",
    "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker",
    "Harrison", "Morgan", "Allen", "Khan", "Ahmed", "Ali", "Begum", "Hussain", "Nowak",
    "Kowalski", "Okafor", "Mensah", "Bello", "Doyle", "Murphy", "Kelly", "Pryce", "Marsh",
)
ADULTS = (
    "Dean", "Wayne", "Craig", "Lee", "Darren", "Stuart", "Jason", "Carl", "Ryan", "Gary",
    "Kelly", "Donna", "Lisa", "Tracey", "Nicola", "Sharon", "Michelle", "Joanne",
)
STREETS = (
    "Alder", "Beech", "Birch", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Rowan",
    "Willow", "Juniper", "Heather", "Foxglove", "Bramble", "Kestrel", "Linnet", "Plover",
)
STREET_KINDS = ("Close", "Road", "Street", "Avenue", "Way", "Court", "Gardens", "Crescent")
TOWN = "Demoton"


def child_name(rng: random.Random, sex: str) -> str:
    pool = GIRLS if sex == "F" else BOYS if sex == "M" else GIRLS + BOYS
    return rng.choice(pool)


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILIES)


def adult_name(rng: random.Random, family: str | None = None) -> str:
    return f"{rng.choice(ADULTS)} {family or rng.choice(FAMILIES)}"


def staff_name(rng: random.Random) -> str:
    return f"{rng.choice(GIRLS + BOYS + ADULTS)} {rng.choice(FAMILIES)}"


def address(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXY"
    return (
        f"{rng.randint(1, 120)} {rng.choice(STREETS)} {rng.choice(STREET_KINDS)}, {TOWN}, "
        f"DM{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    )


def nhs_number(rng: random.Random) -> str:
    """Ten digits in the 999 range (never issued to a person), with a valid check digit."""
    while True:
        body = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
        if check != 10:
            return body + str(0 if check == 11 else check)


# The local authority number in the demo's UPNs: a real one (characters 2-4 of a UPN must be,
# and the returns' validators check it), as the schools' authority; 999 is nobody's.
UPN_AUTHORITY = "800"


def upn(rng: random.Random) -> str:
    """A unique pupil number issued in authority 800, with a valid check letter."""
    body = UPN_AUTHORITY + "".join(str(rng.randrange(10)) for _ in range(9))
    return upn_check_letter(body) + body
