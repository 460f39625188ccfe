"""The every-day work around an episode's pathway: case notes, managers' oversight, concerns from
other agencies (sometimes several at once), new adults in the household (some never checked),
changes of worker, and the record's own mistakes put right: a visit's details corrected, a note
recorded twice struck out as entered in error."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from runtime.demo import names, texts
from runtime.demo.plan import MANAGER, NOTE, Step, working_day
from runtime.demo.timeline import Timeline

AGENCIES = (("EDUCATION", 30), ("HEALTH", 25), ("POLICE", 20), ("HOUSING", 6),
            ("EARLY_YEARS", 5), ("PROBATION", 4), ("VOLUNTARY", 4), ("FAMILY", 4),
            ("ADULT_SERVICES", 2))
CHANGE_REASONS = (("MANAGE", 35), ("ORGRESTRUCT", 15), ("FCONTACT", 12), ("CHILDRQ", 10),
                  ("ABSENT", 10), ("OTHERRS", 18))


def add(t: Timeline, seed: int) -> None:
    episode = t.episode
    if not episode.holders:
        return  # decided at the front door: no casework
    stop = episode.closed_at or datetime.combine(t.horizon, datetime.min.time(),
                                                 episode.referral_at.tzinfo)
    days = (stop - episode.referral_at).days
    _notes(t, stop, days)
    _oversight(t, stop)
    _concerns(t, stop, days)
    _worker_changes(t, stop, days)
    _household(t, stop, days, seed)
    _corrections(t)


def _within(t: Timeline, start: datetime, stop: datetime, offset_days: float) -> datetime | None:
    """A time on a working day `offset_days` after `start`, if it is before `stop`."""
    moment = t.time(working_day((start + timedelta(days=offset_days)).date()))
    return moment if start < moment < stop - timedelta(hours=2) else None


def _notes(t: Timeline, stop: datetime, days: int) -> None:
    count = max(1, round(days / 30 * 0.8))
    for _ in range(count):
        when = _within(t, t.episode.referral_at, stop, t.rng.uniform(0, days))
        if when is None:
            continue
        note = t.rng.choice(texts.NOTES)
        t.note(when, "episode.record_case_note", note=note)
        if t.chance(0.01):
            ref = t.new_ref("duplicate")
            t.note(when + timedelta(minutes=2), "episode.record_case_note", ref=ref, note=note)
            t.note(when + timedelta(days=1), "episode.strike", refers_to=ref,
                   reason=texts.DUPLICATE)


def _oversight(t: Timeline, stop: datetime) -> None:
    offset = t.rng.uniform(10, 30)
    while True:
        when = _within(t, t.episode.referral_at, stop, offset)
        if when is None:
            return
        t.note(when, "episode.record_management_oversight", MANAGER,
               direction=t.rng.choice(texts.OVERSIGHT))
        offset += t.rng.uniform(42, 75)


def _concerns(t: Timeline, stop: datetime, days: int) -> None:
    agencies = [a for a, _ in AGENCIES]
    weights = [w for _, w in AGENCIES]
    for _ in range(round(days / 30 * 0.25 * t.rng.uniform(0.3, 1.7))):
        when = _within(t, t.episode.referral_at, stop, t.rng.uniform(3, days))
        if when is not None:
            agency = t.rng.choices(agencies, weights)[0]
            t.note(when, "episode.raise_concern", agency=agency,
                   concern=texts.AGENCY_CONCERNS[agency])
    if days > 30 and t.chance(0.15):
        # Several agencies worried at once: what a risk view should bring together.
        base = t.rng.uniform(3, days - 14)
        for agency in t.rng.sample(agencies[:5], t.rng.randint(2, 3)):
            when = _within(t, t.episode.referral_at, stop, base + t.rng.uniform(0, 12))
            if when is not None:
                t.note(when, "episode.raise_concern", agency=agency,
                       concern=texts.AGENCY_CONCERNS[agency])


def _worker_changes(t: Timeline, stop: datetime, days: int) -> None:
    """Besides transfers and leavers: a change of worker now and then on a long case."""
    if days < 90:
        return
    reasons = [r for r, _ in CHANGE_REASONS]
    weights = [w for _, w in CHANGE_REASONS]
    offset = t.rng.expovariate(0.3 / 365)
    while offset < days:
        when = _within(t, t.episode.referral_at, stop, offset)
        if when is not None:
            current = sorted((h for h in t.episode.holders if h.at <= when), key=lambda h: h.at)
            if current:
                t.hold(when, current[-1].function, t.rng.choices(reasons, weights)[0], True)
        offset += t.rng.expovariate(0.3 / 365)


def _household(t: Timeline, stop: datetime, days: int, seed: int) -> None:
    """Now and then an adult joins the household; checks are made at once, later, or never."""
    if days < 30 or not t.chance(0.12):
        return
    child = t.episode.child
    joined = _within(t, t.episode.referral_at, stop, t.rng.uniform(5, days - 5))
    if joined is None:
        return
    person = uuid5(NAMESPACE_URL, f"casetrail:demo:{seed}:{t.episode.key}:adult")
    checked_now = t.chance(0.45)
    child.steps.append(Step(joined, "child.record_adult_joined", {
        "person_id": person, "name": names.adult_name(t.rng),
        "relationship": t.rng.choice(texts.HOUSEHOLD), "checks_made": checked_now}))
    later = joined + timedelta(days=t.rng.randint(5, 40))
    if not checked_now and t.chance(0.5) and later < stop:
        child.steps.append(Step(later, "child.record_household_checks", {"person_id": person}))
    left = joined + timedelta(days=t.rng.randint(45, 300))
    if t.chance(0.3) and left < stop:
        child.steps.append(Step(left, "child.record_adult_left", {"person_id": person}))


def _corrections(t: Timeline) -> None:
    """About one visit in seventy is put right later: its date, or that the child was seen
    alone."""
    steps = t.episode.steps
    referral_day = t.referral_day
    for i, step in enumerate(list(steps)):
        if step.command != "episode.record_visit" or not t.chance(0.015):
            continue
        facts: dict[str, Any]
        if step.facts["child_seen"] and not step.facts["seen_alone"]:
            kind, facts = "alone", {"changes": {"seen_alone": True}}
        elif step.occurred_at.date() >= referral_day + timedelta(days=2):
            kind, facts = "date", {"move_by_days": -1}
        else:
            continue
        ref = t.new_ref("visit")
        steps[i] = replace(step, ref=ref)
        when = step.occurred_at + timedelta(days=t.rng.randint(1, 6))
        steps.append(Step(when, "episode.correct", {**facts, "reason": texts.CORRECTIONS[kind]},
                          step.by, NOTE, refers_to=ref))

