"""How an episode unfolds from its referral, one function per pathway. Each writes what would
happen, with the timescales mostly met, sometimes late, occasionally missed; what would happen
after the end of the history is written too, and simply never recorded.

The pathways and their shares of referrals are in `journeys.PATHWAYS`; becoming looked after
and leaving care are in `care`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.calendar import add_months
from runtime.demo import care, texts
from runtime.demo.plan import MANAGER, add_working_days, working_day
from runtime.demo.plans import assessment, cin_plan
from runtime.demo.timeline import Timeline

CATEGORIES = ("NEG", "EMO", "PHY", "SAB", "MUL")
CATEGORY_WEIGHTS = (50, 36, 7, 4, 3)
CORE_AGENCIES = ("POLICE", "HEALTH", "EDUCATION")


def no_further_action(t: Timeline) -> None:
    decided = t.decide("NFA", texts.RATIONALES["NFA"])
    t.close(decided.date(), "RC7", "No further action at referral")


def early_help(t: Timeline) -> None:
    decided = t.decide("EARLY_HELP", texts.RATIONALES["EARLY_HELP"])
    t.close(decided.date(), "RC7", "Stepped down to early help at the front door")


def assessed_then_closed(t: Timeline, closure: str) -> None:
    """An assessment that finds no need (RC8) or a need early help can meet (RC9)."""
    decided = _to_assessment(t)
    outcome = "NFA" if closure == "RC8" else "EARLY_HELP"
    authorised = assessment(t, decided, outcome, none_found=0.6 if closure == "RC8" else 0.2)
    words = "Closed after assessment" + (", referred to early help" if closure == "RC9" else "")
    t.close(t.later(authorised.date(), 0, 8), closure, words)


def child_in_need(t: Timeline) -> None:
    authorised = assessment(t, _to_assessment(t), "CIN_PLAN")
    _plan_then_close(t, authorised)


def section47(t: Timeline, conference: bool) -> None:
    """A strategy discussion and enquiries; with `conference`, an initial conference follows
    and, mostly, a protection plan."""
    t.hold(t.episode.referral_at + timedelta(hours=1), "assessment")
    decided = t.decide("STRATEGY", texts.RATIONALES["STRATEGY"])
    held_on = decided.date() if t.chance(0.85) else t.later(decided.date(), 1, 3)
    held = t.key(t.after(held_on, decided), "episode.hold_strategy_discussion",
                 start_section47=True, agencies_present=_present(
                     t, ["HEALTH", "POLICE", "SOCIAL_CARE"]
                     + (["EDUCATION"] if t.chance(0.6) else [])))
    enquiry = t.key(t.after(held_on, held), "episode.start_section47")
    if not conference:
        outcome = "CIN_PLAN" if t.chance(0.4) else "NFA"
        concluded = t.later(held_on, 5, 15)
        authorised = assessment(t, enquiry, outcome, alone=0.8,
                                enquiry=(concluded, False))
        if outcome == "CIN_PLAN":
            _plan_then_close(t, authorised)
        else:
            # Not RC8: "closed after assessment" is for a case that had only an assessment.
            t.close(t.later(authorised.date(), 0, 5), "RC7", "Enquiries found no continuing need")
        return
    late = t.chance(0.2)
    conference_on = t.later(held_on, 16, 25) if late else t.later(held_on, 8, 15)
    before = add_working_days(conference_on, -1)
    authorised = assessment(t, enquiry, "PROTECTION", alone=0.8,
                            enquiry=(min(t.later(held_on, 5, 15), before), True), by_day=before)
    if t.chance(0.12):
        t.key(t.after(conference_on, authorised), "episode.hold_initial_conference", plan=False,
              category=None, **_agencies(t))
        _plan_then_close(t, t.latest)
        return
    protection(t, conference_on)


def looked_after(t: Timeline) -> None:
    """Assessed and, within days, looked after (care proceedings, or accommodated)."""
    decided = _to_assessment(t)
    assessment(t, decided, "LOOKED_AFTER", alone=0.7)
    care.looked_after(t, t.after(t.later(decided.date(), 0, 10), decided))


def _to_assessment(t: Timeline) -> datetime:
    t.hold(t.episode.referral_at + timedelta(hours=1), "assessment")
    return t.decide("ASSESSMENT", texts.RATIONALES["ASSESSMENT"])


def _plan_then_close(t: Timeline, after: datetime) -> None:
    ended = cin_plan(t, t.later(after.date(), 0, 10), after)
    if ended is not None:
        t.close(t.later(ended.date(), 0, 5), "RC7", "Plan goals met; universal services")


def protection(t: Timeline, conference_on: date) -> None:
    """An initial conference that decides a plan; core groups, visits every 10 working days
    (E8) and review conferences (E6, E7) until a review ends the plan; then a step down to a
    child in need plan, or into care."""
    category = t.rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
    held = t.key(t.after(conference_on, t.latest), "episode.hold_initial_conference",
                 plan=True, category=category, **_agencies(t))
    t.hold(held - timedelta(minutes=5), "safeguarding", "CHCHANGE")
    started = t.key(t.after(conference_on, held), "episode.start_protection_plan",
                    category=category)
    roll = t.rng.random()
    days = (t.rng.randint(40, 85) if roll < 0.16 else t.rng.randint(730, 900) if roll < 0.2
            else int(min(max(t.rng.lognormvariate(5.6, 0.45), 95), 720)))
    into_care = t.chance(0.08)
    end_on = working_day(conference_on + timedelta(days=days // 2 if into_care else days))
    end_on = max(min(end_on, working_day(t.child_age_limit - timedelta(days=7))),
                 conference_on + timedelta(days=14))
    reviews, previous, first, final_on = [], conference_on, True, None
    while True:
        due = add_months(previous, 3 if first else 6)
        review = (working_day(due - timedelta(days=t.rng.randint(0, 20))) if t.chance(0.85)
                  else working_day(due + timedelta(days=t.rng.randint(5, 25))))
        final = not into_care and review >= end_on
        if final:
            review = working_day(end_on)
        if not t.open(review) or (into_care and review >= end_on):
            break
        reviews.append(review)
        previous, first = review, False
        if final:
            final_on = review
            break
    stop = final_on or (end_on if into_care else t.horizon)
    core = t.later(conference_on, 5, 10) if t.chance(0.85) else t.later(conference_on, 11, 15)
    while core < stop and t.open(core):
        t.key(t.after(core, started), "episode.hold_core_group", **_agencies(t))
        core = t.later(core, 18, 30)
    visit = conference_on
    while True:
        roll = t.lateness(visit)
        visit = t.later(visit, *((6, 10) if roll < 0.75 else (11, 14) if roll < 0.93 else (15, 22)))
        if visit >= stop or not t.open(visit):
            break
        t.visit(visit, statutory=True, seen=0.95, alone=0.65)
    for review in reviews:
        last = review == final_on
        t.key(t.after(review, started, latest=12), "episode.hold_review_conference",
              plan=not last, category=None if last else category, **_agencies(t))
    if final_on is not None:
        ended = t.key(t.after(final_on, t.latest), "episode.end_protection_plan", MANAGER,
                      reason="Review conference: no longer at risk of significant harm")
        if t.chance(0.7):
            ended_plan = cin_plan(t, final_on, ended, months=t.rng.uniform(2, 9))
            if ended_plan is not None:
                t.close(t.later(ended_plan.date(), 0, 5), "RC7", "Step-down plan completed")
        else:
            t.close(t.later(final_on, 1, 15), "RC7", "Plan ended; universal services")
    elif into_care and t.open(end_on):
        ended = t.key(t.after(end_on, t.latest), "episode.end_protection_plan", MANAGER,
                      reason="Child became looked after")
        care.looked_after(t, ended)


def _agencies(t: Timeline) -> dict[str, Any]:
    invited = ["EDUCATION", "FAMILY", "HEALTH", "POLICE"]
    invited += [a for a in ("HOUSING", "PROBATION") if t.chance(0.15)]
    return {"agencies_invited": invited, "agencies_present": _present(t, invited)}


def _present(t: Timeline, invited: list[str]) -> list[str]:
    """Mostly everyone invited; now and then one of the core agencies is missing."""
    present = list(invited)
    if t.chance(0.15):
        missing = [a for a in CORE_AGENCIES if a in present]
        if missing:
            present.remove(t.rng.choice(missing))
    return present
