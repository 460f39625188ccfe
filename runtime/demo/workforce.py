"""The demo authority's workforce: teams by function, each with a manager and case-holding posts;
the people who fill each post over time (about 18% agency, about 16% leaving a year, replaced
after a vacancy), their hours, and their absences (about 3% of working days).

Scale 1 is the reference's mid-sized authority: 140 full-time equivalent case-holding workers
in 12 teams. The demo's own practitioner (SW-DEMO) and manager (TM-DEMO) are in the first
safeguarding team and stay throughout, so that they can always sign in. Every registered social
worker (practitioners, senior practitioners and managers; not personal advisers) has a made-up
Social Work England registration number of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.workforce import REGISTERED_ROLES
from runtime.demo import names
from runtime.demo.plan import Action, add_working_days, at, working_day

DEMO_PRACTITIONER = "SW-DEMO"
DEMO_MANAGER = "TM-DEMO"
ADMIN_ACTOR = "workforce-admin"

FUNCTIONS = ("assessment", "safeguarding", "children_in_care", "leaving_care")
# Which function each team has, in the order teams are formed: 12 teams at scale 1.
LAYOUT = (
    "assessment", "safeguarding", "children_in_care", "leaving_care", "assessment",
    "safeguarding", "children_in_care", "safeguarding", "assessment", "safeguarding",
    "children_in_care", "assessment",
)
TEAM_NAMES = {
    "assessment": "Assessment and Intervention",
    "safeguarding": "Safeguarding and Family Support",
    "children_in_care": "Children in Care",
    "leaving_care": "Leaving Care",
}
AREAS = ("North", "South", "East", "West", "Central")
# Where a function's work goes when the authority has no team for it.
FALLBACK = {
    "leaving_care": "children_in_care",
    "children_in_care": "safeguarding",
    "safeguarding": "assessment",
    "assessment": "safeguarding",
}

# Long-term teams hold more cases than the front door: posts are shared out by these weights.
POST_WEIGHTS = {"assessment": 0.8, "safeguarding": 1.25, "children_in_care": 1.0,
                "leaving_care": 0.6}
MEAN_FTE = 0.93
FTE_AT_SCALE_1 = 140
TEAMS_AT_SCALE_1 = 12
AGENCY_SHARE = 0.178
LEAVING_PER_YEAR = 0.159
VACANCY_MEAN_DAYS = 35
ABSENT_SHARE = 0.032
MEAN_ABSENCE_WORKING_DAYS = 7.1


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    function: str


@dataclass(frozen=True)
class Absence:
    kind: str
    started_on: date
    back_on: date  # the first working day back
    expected_back: date | None


@dataclass
class Member:
    staff_id: str
    name: str
    team: str
    role: str
    fte: float
    employment: str
    started_on: date
    left_on: date | None
    lag_scale: float
    absences: list[Absence] = field(default_factory=list)
    registration_number: str | None = None

    def employed_on(self, day: date) -> bool:
        return self.started_on <= day and (self.left_on is None or day < self.left_on)

    def absent_on(self, day: date) -> Absence | None:
        for absence in self.absences:
            if absence.started_on <= day < absence.back_on:
                return absence
        return None


@dataclass
class Workforce:
    teams: list[Team]
    managers: dict[str, Member]
    workers: list[Member]
    go_live: datetime
    _members: dict[str, Member] = field(default_factory=dict, repr=False, compare=False)

    def teams_for(self, function: str) -> list[str]:
        seen: set[str] = set()
        while function not in seen:
            seen.add(function)
            codes = [t.code for t in self.teams if t.function == function]
            if codes:
                return codes
            function = FALLBACK[function]
        return [t.code for t in self.teams]

    def member(self, staff_id: str) -> Member:
        if len(self._members) != len(self.workers) + len(self.managers):
            self._members = {p.staff_id: p for p in (*self.workers, *self.managers.values())}
        return self._members[staff_id]

    def actions(self) -> list[Action]:
        return _actions(self)


def plan_workforce(rng: random.Random, scale: float, start: date, end: date) -> Workforce:
    """Teams and everyone who works in them between `start` and `end`."""
    n_teams = max(2, round(TEAMS_AT_SCALE_1 * scale))
    functions = [LAYOUT[i % len(LAYOUT)] for i in range(n_teams)]
    teams = []
    for i, function in enumerate(functions):
        area = AREAS[functions[:i].count(function) % len(AREAS)]
        teams.append(Team(f"T{i + 1:02d}", f"{TEAM_NAMES[function]} ({area})", function))
    posts = max(2 * n_teams, round(FTE_AT_SCALE_1 * scale / MEAN_FTE))
    weights = [POST_WEIGHTS[t.function] for t in teams]
    demo_team = next(t.code for t in teams if t.function == "safeguarding")
    managers: dict[str, Member] = {}
    workers: list[Member] = []
    for n, team in enumerate(teams, start=1):
        staff_id = DEMO_MANAGER if team.code == demo_team else f"TM-{n:02d}"
        managers[team.code] = Member(
            staff_id, names.staff_name(rng), team.code, "TEAM_MANAGER", 1.0, "EMPLOYED",
            start - timedelta(days=rng.randint(400, 3000)), None, 0.8,
        )
        role = "PERSONAL_ADVISER" if team.function == "leaving_care" else "SOCIAL_WORKER"
        for post in range(max(2, round(posts * weights[n - 1] / sum(weights)))):
            demo = team.code == demo_team and post == 0
            workers += _occupants(rng, team.code, role, start, end, demo, len(workers))
    for person in workers:
        person.absences = _absences(rng, person, start, end)
        if person.staff_id == DEMO_PRACTITIONER:
            # The demo's practitioner is at work now, to sign in and see their cases.
            person.absences = [a for a in person.absences
                               if a.back_on < end - timedelta(days=30)]
    _absent_now(rng, [w for w in workers if w.team == demo_team], end)
    # Drawn from a generator of their own, so that registering people shifts nothing else.
    _register(random.Random(rng.getrandbits(64)), [*managers.values(), *workers])
    go_live = at(start - timedelta(days=1), 8)
    return Workforce(teams, managers, workers, go_live)


def _occupants(
    rng: random.Random, team: str, role: str, start: date, end: date, demo: bool, counted: int
) -> list[Member]:
    """Everyone who fills one post, one after another, with a vacancy between them."""
    found: list[Member] = []
    began = start - timedelta(days=rng.randint(60, 3000))
    clock = start
    while True:
        if demo:
            staff_id, left = DEMO_PRACTITIONER, None
        else:
            prefix = "PA" if role == "PERSONAL_ADVISER" else "SW"
            staff_id = f"{prefix}-{counted + len(found) + 1:04d}"
            stays = rng.expovariate(LEAVING_PER_YEAR / 365.25)
            left_day = working_day(clock + timedelta(days=int(stays)))
            left = left_day if left_day < end else None
        agency = not demo and rng.random() < AGENCY_SHARE
        senior = role == "SOCIAL_WORKER" and rng.random() < 0.15
        found.append(Member(
            staff_id, names.staff_name(rng), team, "SENIOR_PRACTITIONER" if senior else role,
            1.0 if demo or rng.random() < 0.75 else rng.choice((0.5, 0.6, 0.8)),
            "AGENCY" if agency else "EMPLOYED", began, left,
            rng.lognormvariate(0, 0.35) * (1.3 if agency else 1.0),
        ))
        if left is None:
            return found
        began = working_day(left + timedelta(days=int(rng.expovariate(1 / VACANCY_MEAN_DAYS))))
        if began >= end:
            return found
        clock = began


def _absences(rng: random.Random, person: Member, start: date, end: date) -> list[Absence]:
    """Spells of sickness, training and other leave, never overlapping, within employment."""
    spells_per_day = ABSENT_SHARE / MEAN_ABSENCE_WORKING_DAYS * 5 / 7
    found: list[Absence] = []
    day = max(person.started_on, start)
    while True:
        day = working_day(day + timedelta(days=int(rng.expovariate(spells_per_day))))
        kind = rng.choices(("SICKNESS", "TRAINING", "OTHER"), (80, 12, 8))[0]
        if kind == "SICKNESS":
            length = rng.choice((rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3),
                                 rng.randint(4, 10), rng.randint(4, 10), rng.randint(15, 45)))
        else:
            length = rng.randint(1, 3)
        back = add_working_days(day, length)
        if day >= end or (person.left_on is not None and back >= person.left_on):
            return found
        expected = None if length > 10 and rng.random() < 0.5 else back
        found.append(Absence(kind, day, back, expected))
        day = back + timedelta(days=7)


def _absent_now(rng: random.Random, team: list[Member], end: date) -> None:
    """Someone in the demo team is off sick now, so that the views show it."""
    current = [w for w in team if w.staff_id != DEMO_PRACTITIONER and w.employed_on(end)
               and w.started_on < end - timedelta(days=30)]
    if not current:
        return
    person = rng.choice(current)
    since = add_working_days(end, -rng.randint(2, 8))
    back = add_working_days(end, rng.randint(5, 20))
    if person.left_on is not None and back >= person.left_on:
        return
    person.absences = [a for a in person.absences if a.back_on < since - timedelta(days=7)]
    person.absences.append(Absence("SICKNESS", since, back, back))


def _register(rng: random.Random, people: list[Member]) -> None:
    """A made-up Social Work England registration number (SW and six digits) for everyone whose
    role needs one, no two alike."""
    taken: set[str] = set()
    for person in people:
        if person.role not in REGISTERED_ROLES:
            continue
        number = f"SW{rng.randint(100000, 999999)}"
        while number in taken:
            number = f"SW{rng.randint(100000, 999999)}"
        taken.add(number)
        person.registration_number = number


def _actions(workforce: Workforce) -> list[Action]:
    go_live = workforce.go_live
    found: list[Action] = []

    def add(recorded_at: datetime, command: str, subject: str, occurred_at: datetime,
            actor: str = ADMIN_ACTOR, **facts: object) -> None:
        found.append(Action(recorded_at, 0, command, subject, actor, occurred_at, facts))

    tick = iter(range(1, 10_000_000))

    def soon(moment: datetime) -> datetime:
        # Records made at go-live are a second apart, in the order they depend on each other.
        return moment + timedelta(seconds=next(tick))

    for team in workforce.teams:
        add(soon(go_live), "form_team", team.code, go_live, name=team.name)
    people = [*workforce.managers.values(), *workforce.workers]
    for person in people:
        joined = at(person.started_on, 8)
        add(soon(go_live) if joined < go_live else joined, "add_worker",
            person.staff_id, joined, name=person.name, team=person.team, fte=person.fte,
            employment=person.employment, role=person.role,
            registration_number=person.registration_number)
    for code, manager in workforce.managers.items():
        add(soon(go_live), "appoint_team_manager", code, go_live, manager=manager.staff_id)
    for person in workforce.workers:
        recorder = workforce.managers[person.team].staff_id
        for absence in person.absences:
            off, back = at(absence.started_on, 8, 30), at(absence.back_on, 8, 30)
            add(off + timedelta(minutes=20), "worker.start_absence", person.staff_id, off,
                recorder, kind=absence.kind, expected_back=absence.expected_back)
            add(back + timedelta(minutes=20), "worker.end_absence", person.staff_id, back,
                recorder)
        if person.left_on is not None:
            leaving = at(person.left_on, 7, 30)
            add(leaving, "worker.leave", person.staff_id, leaving, reason="Left the authority")
    return found

