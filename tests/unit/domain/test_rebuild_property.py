"""An aggregate rebuilt from its stored events is the aggregate that recorded them.

Random sequences of commands (corrections and entries in error among them) are applied to a live
aggregate; those the rules refuse are skipped. Each accepted step is saved to an in-memory SQLite
store. The aggregate read back from the store, at its last version and at every earlier one, must
equal the live one at that point.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from domain.child import Child
from domain.envelope import Recording, recording
from domain.episode import Episode
from domain.errors import RuleBroken
from domain.record import CORRECTIONS, ENVELOPE_FIELDS, CaseAggregate, CaseEvent
from domain.service import CaseRecord
from tests.journeys import at
from tests.unit.conftest import IN_MEMORY

SPAN = 380
WORKERS = [UUID(int=1), UUID(int=2), UUID(int=3)]


def pick(seed: int, options: list[Any]) -> Any:
    return options[seed % len(options)]


class Script:
    """What a step needs to build its command: the live aggregate, the day, a seed."""

    def __init__(self, live: CaseAggregate[Any], base: date, day: int, seed: int) -> None:
        self.live, self.base, self.day, self.seed = live, base, day, seed

    @property
    def on(self) -> date:
        return self.base + timedelta(days=self.day)

    def choose(self, *options: Any) -> Any:
        return pick(self.seed, list(options))


Builder = Callable[[Script], dict[str, Any]]


def _no_facts(_: Script) -> dict[str, Any]:
    return {}


def _plan_start(s: Script) -> dict[str, Any]:
    # A plan starts on the day of the latest initial conference: use it, to be valid more often.
    held = [c.held_on for c in s.live.state.conferences if c.kind == "initial"]
    facts: dict[str, Any] = {"category": s.choose("NEG", "PHY", "EMO")}
    if held:
        facts["occurred_at"] = at(held[-1], 15)
    return facts


def _conference(s: Script) -> dict[str, Any]:
    plan = s.seed % 4 != 0
    return {
        "plan": plan,
        "category": s.choose("NEG", "SAB", "MUL") if plan else None,
        "agencies_invited": ["HEALTH", "POLICE"],
        "agencies_present": s.choose(["HEALTH"], ["HEALTH", "POLICE"]),
    }


def _visit(s: Script) -> dict[str, Any]:
    seen = s.seed % 4 != 0
    return {
        "child_seen": seen,
        "seen_alone": seen and s.seed % 2 == 0,
        "statutory": s.seed % 5 != 0,
        "note": s.choose(None, "Seen at home.", "Seen at school."),
    }


EPISODE_STEPS: dict[str, Builder] = {
    "decide_referral": lambda s: {
        "decision": s.choose("ASSESSMENT", "STRATEGY", "ASSESSMENT", "EARLY_HELP", "NFA"),
        "rationale": "Threshold considered.",
    },
    "record_primary_need": lambda s: {"primary_need": s.choose("N1", "N4", "N5")},
    "start_assessment": _no_facts,
    "record_child_seen_in_assessment": _no_facts,
    "complete_assessment": lambda s: {
        "factors": s.choose(["21"], ["1A", "3B"], ["2C"]),
        "outcome": s.choose("CIN_PLAN", "NFA", "STRATEGY", "LOOKED_AFTER"),
    },
    "authorise_assessment": _no_facts,
    "hold_strategy_discussion": lambda s: {
        "start_section47": s.seed % 2 == 0,
        "agencies_present": ["HEALTH", "POLICE"],
    },
    "start_section47": _no_facts,
    "conclude_section47": lambda s: {"conference_needed": s.seed % 3 != 0},
    "hold_initial_conference": _conference,
    "start_protection_plan": _plan_start,
    "hold_review_conference": _conference,
    "hold_core_group": lambda s: {"agencies_invited": ["HEALTH"], "agencies_present": ["HEALTH"]},
    "end_protection_plan": lambda s: {"reason": s.choose(None, "Risk reduced.")},
    "start_cin_plan": _no_facts,
    "review_cin_plan": _no_facts,
    "end_cin_plan": lambda s: {"reason": s.choose(None, "Goals met.")},
    "become_looked_after": lambda s: {
        "legal_status": s.choose("V2", "C1", "L2"),
        "placement_type": s.choose("U6", "U4", "K2"),
    },
    "change_legal_status": lambda s: {"legal_status": s.choose("C1", "C2", "E1")},
    "change_placement": lambda s: {
        "placement_type": s.choose("U4", "K2", "R1"),
        "change_reason": s.choose("CARPL", "CREQB", "CHILD"),
    },
    "hold_looked_after_review": lambda s: {"participation": s.choose("PN1", "PN0", "PN2")},
    "record_missing_episode": lambda s: {
        "returned_on": s.choose(None, s.on, s.on + timedelta(days=2))
    },
    "cease_to_be_looked_after": lambda s: {"ceased_reason": s.choose("E4B", "E13", "E17")},
    "start_pathway_plan": _no_facts,
    "review_pathway_plan": _no_facts,
    "end_pathway_plan": _no_facts,
    "record_visit": _visit,
    "record_case_note": lambda s: {"note": "Phoned the school."},
    "raise_concern": lambda s: {"agency": s.choose("POLICE", "EDUCATION"), "concern": "Bruise."},
    "record_decision": lambda s: {"decision": "Step up.", "rationale": "New concern."},
    "record_management_oversight": lambda s: {"direction": "Visit within a week."},
    "allocate": lambda s: {
        "worker_id": pick(s.seed, WORKERS),
        "change_reason": s.choose("MANAGE", "WORKERLEFT"),
    },
    "unallocate": lambda s: {"change_reason": "WORKERLEFT"},
    "extend_clock": lambda s: {
        "rule": "E1",
        "new_due": s.on + timedelta(days=1 + s.seed % 10),
        "approved_by": "Team manager",
        "reason": "Family on holiday.",
    },
    "close": lambda s: {"closure_reason": s.choose("RC7", "RC8", "RC9", "RC7")},
    "reopen": lambda s: {"reason": "New concern."},
    "prepare_care_plan": _no_facts,
    "record_serious_incident": lambda s: {"incident": "Serious injury."},
    "complete_health_assessment": lambda s: {"initial": s.seed % 2 == 0},
    "record_dental_check": _no_facts,
    "review_immunisations": lambda s: {"up_to_date": s.seed % 4 != 0},
    "record_strengths_and_difficulties": lambda s: s.choose(
        {"score": s.seed % 41}, {"not_scored_reason": "SDQ2"}),
    "identify_substance_misuse": _no_facts,
    "offer_substance_misuse_intervention": lambda s: {"accepted": s.seed % 3 != 0},
    "record_substance_misuse_intervention": _no_facts,
    "record_youth_justice_outcome": lambda s: {"disposal": s.choose("CONVICTION",
                                                                    "YOUTH_CAUTION")},
    "decide_adoption": _no_facts,
    "match_adopters": lambda s: s.choose(
        {"adopters": 2, "adopters_sex": "MF", "adopters_legal_status": "L11",
         "foster_carers": False},
        {"adopters": 1, "adopters_sex": "F1", "adopters_legal_status": "L0",
         "foster_carers": True}),
    "reverse_adoption_decision": lambda s: {"reason_code": s.choose("RD1", "RD3")},
}

# Values a correction may give a fact, by the fact's name; other facts get their date moved.
CORRECTED_VALUES: dict[str, list[Any]] = {
    "seen_alone": [True, False],
    "child_seen": [True, False],
    "statutory": [True, False],
    "note": ["Corrected note.", None],
    "outcome": ["NFA", "CIN_PLAN"],
    "factors": [["21"], ["4A"]],
    "category": ["NEG", "PHY"],
    "decision": ["NFA", "ASSESSMENT"],
    "primary_need": ["N2", "N9"],
    "conference_needed": [True, False],
    "plan": [True, False],
    "placement_type": ["U4", "K2"],
    "legal_status": ["C2", "V2"],
    "closure_reason": ["RC7", "RC8"],
    "worker_id": WORKERS,
    "source": ["2A", "6"],
    "address": ["3 Elm Row, Demoton"],
    "given_name": ["Robyn"],
    "score": [7, 41, None],
    "not_scored_reason": ["SDQ5", None],
    "up_to_date": [True, False],
    "accepted": [True, False],
    "foster_carers": [True, False],
    "adopters_sex": ["MF", "F1"],
}


def correction(s: Script) -> dict[str, Any]:
    target = pick(s.seed, s.live.history)
    facts = sorted(
        f.name
        for f in dataclasses.fields(target)
        if f.name not in ENVELOPE_FIELDS and f.name in CORRECTED_VALUES
    )
    if facts and s.seed % 3:
        name = pick(s.seed // 3, facts)
        changes = {name: pick(s.seed // 7, CORRECTED_VALUES[name])}
    else:
        moved = target.occurred_at + timedelta(days=s.seed % 7 - 3)
        changes = {"occurred_at": moved}
    return {"version": target.originator_version, "changes": changes, "reason": "Typing error."}


def strike(s: Script) -> dict[str, Any]:
    target: CaseEvent = pick(s.seed, s.live.history)
    return {"version": target.originator_version, "reason": "Entered on the wrong record."}


EPISODE_STEPS["correct"] = correction
EPISODE_STEPS["strike"] = strike

CHILD_STEPS: dict[str, Builder] = {
    "record_move": lambda s: {"address": s.choose("1 Oak Lane, Demoton", "9 Ash Court, Demoton")},
    "record_new_name": lambda s: {"given_name": "Robyn", "family_name": s.choose("Hale", "Ito")},
    "record_adult_joined": lambda s: {
        "person_id": pick(s.seed, WORKERS),
        "name": "Dale Hughes",
        "relationship": "mother's partner",
        "checks_made": s.seed % 2 == 0,
    },
    "record_adult_left": lambda s: {"person_id": pick(s.seed, WORKERS)},
    "record_household_checks": lambda s: {"person_id": pick(s.seed, WORKERS)},
    "record_characteristics": lambda s: {
        "sex": "F",
        "ethnicity": s.choose("WBRI", "MOTH"),
        "disabilities": s.choose(["NONE"], ["AUT", "LD"]),
    },
    "restrict": lambda s: {"kind": "STAFF", "named_people": ["tm-1"], "reason": "Staff relative."},
    "lift_restriction": lambda s: {"reason": "No longer needed."},
    "correct": correction,
    "strike": strike,
}


EVERYDAY = [
    "record_visit",
    "record_case_note",
    "allocate",
    "close",
    "reopen",
    "correct",
    "strike",
]
# Commands drawn for a story, so that whole stories get told, and now and then anything at all.
STORIES = {
    "protection": [
        "decide_referral",
        "hold_strategy_discussion",
        *["start_section47", "conclude_section47", "hold_initial_conference"] * 2,
        *["start_protection_plan"] * 3,
        "hold_core_group",
        *["hold_review_conference"] * 2,
        "end_protection_plan",
        "start_cin_plan",
        "record_serious_incident",
    ],
    "child in need": [
        "decide_referral",
        "start_assessment",
        "record_child_seen_in_assessment",
        "complete_assessment",
        "authorise_assessment",
        "start_cin_plan",
        "review_cin_plan",
        "end_cin_plan",
    ],
    "looked after": [
        "start_assessment",
        "complete_assessment",
        "become_looked_after",
        "prepare_care_plan",
        "change_legal_status",
        "change_placement",
        "hold_looked_after_review",
        "record_missing_episode",
        "cease_to_be_looked_after",
        "start_pathway_plan",
        "review_pathway_plan",
        "end_pathway_plan",
        "complete_health_assessment",
        "review_immunisations",
        "record_strengths_and_difficulties",
        "identify_substance_misuse",
        "offer_substance_misuse_intervention",
        "record_substance_misuse_intervention",
        "decide_adoption",
        "match_adopters",
        "reverse_adoption_decision",
    ],
}


def plans(steps: list[str], min_size: int, max_size: int) -> st.SearchStrategy[Any]:
    """Lists of (command, days since the previous step, seed); negative days record late."""
    step = st.tuples(st.sampled_from(steps), st.integers(-15, 30), st.integers(0, 10_000))
    return st.lists(step, min_size=min_size, max_size=max_size)


EPISODE_PLANS = st.one_of(
    *[plans(story + EVERYDAY, 5, 45) for story in STORIES.values()],
    plans(sorted(EPISODE_STEPS), 5, 45),
)


def run(
    live: CaseAggregate[Any],
    service: CaseRecord,
    steps: dict[str, Builder],
    plan: list[tuple[str, int, int]],
    base: date,
) -> dict[int, Any]:
    """Apply the steps the rules accept, saving each; the live state after each, by version."""
    states = {live.version: copy.deepcopy(live.state)}
    service.save(live)
    day = 0
    for name, gap, seed in plan:
        day = max(0, min(SPAN, day + gap))
        script = Script(live, base, day, seed)
        facts = {"occurred_at": at(script.on, 8 + seed % 10), **steps[name](script)}
        try:
            getattr(live, name)(**facts)
        except RuleBroken:
            assert not live.pending_events
            continue
        service.save(live)
        states[live.version] = copy.deepcopy(live.state)
        if isinstance(live.history[-1], CORRECTIONS):
            event(f"accepted: {name}")
    return states


def assert_rebuilt_equals_live(
    service: CaseRecord, live: CaseAggregate[Any], states: dict[int, Any]
) -> None:
    rebuilt: CaseAggregate[Any] = service.repository.get(live.id)
    assert rebuilt.version == live.version
    assert rebuilt.state == live.state
    assert rebuilt.history == live.history
    assert rebuilt.effective_history() == live.effective_history()
    for version, state in states.items():
        assert service.repository.get(live.id, version=version).state == state, version


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EPISODE_PLANS)
def test_an_episode_rebuilt_from_its_events_equals_the_live_episode(
    plan: list[tuple[str, int, int]],
) -> None:
    now = datetime.now(UTC)
    base = now.date() - timedelta(days=SPAN + 20)
    service = CaseRecord(env=dict(IN_MEMORY))
    try:
        with recording(Recording("sw-property", now, "property-test")):
            live = Episode.receive_referral(
                id=uuid4(), child_id=uuid4(), occurred_at=at(base), source="2A", concern="Worry."
            )
            states = run(live, service, EPISODE_STEPS, plan, base)
        assume(len(states) >= 4)
        assert_rebuilt_equals_live(service, live, states)
    finally:
        service.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(sorted(CHILD_STEPS), min_size=3, max_size=25))
def test_a_child_rebuilt_from_their_events_equals_the_live_child(
    plan: list[tuple[str, int, int]],
) -> None:
    now = datetime.now(UTC)
    base = now.date() - timedelta(days=SPAN + 20)
    service = CaseRecord(env=dict(IN_MEMORY))
    try:
        with recording(Recording("sw-property", now, "property-test")):
            live = Child.register(
                id=uuid4(),
                occurred_at=at(base),
                la_child_id="P1",
                given_name="Robin",
                family_name="Hale",
                sex="U",
                ethnicity="NOBT",
                date_of_birth=date(2018, 5, 1),
                address="5 Birch Road, Demoton",
            )
            states = run(live, service, CHILD_STEPS, plan, base)
        assume(len(states) >= 2)
        assert_rebuilt_equals_live(service, live, states)
    finally:
        service.close()
