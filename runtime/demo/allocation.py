"""Who holds each episode when: the work the pathways ask for (a team function from a moment on)
given to a worker of such a team who is in post and not away, the least loaded for their hours;
when a worker leaves, their cases pass to a colleague the same day or wait unallocated for a
while. Done for every episode at once, in time order, so that caseloads are those of the day."""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from runtime.demo.plan import EpisodePlan, HolderRequest, add_working_days, at
from runtime.demo.workforce import Member, Workforce


@dataclass(order=True)
class _Segment:
    start: datetime
    order: int
    end: datetime
    episode: EpisodePlan
    request: HolderRequest


def allocate(rng: random.Random, workforce: Workforce, episodes: list[EpisodePlan],
             horizon: datetime) -> None:
    """Fill each episode's `allocations`: (when, staff id or None, reason, team code)."""
    queue: list[_Segment] = []
    counter = iter(range(10**9))
    for episode in episodes:
        episode.allocations = []
        ends_at = episode.closed_at or horizon
        requests = sorted((r for r in episode.holders if r.at < ends_at),
                          key=lambda r: r.at)
        for i, request in enumerate(requests):
            end = requests[i + 1].at if i + 1 < len(requests) else ends_at
            if request.at < end:
                heapq.heappush(queue, _Segment(request.at, next(counter), end, episode, request))
    holding: dict[str, str | None] = {}
    loads: dict[str, dict[str, datetime]] = {w.staff_id: {} for w in workforce.workers}
    while queue:
        segment = heapq.heappop(queue)
        episode, request = segment.episode, segment.request
        current = holding.get(episode.key)
        teams = workforce.teams_for(request.function)
        holder = workforce.member(current) if current else None
        if holder is None or holder.team not in teams or request.change:
            chosen = _choose(rng, workforce, loads, teams, segment.start, current)
            if chosen is None:
                continue
            episode.allocations.append((segment.start, chosen.staff_id, request.reason,
                                        chosen.team))
            if holder is not None:
                loads[holder.staff_id].pop(episode.key, None)
            holder, holding[episode.key] = chosen, chosen.staff_id
        loads[holder.staff_id][episode.key] = segment.end
        if holder.left_on is None or at(holder.left_on, 9) >= segment.end:
            continue
        # The holder leaves while holding the case: a colleague takes it, now or later.
        leaving = at(holder.left_on, 9, 5)
        loads[holder.staff_id][episode.key] = leaving
        holding[episode.key] = None
        if rng.random() < 0.45:
            resume = leaving
        else:
            episode.allocations.append((leaving, None, "WORKERLEFT", holder.team))
            waited = max(1, int(rng.expovariate(1 / 8)))
            resume = at(add_working_days(holder.left_on, waited), 10, rng.randint(0, 59))
        if resume < segment.end - timedelta(hours=1):
            again = HolderRequest(resume, request.function, "WORKERLEFT", True)
            heapq.heappush(queue, _Segment(resume, next(counter), segment.end, episode, again))
    for episode in episodes:
        episode.allocations.sort(key=lambda a: a[0])


def _choose(
    rng: random.Random, workforce: Workforce, loads: dict[str, dict[str, datetime]],
    teams: list[str], moment: datetime, current: str | None,
) -> Member | None:
    day = moment.date()

    def available(person: Member) -> bool:
        return (person.employed_on(day) and person.absent_on(day) is None
                and person.staff_id != current
                and (person.left_on is None or person.left_on > day + timedelta(days=2)))

    candidates = [w for w in workforce.workers if w.team in teams and available(w)]
    if not candidates:
        candidates = [w for w in workforce.workers if available(w)]
    if not candidates:
        return None

    def load(person: Member) -> float:
        held = loads[person.staff_id]
        # Moments only move forward, so a holding that has ended can be forgotten.
        for episode in [e for e, end in held.items() if end <= moment]:
            del held[episode]
        return len(held) / person.fte + rng.random() * 2

    return min(candidates, key=load)
