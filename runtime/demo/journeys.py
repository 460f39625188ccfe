"""The demo authority's children and their episodes: referrals arriving day by day (6,000 a year
at scale 1), about 22% of them re-referrals within 12 months, each following a pathway in the
proportions below, with the every-day work around it (`everyday`)."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from runtime.demo import everyday, names, pathways, people, texts
from runtime.demo.plan import ChildPlan, EpisodePlan, Step, at, is_working_day
from runtime.demo.timeline import Timeline

REFERRALS_AT_SCALE_1 = 6000
REREFERRAL_SHARE = 0.22
# Shares of referrals by pathway (CIN census orders of magnitude for a mid-sized authority).
PATHWAYS: dict[str, float] = {
    "no_further_action": 0.08,
    "early_help": 0.04,
    "assessed_no_further_action": 0.28,
    "assessed_early_help": 0.14,
    "child_in_need": 0.19,
    "section47": 0.11,
    "protection": 0.10,
    "looked_after": 0.05,
    "care_leaver": 0.01,
}
BUILDERS: dict[str, Callable[[Timeline], None]] = {
    "no_further_action": pathways.no_further_action,
    "early_help": pathways.early_help,
    "assessed_no_further_action": lambda t: pathways.assessed_then_closed(t, "RC8"),
    "assessed_early_help": lambda t: pathways.assessed_then_closed(t, "RC9"),
    "child_in_need": pathways.child_in_need,
    "section47": lambda t: pathways.section47(t, conference=False),
    "protection": lambda t: pathways.section47(t, conference=True),
    "looked_after": pathways.looked_after,
    "care_leaver": pathways.looked_after,
}
SOURCES = (("6", 29), ("2A", 18), ("2B", 2), ("3A", 3), ("3B", 2), ("3C", 1), ("3D", 3),
           ("3E", 4), ("3F", 2), ("5A", 5), ("5B", 3), ("5C", 2), ("5D", 2), ("1A", 5),
           ("1B", 1), ("1C", 1), ("1D", 1), ("4", 2), ("7", 3), ("8", 3), ("9", 3), ("10", 2))
AGES = (((0, 1), 10), ((1, 5), 18), ((5, 10), 27), ((10, 16), 35), ((16, 17.4), 10))
ETHNICITIES = (("WBRI", 65), ("WOTH", 5), ("WIRI", 1), ("MWBC", 3), ("MWBA", 1), ("MWAS", 1),
               ("MOTH", 3), ("AIND", 2), ("APKN", 4), ("ABAN", 1), ("AOTH", 2), ("BCRB", 1),
               ("BAFR", 4), ("BOTH", 1), ("CHNE", 1), ("OOTH", 3), ("REFU", 1), ("NOBT", 1))
DISABILITIES = ("LD", "AUT", "COMM", "BEH", "MOB", "HEAR", "VIS", "PC")
# Fewer referrals in August and at Christmas (schools are closed), more in the autumn.
MONTHS = (1.05, 1.05, 1.05, 0.95, 1.05, 1.05, 0.95, 0.7, 1.0, 1.1, 1.1, 0.9)


def plan_children(seed: int, scale: float, start: date, end: datetime) -> list[ChildPlan]:
    """Every child referred between `start` and `end`, with their episodes planned."""
    rng = random.Random(f"{seed}:referrals")
    children: list[ChildPlan] = []
    recent: deque[tuple[datetime, ChildPlan]] = deque()
    owed = 0.0
    for n, when in enumerate(_referral_times(rng, scale, start, end)):
        erng = random.Random(f"{seed}:episode:{n}")
        while recent and recent[0][0] < when - timedelta(days=365):
            recent.popleft()
        # A re-referral every so often, as the share asks; when no child can be referred
        # again yet (early on), it is owed and made up later.
        owed += REREFERRAL_SHARE
        child = _rereferred(erng, recent, when) if owed >= 1 else None
        if child is not None:
            owed = max(owed - 1, 0)
            pathway = _pathway(erng, child.age_on(when.date()))
        else:
            pathway = _pathway(erng, None)
            child = _new_child(erng, seed, len(children), when, pathway)
            children.append(child)
        episode = EpisodePlan(f"E{n + 1:06d}", child, when, pathway)
        child.episodes.append(episode)
        _plan_episode(erng, episode, end.date(), seed)
        recent.append((when, child))
    people.add(seed, children, end)
    _waiting_at_the_front_door(random.Random(f"{seed}:front-door"), children, scale, end)
    return children


def _referral_times(rng: random.Random, scale: float, start: date, end: datetime) -> list[datetime]:
    per_working_day = REFERRALS_AT_SCALE_1 * scale / 253
    found = []
    day = start
    while day <= end.date():
        working = is_working_day(day)
        rate = per_working_day * MONTHS[day.month - 1] * (1.0 if working else 0.08)
        for _ in range(_poisson(rng, rate)):
            hour = rng.randint(9, 16) if working else rng.randint(10, 21)
            moment = at(day, hour, rng.randint(0, 59))
            if moment < end - timedelta(hours=2):
                found.append(moment)
        day += timedelta(days=1)
    return sorted(found)


def _poisson(rng: random.Random, rate: float) -> int:
    # Knuth's method, in chunks so that large rates do not underflow.
    count = 0
    while rate > 0:
        chunk = min(rate, 30.0)
        rate -= chunk
        limit, product = math.exp(-chunk), rng.random()
        while product > limit:
            count += 1
            product *= rng.random()
    return count


def _pathway(rng: random.Random, age: float | None) -> str:
    while True:
        pathway = rng.choices(list(PATHWAYS), list(PATHWAYS.values()))[0]
        if age is None or pathway != "care_leaver" or 15.5 <= age < 17.2:
            return pathway


def _rereferred(
    rng: random.Random, recent: deque[tuple[datetime, ChildPlan]], when: datetime
) -> ChildPlan | None:
    """A child referred in the last 12 months whose episode has closed (at least a week ago);
    not one who left care in the same collection year (see `_left_care_this_year`)."""
    for _ in range(30):
        if not recent:
            return None
        referred, child = recent[rng.randrange(len(recent))]
        last = child.episodes[-1]
        if (last.referral_at == referred and last.closed_at is not None
                and last.closed_at < when - timedelta(days=7) and child.age_on(when.date()) < 17.3
                and not _left_care_this_year(last, when)):
            return child
    return None


def _left_care_this_year(episode: EpisodePlan, when: datetime) -> bool:
    """The episode had a period of care, closed in the collection year (April to March) of
    `when`. The DfE's validator reads the social workers of a child who comes back into care in
    the year they left it as gaps (SW12STG2); a real authority asks for a bypass, the synthetic
    one, whose returns must be clean, re-refers such a child only in a later year."""
    if episode.closed_at is None or not any(
        step.command == "episode.become_looked_after" for step in episode.steps
    ):
        return False
    return _collection_year(episode.closed_at.date()) == _collection_year(when.date())


def _collection_year(day: date) -> int:
    return day.year + 1 if day.month >= 4 else day.year


def _new_child(rng: random.Random, seed: int, n: int, when: datetime, pathway: str) -> ChildPlan:
    if pathway == "care_leaver":
        years = rng.uniform(15.6, 17.1)
    else:
        (low, high), _ = rng.choices(AGES, [w for _, w in AGES])[0]
        years = rng.uniform(low, high)
    born = when.date() - timedelta(days=int(years * 365.25))
    if (born.month, born.day) == (3, 31):
        # The DfE's SSDA903 validator counts ages in average years (365.2425 days), so on a
        # birthday falling on the last day of the collection year a young person is a year
        # younger to it (rule 1016 then fails a correct OC3 row). A real authority asks for a
        # bypass; the synthetic one, whose returns must be clean, has nobody born that day.
        born -= timedelta(days=1)
    sex = "F" if rng.random() < 0.5 else "M"
    given, family = names.child_name(rng, sex), names.family_name(rng)
    disabilities = (["NONE"] if rng.random() < 0.9
                    else sorted(set(rng.sample(DISABILITIES, rng.randint(1, 2)))))
    facts = {
        "la_child_id": f"DM{n + 1:06d}", "given_name": given, "family_name": family,
        "sex": sex, "ethnicity": rng.choices([e for e, _ in ETHNICITIES],
                                             [w for _, w in ETHNICITIES])[0],
        "date_of_birth": born, "disabilities": disabilities,
        # A UPN from nursery age; the returns need one, or the reason it is unknown (UN5: not
        # available from the sources), for every child of school age.
        "upn": (names.upn(rng) if rng.random() < 0.85 else "UN5") if years >= 2 else None,
        "nhs_number": names.nhs_number(rng) if rng.random() < 0.95 else None,
        "address": names.address(rng),
    }
    key = f"C{n + 1:06d}"
    child = ChildPlan(key, given, family, sex, born, facts)
    registered = when - timedelta(minutes=1)
    child.steps.append(Step(registered, "register_child", facts))
    for i, (relationship, share) in enumerate((("mother", 0.95), ("father", 0.6))):
        if rng.random() < share:
            person = uuid5(NAMESPACE_URL, f"casetrail:demo:{seed}:{key}:parent:{i}")
            child.steps.append(Step(
                registered + timedelta(minutes=i + 1), "child.record_relationship",
                {"person_id": person, "name": names.adult_name(rng, family),
                 "relationship": relationship, "parental_responsibility": True}))
    return child


def _plan_episode(rng: random.Random, episode: EpisodePlan, end: date, seed: int) -> None:
    source = rng.choices([s for s, _ in SOURCES], [w for _, w in SOURCES])[0]
    concern = rng.choice(texts.REFERRAL_CONCERNS[source.rstrip("ABCDEF")])
    need = "N0" if rng.random() < 0.4 else rng.choice(("N1", "N1", "N1", "N4", "N5"))
    t = Timeline(rng, episode, end)
    t.unknown_need = need == "N0"
    t.key(episode.referral_at, "receive_referral", child=episode.child.key, source=source,
          concern=concern.format(name=episode.child.given_name), primary_need=need)
    BUILDERS[episode.pathway](t)
    everyday.add(t, seed)
    t.finish()


def _waiting_at_the_front_door(
    rng: random.Random, children: list[ChildPlan], scale: float, end: datetime
) -> None:
    """Some recent referrals that need a worker are still waiting for one (unallocated work):
    half a week's referrals, from the last four weeks (the latest, if there are too few)."""
    waiting = max(2, round(REFERRALS_AT_SCALE_1 * scale / 52 * 0.5))
    latest = sorted(
        (e for c in children for e in c.episodes
         if e.holders and e.holders[0].function == "assessment"),
        key=lambda e: e.referral_at, reverse=True,
    )
    recent = [e for e in latest if e.referral_at > end - timedelta(days=28)]
    chosen = rng.sample(recent, waiting) if len(recent) > waiting else latest[:waiting]
    for episode in chosen:
        episode.holders[0] = replace(episode.holders[0], at=end + timedelta(days=10))

