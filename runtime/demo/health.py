"""The health of a child in care, as the looked-after children's nurse and the social worker
record it: the initial health assessment within about 20 working days of coming into care, then
reviews every six months under 5 and every year from 5 (a few late), immunisations and, for the
under-fives, development checks reviewed at each; the dentist about once a year (some years
missed); a Strengths and Difficulties Questionnaire each year from 4 to 16, at much the same
time of year (a few not scored, with the reason); now and then a teenager's substance misuse,
with the help offered, refused or taken up; rarely, from 10, a conviction or caution.

Its choices come from a random generator of its own, made from the child and the period of care,
so that the rest of the synthetic authority does not shift."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from domain.calendar import add_months, birthday
from runtime.demo.plan import add_working_days, at, working_day
from runtime.demo.timeline import Timeline

NOT_SCORED = (("SDQ2", 35), ("SDQ4", 30), ("SDQ5", 25), ("SDQ3", 10))
DISPOSALS = (("YOUTH_CAUTION", 45), ("CONVICTION", 35), ("YOUTH_CONDITIONAL_CAUTION", 20))
# The questionnaire goes out between June and February, so that each collection year has one.
QUESTIONNAIRE_MONTHS = (6, 7, 8, 9, 10, 11, 12, 1, 2)


def record(t: Timeline, began: datetime, stop: date) -> None:
    """The health of the child in care from `began` until `stop` (leaving care, or the end of
    what is planned)."""
    child = t.episode.child
    rng = random.Random(f"health:{child.key}:{child.date_of_birth}:{began.isoformat()}")
    born, start = child.date_of_birth, began.date()
    disabled = child.facts.get("disabilities", ["NONE"]) != ["NONE"]
    _assessments(t, rng, born, start, stop)
    _dentist(t, rng, start, stop)
    _questionnaires(t, rng, born, start, stop, disabled)
    _substance_misuse(t, rng, born, start, stop)
    _offending(t, rng, born, start, stop)


def _assessments(t: Timeline, rng: random.Random, born: date, start: date, stop: date) -> None:
    """Health assessments, with immunisations (and development checks under 5) reviewed."""
    day = add_working_days(start, rng.randint(15, 20) if rng.random() < 0.85
                           else rng.randint(21, 40))
    initial, immunised = True, rng.random() < 0.85
    while day < stop and t.open(day):
        under_five = day < birthday(born, 5)
        due = add_months(day, 6 if under_five else 12)
        if not initial and rng.random() < 0.04:  # a review missed: the next one is due as planned
            day = working_day(due)
            continue
        when = _time(rng, day)
        t.note(when, "episode.complete_health_assessment", initial=initial)
        t.note(when + timedelta(minutes=5), "episode.review_immunisations",
               up_to_date=immunised)
        # Most catch up by the next review once it is noticed; few fall behind.
        immunised = rng.random() < (0.97 if immunised else 0.6)
        if under_five:
            t.note(when + timedelta(minutes=10), "episode.review_development_checks",
                   up_to_date=rng.random() < 0.9)
        day = working_day(due - timedelta(days=rng.randint(0, 21)) if rng.random() < 0.85
                          else due + timedelta(days=rng.randint(5, 45)))
        initial = False


def _dentist(t: Timeline, rng: random.Random, start: date, stop: date) -> None:
    day = working_day(start + timedelta(days=rng.randint(20, 90)))
    while day < stop and t.open(day):
        if rng.random() < 0.8:  # some appointments are missed
            t.note(_time(rng, day), "episode.record_dental_check")
        day = working_day(day + timedelta(days=rng.randint(180, 420)))


def _questionnaires(
    t: Timeline, rng: random.Random, born: date, start: date, stop: date, disabled: bool
) -> None:
    """One a collection year while the child is 4 to 16, on much the same day each year."""
    month, on = rng.choice(QUESTIONNAIRE_MONTHS), rng.randint(1, 28)
    first_year = start.year - 1 if start.month < 4 else start.year  # the year's 1 April
    for year in range(first_year, stop.year + 1):
        due = date(year + (1 if month < 4 else 0), month, on)
        day = working_day(due + timedelta(days=rng.randint(-7, 7)))
        # Not in the child's first weeks in care, which the questionnaire would not be about.
        if not (start + timedelta(days=28) <= day < stop and t.open(day)):
            continue
        if not birthday(born, 4) <= day < birthday(born, 17):
            continue
        if rng.random() < 0.94:
            t.note(_time(rng, day), "episode.record_strengths_and_difficulties",
                   score=min(40, max(0, round(rng.gauss(14, 6)))))
            continue
        reasons = [(r, w) for r, w in NOT_SCORED if r != "SDQ3" or disabled]
        t.note(_time(rng, day), "episode.record_strengths_and_difficulties",
               not_scored_reason=rng.choices([r for r, _ in reasons],
                                             [w for _, w in reasons])[0])


def _substance_misuse(
    t: Timeline, rng: random.Random, born: date, start: date, stop: date
) -> None:
    """For some teenagers, a problem identified, help offered (refused, or taken up)."""
    earliest = max(start + timedelta(days=30), birthday(born, 13))
    if earliest >= stop or rng.random() > 0.12:
        return
    day = working_day(earliest + timedelta(days=rng.randint(0, max(0, (stop - earliest).days))))
    if day >= stop or not t.open(day):
        return
    t.key(_time(rng, day), "episode.identify_substance_misuse")
    for _ in range(2):  # offered again after a refusal, sometimes
        day = working_day(day + timedelta(days=rng.randint(5, 30)))
        if day >= stop or not t.open(day) or rng.random() > 0.85:
            return
        accepted = rng.random() < 0.65
        t.key(_time(rng, day), "episode.offer_substance_misuse_intervention", accepted=accepted)
        if accepted:
            day = working_day(day + timedelta(days=rng.randint(7, 40)))
            if day < stop and t.open(day) and rng.random() < 0.9:
                t.key(_time(rng, day), "episode.record_substance_misuse_intervention")
            return
        if rng.random() > 0.3:
            return


def _offending(t: Timeline, rng: random.Random, born: date, start: date, stop: date) -> None:
    """Rare, and only from the age of criminal responsibility (10)."""
    day = max(start, birthday(born, 10))
    while True:
        day = working_day(day + timedelta(days=int(rng.expovariate(0.04 / 365)) + 30))
        if day >= stop or not t.open(day):
            return
        disposal = rng.choices([d for d, _ in DISPOSALS], [w for _, w in DISPOSALS])[0]
        t.note(_time(rng, day), "episode.record_youth_justice_outcome", disposal=disposal)


def _time(rng: random.Random, day: date) -> datetime:
    return at(working_day(day), rng.randint(9, 16), rng.choice((0, 15, 30, 45)))


