"""The synthetic authority's social workers as the DfE sees them: every registered social worker
has a Social Work England number of their own; a child in need's case may wait unallocated (a
latent condition the risk view shows), a looked-after child's waits a few days at most, keeps a
new worker for a few days at least, and does not change hands in the last days of March."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from domain.workforce import REGISTERED_ROLES, REGISTRATION_NUMBER
from runtime.demo import generator
from runtime.demo.plan import LONDON, EpisodePlan
from runtime.demo.workforce import plan_workforce

END = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
Spell = tuple[datetime, datetime | None]


def test_every_registered_social_worker_has_a_number_of_their_own() -> None:
    start, end = date(2024, 5, 20), END.date()
    workforce = plan_workforce(random.Random("11:workforce"), 1.0, start, end)
    people = [*workforce.managers.values(), *workforce.workers]

    registered = [p for p in people if p.role in REGISTERED_ROLES]
    numbers = [p.registration_number for p in registered]
    assert len(registered) > 150
    assert all(n is not None and REGISTRATION_NUMBER.fullmatch(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    advisers = [p for p in people if p.role == "PERSONAL_ADVISER"]
    assert advisers and all(p.registration_number is None for p in advisers)


def care_spells(episode: EpisodePlan) -> list[Spell]:
    spells: list[Spell] = []
    for step in sorted(episode.steps, key=lambda s: s.occurred_at):
        if step.command == "episode.become_looked_after":
            spells.append((step.occurred_at, None))
        elif step.command == "episode.cease_to_be_looked_after" and spells:
            spells[-1] = (spells[-1][0], step.occurred_at)
    return spells


def in_care(spells: list[Spell], moment: datetime) -> bool:
    return any(began <= moment and (ceased is None or moment < ceased)
               for began, ceased in spells)


def holdings(episode: EpisodePlan) -> Iterator[tuple[datetime, datetime | None, str | None]]:
    """Each spell of the episode's allocation: from, to (None: still), and who (None: nobody)."""
    allocations = [a for a in episode.allocations
                   if episode.closed_at is None or a[0] < episode.closed_at]
    for n, (moment, staff_id, _, _) in enumerate(allocations):
        following = allocations[n + 1][0] if n + 1 < len(allocations) else episode.closed_at
        yield moment, following, staff_id


def test_a_looked_after_childs_case_waits_days_not_weeks_unlike_a_child_in_need() -> None:
    plan = generator.plan(11, scale=0.3, years=2.0, end=END)
    waits: dict[bool, list[float]] = {True: [], False: []}
    brief, at_year_end = [], []
    for child in plan.children:
        for episode in child.episodes:
            spells = care_spells(episode)
            for began, ended, staff_id in holdings(episode):
                looked_after = in_care(spells, began)
                days = ((ended or END) - began).total_seconds() / 86400
                if staff_id is None:
                    waits[looked_after].append(days)
                    continue
                if looked_after and ended is not None and in_care(spells, ended):
                    if ended.astimezone(LONDON).date() - began.astimezone(LONDON).date() < \
                            timedelta(days=3):
                        brief.append((episode.key, began))
                    day = ended.astimezone(LONDON).date()
                    if date(day.year, 3, 26) <= day <= date(day.year, 3, 31):
                        at_year_end.append((episode.key, ended))

    assert waits[True] and max(waits[True]) <= 7
    assert max(waits[False]) > 7  # the latent condition stays for children in need
    assert brief == []
    assert at_year_end == []
