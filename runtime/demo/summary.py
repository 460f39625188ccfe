"""What a demo plan amounts to, in the reference's own measures: referrals, how many ended with
no further action, re-referrals within 12 months, the workforce's agency share, leavers and
absence, and how much was recorded late."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from runtime.demo.generator import DemoPlan
from runtime.demo.plan import is_working_day
from runtime.demo.workforce import Workforce


@dataclass(frozen=True)
class Proportions:
    referrals: int
    children: int
    no_further_action: float
    rereferrals_within_12_months: float
    pathways: dict[str, float]
    agency_share: float
    leavers_per_year: float
    absence_share: float
    recorded_a_day_or_more_late: float

    def lines(self) -> list[str]:
        return [
            f"referrals {self.referrals} ({self.children} children); no further action at "
            f"referral {self.no_further_action:.1%}; re-referrals within 12 months "
            f"{self.rereferrals_within_12_months:.1%}",
            f"workforce: agency {self.agency_share:.1%} of FTE in post; leavers "
            f"{self.leavers_per_year:.1%} a year; absent {self.absence_share:.1%} of working days",
            f"recorded a day or more after it happened: {self.recorded_a_day_or_more_late:.1%} "
            "of visits, notes and concerns",
        ]


def proportions(demo: DemoPlan) -> Proportions:
    referrals = [a for a in demo.actions if a.command == "receive_referral"]
    recorded = {a.subject for a in referrals}
    episodes = [e for c in demo.children for e in c.episodes if e.key in recorded]
    decisions = Counter(a.facts.get("decision") for a in demo.actions
                        if a.command == "episode.decide_referral")
    by_child: dict[str, list[datetime]] = defaultdict(list)
    for episode in episodes:
        by_child[episode.child.key].append(episode.referral_at)
    again = sum(1 for times in by_child.values()
                for earlier, later in itertools.pairwise(sorted(times))
                if later - earlier <= timedelta(days=365))
    notes = [a for a in demo.actions if a.command in _NOTES]
    late = sum(1 for a in notes if a.recorded_at.date() > a.occurred_at.date())
    n = len(referrals) or 1
    pathways = Counter(e.pathway for e in episodes)
    start = demo.workforce.go_live.date() + timedelta(days=1)
    agency, leavers, absence = workforce_measures(demo.workforce, start, demo.end.date())
    return Proportions(
        referrals=len(referrals),
        children=len(by_child),
        no_further_action=decisions["NFA"] / n,
        rereferrals_within_12_months=again / n,
        pathways={k: v / n for k, v in sorted(pathways.items())},
        agency_share=agency,
        leavers_per_year=leavers,
        absence_share=absence,
        recorded_a_day_or_more_late=late / (len(notes) or 1),
    )


_NOTES = frozenset({"episode.record_visit", "episode.record_case_note", "episode.raise_concern"})


def workforce_measures(workforce: Workforce, start: date, end: date) -> tuple[float, float, float]:
    """The agency share of the FTE in post at `end`, leavers a year as a share of the average
    headcount, and the share of working days case-holding workers were absent."""
    return (_agency_share(workforce, end), _leavers_per_year(workforce, start, end),
            _absence_share(workforce, start, end))


def _agency_share(workforce: Workforce, end: date) -> float:
    current = [w for w in workforce.workers if w.employed_on(end)]
    fte = sum(w.fte for w in current)
    return sum(w.fte for w in current if w.employment == "AGENCY") / fte if fte else 0.0


def _leavers_per_year(workforce: Workforce, start: date, end: date) -> float:
    workers = workforce.workers
    leavers = sum(1 for w in workers if w.left_on is not None and start <= w.left_on < end)
    years = (end - start).days / 365.25
    headcount = (sum(w.employed_on(start) for w in workers)
                 + sum(w.employed_on(end) for w in workers)) / 2 or 1
    return leavers / years / headcount


def _absence_share(workforce: Workforce, start: date, end: date) -> float:
    employed = absent = 0
    for person in workforce.workers:
        day = max(start, person.started_on)
        last = min(end, person.left_on or end)
        while day < last:
            if is_working_day(day):
                employed += 1
                absent += person.absent_on(day) is not None
            day += timedelta(days=1)
    return absent / employed if employed else 0.0
