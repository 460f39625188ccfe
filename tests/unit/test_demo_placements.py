"""The synthetic authority's placements: each comes with a provider that fits its type (foster
placements mostly the authority's own or independent agencies', children's homes mostly
private), a postcode mostly in the authority's area, never the child's home unless placed with
parents, and an Ofsted URN where the return asks for one; every child coming into care is asked
about previous permanence, mostly none."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.episode.placement_details import WITHOUT_URN
from runtime.demo import generator
from runtime.demo.placements import HOME_AREA, OUT_OF_AREA

END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)
STARTS = ("episode.become_looked_after", "episode.change_placement")


@pytest.fixture(scope="module")
def placements() -> list[dict[str, Any]]:
    """Each placement's facts, in the order they happen, with the child's home at the time."""
    plan = generator.plan(7, scale=0.05, years=2.0, end=END)
    homes: dict[str, str] = {}
    found = []
    for action in sorted(plan.actions, key=lambda a: a.occurred_at):
        if action.command in STARTS:
            facts = dict(action.facts)
            homes[action.subject] = facts.get("home_postcode") or homes[action.subject]
            found.append({**facts, "home": homes[action.subject]})
    return found


@pytest.fixture(scope="module")
def became(placements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in placements if "previous_permanence" in p]


def test_every_placement_has_its_details_and_every_start_a_home(
    placements: list[dict[str, Any]], became: list[dict[str, Any]]
) -> None:
    assert len(placements) > 50
    for placement in placements:
        assert placement["placement_provider"] and placement["placement_postcode"]
        assert (placement["placement_urn"] is None) == (
            placement["placement_type"] in WITHOUT_URN)
    assert all(p["home_postcode"] in HOME_AREA for p in became)


def test_providers_are_those_of_a_real_authoritys_placements(
    placements: list[dict[str, Any]],
) -> None:
    foster = Counter(p["placement_provider"] for p in placements
                     if p["placement_type"].startswith("U"))
    homes = Counter(p["placement_provider"] for p in placements if p["placement_type"] == "K2")

    assert foster["PR1"] + foster["PR4"] > 0.9 * sum(foster.values())
    assert foster["PR1"] > foster["PR4"] > 0
    assert homes.most_common(1)[0][0] == "PR4"
    assert all(p["placement_provider"] == "PR0" for p in placements
               if p["placement_type"] == "P1")


def test_placements_are_mostly_in_the_area_some_out_and_at_home_only_with_parents(
    placements: list[dict[str, Any]],
) -> None:
    where = Counter("in" if p["placement_postcode"] in HOME_AREA else "out"
                    for p in placements)

    assert where["in"] > where["out"] > 0
    assert all(p["placement_postcode"] in HOME_AREA + OUT_OF_AREA for p in placements)
    for placement in placements:
        at_home = placement["placement_postcode"] == placement["home"]
        assert at_home == (placement["placement_type"] == "P1")


def test_previous_permanence_is_mostly_none_with_a_few_arrangements_that_broke_down(
    became: list[dict[str, Any]],
) -> None:
    kinds = Counter(p["previous_permanence"] for p in became)

    assert kinds["Z1"] > 0.6 * len(became)
    assert set(kinds) <= {"Z1", "P1", "P2", "P3", "P4"} and len(kinds) >= 3
