"""Realistic case journeys, recorded through the case record's service, for tests of every layer.

Each journey takes a `CaseRecord` and a base date (the day the referral arrives), records what a
local authority would record, day by day, and returns the ids of what it made. The data is
synthetic: made-up people, valid codes, NHS numbers in the 999 range kept for testing (with a
correct check digit) and UPNs with a correct check letter.

Events are recorded as it happened: for each command the service's clock is set to a little after
the event happened (the same working day), so that "as it happened" and "as it was known" differ
only where a journey is about that (the late visit, the correction). Every date must lie in the
past: start a journey at least `JOURNEY_DAYS` days before today (`a_base_date()` does).

Each journey forms its own team and workers unless given `staff`, so that several journeys can
share one store (a caseload), and each registers its own child with a unique local id. Within a
journey, entries are stored in the order they were recorded; journeys run one after another on
one store each start again from their own base date.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from uuid import UUID, uuid4

from domain.envelope import LONDON
from domain.identifiers import upn_check_letter
from domain.service import CaseRecord, CommandContext, Receipt

# The longest journey spans less than this many days from its base date to its last event.
JOURNEY_DAYS = 400


def a_base_date(days_ago: int = JOURNEY_DAYS + 30) -> date:
    """A base date far enough in the past for any journey to finish before today."""
    return datetime.now(UTC).date() - timedelta(days=days_ago)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """An instant on a day, at a time on the clock in England and Wales, as an aware UTC time."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


# What journeys return


@dataclass(frozen=True)
class Staff:
    """A team with its manager and one social worker; `*_actor` is who each records as."""

    team: UUID
    worker: UUID
    manager: UUID
    worker_actor: str
    manager_actor: str


@dataclass(frozen=True)
class CaseIds:
    """A child, their episode, the worker allocated to it, the worker's team, and who records."""

    child: UUID
    episode: UUID
    worker: UUID
    team: UUID
    actor: str
    manager_actor: str


@dataclass(frozen=True)
class LateVisit(CaseIds):
    """A visit that happened on `visited_on` and was recorded on `recorded_on` (entry
    `visit_version` of the episode)."""

    visit_version: int
    visited_on: date
    recorded_on: date


@dataclass(frozen=True)
class CorrectedConference(CaseIds):
    """An initial conference recorded as held on `recorded_as`, corrected to `held_on`."""

    conference_version: int
    correction_version: int
    recorded_as: date
    held_on: date


@dataclass(frozen=True)
class WrongChild(CaseIds):
    """A visit recorded on `wrong_episode` (of `wrong_child`) at `struck_version`, struck there,
    and recorded on the right child's episode at `visit_version`."""

    wrong_child: UUID
    wrong_episode: UUID
    struck_version: int
    strike_version: int
    visit_version: int


# Synthetic identifiers


def synthetic_nhs_number(rng: random.Random | None = None) -> str:
    """A ten-digit NHS number in the 999 range (never issued to a person), with a valid check
    digit."""
    rng = rng or random.Random()
    while True:
        body = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
        if check == 10:
            continue
        return body + str(0 if check == 11 else check)


def synthetic_upn(rng: random.Random | None = None) -> str:
    """A unique pupil number of the demo authority (999) with a valid check letter."""
    rng = rng or random.Random()
    body = "999" + "".join(str(rng.randrange(10)) for _ in range(9))
    return upn_check_letter(body) + body


def _suffix() -> str:
    return uuid4().hex[:8].upper()


# Driving the service as it happened


