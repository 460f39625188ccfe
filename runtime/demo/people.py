"""Facts about the young people themselves, planned once every episode is: some older teenagers
coming into care are unaccompanied asylum-seeking children (mostly boys of 15 to 17, accommodated
under section 20); a few girls in care have a baby at 15 to 17; and at each visit of a care
leaver's personal adviser, what they are doing and where they live.

Each child's choices come from a random generator of their own (from the seed and the child's
key), so that what is planned for the rest of the authority does not change.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from domain.calendar import birthday
from runtime.demo import names
from runtime.demo.plan import ChildPlan, EpisodePlan, Step, at

# Of the children first referred at 15 to 17 who come into care under section 20 (V2), the share
# who are unaccompanied asylum-seeking children, by sex: mostly boys, as in England.
UASC_SHARE = {"M": 0.45, "F": 0.04}
UASC_AGES = (15.0, 17.5)
UASC_PATHWAYS = frozenset({"looked_after", "care_leaver"})
# Their ethnicity as the returns code it (Afghan, Iranian or Kurdish, Eritrean or Sudanese,
# Albanian, and others), in rough proportion to recent arrivals.
UASC_ETHNICITIES = (("AOTH", 35), ("OOTH", 20), ("BAFR", 25), ("WOTH", 10), ("BOTH", 5),
                    ("NOBT", 5))
# The chance that a girl in care at 15 to 17 has a baby while looked after.
MOTHER_SHARE = 0.06
MOTHER_AGES = (15, 18)
# A baby is born in the weeks before something changes in the mother's care (most often a move
# to a parent and child placement): the DfE's validator compares the first child's birth with
# the end of the latest episode that ended in the year (rule 625), so a birth in care is always
# followed, within the same collection year, by the end of an episode.
BEFORE_THE_CHANGE = (0, 45)
# Care has been running a while before the birth (the pregnancy was known in care).
IN_CARE_BEFORE_BIRTH = 60
ENDS_OF_AN_EPISODE = frozenset({"episode.change_placement", "episode.change_legal_status",
                                "episode.cease_to_be_looked_after"})
# A care leaver's circumstances (roughly as the DfE's statistics of 19 to 21 year olds have
# them): where they go on leaving care at 18 (staying put with former foster carers only from
# a foster placement), where they move on to, and what they do.
FIRST_HOMES = (("D", 30), ("U", 16), ("B", 12), ("E", 8), ("Z", 25), ("T", 4), ("C", 3),
               ("K", 3), ("Y", 3), ("V", 1), ("W", 1), ("S", 1), ("X", 1), ("R", 1))
MOVES_ON = (("U", 35), ("D", 20), ("B", 12), ("E", 5), ("T", 4), ("K", 6), ("Y", 4), ("C", 2),
            ("V", 3), ("W", 2), ("S", 3), ("X", 2), ("R", 1), ("G", 1))
ACTIVITIES = (("F2", 24), ("F5", 18), ("P5", 6), ("F4", 6), ("P4", 1), ("F1", 6), ("P1", 1),
              ("P2", 3), ("G4", 8), ("G5", 22), ("G6", 5))
# The chance that accommodation is suitable, where it is not always or never so.
SUITABLE = {"V": 0.3, "W": 0.3, "R": 0.5, "S": 0.0, "X": 0.0}
USUALLY_SUITABLE = 0.93
MOVE_CHANCE, NEW_ACTIVITY_CHANCE = 0.08, 0.1
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})


def add(seed: int, children: list[ChildPlan], end: datetime) -> None:
    """Plan each child's own facts (recorded on the child's record), up to `end`."""
    for child in children:
        rng = random.Random(f"{seed}:people:{child.key}")
        _unaccompanied(rng, child)
        _baby(rng, seed, child, end)
        for episode in child.episodes:
            _circumstances(rng, child, episode)


def _unaccompanied(rng: random.Random, child: ChildPlan) -> None:
    """An older teenager arriving alone to claim asylum: recorded as such when registered, and
    looked after under section 20 from their first episode."""
    first = child.episodes[0]
    age = child.age_on(first.referral_at.date())
    came_into_care = _first(first, "episode.become_looked_after")
    if (first.pathway not in UASC_PATHWAYS or not UASC_AGES[0] <= age < UASC_AGES[1]
            or came_into_care is None or came_into_care.facts["legal_status"] != "V2"
            or rng.random() >= UASC_SHARE.get(child.sex, 0.0)):
        return
    ethnicity = rng.choices([e for e, _ in UASC_ETHNICITIES], [w for _, w in UASC_ETHNICITIES])[0]
    child.facts = {**child.facts, "ethnicity": ethnicity}
    child.steps = [replace(step, facts=child.facts) if step.command == "register_child" else step
                   for step in child.steps]
    registered = first.referral_at - timedelta(minutes=1)
    child.steps.append(Step(registered + timedelta(minutes=5),
                            "child.record_unaccompanied_asylum_seeking"))


def _baby(rng: random.Random, seed: int, child: ChildPlan, end: datetime) -> None:
    """A girl in care has a baby at 15 to 17, weeks before a move (or another change in her
    care) in the same collection year; the baby is recorded as her child too."""
    if child.sex != "F":
        return
    earliest = birthday(child.date_of_birth, MOTHER_AGES[0])
    latest = birthday(child.date_of_birth, MOTHER_AGES[1]) - timedelta(days=1)
    windows = []
    for episode in child.episodes:
        began = _first(episode, "episode.become_looked_after")
        if began is None:
            continue
        for step in episode.steps:
            change = step.occurred_at
            if step.command not in ENDS_OF_AN_EPISODE or change >= end:
                continue
            first = max(began.occurred_at.date() + timedelta(days=IN_CARE_BEFORE_BIRTH),
                        earliest, _collection_year_start(change.date()),
                        change.date() - timedelta(days=BEFORE_THE_CHANGE[1]))
            last = min(change.date() - timedelta(days=BEFORE_THE_CHANGE[0]), latest)
            if first <= last:
                windows.append((first, last))
    if not windows or rng.random() >= MOTHER_SHARE:
        return
    first, last = rng.choice(windows)
    born = at(first + timedelta(days=rng.randint(0, (last - first).days)), rng.randint(0, 23),
              rng.randint(0, 59))
    sex = rng.choice("MF")
    baby = uuid5(NAMESPACE_URL, f"casetrail:demo:{seed}:{child.key}:baby")
    child.steps += [
        Step(born, "child.record_baby_born"),
        Step(born + timedelta(minutes=1), "child.record_relationship", {
            "person_id": baby, "name": f"{names.child_name(rng, sex)} {child.family_name}",
            "relationship": "son" if sex == "M" else "daughter",
            "parental_responsibility": True}),
    ]


def _circumstances(rng: random.Random, child: ChildPlan, episode: EpisodePlan) -> None:
    """At each personal adviser's visit, the care leaver's activity and accommodation: the same
    as last time mostly; now and then a move or a new activity."""
    visits = [s for s in episode.steps if s.command == "episode.record_personal_adviser_visit"]
    if not visits:
        return
    placed = [s.facts["placement_type"] for s in episode.steps
              if s.command in ("episode.become_looked_after", "episode.change_placement")
              and s.occurred_at < visits[0].occurred_at]
    homes = [h for h in FIRST_HOMES if h[0] != "Z" or (placed and placed[-1] in FOSTER_PLACEMENTS)]
    home = _pick(rng, homes)
    suitable = _suitable(rng, home)
    activities = [(a, w * 4 if a == "G6" and _is_mother(child) else w) for a, w in ACTIVITIES]
    activity = _pick(rng, activities)
    for visit in visits:
        if rng.random() < MOVE_CHANCE:
            home = _pick(rng, MOVES_ON)
            suitable = _suitable(rng, home)
        if rng.random() < NEW_ACTIVITY_CHANCE:
            activity = _pick(rng, activities)
        episode.steps.append(Step(
            visit.occurred_at + timedelta(minutes=10), "episode.record_care_leaver_circumstances",
            {"activity": activity, "accommodation": home, "accommodation_suitable": suitable}))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...] | list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _suitable(rng: random.Random, home: str) -> bool:
    return rng.random() < SUITABLE.get(home, USUALLY_SUITABLE)


def _is_mother(child: ChildPlan) -> bool:
    return any(s.command == "child.record_baby_born" for s in child.steps)


def _first(episode: EpisodePlan, command: str) -> Step | None:
    return next((s for s in episode.steps if s.command == command), None)


def _collection_year_start(day: date) -> date:
    """1 April of the collection year `day` falls in."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)
