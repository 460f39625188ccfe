"""A small authority for the browser tests: two teams, the demo's own practitioner (SW-DEMO) and
manager (TM-DEMO), so that the sign-in page offers them as one click, and a handful of children
whose records are in the states the tests need, dated back from today.

- Kacey (SW-DEMO): on a protection plan, visited five days ago, so a visit clock is running now;
- Leon (SW-DEMO): on a protection plan, a visit made late and recorded later still
  (`tests.journeys.protection_visit_recorded_late`): overdue as it was known for ten days;
- Amy (SW-DEMO): an assessment past its 45 working days;
- Ruby (Sam Okoro, a teammate now off sick): an assessment just begun;
- Noah (Sam Okoro): an assessment past its 45 working days (an overdue clock to extend);
- Jade and Mia: referred four and two days ago and waiting for a worker;
- Tyler: held by the other team's social worker (a record to break the glass on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from domain.service import CaseRecord, CommandContext
from runtime.bootstrap import Casetrail
from tests.integration.views_support import settle
from tests.journeys import (
    AGENCIES,
    ChildDetails,
    Recorder,
    Staff,
    at,
    protection_visit_recorded_late,
    refer_child,
)

PRACTITIONER, MANAGER = "SW-DEMO", "TM-DEMO"
ADMIN = CommandContext(actor="workforce-admin")


@dataclass(frozen=True)
class Child:
    child: UUID
    episode: UUID
    name: str


@dataclass(frozen=True)
class Authority:
    casetrail: Casetrail
    home: Staff
    away: Staff
    sam: UUID
    practitioner_name: str
    manager_name: str
    kacey: Child
    leon: Child
    amy: Child
    noah: Child
    jade: Child
    mia: Child
    tyler: Child
    leon_visit_recorded_on: date


def days_ago(days: int) -> date:
    return datetime.now(UTC).date() - timedelta(days=days)


def build_authority(casetrail: Casetrail) -> Authority:
    service = casetrail.case_record
    formed = days_ago(400)
    home = _team(service, formed, "Safeguarding North", PRACTITIONER, "Priya Raman", MANAGER,
                 "Gareth Lloyd")
    away = _team(service, formed, "Safeguarding South", "SW-SOUTH", "Tom Hughes", "TM-SOUTH",
                 "Nia Evans")
    sam = _join(service, formed, home.team, "SW-NORTH-2", "Sam Okoro", "SOCIAL_WORKER")
    sam_staff = Staff(home.team, sam, home.manager, "SW-NORTH-2", MANAGER)

    kacey = _protection_plan_with_a_recent_visit(service, home)
    leon_ids = protection_visit_recorded_late(service, days_ago(60), home)
    leon = Child(leon_ids.child, leon_ids.episode, "Leon Sutcliffe")
    amy = _assessment(service, home, days_ago(75), _child("Amy", "Smith", "F", 3000))
    _assessment(service, sam_staff, days_ago(12), _child("Ruby", "Jackson", "F", 1900))
    noah = _assessment(service, sam_staff, days_ago(80), _child("Noah", "Brown", "M", 3700))
    _absent(service, sam, home.manager_actor, days_ago(3))
    jade = _waiting(service, home, days_ago(4), _child("Jade", "Morris", "F", 1100))
    mia = _waiting(service, home, days_ago(2), _child("Mia", "Clarke", "F", 2500))
    tyler = _assessment(service, away, days_ago(10), _child("Tyler", "Okafor", "M", 4400))
    settle(casetrail)
    return Authority(
        casetrail=casetrail, home=home, away=away, sam=sam, practitioner_name="Priya Raman",
        manager_name="Gareth Lloyd", kacey=kacey, leon=leon, amy=amy, noah=noah, jade=jade,
        mia=mia, tyler=tyler, leon_visit_recorded_on=days_ago(10),
    )


def _child(given: str, family: str, sex: str, age_days: int) -> ChildDetails:
    return ChildDetails(given, family, sex, "WBRI", age_days)


def _team(
    service: CaseRecord, formed: date, name: str, worker_id: str, worker_name: str,
    manager_id: str, manager_name: str,
) -> Staff:
    rec = Recorder(service, formed, 0)
    moment = at(formed, 9)
    team = rec.run(moment, None, lambda: service.form_team(
        ADMIN, occurred_at=moment, code=manager_id.replace("TM-", "T"), name=name,
    )).record_id
    manager = _join(service, formed, team, manager_id, manager_name, "TEAM_MANAGER")
    worker = _join(service, formed, team, worker_id, worker_name, "SOCIAL_WORKER")
    rec.run(moment, None, lambda: service.appoint_team_manager(ADMIN, team, manager, moment))
    return Staff(team, worker, manager, worker_id, manager_id)


def _join(
    service: CaseRecord, formed: date, team: UUID, staff_id: str, name: str, role: str
) -> UUID:
    rec = Recorder(service, formed, 0)
    moment = at(formed, 9)
    return rec.run(moment, None, lambda: service.add_worker(
        ADMIN, occurred_at=moment, staff_id=staff_id, name=name, team=team, role=role,
    )).record_id


def _protection_plan_with_a_recent_visit(service: CaseRecord, staff: Staff) -> Child:
    """Plan from 20 days ago; the child was last visited 5 days ago, so the next visit (within
    10 working days) is due in the days ahead."""
    details = ChildDetails("Kacey", "Doyle", "F", "MWBC", age_days=5 * 365 + 200)
    rec, ids = refer_child(
        service, days_ago(30), details, source="6", primary_need="N1", staff=staff,
        concern="Police called to a domestic incident; Kacey found alone overnight.",
        span_days=25,
    )
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 0, 14, decision="STRATEGY", rationale="Risk of harm.")
    rec.episode(sw, ep, "hold_strategy_discussion", 1, start_section47=True,
                agencies_present=["HEALTH", "POLICE", "SOCIAL_CARE"])
    rec.episode(sw, ep, "start_section47", 1, 12)
    rec.episode(sw, ep, "conclude_section47", 8, conference_needed=True)
    rec.episode(sw, ep, "hold_initial_conference", 10, plan=True, category="NEG",
                agencies_invited=AGENCIES, agencies_present=AGENCIES)
    rec.episode(sw, ep, "start_protection_plan", 10, 14, category="NEG")
    rec.episode(sw, ep, "record_visit", 11, child_seen=True, seen_alone=True)
    rec.episode(sw, ep, "hold_core_group", 18, agencies_invited=AGENCIES,
                agencies_present=["EDUCATION", "FAMILY", "HEALTH"])
    rec.episode(sw, ep, "record_visit", 25, child_seen=True, seen_alone=False)
    return Child(ids.child, ep, f"{details.given_name} {details.family_name}")


def _assessment(service: CaseRecord, staff: Staff, base: date, details: ChildDetails) -> Child:
    rec, ids = refer_child(
        service, base, details, source="2A", primary_need="N2", staff=staff,
        concern="School worried about attendance and weight loss.", span_days=1,
    )
    rec.episode(ids.manager_actor, ids.episode, "decide_referral", 0, 15,
                decision="ASSESSMENT", rationale="Needs assessing.")
    rec.episode(ids.actor, ids.episode, "start_assessment", 1)
    return Child(ids.child, ids.episode, f"{details.given_name} {details.family_name}")


def _waiting(service: CaseRecord, staff: Staff, base: date, details: ChildDetails) -> Child:
    """Registered and referred, and not allocated."""
    rec = Recorder(service, base, 0)
    moment = at(base, 9, 30)
    intake = CommandContext(actor=staff.worker_actor)
    child = rec.run(moment, None, lambda: service.register_child(
        intake, occurred_at=moment, la_child_id=f"WAIT{details.given_name.upper()}",
        given_name=details.given_name,
        family_name=details.family_name, sex=details.sex, ethnicity=details.ethnicity,
        date_of_birth=base - timedelta(days=details.age_days), disabilities=["NONE"],
        address=details.address,
    )).record_id
    episode = rec.run(moment, None, lambda: service.receive_referral(
        intake, child, occurred_at=moment, source="1B", primary_need="N1",
        concern="Neighbour heard shouting and a child crying late at night.",
    )).record_id
    return Child(child, episode, f"{details.given_name} {details.family_name}")


def _absent(service: CaseRecord, worker: UUID, manager_actor: str, since: date) -> None:
    rec = Recorder(service, since, 0)
    moment = at(since, 8)
    rec.run(moment, None, lambda: service.worker_command(
        CommandContext(actor=manager_actor), worker, "start_absence", occurred_at=moment,
        kind="SICKNESS", expected_back=since + timedelta(days=7),
    ))
