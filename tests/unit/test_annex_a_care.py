"""Annex A's children in care and care leavers: the placement's provider, whether the child came
as an unaccompanied asylum seeker, and what the personal adviser last found (activity and
accommodation) as at the date the lists are made."""

from __future__ import annotations

from datetime import date
from typing import Any

from consumers.returns.annex_a import LISTS, Window
from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts

AS_OF = date(2026, 3, 31)
IDS: dict[str, Any] = {"episode_id": "e1", "child_id": "c1"}


def book(uasc_since: date | None) -> Casebook:
    child = ChildFacts(child_id="c1", la_child_id="CL1", upn=None, date_of_birth=date(2007, 12, 1),
                       expected_birth_date=None, sex="M", ethnicity="OOTH",
                       disabilities=("NONE",), died_on=None, restricted=None,
                       uasc_since=uasc_since)
    episode = EpisodeFacts(row={**IDS, "referral_date": date(2024, 1, 10), "closed_on": None},
                           tables={
        "care_periods": [{**IDS, "period": 1, "started_on": date(2024, 1, 12),
                          "ceased_on": date(2025, 12, 1), "ceased_reason": "E17"}],
        "care_episodes": [{**IDS, "period": 1, "seq": 1, "started_on": date(2024, 1, 12),
                           "legal_status": "V2"}],
        "placements": [{**IDS, "period": 1, "seq": 1, "started_on": date(2024, 1, 12),
                        "placement_type": "U4", "placement_provider": "PR4"}],
        "plans": [{**IDS, "kind": "pathway", "seq": 1, "started_on": date(2024, 1, 20),
                   "ended_on": None}],
        "care_leaver_circumstances": [
            {**IDS, "seq": 1, "contacted_on": date(2025, 12, 20), "activity": "F2",
             "accommodation": "T1"},
            {**IDS, "seq": 2, "contacted_on": date(2026, 2, 2), "activity": "F5",
             "accommodation": "U1"},
            {**IDS, "seq": 3, "contacted_on": date(2026, 4, 20), "activity": "G4",
             "accommodation": "D1"},
        ],
    })
    return Casebook(children={"c1": child}, episodes={"c1": [episode]}, workers={}, teams={})


def listed(name: str, casebook: Casebook) -> list[dict[str, Any]]:
    (columns, lister), = [(c, f) for n, c, f in LISTS if n == name]
    return [dict(zip(columns, row, strict=True)) for row in lister(casebook, Window(AS_OF))]


def test_a_child_in_care_shows_the_placements_provider_and_whether_they_came_unaccompanied(
) -> None:
    (arrived_alone,) = listed("List 8 Children in care", book(uasc_since=date(2024, 1, 10)))
    (with_family,) = listed("List 8 Children in care", book(uasc_since=None))

    assert arrived_alone["Placement provider"] == "PR4"
    assert arrived_alone["Unaccompanied asylum-seeking child"] == "Yes"
    assert with_family["Unaccompanied asylum-seeking child"] == "No"


def test_a_care_leaver_shows_what_the_last_contact_before_the_date_found() -> None:
    (leaver,) = listed("List 9 Care leavers", book(uasc_since=None))

    assert (leaver["Activity"], leaver["Accommodation"]) == ("F5", "U1")
