"""Who holds each episode when: the work the pathways ask for (a team function from a moment on)
given to a worker of such a team who is in post and not away, the least loaded for their hours;
when a worker leaves, their cases pass to a colleague the same day or wait unallocated for a
while. Done for every episode at once, in time order, so that caseloads are those of the day.

Unallocated work is a latent condition the risk view must show, so a child in need's case may
wait; a looked-after child's may not wait more than a few days (the DfE counts a gap of over a
week between a looked-after child's social workers as an error), and a looked-after child whose
team has nobody free goes to anyone free the next working day."""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from runtime.demo.plan import EpisodePlan, HolderRequest, add_working_days, at, working_day
from runtime.demo.workforce import Member, Workforce

# The longest a looked-after child's case waits for a new worker after one leaves, in working
# days: within the week the DfE allows between social workers (SW10aSTG2).
LOOKED_AFTER_WAIT = 2
# The last days of the collection year (to 31 March) in which a looked-after child's worker does
# not change.
YEAR_END_QUIET = timedelta(days=5)
# The shortest time a looked-after child's worker holds the case before another is chosen for
# them (the DfE's validator takes a shorter one for a mistake: SW09STG2).
SHORTEST_HOLDING = timedelta(days=3)
BECAME_LOOKED_AFTER = "episode.become_looked_after"
CEASED_LOOKED_AFTER = "episode.cease_to_be_looked_after"


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
    since: dict[str, datetime] = {}  # when the holder of each episode took it
    loads: dict[str, dict[str, datetime]] = {w.staff_id: {} for w in workforce.workers}
    care = {episode.key: _care_spells(episode) for episode in episodes}
    while queue:
        segment = heapq.heappop(queue)
        episode, request = segment.episode, segment.request
        current = holding.get(episode.key)
        teams = workforce.teams_for(request.function)
        holder = workforce.member(current) if current else None
        end = segment.end
        later = None if holder is None else _later(
            care[episode.key], segment.start, since[episode.key],
            request.change and holder.team in teams)
        if holder is not None and later is not None and (holder.team not in teams
                                                          or request.change):
            # The holder keeps the case until then; if they leave before, their leaving hands
            # it on (to the team now asked for).
            if holder.left_on is None or at(holder.left_on, 9) >= later:
                end = min(end, later)
                if later < segment.end - timedelta(hours=1):
                    heapq.heappush(queue, _Segment(later, next(counter), segment.end, episode,
                                                   request))
        elif holder is None or holder.team not in teams or request.change:
            chosen = _choose(rng, workforce, loads, teams, segment.start, current)
            if chosen is None:
                # (A looked-after child's team is asked for just before the child comes in.)
                if holder is None and _looked_after(care[episode.key],
                                                    segment.start + timedelta(hours=1)):
                    _again_next_working_day(queue, counter, segment)
                continue
            episode.allocations.append((segment.start, chosen.staff_id,
                                        _reason(request, holder, teams), chosen.team))
            if holder is not None:
                loads[holder.staff_id].pop(episode.key, None)
            holder, holding[episode.key] = chosen, chosen.staff_id
            since[episode.key] = segment.start
        loads[holder.staff_id][episode.key] = end
        if holder.left_on is None or at(holder.left_on, 9) >= end:
            continue
        # The holder leaves while holding the case: a colleague takes it, now or later.
        leaving = _handed_on(care[episode.key], at(holder.left_on, 9, 5), segment.start,
                             since[episode.key])
        loads[holder.staff_id][episode.key] = leaving
        holding[episode.key] = None
        if rng.random() < 0.45:
            resume = leaving
        else:
            waited = max(1, int(rng.expovariate(1 / 8)))
            if _looked_after(care[episode.key], leaving):
                waited = min(waited, LOOKED_AFTER_WAIT)
            resume = at(add_working_days(leaving.date(), waited), 10, rng.randint(0, 59))
            if _care_ends_between(care[episode.key], leaving, resume):
                # Nobody would hold the case when the child leaves care: a colleague takes it
                # at once.
                resume = leaving
            else:
                episode.allocations.append((leaving, None, "WORKERLEFT", holder.team))
        if resume < end - timedelta(hours=1):
            again = HolderRequest(resume, request.function, "WORKERLEFT", True)
            heapq.heappush(queue, _Segment(resume, next(counter), end, episode, again))
    for episode in episodes:
        episode.allocations.sort(key=lambda a: a[0])


