"""A correction arrives as JSON, where a date is ISO text: a date fact corrected that way is
stored as a date, and text that is not a date is refused with the fact named, changing nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.episode.looked_after import MissingEpisodeRecorded
from domain.errors import InvalidValue
from domain.service import CaseRecord, CommandContext
from tests import journeys
from tests.journeys import CaseIds, ChildDetails, at

WORKER = CommandContext(actor="sw-dates")
BASE = datetime.now(UTC).date() - timedelta(days=60)


@pytest.fixture
def missing(case_record: CaseRecord) -> tuple[CaseIds, int]:
    """A looked-after child recorded as missing on day 10, back on day 12."""
    _, ids = journeys.refer_child(
        case_record, BASE, ChildDetails("Lena", "Hart", "F", "WBRI", age_days=14 * 365),
        source="6", concern="Left home after a row.", primary_need="N4",
    )
    act(case_record, ids, "become_looked_after", 5, legal_status="V2", placement_type="U6")
    went = act(case_record, ids, "record_missing_episode", 10,
               returned_on=BASE + timedelta(days=12))
    return ids, went


def act(service: CaseRecord, ids: CaseIds, name: str, n: int, **facts: object) -> int:
    receipt = service.episode_command(
        WORKER, ids.episode, name, occurred_at=at(BASE + timedelta(days=n)), **facts)
    return receipt.version


def test_a_date_given_as_iso_text_is_corrected_as_a_date(
    case_record: CaseRecord, missing: tuple[CaseIds, int]
) -> None:
    ids, version = missing
    back = (BASE + timedelta(days=13)).isoformat()

    act(case_record, ids, "correct", 14, version=version, changes={"returned_on": back},
        reason="She came back a day later than first written")

    (went,) = [e for e in case_record.episode(ids.episode).effective_history()
               if isinstance(e, MissingEpisodeRecorded)]
    assert went.returned_on == date.fromisoformat(back)


@pytest.mark.parametrize("text", ["2026-02-30", "next Tuesday", ""])
def test_text_that_is_not_a_date_is_refused_naming_the_fact(
    case_record: CaseRecord, missing: tuple[CaseIds, int], text: str
) -> None:
    ids, version = missing
    before = case_record.episode(ids.episode).version

    with pytest.raises(InvalidValue) as caught:
        act(case_record, ids, "correct", 14, version=version, changes={"returned_on": text},
            reason="Wrong date")

    assert caught.value.field == "changes.returned_on"
    assert case_record.episode(ids.episode).version == before
