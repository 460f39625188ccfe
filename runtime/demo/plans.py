"""The building blocks several pathways share: a child and family assessment, and a child in need
plan with its visits and reviews."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.calendar import add_months
from runtime.demo import texts
from runtime.demo.plan import MANAGER, add_working_days, working_day
from runtime.demo.timeline import Timeline

FACTORS = ("1B", "2B", "3A", "3B", "3C", "4A", "4B", "5A", "6A", "7A", "8B", "10A", "11A", "12A",
           "14A", "16A", "17A", "18B", "19B", "22A", "24A")
NEEDS = ("N1", "N2", "N3", "N4", "N5", "N6", "N8")
NEED_WEIGHTS = (57, 9, 4, 9, 15, 3, 3)


def assessment(
    t: Timeline, after: datetime, outcome: str, seen: float = 0.97, alone: float = 0.5,
    none_found: float = 0.0, enquiry: tuple[date, bool] | None = None,
    by_day: date | None = None,
) -> datetime:
    """A child and family assessment (E3: 45 working days), from start to authorisation;
    `enquiry` concludes a section 47 enquiry on its day, before the assessment completes.
    Returns when it was authorised."""
    start_on = after.date() if enquiry else t.later(after.date(), 0, 3)
    started = t.key(t.after(start_on, after), "episode.start_assessment")
    due = add_working_days(t.referral_day, 45)
    roll = t.lateness(due)
    span = (t.rng.randint(8, 30) if roll < 0.55 else t.rng.randint(31, 45) if roll < 0.88
            else t.rng.randint(46, 70))
    completed_on = max(add_working_days(t.referral_day, span), t.later(start_on, 3, 6))
    if by_day is not None:
        completed_on = max(min(completed_on, by_day), start_on)
    last = started
    if t.chance(seen if enquiry is None else 1.0):
        seen_on = min(t.later(start_on, 0, 6), completed_on)
        last = t.key(t.after(seen_on, started), "episode.record_child_seen_in_assessment")
        t.note(last - timedelta(minutes=30), "episode.record_visit", statutory=False,
               child_seen=True, seen_alone=t.chance(alone), note=None)
        if t.unknown_need:
            t.unknown_need = False
            need = t.rng.choices(NEEDS, NEED_WEIGHTS)[0]
            t.key(t.after(seen_on, last), "episode.record_primary_need", primary_need=need)
    if completed_on > due and t.chance(0.5):
        t.extend(max(add_working_days(due, -t.rng.randint(2, 8)), start_on), "E3",
                 add_working_days(due, t.rng.randint(15, 25)), t.rng.choice(texts.EXTENSIONS["E3"]))
    if enquiry is not None:
        concluded = max(min(enquiry[0], completed_on), start_on)
        t.key(t.after(concluded, started), "episode.conclude_section47",
              conference_needed=enquiry[1])
    factors = (["21"] if t.chance(none_found)
               else sorted(set(t.rng.sample(FACTORS, t.rng.randint(1, 4)))))
    completed = t.key(t.after(completed_on, max(last, started)), "episode.complete_assessment",
                      factors=factors, outcome=outcome)
    if t.unknown_need:
        # Settled by the assessment even when the child was not seen: the returns need it
        # (SSDA903's category of need) for every episode that goes on.
        t.unknown_need = False
        completed = t.key(t.after(completed_on, completed), "episode.record_primary_need",
                          primary_need=t.rng.choices(NEEDS, NEED_WEIGHTS)[0])
    authorised_on = t.later(completed_on, 0, 5) if t.chance(0.85) else t.later(completed_on, 6, 15)
    if by_day is not None:
        authorised_on = max(min(authorised_on, by_day), completed_on)
    return t.key(t.after(authorised_on, completed), "episode.authorise_assessment", MANAGER)


def cin_plan(
    t: Timeline, start_on: date, after: datetime, months: float | None = None
) -> datetime | None:
    """A child in need plan with visits and reviews (E9: 3 months). Returns when it ended, or
    None when it runs past the horizon."""
    if not t.open(start_on):
        return None
    if start_on >= t.child_age_limit:
        return after
    started = t.key(t.after(start_on, after), "episode.start_cin_plan")
    t.hold(started - timedelta(minutes=5), "safeguarding", "CHCHANGE")
    length = months if months is not None else min(t.rng.lognormvariate(1.8, 0.5), 24)
    end_on = working_day(start_on + timedelta(days=int(length * 30.4)))
    end_on = min(end_on, working_day(t.child_age_limit - timedelta(days=7)))
    day = start_on
    while True:
        day = t.days(day, 20, 45)
        if day >= end_on or not t.open(day):
            break
        t.visit(day, statutory=False, seen=0.9, alone=0.5)
    last, reviewed = started, start_on
    while True:
        due = add_months(reviewed, 3)
        roll = t.lateness(due)
        if roll < 0.8:
            review = working_day(due - timedelta(days=t.rng.randint(0, 25)))
        elif roll < 0.92:
            review = working_day(due + timedelta(days=t.rng.randint(5, 30)))
        else:
            asked = working_day(due - timedelta(days=t.rng.randint(3, 10)))
            if asked < end_on:
                t.extend(asked, "E9", due + timedelta(days=21), texts.EXTENSIONS["E9"][0])
            review = working_day(due + timedelta(days=t.rng.randint(10, 20)))
        if review >= end_on or not t.open(review):
            break
        last = t.key(t.after(review, last), "episode.review_cin_plan")
        reviewed = review
    if not t.open(end_on):
        return None
    return t.key(t.after(max(end_on, last.date()), last), "episode.end_cin_plan",
                 reason="Plan goals met; support from universal services")
