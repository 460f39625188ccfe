"""The Children in Need census (England, DfE) for one collection year: every child with an episode
of need open at some time in the year, each episode (CINdetails) with its assessments, child in
need plans, section 47 enquiries and protection plans as they stood on the reference date (what
happened after it is left out, and so is what was over before the year began)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts, Row
from consumers.returns.period import CollectionYear, of_school_age
from domain.calendar import WorkingDayCalendar
from domain.codes import UPN_UNKNOWN

# An initial conference is due within 15 working days of the strategy discussion.
ICPC_TARGET_WORKING_DAYS = 15
NOT_OF_SCHOOL_AGE = "UN1"


@dataclass(frozen=True)
class CinAssessment:
    started_on: date
    authorised_on: date | None
    factors: tuple[str, ...]


@dataclass(frozen=True)
class CinSection47:
    started_on: date
    icpc_target: date
    icpc_on: date | None
    icpc_not_required: bool


@dataclass(frozen=True)
class CinProtectionPlan:
    started_on: date
    ended_on: date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: tuple[date, ...]


@dataclass
class CinEpisode:
    """One CINdetails block."""

    referral_date: date
    referral_source: str
    primary_need: str
    closed_on: date | None
    closure_reason: str | None
    referral_nfa: bool
    assessments: list[CinAssessment] = field(default_factory=list)
    cin_plans: list[tuple[date, date | None]] = field(default_factory=list)
    section47s: list[CinSection47] = field(default_factory=list)
    protection_plans: list[CinProtectionPlan] = field(default_factory=list)


@dataclass
class CinChild:
    la_child_id: str
    upn: str | None
    upn_unknown: str | None
    birth_date: date | None
    expected_birth_date: date | None
    sex: str
    death_date: date | None
    ethnicity: str
    disabilities: tuple[str, ...]
    episodes: list[CinEpisode]


def cin_children(book: Casebook, year: CollectionYear,
                 calendar: WorkingDayCalendar) -> list[CinChild]:
    """Every child of the census, by LA child id."""
    found = []
    for child in book.children.values():
        episodes = [
            _episode(child.child_id, book, episode, year, calendar)
            for episode in book.episodes_of(child.child_id)
            if year.overlaps(episode.referral_date, episode.closed_on)
        ]
        if episodes:
            found.append(_child(child, year, episodes))
    return sorted(found, key=lambda c: c.la_child_id)


def _child(child: ChildFacts, year: CollectionYear, episodes: list[CinEpisode]) -> CinChild:
    born = child.date_of_birth if child.date_of_birth and child.date_of_birth <= year.end else None
    # A child born after the reference date was unborn on it: expected, and of unknown sex.
    expected = None if born else (child.expected_birth_date or child.date_of_birth)
    unknown = child.upn if child.upn in UPN_UNKNOWN else None
    if child.upn is None and not of_school_age(born, year):
        unknown = NOT_OF_SCHOOL_AGE  # what the DfE asks for when there is no UPN yet
    return CinChild(
        la_child_id=child.la_child_id,
        upn=None if unknown else child.upn,
        upn_unknown=unknown,
        birth_date=born,
        expected_birth_date=expected,
        sex=child.sex if born else "U",
        death_date=child.died_on if child.died_on and child.died_on <= year.end else None,
        ethnicity=child.ethnicity,
        disabilities=child.disabilities or ("NONE",),
        episodes=episodes,
    )


def _episode(child_id: str, book: Casebook, episode: EpisodeFacts, year: CollectionYear,
             calendar: WorkingDayCalendar) -> CinEpisode:
    row, end = episode.row, year.end
    closed = episode.closed_on if episode.closed_on and episode.closed_on <= end else None
    found = CinEpisode(
        referral_date=episode.referral_date,
        referral_source=row["referral_source"],
        primary_need=row["primary_need"],
        closed_on=closed,
        closure_reason=row["closure_reason"] if closed else None,
        referral_nfa=row["decision"] == "NFA" and _by(row["decided_on"], end),
    )
    for a in episode.rows("assessments"):
        authorised = a["authorised_on"] if _by(a["authorised_on"], end) else None
        over_before = authorised is not None and authorised < year.start
        if a["started_on"] <= end and not over_before:
            factors = tuple(a["factors"].split()) if authorised else ()
            found.assessments.append(CinAssessment(a["started_on"], authorised, factors))
    found.cin_plans = [
        (p["started_on"], _until(p["ended_on"], end))
        for p in _plans(episode, "cin") if year.overlaps(p["started_on"], p["ended_on"])
    ]
    found.section47s = _section47s(episode, year, calendar)
    found.protection_plans = _protection_plans(child_id, book, episode, year)
    return found


def _section47s(episode: EpisodeFacts, year: CollectionYear,
                calendar: WorkingDayCalendar) -> list[CinSection47]:
    enquiries = episode.rows("section47s")
    initial = [c["held_on"] for c in episode.rows("conferences") if c["kind"] == "initial"]
    strategies = [s["held_on"] for s in episode.rows("strategy_discussions")]
    found = []
    for index, s47 in enumerate(enquiries):
        started = s47["started_on"]
        following = [e["started_on"] for e in enquiries[index + 1:] if e["started_on"] >= started]
        before = min(following, default=None)
        icpc = min((d for d in initial if d >= started and (before is None or d < before)),
                   default=None)
        not_required = s47["conference_needed"] == 0 and _by(s47["concluded_on"], year.end)
        finished = icpc if icpc else (s47["concluded_on"] if not_required else None)
        if started > year.end or (finished is not None and finished < year.start):
            continue
        strategy = max((d for d in strategies if d <= started), default=started)
        found.append(CinSection47(
            started_on=started,
            icpc_target=calendar.add_working_days(strategy, ICPC_TARGET_WORKING_DAYS),
            icpc_on=icpc if _by(icpc, year.end) else None,
            icpc_not_required=not_required,
        ))
    return found


def _protection_plans(child_id: str, book: Casebook, episode: EpisodeFacts,
                      year: CollectionYear) -> list[CinProtectionPlan]:
    every_start = [p["started_on"] for e in book.episodes_of(child_id)
                   for p in _plans(e, "protection")]
    reviews = [c for c in episode.rows("conferences") if c["kind"] == "review"]
    found = []
    for plan in _plans(episode, "protection"):
        started, ended = plan["started_on"], plan["ended_on"]
        if not year.overlaps(started, ended):
            continue
        during = [c for c in reviews
                  if c["held_on"] > started and (ended is None or c["held_on"] <= ended)
                  and c["held_on"] <= year.end]
        latest = [c["category"] for c in during if c["category"]]
        found.append(CinProtectionPlan(
            started_on=started,
            ended_on=_until(ended, year.end),
            initial_category=plan["initial_category"],
            latest_category=latest[-1] if latest else plan["initial_category"],
            previous_plans=sum(1 for day in every_start if day < started),
            reviews=tuple(c["held_on"] for c in during if c["held_on"] in year),
        ))
    return found


def _plans(episode: EpisodeFacts, kind: str) -> list[Row]:
    return [p for p in episode.rows("plans") if p["kind"] == kind]


def _by(day: Any, end: date) -> bool:
    return day is not None and day <= end


def _until(day: date | None, end: date) -> date | None:
    return day if day is not None and day <= end else None