def _reason(request: HolderRequest, holder: Member | None, teams: list[str]) -> str:
    """Why the case changes hands: as the request says, except that a case moving to another
    team for no other reason is a transfer in the usual course of the work."""
    if holder is not None and holder.team not in teams and request.reason == "MANAGE":
        return "TRANSFER"
    return request.reason


def _care_spells(episode: EpisodePlan) -> list[tuple[datetime, datetime | None]]:
    """When the episode's child is looked after: (became looked after, ceased or None)."""
    spells: list[tuple[datetime, datetime | None]] = []
    for step in sorted(episode.steps, key=lambda s: s.occurred_at):
        if step.command == BECAME_LOOKED_AFTER:
            spells.append((step.occurred_at, None))
        elif step.command == CEASED_LOOKED_AFTER and spells and spells[-1][1] is None:
            spells[-1] = (spells[-1][0], step.occurred_at)
    return spells


def _looked_after(spells: list[tuple[datetime, datetime | None]], moment: datetime) -> bool:
    return any(began <= moment and (ceased is None or moment < ceased)
               for began, ceased in spells)


def _later(spells: list[tuple[datetime, datetime | None]], moment: datetime, since: datetime,
           new_worker_only: bool) -> datetime | None:
    """When a change of a looked-after child's worker due at `moment` happens instead, if not
    then: one falling in the last days of the year (YEAR_END_QUIET) on the first working day of
    April, as the DfE's validator takes a worker's episode ending then for one with no
    successor (SW11bSTG2) even when it has one; a new worker for no other reason than a change
    of worker (`new_worker_only`) not until the holder has had the case for SHORTEST_HOLDING."""
    if not _looked_after(spells, moment):
        return None
    if _year_end_quiet(moment.date()):
        return at(working_day(date(moment.year, 4, 1)), 10)
    settled = since + SHORTEST_HOLDING
    if new_worker_only and moment < settled:
        day = working_day(settled.date())
        return settled if day == settled.date() else at(day, 10)
    return None


def _care_ends_between(spells: list[tuple[datetime, datetime | None]], start: datetime,
                       end: datetime) -> bool:
    return any(began <= start and ceased is not None and start < ceased <= end
               for began, ceased in spells)


def _year_end_quiet(day: date) -> bool:
    return date(day.year, 3, 31) - YEAR_END_QUIET <= day <= date(day.year, 3, 31)


def _handed_on(spells: list[tuple[datetime, datetime | None]], leaving: datetime,
               now: datetime, held_since: datetime) -> datetime:
    """When a leaver's case passes on: the day they leave, or, for a looked-after child's when
    they leave in the last days of the year, their last working day before those (if that is
    still to come, and they will have held it for a few days by then)."""
    if not (_looked_after(spells, leaving) and _year_end_quiet(leaving.date())):
        return leaving
    day = leaving.date()
    before = at(add_working_days(date(day.year, 3, 31) - YEAR_END_QUIET, -1), 9, 5)
    return before if before >= max(now, held_since + SHORTEST_HOLDING) else leaving


def _again_next_working_day(queue: list[_Segment], counter: Iterator[int],
                            segment: _Segment) -> None:
    """Nobody was free: ask again at ten the next working day, while the request stands."""
    retry = at(working_day(segment.start.date() + timedelta(days=1)), 10)
    if retry < segment.end - timedelta(hours=1):
        heapq.heappush(queue, _Segment(retry, next(counter), segment.end, segment.episode,
                                       segment.request))


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
