"""A period of care and, for the oldest, leaving care: placements and their moves (who provides
them and where: `placements`), legal status, statutory visits (E14: within a week of each
placement, then 6-weekly, 3-monthly for a long-term placement after its first year), reviews
(E11 to E13), missing episodes, the care plan (E10); at 16 the needs assessment (E15) and a
pathway plan (E16); at 18 leaving care with a personal adviser's visits (E17); for some of the
youngest, adoption (`adoption`)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.calendar import add_months, birthday
from runtime.demo import adoption, health
from runtime.demo.placements import CarePlacements
from runtime.demo.plan import working_day
from runtime.demo.plans import cin_plan
from runtime.demo.timeline import Timeline

YOUNG_PLACEMENTS = (("U6", 55), ("U3", 18), ("U4", 12), ("P1", 6), ("K2", 2), ("U5", 2))
TEEN_PLACEMENTS = (("U6", 40), ("K2", 25), ("U4", 15), ("U3", 10), ("R1", 5), ("K3", 5))
MOVE_REASONS = (("CARPL", 40), ("CREQB", 20), ("CREQO", 10), ("CHILD", 10), ("STAND", 5),
                ("ALLEG", 5), ("LAREQ", 5), ("OTHER", 5))
IN_CARE = frozenset({
    "episode.become_looked_after", "episode.prepare_care_plan", "episode.change_legal_status",
    "episode.hold_looked_after_review", "episode.change_placement",
    "episode.record_missing_episode",
})
# How a period of care ends (other than at 18), and how the episode then closes.
ENDINGS = (("E4B", 45, "RC7"), ("E13", 15, "RC7"), ("E45", 15, "RC4"), ("E47", 6, "RC3"),
           ("E4A", 7, "RC7"), ("E8", 7, "RC7"), ("E41", 5, "RC3"))


def looked_after(t: Timeline, began: datetime) -> None:
    """A period of care from `began`: it ends with a return home, an order, or at 18 (leaving
    care); the long ones run past the end of the history."""
    child = t.episode.child
    written = len(t.episode.steps)
    age = child.age_on(began.date())
    t.hold(began - timedelta(minutes=5), "children_in_care", "CHCHANGE")
    legal = t.rng.choices(("V2", "C1", "L2"), (60, 30, 10))[0]
    # Placed with parents (P1) only under a care order: accommodated under section 20, a child
    # living with their parents would not be looked after at all.
    section20 = legal == "V2"
    placement, regime, intended = _placement(t, age, section20)
    start_on = began.date()
    placed = CarePlacements(child, began)
    t.key(began, "episode.become_looked_after", legal_status=legal, placement_type=placement,
          visit_regime=regime, intended_until_18=intended, **placed.first(placement))
    care_plan_on = t.later(start_on, 3, 10) if t.chance(0.9) else t.later(start_on, 11, 20)
    t.key(t.after(care_plan_on, began), "episode.prepare_care_plan")
    roll = t.rng.random()
    days = (t.rng.randint(30, 180) if roll < 0.3 else t.rng.randint(180, 540) if roll < 0.5
            else t.rng.randint(540, 2500))
    at_eighteen = child.eighteenth_birthday
    leaves_at_18 = start_on + timedelta(days=days) >= at_eighteen - timedelta(days=30) or (
        age >= 15.5 and t.chance(0.75))
    cease_on = at_eighteen if leaves_at_18 else working_day(start_on + timedelta(days=days))
    adopting = adoption.plan(t, began, legal, age, cease_on)
    if adopting is not None and adopting.adopted_on is not None:
        cease_on, leaves_at_18 = adopting.adopted_on, False
    stop = min(cease_on, t.horizon)
    _legal_statuses(t, began, legal, adoption.legal_statuses_until(adopting, stop))
    adoption.decide(t, adopting)
    reviews = _reviews(t, began, stop)
    last_placement = _placements_and_visits(t, began, (placement, regime, intended), reviews,
                                            adoption.placements_until(adopting, stop), age,
                                            section20, placed)
    last_placement = adoption.place(t, adopting, last_placement, placed, stop)
    _missing(t, began, stop, age)
    health.record(t, began, stop)
    eligible = max(birthday(child.date_of_birth, 16), start_on + timedelta(days=91))
    pathway = eligible < cease_on and _turning_sixteen(
        t, began, eligible, t.horizon if leaves_at_18 else cease_on)
    if not t.open(cease_on):
        return
    # Leaving care follows everything that happened in care (not the assessment, which may
    # still be running after a short stay).
    inside = max(s.occurred_at for s in t.episode.steps[written:] if s.command in IN_CARE)
    ceased_on = max(cease_on, inside.date())
    # Special guardianship by former carers (E45) is for a child placed with foster carers.
    endings = [e for e in ENDINGS if e[0] != "E45" or last_placement.startswith("U")]
    if adopting is not None and adopting.adopted:
        reason, closure = adoption.ending(adopting)
    else:
        reason, _, closure = (("E17", 0, "") if leaves_at_18
                              else t.rng.choices(endings, [e[1] for e in endings])[0])
    ceased = t.key(t.after(ceased_on, inside), "episode.cease_to_be_looked_after",
                   ceased_reason=reason)
    if leaves_at_18:
        _leaving_care(t, ceased)
        return
    if pathway:
        t.key(t.after(ceased_on, ceased), "episode.end_pathway_plan", reason="Left care")
    if closure == "RC7" and t.chance(0.5):
        ended = cin_plan(t, ceased_on, ceased, months=t.rng.uniform(2, 9))
        if ended is not None:
            t.close(t.later(ended.date(), 0, 5), "RC7", "Home, and the plan's goals met")
        return
    t.close(t.later(ceased_on, 2, 20), closure, "Adopted" if closure == "RC1" else "Left care")


def _placement(t: Timeline, age: float, section20: bool) -> tuple[str, str, bool]:
    # Supported accommodation (K3) is for young people of 16 and over.
    table = [p for p in (TEEN_PLACEMENTS if age >= 12 else YOUNG_PLACEMENTS)
             if not (section20 and p[0] == "P1") and not (p[0] == "K3" and age < 16)]
    placement = t.rng.choices([p for p, _ in table], [w for _, w in table])[0]
    regime = ("E14a" if placement == "P1" else
              "E14b" if placement == "U3" and t.chance(0.5) else "E14")
    return placement, regime, placement in ("U1", "U4")


def _legal_statuses(t: Timeline, began: datetime, legal: str, stop: date) -> None:
    day = began.date()
    changes = []
    if legal == "L2":
        changes.append((t.later(day, 3, 6), "C1"))
    if legal == "V2" and t.chance(0.2):
        changes.append((t.days(day, 30, 120), "C1"))
    if (legal in ("C1", "L2") or changes) and t.chance(0.7):
        changes.append((t.days(changes[-1][0] if changes else day, 150, 240), "C2"))
    for on, status in changes:
        if on < stop:
            t.key(t.after(on, began), "episode.change_legal_status", legal_status=status)


def _reviews(t: Timeline, began: datetime, stop: date) -> list[date]:
    """E11 (20 working days), E12 (3 months later), E13 (every 6 months)."""
    found: list[date] = []
    first = t.later(began.date(), 12, 20) if t.chance(0.85) else t.later(began.date(), 21, 30)
    day = first
    while day < stop:
        found.append(day)
        # PN0 is the code for a child under 4 at the review, and only for them.
        under_four = day < birthday(t.episode.child.date_of_birth, 4)
        t.key(t.after(day, began), "episode.hold_looked_after_review",
              participation="PN0" if under_four
              else t.rng.choice(("PN1", "PN1", "PN2", "PN3", "PN4")))
        due = add_months(day, 3 if len(found) == 1 else 6)
        day = (working_day(due - timedelta(days=t.rng.randint(0, 21))) if t.chance(0.88)
               else working_day(due + timedelta(days=t.rng.randint(5, 30))))
    return found


def _placements_and_visits(
    t: Timeline, began: datetime, first: tuple[str, str, bool], reviews: list[date], stop: date,
    age: float, section20: bool, placed: CarePlacements,
) -> str:
    """Moves of placement (about one every 20 months), and the statutory visits of each; the
    last placement's type."""
    placements = [(began.date(), *first)]
    # A move never falls on the day the legal status changes: the DfE's validator flags every
    # episode begun by both at once (T) under rule 435, though T is the right code for it.
    status_days = {s.occurred_at.date() for s in t.episode.steps
                   if s.command == "episode.change_legal_status"}
    day = began.date()
    while True:
        day = working_day(day + timedelta(days=int(t.rng.expovariate(0.6 / 365)) + 14))
        while day in status_days:
            day = working_day(day + timedelta(days=1))
        if day >= stop:
            break
        kind, regime, intended = _placement(t, t.episode.child.age_on(day), section20)
        reason = t.rng.choices([r for r, _ in MOVE_REASONS], [w for _, w in MOVE_REASONS])[0]
        t.key(t.after(day, began), "episode.change_placement", placement_type=kind,
              change_reason=reason, visit_regime=regime, intended_until_18=intended,
              **placed.move(kind))
        placements.append((day, kind, regime, intended))
    ends = [p[0] for p in placements[1:]] + [stop]
    for (start, _, regime, intended), end in zip(placements, ends, strict=True):
        first_review = next((r for r in reviews if r >= start), None)
        visit = start + timedelta(days=t.rng.randint(2, 7) if t.chance(0.85)
                                  else t.rng.randint(8, 14))
        while visit < end and t.open(visit):
            t.visit(working_day(visit), statutory=True, seen=0.97, alone=0.8 if age >= 5 else 0)
            weekly = regime in ("E14a", "E14b") and (first_review is None or visit < first_review)
            weeks = 1 if weekly else 13 if intended and visit >= add_months(start, 12) else 6
            roll = t.lateness(visit)
            share = (t.rng.uniform(0.6, 1.0) if roll < 0.77 else t.rng.uniform(1.0, 1.3)
                     if roll < 0.93 else t.rng.uniform(1.3, 1.9))
            visit += timedelta(days=max(1, int(weeks * 7 * share)))
    return placements[-1][1]