class Recorder:
    """Records commands through the service, with the server's clock set to when each one is
    recorded (by default an hour after the event happened)."""

    def __init__(self, service: CaseRecord, base: date, span_days: int) -> None:
        last_day = base + timedelta(days=span_days)
        if at(last_day, 18) >= datetime.now(UTC):
            raise ValueError(
                f"a journey from {base} runs to {last_day}, which is not yet past: start it "
                f"at least {span_days + 1} days before today"
            )
        self.service = service
        self.base = base

    def day(self, n: int) -> date:
        return self.base + timedelta(days=n)

    def when(self, n: int, hour: int = 10, minute: int = 0) -> datetime:
        return at(self.day(n), hour, minute)

    @contextmanager
    def clock_at(self, moment: datetime) -> Iterator[None]:
        previous = self.service.clock
        self.service.clock = lambda: moment
        try:
            yield
        finally:
            self.service.clock = previous

    def run(
        self, occurred_at: datetime, recorded_at: datetime | None, command: Callable[[], Receipt]
    ) -> Receipt:
        with self.clock_at(recorded_at or occurred_at + timedelta(hours=1)):
            return command()

    def episode(
        self,
        actor: str,
        episode: UUID,
        name: str,
        day: int,
        hour: int = 10,
        recorded_at: datetime | None = None,
        **facts: object,
    ) -> Receipt:
        occurred_at = self.when(day, hour)
        return self.run(
            occurred_at,
            recorded_at,
            lambda: self.service.episode_command(
                CommandContext(actor=actor), episode, name, occurred_at=occurred_at, **facts
            ),
        )

    def worker(self, actor: str, worker: UUID, name: str, day: int, **facts: object) -> Receipt:
        """A workforce command on the worker at 08:00 on `day`, recorded an hour later."""
        occurred_at = self.when(day, 8)
        return self.run(
            occurred_at,
            None,
            lambda: self.service.worker_command(
                CommandContext(actor=actor), worker, name, occurred_at=occurred_at, **facts
            ),
        )


def form_staff(
    service: CaseRecord,
    formed_on: date,
    team_name: str = "Family Support and Protection",
    worker_name: str = "Priya Raman",
    manager_name: str = "Gareth Lloyd",
) -> Staff:
    """A team with a manager and a social worker, formed on `formed_on` (unique codes each call)."""
    suffix = _suffix()
    recorder = Recorder(service, formed_on, 0)
    admin = CommandContext(actor="workforce-admin")
    moment = at(formed_on, 9)
    team = recorder.run(
        moment,
        None,
        lambda: service.form_team(admin, occurred_at=moment, code=f"T{suffix}", name=team_name),
    ).record_id

    def join(staff_id: str, name: str, role: str) -> UUID:
        return recorder.run(
            moment,
            None,
            lambda: service.add_worker(
                admin, occurred_at=moment, staff_id=staff_id, name=name, team=team, role=role
            ),
        ).record_id

    manager = join(f"TM-{suffix}", manager_name, "TEAM_MANAGER")
    worker = join(f"SW-{suffix}", worker_name, "SOCIAL_WORKER")
    recorder.run(
        moment,
        None,
        lambda: service.appoint_team_manager(admin, team, manager, moment),
    )
    # A user records under their staff id, so that what they record is counted against them.
    return Staff(team, worker, manager, f"SW-{suffix}", f"TM-{suffix}")


@dataclass(frozen=True)
class ChildDetails:
    given_name: str
    family_name: str
    sex: str
    ethnicity: str
    age_days: int
    disabilities: tuple[str, ...] = ("NONE",)
    address: str = "14 Alder Close, Demoton, DM1 4AB"


def refer_child(
    service: CaseRecord,
    base: date,
    child: ChildDetails,
    source: str,
    concern: str,
    primary_need: str = "N0",
    staff: Staff | None = None,
    span_days: int = 0,
) -> tuple[Recorder, CaseIds]:
    """The start every journey shares: register the child, receive the referral on `base`, and
    allocate the worker the same day. Returns the recorder to carry on with."""
    recorder = Recorder(service, base, span_days)
    staff = staff or form_staff(service, base - timedelta(days=90))
    rng = random.Random()
    registered_at = recorder.when(0, 9, 30)
    intake = CommandContext(actor=staff.worker_actor)
    child_id = recorder.run(
        registered_at,
        None,
        lambda: service.register_child(
            intake,
            occurred_at=registered_at,
            la_child_id=f"DEMO{_suffix()}",
            given_name=child.given_name,
            family_name=child.family_name,
            sex=child.sex,
            ethnicity=child.ethnicity,
            date_of_birth=base - timedelta(days=child.age_days),
            disabilities=list(child.disabilities),
            upn=synthetic_upn(rng) if child.age_days > 4 * 365 else None,
            nhs_number=synthetic_nhs_number(rng),
            address=child.address,
        ),
    ).record_id
    episode = recorder.run(
        registered_at,
        None,
        lambda: service.receive_referral(
            intake,
            child_id,
            occurred_at=registered_at,
            source=source,
            concern=concern,
            primary_need=primary_need,
        ),
    ).record_id
    allocated_at = recorder.when(0, 11)
    recorder.run(
        allocated_at,
        None,
        lambda: service.allocate_worker(
            CommandContext(actor=staff.manager_actor), episode, staff.worker, allocated_at
        ),
    )
    ids = CaseIds(
        child_id,
        episode,
        staff.worker,
        staff.team,
        staff.worker_actor,
        staff.manager_actor,
    )
    return recorder, ids


