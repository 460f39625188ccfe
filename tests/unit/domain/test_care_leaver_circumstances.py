"""A care leaver's circumstances at a contact: their activity and accommodation from the
returns' code lists, only once they have left care, never "suitable" for a night with no fixed
abode or in custody; and a correction is held to the same rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.errors import RuleBroken
from domain.service import CaseRecord, CommandContext, Receipt
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at

WORKER = CommandContext(actor="pa-facts")
BASE = datetime.now(UTC).date() - timedelta(days=120)


@pytest.fixture
def case(case_record: CaseRecord) -> CaseIds:
    """A 17-year-old looked after from the day of the referral, 120 days ago."""
    rec, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Tyler", "Green", "M", "WBRI", age_days=17 * 365),
        source="6", concern="Asked the police for somewhere to stay.", primary_need="N8",
        span_days=0)
    rec.episode(ids.manager_actor, ids.episode, "decide_referral", 0, 12, decision="ASSESSMENT",
                rationale="Homeless at 17.")
    rec.episode(ids.actor, ids.episode, "become_looked_after", 0, 15, legal_status="V2",
                placement_type="K3")
    return ids


def act(service: CaseRecord, ids: CaseIds, name: str, day: int, **facts: Any) -> Receipt:
    return service.episode_command(WORKER, ids.episode, name,
                                   occurred_at=at(BASE + timedelta(days=day), 14), **facts)


def circumstances(service: CaseRecord, ids: CaseIds, day: int, **facts: Any) -> Receipt:
    return act(service, ids, "record_care_leaver_circumstances", day,
               **({"activity": "F2", "accommodation": "D", "accommodation_suitable": True}
                  | facts))


def refused(service: CaseRecord, ids: CaseIds, rule: str, field: str | None, day: int,
            **facts: Any) -> None:
    version = service.episode(ids.episode).version
    with pytest.raises(RuleBroken) as caught:
        circumstances(service, ids, day, **facts)
    assert (caught.value.rule, caught.value.field) == (rule, field), caught.value.message
    assert service.episode(ids.episode).version == version


def test_a_care_leavers_circumstances_are_recorded_once_they_have_left_care(
    case_record: CaseRecord, case: CaseIds
) -> None:
    refused(case_record, case, "still-looked-after", None, 30)
    act(case_record, case, "cease_to_be_looked_after", 60, ceased_reason="E5")

    recorded = circumstances(case_record, case, 90, activity="F5", accommodation="U")

    event = case_record.episode(case.episode).history[-1]
    assert recorded.events == ("CareLeaverCircumstancesRecorded",)
    assert (event.activity, event.accommodation, event.accommodation_suitable) == (
        "F5", "U", True)


@pytest.mark.parametrize(("facts", "field"), [
    ({"activity": "F3"}, "activity"),
    ({"accommodation": "Q"}, "accommodation"),
    ({"accommodation": "S", "accommodation_suitable": True}, "accommodation_suitable"),
])
def test_codes_from_the_returns_lists_and_homelessness_never_suitable(
    case_record: CaseRecord, case: CaseIds, facts: dict[str, Any], field: str
) -> None:
    act(case_record, case, "cease_to_be_looked_after", 60, ceased_reason="E5")

    refused(case_record, case, "invalid-value", field, 90, **facts)


def test_a_correction_is_held_to_the_same_rules(case_record: CaseRecord, case: CaseIds) -> None:
    act(case_record, case, "cease_to_be_looked_after", 60, ceased_reason="E5")
    recorded = circumstances(case_record, case, 90, accommodation="X",
                             accommodation_suitable=False)

    with pytest.raises(RuleBroken) as caught:
        act(case_record, case, "correct", 91, version=recorded.version,
            changes={"accommodation_suitable": True}, reason="Misread the form")
    assert caught.value.field == "accommodation_suitable"
    act(case_record, case, "correct", 91, version=recorded.version,
        changes={"accommodation": "D", "accommodation_suitable": True}, reason="Released")
