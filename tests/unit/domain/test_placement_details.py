"""The details of a placement the SSDA903 asks for (provider, postcodes, Ofsted URN) and previous
permanence: recorded as a worker gives them, written in full, held to the DfE's rules when
recorded and when corrected; placements stored before Casetrail asked for them still load, with
nothing recorded; and types the return no longer takes are refused for a new placement only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.episode.looked_after import BecameLookedAfter, PlacementChanged
from domain.errors import RuleBroken
from domain.service import CaseRecord, CommandContext, Receipt
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at

WORKER = CommandContext(actor="sw-placements")
TODAY = datetime.now(UTC).date()
BASE = TODAY - timedelta(days=60)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    """A nine-year-old referred by the police 60 days ago."""
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Kai", "Mensah", "M", "BAFR", age_days=9 * 365),
        source="6", concern="Found alone at home for two days.", primary_need="N1",
    )
    return ids


def act(service: CaseRecord, ids: CaseIds, name: str, n: int, **facts: Any) -> Receipt:
    return service.episode_command(
        WORKER, ids.episode, name, occurred_at=at(BASE + timedelta(days=n)), **facts
    )


def looked_after(service: CaseRecord, ids: CaseIds, **facts: Any) -> Receipt:
    return act(service, ids, "become_looked_after", 5, **{
        "legal_status": "V2", "placement_type": "U6", **facts})


def refused(service: CaseRecord, ids: CaseIds, field: str, words: str,
            command: str = "become_looked_after", n: int = 5, **facts: Any) -> None:
    version = service.episode(ids.episode).version
    with pytest.raises(RuleBroken) as caught:
        act(service, ids, command, n, **facts)
    assert caught.value.field == field, caught.value.message
    assert words in caught.value.message
    assert service.episode(ids.episode).version == version


def event(service: CaseRecord, ids: CaseIds, version: int) -> Any:
    return service.episode(ids.episode).event_at(version)


def test_a_placement_is_recorded_with_its_details_written_in_full(
    case_record: CaseRecord, case: CaseIds
) -> None:
    receipt = looked_after(
        case_record, case, placement_provider="PR1", placement_postcode="tw1 3nq",
        home_postcode=" TW93HQ ", placement_urn="sc909101", previous_permanence="P2",
        previous_permanence_authority="318", previous_permanence_on=date(2019, 6, 3),
    )

    became = event(case_record, case, receipt.version)
    assert isinstance(became, BecameLookedAfter)
    assert (became.placement_provider, became.placement_postcode, became.home_postcode,
            became.placement_urn) == ("PR1", "TW1 3NQ", "TW9 3HQ", "SC909101")
    assert (became.previous_permanence, became.previous_permanence_authority,
            became.previous_permanence_on) == ("P2", "318", date(2019, 6, 3))


def test_details_left_out_are_not_recorded_and_placed_with_parents_is_provided_by_them(
    case_record: CaseRecord, case: CaseIds
) -> None:
    first = looked_after(case_record, case, legal_status="C1")
    moved = act(case_record, case, "change_placement", 9, placement_type="P1",
                change_reason="CARPL", placement_postcode="TW9 3HQ")

    became = event(case_record, case, first.version)
    assert (became.placement_provider, became.placement_postcode, became.home_postcode,
            became.placement_urn, became.previous_permanence) == (None, None, None, None, None)
    home = event(case_record, case, moved.version)
    assert isinstance(home, PlacementChanged)
    assert (home.placement_provider, home.placement_postcode, home.home_postcode,
            home.placement_urn) == ("PR0", "TW9 3HQ", None, None)


@pytest.mark.parametrize(("facts", "field", "words"), [
    ({"placement_type": "U6", "placement_provider": "PR0"}, "placement_provider", "(PR0)"),
    ({"placement_type": "P1", "placement_provider": "PR1"}, "placement_provider", "(PR0)"),
    ({"placement_type": "T1", "placement_provider": "PR1"}, "placement_provider", "no provider"),
    ({"placement_type": "K2", "placement_provider": "PR3"}, "placement_provider",
     "does not provide a placement of type K2"),
    ({"placement_type": "R5", "placement_provider": "PR1"}, "placement_provider",
     "does not provide a placement of type R5"),
    ({"placement_type": "U6", "placement_provider": "PR9"}, "placement_provider",
     "'PR9' is not a known code"),
    ({"placement_type": "R1", "placement_urn": "SC123456"}, "placement_urn", "has no Ofsted URN"),
    ({"placement_type": "K2", "placement_urn": "XXXXXXX"}, "placement_urn",
     "only for a fostering or adoption agency"),
    ({"placement_type": "K2", "placement_urn": "SC12345"}, "placement_urn", "is not an Ofsted URN"),
    ({"placement_type": "U6", "placement_postcode": "DEMOTON"}, "placement_postcode",
     "is not a UK postcode"),
    ({"placement_type": "U6", "home_postcode": "12345"}, "home_postcode", "is not a UK postcode"),
    ({"placement_type": "H5"}, "placement_type", "'H5' is not a known code"),
    ({"placement_type": "Z1"}, "placement_type", "'Z1' is not a known code"),
])
def test_a_placement_whose_details_do_not_fit_it_is_refused(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any], field: str, words: str
) -> None:
    refused(case_record, case, field, words, legal_status="C1", **facts)


def test_a_fostering_placement_through_an_unregistered_agency_takes_the_xxxxxxx_urn(
    case_record: CaseRecord, case: CaseIds
) -> None:
    receipt = looked_after(case_record, case, placement_provider="PR5",
                           placement_urn="XXXXXXX")

    assert event(case_record, case, receipt.version).placement_urn == "XXXXXXX"


def test_a_change_of_placement_is_held_to_the_same_rules(
    case_record: CaseRecord, case: CaseIds
) -> None:
    looked_after(case_record, case, placement_provider="PR1")

    refused(case_record, case, "placement_urn", "has no Ofsted URN", "change_placement", 9,
            placement_type="P3", change_reason="CARPL", placement_urn="SC123456")


@pytest.mark.parametrize(("facts", "field", "words"), [
    ({"previous_permanence_authority": "318"}, "previous_permanence_authority",
     "only an adoption"),
    ({"previous_permanence": "Z1", "previous_permanence_on": date(2020, 1, 1)},
     "previous_permanence_on", "only an adoption"),
    ({"previous_permanence": "P4", "previous_permanence_authority": "NUK"},
     "previous_permanence_authority", "only an adoption"),
    ({"previous_permanence": "P1", "previous_permanence_authority": "123"},
     "previous_permanence_authority", "is not a local authority's DfE number"),
    ({"previous_permanence": "P9"}, "previous_permanence", "'P9' is not a known code"),
    ({"previous_permanence": "P1", "previous_permanence_on": BASE + timedelta(days=5)},
     "previous_permanence_on", "before the child became looked after"),
])
def test_previous_permanence_that_does_not_hold_together_is_refused(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any], field: str, words: str
) -> None:
    refused(case_record, case, field, words, legal_status="V2", placement_type="U6", **facts)


def test_placement_details_and_previous_permanence_are_put_right_by_a_correction(
    case_record: CaseRecord, case: CaseIds
) -> None:
    first = looked_after(case_record, case, placement_provider="PR1", previous_permanence="P4")

    act(case_record, case, "correct", 6, version=first.version, reason="Found out from the SGO",
        changes={"placement_postcode": "TW1 3NQ", "home_postcode": "TW9 3HQ",
                 "previous_permanence": "P2", "previous_permanence_authority": "NUK",
                 "previous_permanence_on": date(2018, 2, 1)})

    became = case_record.episode(case.episode).effective_history()[-1]
    assert isinstance(became, BecameLookedAfter)
    assert (became.placement_postcode, became.home_postcode, became.previous_permanence,
            became.previous_permanence_authority, became.previous_permanence_on) == (
        "TW1 3NQ", "TW9 3HQ", "P2", "NUK", date(2018, 2, 1))


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"placement_postcode": "tw1 3nq"}, "placement_postcode", "write the postcode as 'TW1 3NQ'"),
    ({"placement_type": "P1"}, "placement_provider", "(PR0)"),
    ({"placement_provider": "PR7"}, "changes.placement_provider", "'PR7' is not a known code"),
    ({"previous_permanence_on": date(2019, 1, 1)}, "previous_permanence_on",
     "only an adoption"),
])
def test_a_correction_is_held_to_the_rules_of_the_placement(
    case_record: CaseRecord, case: CaseIds, changes: dict[str, Any], field: str, words: str
) -> None:
    first = looked_after(case_record, case, legal_status="C1", placement_provider="PR1",
                         previous_permanence="Z1")

    refused(case_record, case, field, words, "correct", 6, version=first.version,
            changes=changes, reason="Recorded wrongly")


def test_a_placement_of_a_type_the_return_no_longer_takes_can_be_corrected_to_another(
    case_record: CaseRecord, case: CaseIds
) -> None:
    # What was right when the placement was made (before 2025-26) may be given in a correction.
    first = looked_after(case_record, case, legal_status="C1")

    act(case_record, case, "correct", 6, version=first.version, reason="It was semi-independent",
        changes={"placement_type": "H5"})

    assert case_record.episode(case.episode).state.looked_after[0].placement.placement_type == "H5"


def test_a_first_version_placement_upcasts_to_nothing_recorded_but_parents_providing() -> None:
    foster: dict[str, Any] = {"placement_type": "U6", "legal_status": "V2"}
    parents: dict[str, Any] = {"placement_type": "P1", "change_reason": "CARPL"}

    BecameLookedAfter.upcast_v1_v2(foster)
    PlacementChanged.upcast_v1_v2(parents)

    assert {k: foster[k] for k in ("placement_provider", "placement_postcode", "home_postcode",
                                   "placement_urn", "previous_permanence",
                                   "previous_permanence_authority",
                                   "previous_permanence_on")} == dict.fromkeys(
        ("placement_provider", "placement_postcode", "home_postcode", "placement_urn",
         "previous_permanence", "previous_permanence_authority", "previous_permanence_on"))
    assert parents["placement_provider"] == "PR0"
    assert (parents["placement_postcode"], parents["placement_urn"]) == (None, None)


def test_a_first_version_placement_stored_under_an_old_code_loads_with_nothing_recorded(
    case_record: CaseRecord, case: CaseIds
) -> None:
    episode = case_record.episode(case.episode)
    old_shape = {
        "timestamp": datetime.now(UTC) - timedelta(days=9),
        "occurred_at": at(BASE + timedelta(days=5)), "actor": "sw-2019", "on_behalf_of": None,
        "reason": None, "correlation_id": "migrated", "causation_id": None,
        "child_id": episode.child_id, "legal_status": "C2", "placement_type": "H5",
        "visit_regime": "E14", "intended_until_18": False,
    }
    version = episode.version + 1
    case_record.recorder.insert_events([StoredEvent(
        originator_id=case.episode, originator_version=version,
        topic=get_topic(BecameLookedAfter), state=case_record.mapper.transcoder.encode(old_shape),
    )])
    (stored,) = case_record.recorder.select_events(case.episode, gt=version - 1, lte=version)
    assert "class_version" not in json.loads(stored.state)

    became = case_record.episode(case.episode).event_at(version)

    assert isinstance(became, BecameLookedAfter)
    assert became.placement_type == "H5"
    assert (became.placement_provider, became.placement_postcode, became.home_postcode,
            became.placement_urn, became.previous_permanence) == (None, None, None, None, None)
    # The record carries on: the child moves to a placement of this year's types.
    act(case_record, case, "change_placement", 9, placement_type="K2", change_reason="CARPL",
        placement_provider="PR4", placement_postcode="TW1 4DG", placement_urn="SC909311")