# The journeys


def referral_closed_with_no_further_action(
    service: CaseRecord, base: date, staff: Staff | None = None
) -> CaseIds:
    """A school's worry about a bruise, explained by a GP's note: no further action, closed the
    same day (RC7: nothing was assessed, so RC8 does not apply)."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Ellie", "Marsh", "F", "WBRI", age_days=8 * 365 + 40),
        source="2A",
        concern="Bruise on Ellie's forearm noticed in PE; Ellie says she fell from her bike.",
        staff=staff,
    )
    rec.episode(
        ids.manager_actor,
        ids.episode,
        "decide_referral",
        0,
        15,
        decision="NFA",
        rationale="GP confirms the fall was seen at the surgery; school to keep an eye. No role "
        "for children's social care.",
    )
    closed_at = rec.when(0, 16)
    rec.run(
        closed_at,
        None,
        lambda: service.close_episode(
            CommandContext(actor=ids.manager_actor),
            ids.episode,
            closed_at,
            "RC7",
            "No further action at referral",
        ),
    )
    return ids


CHILD_IN_NEED_DAYS = 230


def child_in_need_journey(service: CaseRecord, base: date, staff: Staff | None = None) -> CaseIds:
    """A health visitor's referral about a mother's depression: an assessment, a child in need plan
    reviewed twice, then ended and the episode closed."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Tomasz", "Nowak", "M", "WOTH", age_days=3 * 365 + 100),
        source="3B",
        concern="Mother struggling with post-natal depression; home conditions deteriorating.",
        primary_need="N3",
        staff=staff,
        span_days=CHILD_IN_NEED_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 1, decision="ASSESSMENT", rationale="Needs assessing.")
    rec.episode(sw, ep, "start_assessment", 1, 14)
    rec.episode(sw, ep, "record_child_seen_in_assessment", 4)
    rec.episode(sw, ep, "record_visit", 4, 11, child_seen=True, seen_alone=False, statutory=False)
    rec.episode(sw, ep, "record_case_note", 12, note="Spoke to the health visitor; GP involved.")
    rec.episode(sw, ep, "complete_assessment", 30, factors=["3A", "18A"], outcome="CIN_PLAN")
    rec.episode(tm, ep, "authorise_assessment", 32)
    rec.episode(sw, ep, "start_cin_plan", 35)
    for day in (49, 77, 105, 133, 161, 189):
        rec.episode(sw, ep, "record_visit", day, child_seen=True, seen_alone=False)
    rec.episode(sw, ep, "review_cin_plan", 125)
    rec.episode(sw, ep, "review_cin_plan", 215)
    rec.episode(sw, ep, "end_cin_plan", 220, reason="Mother's health recovered; goals met.")
    closed_at = rec.when(220, 15)
    rec.run(
        closed_at,
        None,
        lambda: service.close_episode(
            CommandContext(actor=tm), ep, closed_at, "RC7", "Plan goals met; universal services."
        ),
    )
    return ids


PROTECTION_DAYS = 300
AGENCIES = ["EDUCATION", "FAMILY", "HEALTH", "POLICE"]


