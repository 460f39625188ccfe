"""Our own checks of a CIN census before it goes to the DfE: the cross-field rules of the census
(nothing before the referral or after the closure or a death; plans that never overlap; at most
one of each thing open at once; no further action carrying nothing; a protection plan starting
at its conference; reviews after the plan start) and those of the collection year, each reported
with the child and the DfE rule it anticipates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

from consumers.returns.cin_census import CinChild, CinEpisode
from consumers.returns.issues import ERROR, QUERY, Issue
from consumers.returns.period import CollectionYear, of_school_age
from domain.calendar import WorkingDayCalendar

REPORT = "cin"
CLOSED_AFTER_ASSESSMENT = frozenset({"RC8", "RC9"})
NO_FACTORS = "21"
ASSESSMENT_WORKING_DAYS = 45
CONFERENCE_WORKING_DAYS = 15
# The DfE's local authority numbers since April 1998 (and its pseudo-authorities), which
# characters 2-4 of a UPN must be.
_LA_RANGES = ((1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373),
              (380, 384), (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808),
              (810, 813), (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846),
              (850, 852), (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919),
              (921, 921), (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 941))
LA_NUMBERS = frozenset(f"{n:03d}" for first, last in _LA_RANGES for n in range(first, last + 1))
Found = Iterator[tuple[str, str, str]]  # rule, severity, message
Check = Callable[[CinChild, CollectionYear], Found]


def cin_checks(
    children: list[CinChild], year: CollectionYear, calendar: WorkingDayCalendar
) -> list[Issue]:
    # An assessment is due in 45 working days, an initial conference 15 working days after the
    # enquiry began (counted back from the reference date as the DfE's validator counts).
    overdue = calendar.add_working_days(year.end, -(ASSESSMENT_WORKING_DAYS - 1))
    no_conference = calendar.add_working_days(year.end, -(CONFERENCE_WORKING_DAYS - 1))
    found = [
        Issue(REPORT, child.la_child_id, rule, severity, message)
        for child in children for check in CHECKS for rule, severity, message in check(child, year)
    ]
    found += [
        Issue(REPORT, child.la_child_id, "8670Q", QUERY,
              f"assessment started {a.started_on}, more than 45 working days before the end of "
              "the year, is not completed")
        for child in children for e in child.episodes for a in e.assessments
        if a.authorised_on is None and a.started_on < overdue
    ]
    found += [
        Issue(REPORT, child.la_child_id, "8675Q", QUERY,
              f"section 47 started {s.started_on}, more than 15 working days before the end of "
              "the year, has no initial conference")
        for child in children for e in child.episodes for s in e.section47s
        if s.icpc_on is None and not s.icpc_not_required and s.started_on < no_conference
    ]
    return found


def _before_referral(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        ref = e.referral_date
        for a in e.assessments:
            if a.started_on < ref:
                yield "1103", ERROR, f"assessment started {a.started_on}, before the referral {ref}"
        for s in e.section47s:
            if s.started_on < ref:
                yield "2889", ERROR, f"section 47 started {s.started_on}, before the referral {ref}"
            if s.icpc_on and s.icpc_on < ref:
                yield "1104", ERROR, f"initial conference {s.icpc_on}, before the referral {ref}"
        for started, _ in e.cin_plans:
            if started < ref:
                yield "4015", ERROR, f"CIN plan started {started}, before the referral {ref}"
        for p in e.protection_plans:
            if p.started_on < ref:
                yield "1105", ERROR, f"CP plan started {p.started_on}, before the referral {ref}"


def _after_closure(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        closed = e.closed_on
        if closed is None:
            continue
        later = [d for d in _activity(e) if d > closed]
        if later:
            yield "8565", ERROR, f"activity on {max(later)} after the episode closed on {closed}"


def _after_death(child: CinChild, year: CollectionYear) -> Found:
    died = child.death_date
    if died is None:
        return
    for e in child.episodes:
        if e.referral_date > died:
            yield "8555Q", QUERY, f"referral on {e.referral_date} after the death on {died}"
        for started, ended in e.cin_plans:
            if started > died:
                yield "4008", ERROR, f"CIN plan started {started}, after the death on {died}"
            if ended and ended > died:
                yield "4009Q", QUERY, f"CIN plan ended {ended}, after the death on {died}"
        for p in e.protection_plans:
            if p.started_on > died:
                yield "8915", ERROR, f"CP plan started {p.started_on}, after the death on {died}"
            if p.ended_on and p.ended_on > died:
                yield "8920", ERROR, f"CP plan ended {p.ended_on}, after the death on {died}"


def _plans_overlap(child: CinChild, year: CollectionYear) -> Found:
    far = year.end + timedelta(days=1)
    cin = [(s, e or far) for ep in child.episodes for s, e in ep.cin_plans]
    protection = [(p.started_on, p.ended_on or far, p.reviews)
                  for ep in child.episodes for p in ep.protection_plans]
    for cin_start, cin_end in cin:
        for cpp_start, cpp_end, reviews in protection:
            if cin_start < cpp_end and cpp_start < cin_end:
                yield "4001", ERROR, (f"child in need plan from {cin_start} runs at the same time "
                                      f"as the protection plan from {cpp_start}")
            for review in reviews:
                # A review that ends the plan may fall on the day the child in need plan starts.
                if cin_start <= review < cin_end and review != cpp_end:
                    yield "4003", ERROR, (f"protection plan review on {review} during the child "
                                          f"in need plan from {cin_start}")


def _open_at_once(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        if sum(1 for a in e.assessments if a.authorised_on is None) > 1:
            yield "8896", ERROR, f"two or more open assessments (episode from {e.referral_date})"
        open_s47 = [s for s in e.section47s if s.icpc_on is None and not s.icpc_not_required]
        if len(open_s47) > 1:
            yield "8839", ERROR, f"two or more open section 47s (episode from {e.referral_date})"
    if sum(1 for e in child.episodes for _, end in e.cin_plans if end is None) > 1:
        yield "4004", ERROR, "more than one open child in need plan"
    if sum(1 for e in child.episodes for p in e.protection_plans if p.ended_on is None) > 1:
        yield "8935", ERROR, "more than one open protection plan"


def _no_further_action(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        ref = e.referral_date
        if e.referral_nfa:
            if e.assessments or e.section47s:
                yield "8831", ERROR, f"the referral of {ref} was no further action, yet has work"
            if e.cin_plans:
                yield "4000", ERROR, f"the referral of {ref} was no further action, yet has a plan"
            if e.protection_plans:
                yield "8832", ERROR, (f"the referral of {ref} was no further action, yet has a "
                                      "protection plan")
        authorised = [a for a in e.assessments if a.authorised_on]
        if (len(e.assessments) == 1 and authorised and NO_FACTORS in authorised[0].factors
                and e.closure_reason not in CLOSED_AFTER_ASSESSMENT):
            yield "8873Q", QUERY, (f"the only assessment found no factors (21), yet the episode "
                                   f"from {ref} was not closed RC8 or RC9")
        if e.section47s and not e.assessments:
            yield "2991Q", QUERY, f"a section 47 and no assessment (episode from {ref})"
        for started, ended in e.cin_plans:
            if started == ended:
                yield "4012Q", QUERY, f"child in need plan started and ended on {started}"
        if e.closure_reason in CLOSED_AFTER_ASSESSMENT:
            if not e.assessments:
                yield "8825Q", QUERY, (f"closed {e.closure_reason} (after assessment) with no "
                                       f"assessment in the year (episode from {ref})")
            if e.section47s or e.cin_plans or e.protection_plans:
                yield "2990", ERROR, (f"closed {e.closure_reason} (after assessment) but has a "
                                      f"section 47 or a plan (episode from {ref})")


def _plan_at_conference(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        conferences = {s.icpc_on for s in e.section47s if s.icpc_on}
        for p in e.protection_plans:
            if p.started_on in year and p.started_on not in conferences:
                yield "2885", ERROR, (f"protection plan started {p.started_on}, not on the day of "
                                      "an initial conference")
            for review in p.reviews:
                if review <= p.started_on:
                    yield "8841", ERROR, (f"review on {review}, not after the plan started on "
                                          f"{p.started_on}")


def _within_the_year(child: CinChild, year: CollectionYear) -> Found:
    for e in child.episodes:
        for a in e.assessments:
            if a.authorised_on is None and a.started_on < year.start:
                yield "8736", ERROR, (f"assessment started {a.started_on}, before the year, and "
                                      "not completed by its end")
            if e.closed_on and a.authorised_on is None:
                yield "8867", ERROR, (f"episode closed {e.closed_on} with the assessment from "
                                      f"{a.started_on} not completed (authorised)")
        for s in e.section47s:
            finished = s.icpc_on is not None or s.icpc_not_required
            if not finished and s.started_on < year.start:
                yield "8740", ERROR, (f"section 47 started {s.started_on}, before the year, with "
                                      "no initial conference by its end")
            if e.closed_on and not finished:
                yield "8868", ERROR, (f"episode closed {e.closed_on} with the section 47 from "
                                      f"{s.started_on} neither conferenced nor found not to need "
                                      "one")


def _identity(child: CinChild, year: CollectionYear) -> Found:
    born = child.birth_date or child.expected_birth_date
    if born is not None:
        for e in child.episodes:
            if e.referral_date < born - timedelta(weeks=40):
                yield "8606", ERROR, (f"referral on {e.referral_date}, more than 40 weeks before "
                                      f"the birth ({born})")
    if child.birth_date is None and child.sex != "U":
        yield "8750", ERROR, "an unborn child's sex must be U"
    further = any(not e.referral_nfa for e in child.episodes)
    if (of_school_age(child.birth_date, year) and child.upn is None and further
            and child.upn_unknown in (None, "UN1")):
        yield "8770Q", QUERY, "no UPN, and no reason it is unknown, for a child of school age"
    if child.upn and child.upn[1:4] not in LA_NUMBERS:
        yield "1530", ERROR, (f"the UPN's characters 2-4 ({child.upn[1:4]}) are no local "
                              "authority's number")


def _activity(e: CinEpisode) -> list[date]:
    days = [a.started_on for a in e.assessments]
    days += [a.authorised_on for a in e.assessments if a.authorised_on]
    days += [s.started_on for s in e.section47s]
    days += [s.icpc_on for s in e.section47s if s.icpc_on]
    days += [p.ended_on for p in e.protection_plans if p.ended_on]
    days += [d for plan in e.cin_plans for d in plan if d]
    return days


CHECKS: tuple[Check, ...] = (
    _identity, _before_referral, _after_closure, _after_death, _plans_overlap, _open_at_once,
    _no_further_action, _plan_at_conference, _within_the_year,
)