def _missing(t: Timeline, began: datetime, stop: date, age: float) -> None:
    if age < 12 or not t.chance(0.35):
        return
    day = began.date()
    while True:
        day = day + timedelta(days=int(t.rng.expovariate(2.0 / 365)) + 3)
        if day >= stop or not t.open(day):
            return
        went = t.after(day, began, latest=22)
        back = went.date() + timedelta(days=t.rng.choice((0, 0, 1, 1, 2, 3)))
        t.key(went, "episode.record_missing_episode", returned_on=back if back < stop else None)


def _turning_sixteen(t: Timeline, began: datetime, eligible: date, until: date) -> bool:
    """The needs assessment (E15: 3 months) and the pathway plan, reviewed every 6 months
    until `until`; whether a pathway plan started."""
    assessed = (t.days(eligible, 20, 80) if t.chance(0.9) else t.days(eligible, 95, 130))
    if assessed < until and t.open(assessed):
        t.key(t.after(assessed, began), "episode.complete_needs_assessment")
    planned = t.days(eligible, 30, 90)
    if planned >= until or not t.open(planned):
        return False
    last = t.key(t.after(planned, began), "episode.start_pathway_plan")
    day = planned
    while True:
        due = add_months(day, 6)
        day = (working_day(due - timedelta(days=t.rng.randint(0, 25))) if t.chance(0.85)
               else working_day(due + timedelta(days=t.rng.randint(5, 40))))
        if day >= until or not t.open(day):
            return True
        last = t.key(t.after(day, last), "episode.review_pathway_plan")


def _leaving_care(t: Timeline, ceased: datetime) -> None:
    """Accommodation from the day of leaving, and a personal adviser who visits (E17)."""
    provided = t.key(t.after(ceased.date(), ceased), "episode.provide_care_leaver_accommodation")
    t.hold(provided + timedelta(minutes=5), "leaving_care", "CHCHANGE")
    day = provided.date() + timedelta(days=t.rng.randint(2, 7))
    while t.open(day):
        t.key(t.after(working_day(day), provided), "episode.record_personal_adviser_visit",
              note=None)
        day += timedelta(days=t.rng.randint(40, 62) if t.chance(0.9) else t.rng.randint(63, 90))