def protection_plan_journey(service: CaseRecord, base: date, staff: Staff | None = None) -> CaseIds:
    """A police referral after a domestic incident: strategy discussion, section 47 enquiries,
    an initial conference and a protection plan for neglect, two review conferences (the second
    ends the plan). The episode stays open, with no plan running."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Kacey", "Doyle", "F", "MWBC", age_days=5 * 365 + 200),
        source="6",
        concern="Police called to a domestic incident; Kacey found alone and unfed overnight.",
        primary_need="N1",
        staff=staff,
        span_days=PROTECTION_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 0, 14, decision="STRATEGY", rationale="Risk of harm.")
    rec.episode(
        sw,
        ep,
        "hold_strategy_discussion",
        1,
        start_section47=True,
        agencies_present=["HEALTH", "POLICE", "SOCIAL_CARE"],
    )
    rec.episode(sw, ep, "start_section47", 1, 12)
    rec.episode(sw, ep, "start_assessment", 1, 12)
    rec.episode(sw, ep, "record_child_seen_in_assessment", 2)
    rec.episode(sw, ep, "record_visit", 2, 11, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "conclude_section47", 9, conference_needed=True)
    rec.episode(
        sw, ep, "complete_assessment", 12, factors=["2A", "3A", "4A"], outcome="PROTECTION"
    )
    rec.episode(tm, ep, "authorise_assessment", 13)
    _initial_conference_with_plan(rec, sw, ep, 15)
    rec.episode(
        sw,
        ep,
        "hold_core_group",
        24,
        agencies_invited=AGENCIES,
        agencies_present=["EDUCATION", "FAMILY", "HEALTH"],
    )
    for day in range(25, 285, 14):
        rec.episode(sw, ep, "record_visit", day, child_seen=True, seen_alone=day % 28 == 25)
    rec.episode(
        sw,
        ep,
        "hold_review_conference",
        105,
        plan=True,
        category="NEG",
        agencies_invited=AGENCIES,
        agencies_present=AGENCIES,
    )
    rec.episode(
        sw,
        ep,
        "hold_review_conference",
        285,
        plan=False,
        category=None,
        agencies_invited=AGENCIES,
        agencies_present=["FAMILY", "HEALTH", "POLICE"],
    )
    rec.episode(
        tm,
        ep,
        "end_protection_plan",
        285,
        15,
        reason="Review conference: Kacey no longer at risk of significant harm.",
    )
    return ids


def _initial_conference_with_plan(rec: Recorder, actor: str, episode: UUID, day: int) -> None:
    rec.episode(
        actor,
        episode,
        "hold_initial_conference",
        day,
        plan=True,
        category="NEG",
        agencies_invited=AGENCIES,
        agencies_present=AGENCIES,
    )
    rec.episode(actor, episode, "start_protection_plan", day, 14, category="NEG")


LOOKED_AFTER_DAYS = 340


def looked_after_journey(service: CaseRecord, base: date, staff: Staff | None = None) -> CaseIds:
    """A child accommodated after their father's arrest: looked after under section 20 with the
    authority's foster carers, then an interim care order; moves to an agency's foster carers
    and then a private children's home out of the area, reviews, visits, a night missing; then
    home to mother under a planned return. The episode stays open."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Reuben", "Okafor", "M", "BAFR", age_days=11 * 365 + 30),
        source="6",
        concern="Father arrested; no other adult at home. Mother in hospital.",
        primary_need="N8",
        staff=staff,
        span_days=LOOKED_AFTER_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 0, 13, decision="ASSESSMENT", rationale="Urgent.")
    rec.episode(sw, ep, "start_assessment", 0, 14)
    rec.episode(sw, ep, "become_looked_after", 0, 20, legal_status="V2", placement_type="U6",
                placement_provider="PR1", placement_postcode="TW1 3NQ", home_postcode="TW9 3HQ",
                placement_urn="SC909101", previous_permanence="Z1")
    rec.episode(sw, ep, "record_child_seen_in_assessment", 1)
    rec.episode(sw, ep, "prepare_care_plan", 5)
    rec.episode(sw, ep, "record_visit", 6, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "complete_assessment", 20, factors=["8B", "22A"], outcome="LOOKED_AFTER")
    rec.episode(tm, ep, "authorise_assessment", 21)
    rec.episode(sw, ep, "hold_looked_after_review", 27, participation="PN1")
    rec.episode(sw, ep, "change_legal_status", 40, legal_status="C1")
    rec.episode(sw, ep, "record_visit", 48, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "change_placement", 60, placement_type="U4", change_reason="CARPL",
                placement_provider="PR4", placement_postcode="KT2 5UY", placement_urn="SC909201")
    rec.episode(sw, ep, "record_visit", 64, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "record_visit", 106, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "hold_looked_after_review", 118, participation="PN1")
    rec.episode(sw, ep, "change_placement", 150, placement_type="K2", change_reason="CREQB",
                placement_provider="PR4", placement_postcode="GU2 4LF", placement_urn="2909315")
    rec.episode(sw, ep, "record_visit", 155, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "record_missing_episode", 170, 22, returned_on=rec.day(171))
    rec.episode(sw, ep, "record_visit", 172, child_seen=True, seen_alone=True)
    for day in (214, 256, 298):
        rec.episode(sw, ep, "record_visit", day, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "hold_looked_after_review", 300, participation="PN2")
    rec.episode(sw, ep, "cease_to_be_looked_after", 330, ceased_reason="E4B")
    return ids


