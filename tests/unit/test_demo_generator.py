"""The synthetic authority behind `casetrail demo`: the same seed plans the same authority, the
domain accepts everything it plans, and it looks like the reference's mid-sized authority."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.service import CaseRecord
from runtime.demo import generator, names
from runtime.demo.journeys import PATHWAYS
from runtime.demo.summary import proportions, workforce_measures
from runtime.demo.workforce import DEMO_MANAGER, DEMO_PRACTITIONER, plan_workforce

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)
TINY = {"scale": 0.005, "years": 1.0, "end": END}


@pytest.fixture
def stores() -> Iterator[list[CaseRecord]]:
    made: list[CaseRecord] = []
    yield made
    for store in made:
        store.close()


def a_store(stores: list[CaseRecord]) -> CaseRecord:
    store = CaseRecord(env=dict(IN_MEMORY))
    stores.append(store)
    return store


def test_the_same_seed_plans_the_same_authority() -> None:
    first, second = generator.plan(7, **TINY), generator.plan(7, **TINY)

    assert first.actions == second.actions
    assert [c.facts for c in first.children] == [c.facts for c in second.children]
    assert len(first.actions) > 300


def test_another_seed_plans_another_authority() -> None:
    first, other = generator.plan(7, **TINY), generator.plan(8, **TINY)

    assert [c.given_name for c in first.children] != [c.given_name for c in other.children]
    assert first.actions != other.actions


def test_the_same_seed_records_the_same_events_and_none_is_refused(
    stores: list[CaseRecord],
) -> None:
    demo = generator.plan(7, **TINY)

    first = generator.load(a_store(stores), demo)
    second = generator.load(a_store(stores), demo)

    assert first.refusals == [] and second.refusals == []
    assert first.actions == len(demo.actions)
    assert first.events == second.events
    assert first.events["ReferralReceived"] == demo.count("receive_referral")


def test_loading_restores_the_service_clock(stores: list[CaseRecord]) -> None:
    store = a_store(stores)
    clock = store.clock

    generator.load(store, generator.plan(7, **TINY))

    assert store.clock is clock


def test_everything_is_recorded_in_order_before_the_end_and_never_before_it_happened() -> None:
    demo = generator.plan(7, **TINY)

    recorded = [a.recorded_at for a in demo.actions]
    assert recorded == sorted(recorded)
    assert max(recorded) <= END
    assert min(recorded) >= END - timedelta(days=366 + 2)
    assert all(a.occurred_at.date() <= a.recorded_at.date() for a in demo.actions)


def test_some_is_recorded_late_and_some_is_put_right() -> None:
    demo = generator.plan(3, scale=0.05, years=1.0, end=END)

    late = [a for a in demo.actions if a.command == "episode.record_visit"
            and a.recorded_at - a.occurred_at > timedelta(days=3)]
    assert late
    for command in ("episode.correct", "episode.strike", "episode.extend_clock",
                    "episode.unallocate", "worker.leave", "worker.start_absence",
                    "child.record_adult_joined"):
        assert demo.count(command) > 0, command


def test_names_come_from_the_synthetic_lists() -> None:
    demo = generator.plan(7, **TINY)

    for child in demo.children:
        assert child.given_name in names.GIRLS + names.BOYS
        assert child.family_name in names.FAMILIES
        assert str(child.facts["address"]).split(", ")[1] == names.TOWN
        nhs = child.facts["nhs_number"]
        assert nhs is None or str(nhs).startswith("999")


def test_the_demo_practitioner_and_manager_are_in_post_throughout() -> None:
    demo = generator.plan(7, **TINY)
    workforce = demo.workforce

    practitioner = workforce.member(DEMO_PRACTITIONER)
    manager = workforce.member(DEMO_MANAGER)
    assert practitioner.left_on is None and manager.left_on is None
    assert practitioner.team == manager.team
    assert workforce.managers[practitioner.team] is manager


def test_proportions_are_near_the_reference() -> None:
    found = proportions(generator.plan(11, scale=0.1, years=1.0, end=END))

    assert 500 < found.referrals < 700
    assert found.no_further_action == pytest.approx(PATHWAYS["no_further_action"], abs=0.03)
    assert found.rereferrals_within_12_months == pytest.approx(0.22, abs=0.04)
    for pathway, share in PATHWAYS.items():
        assert found.pathways.get(pathway, 0) == pytest.approx(share, abs=0.04), pathway
    assert 0.1 < found.recorded_a_day_or_more_late < 0.5


def test_the_workforce_at_scale_one_is_the_reference_authority() -> None:
    start, end = date(2024, 3, 18), END.date()
    workforce = plan_workforce(random.Random("11:workforce"), 1.0, start, end)

    assert len(workforce.teams) == 12
    in_post = sum(w.fte for w in workforce.workers if w.employed_on(end))
    assert in_post == pytest.approx(140, rel=0.1)
    agency, leavers, absence = workforce_measures(workforce, start, end)
    assert agency == pytest.approx(0.178, abs=0.07)
    assert leavers == pytest.approx(0.159, abs=0.05)
    assert absence == pytest.approx(0.032, abs=0.008)


def test_a_plan_the_domain_refuses_stops_the_load(stores: list[CaseRecord]) -> None:
    store = a_store(stores)
    demo = generator.plan(7, **TINY)
    generator.load(store, demo)

    # The same authority again: its teams and workers exist already, and so on.
    with pytest.raises(generator.TooManyRefusals, match="refused"):
        generator.load(store, demo)


def test_nobody_comes_back_into_care_in_the_collection_year_they_left_it() -> None:
    # Seed 1 at this scale re-referred two such children before the generator stopped it.
    demo = generator.plan(1, scale=0.2, years=2.0, end=datetime(2026, 5, 20, 12, tzinfo=UTC))

    def year_of(day: date) -> int:
        return day.year + 1 if day.month >= 4 else day.year

    def in_care(episode: Any) -> bool:
        return any(s.command == "episode.become_looked_after" for s in episode.steps)

    again = [
        (child.key, later.key) for child in demo.children
        for earlier, later in itertools.pairwise(child.episodes)
        if in_care(earlier) and in_care(later) and earlier.closed_at is not None
        and year_of(earlier.closed_at.date()) == year_of(later.referral_at.date())
    ]
    assert sum(in_care(e) for c in demo.children for e in c.episodes) > 50
    assert again == []