LATE_VISIT_DAYS = 45


def late_recorded_visit(service: CaseRecord, base: date, staff: Staff | None = None) -> LateVisit:
    """During an assessment the worker visits on day 10, falls ill on day 11 and records the visit
    on return, on day 40; the case notes in between are recorded on time."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Amara", "Bello", "F", "BOTH", age_days=6 * 365),
        source="2A",
        concern="Amara often arrives hungry and has missed eleven days this term.",
        primary_need="N4",
        staff=staff,
        span_days=LATE_VISIT_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 1, decision="ASSESSMENT", rationale="Needs assessing.")
    rec.episode(sw, ep, "start_assessment", 2)
    visited_on, recorded_on = rec.day(10), rec.day(40)
    rec.worker(tm, ids.worker, "start_absence", 11, kind="SICKNESS", expected_back=rec.day(39))
    rec.episode(tm, ep, "record_case_note", 20, note="Worker off sick; duty checked in by phone.")
    rec.worker(tm, ids.worker, "end_absence", 39)
    late = rec.episode(
        sw,
        ep,
        "record_visit",
        10,
        15,
        recorded_at=rec.when(40, 9),
        child_seen=True,
        seen_alone=True,
        note="Amara seen in her bedroom; little food in the house.",
    )
    rec.episode(sw, ep, "record_child_seen_in_assessment", 10, 16, recorded_at=rec.when(40, 10))
    return LateVisit(
        *_fields(ids), visit_version=late.version, visited_on=visited_on, recorded_on=recorded_on
    )


PROTECTION_VISIT_DAYS = 50


def protection_visit_recorded_late(
    service: CaseRecord, base: date, staff: Staff | None = None
) -> LateVisit:
    """Visits to a child on a protection plan fall behind: the plan starts on day 15 and the child
    is seen on day 17; the next visit (due within 10 working days) is made on day 38, the worker
    is off sick from day 40 and records the visit on return, on day 50. Until then the record
    shows the visit overdue; afterwards it shows the visit made late."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Leon", "Sutcliffe", "M", "WBRI", age_days=4 * 365 + 200),
        source="1B",
        concern="Neighbour reports Leon left alone in the flat for long periods.",
        primary_need="N1",
        staff=staff,
        span_days=PROTECTION_VISIT_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 0, 14, decision="STRATEGY", rationale="Neglect.")
    rec.episode(
        sw, ep, "hold_strategy_discussion", 1, start_section47=True,
        agencies_present=["HEALTH", "POLICE", "SOCIAL_CARE"],
    )
    rec.episode(sw, ep, "start_section47", 1, 12)
    rec.episode(sw, ep, "conclude_section47", 9, conference_needed=True)
    _initial_conference_with_plan(rec, sw, ep, 15)
    rec.episode(sw, ep, "record_visit", 17, child_seen=True, seen_alone=True,
                note="Leon seen alone; fridge stocked, mother engaging.")
    rec.worker(tm, ids.worker, "start_absence", 40, kind="SICKNESS", expected_back=rec.day(50))
    rec.episode(tm, ep, "record_case_note", 44, note="Worker off sick; visit status unknown.")
    rec.worker(tm, ids.worker, "end_absence", 50)
    late = rec.episode(
        sw, ep, "record_visit", 38, 15, recorded_at=rec.when(50, 9), child_seen=True,
        seen_alone=True, note="Leon seen alone at home; school attendance improving.",
    )
    return LateVisit(
        *_fields(ids), visit_version=late.version, visited_on=rec.day(38),
        recorded_on=rec.day(50),
    )


CONFERENCE_DAYS = 20


def corrected_conference_date(
    service: CaseRecord, base: date, staff: Staff | None = None
) -> CorrectedConference:
    """The initial conference, held on day 15, is recorded on day 17 as held on day 16 (a slip of
    the finger); the team manager corrects the date that afternoon, before the protection plan is
    recorded, which then starts on the day the conference was really held."""
    rec, ids = refer_child(
        service,
        base,
        ChildDetails("Jayden", "Pryce", "M", "WBRI", age_days=2 * 365 + 10),
        source="3E",
        concern="Toddler brought to A&E with an unexplained fracture.",
        primary_need="N1",
        staff=staff,
        span_days=CONFERENCE_DAYS,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(
        tm, ep, "decide_referral", 0, 14, decision="STRATEGY", rationale="Injury to a baby."
    )
    rec.episode(
        sw,
        ep,
        "hold_strategy_discussion",
        0,
        16,
        start_section47=True,
        agencies_present=["HEALTH", "POLICE"],
    )
    rec.episode(sw, ep, "start_section47", 1)
    rec.episode(sw, ep, "conclude_section47", 10, conference_needed=True)
    held_on, recorded_as = rec.day(15), rec.day(16)
    conference = rec.episode(
        sw,
        ep,
        "hold_initial_conference",
        16,
        11,
        recorded_at=rec.when(17, 10),
        plan=True,
        category="PHY",
        agencies_invited=AGENCIES,
        agencies_present=AGENCIES,
    )
    correction = rec.episode(
        tm,
        ep,
        "correct",
        17,
        14,
        version=conference.version,
        changes={"occurred_at": at(held_on, 11)},
        reason="The conference was held on the 15th, not the 16th: typing error.",
    )
    rec.episode(
        sw, ep, "start_protection_plan", 15, 12, recorded_at=rec.when(17, 15), category="PHY"
    )
    return CorrectedConference(
        *_fields(ids),
        conference_version=conference.version,
        correction_version=correction.version,
        recorded_as=recorded_as,
        held_on=held_on,
    )


WRONG_CHILD_DAYS = 10


def event_entered_on_wrong_child(
    service: CaseRecord, base: date, staff: Staff | None = None
) -> WrongChild:
    """Two children with similar names on one worker's caseload; a home visit to Mia Clarke is
    recorded on Maya Clark's episode, struck there the next day as entered in error, and
    recorded on Mia's."""
    staff = staff or form_staff(service, base - timedelta(days=90))
    _, maya = refer_child(
        service,
        base,
        ChildDetails("Maya", "Clark", "F", "WIRI", age_days=9 * 365),
        source="2B",
        concern="Maya's attendance has dropped to 70%.",
        primary_need="N5",
        staff=staff,
        span_days=WRONG_CHILD_DAYS,
    )
    rec, mia = refer_child(
        service,
        base,
        ChildDetails("Mia", "Clarke", "F", "WBRI", age_days=9 * 365 + 120),
        source="1A",
        concern="Grandmother worried about Mia's mother's drinking.",
        primary_need="N5",
        staff=staff,
        span_days=WRONG_CHILD_DAYS,
    )
    for ids in (maya, mia):
        rec.episode(
            ids.manager_actor,
            ids.episode,
            "decide_referral",
            1,
            decision="ASSESSMENT",
            rationale="Needs assessing.",
        )
    for ids in (maya, mia):
        rec.episode(ids.actor, ids.episode, "start_assessment", 2)
    wrong = rec.episode(
        mia.actor,
        maya.episode,
        "record_visit",
        5,
        16,
        child_seen=True,
        seen_alone=True,
        note="Mia seen at home with her grandmother.",
    )
    strike = rec.episode(
        mia.actor,
        maya.episode,
        "strike",
        6,
        9,
        version=wrong.version,
        reason="Entered on the wrong child's record: this visit was to Mia Clarke.",
    )
    right = rec.episode(
        mia.actor,
        mia.episode,
        "record_visit",
        5,
        16,
        recorded_at=rec.when(6, 10, 5),
        child_seen=True,
        seen_alone=True,
        note="Mia seen at home with her grandmother.",
    )
    return WrongChild(
        *_fields(mia),
        wrong_child=maya.child,
        wrong_episode=maya.episode,
        struck_version=wrong.version,
        strike_version=strike.version,
        visit_version=right.version,
    )


class Journey(Protocol):
    def __call__(self, service: CaseRecord, base: date, staff: Staff | None = None) -> CaseIds: ...


JOURNEYS: dict[str, Journey] = {
    "referral closed with no further action": referral_closed_with_no_further_action,
    "child in need": child_in_need_journey,
    "protection plan": protection_plan_journey,
    "looked after": looked_after_journey,
    "late-recorded visit": late_recorded_visit,
    "protection visit recorded late": protection_visit_recorded_late,
    "corrected conference date": corrected_conference_date,
    "event entered on the wrong child": event_entered_on_wrong_child,
}


def _fields(ids: CaseIds) -> tuple[UUID, UUID, UUID, UUID, str, str]:
    return (ids.child, ids.episode, ids.worker, ids.team, ids.actor, ids.manager_actor)
