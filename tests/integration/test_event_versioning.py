"""Events stored in an older shape are read back in the current one, on SQLite and PostgreSQL.

A first-version visit (before visits said whether the child was seen alone) is written straight
into the store through its recorder, as an older release of Casetrail would have written it, and
read back through a new application instance.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.episode.everyday import VisitRecorded
from domain.service import CaseRecord, CommandContext
from runtime.bootstrap import Casetrail
from tests import journeys

WORKER = CommandContext(actor="sw-versioning")


@pytest.fixture
def reread(casetrail: Casetrail) -> Iterator[CaseRecord]:
    other = CaseRecord(env=dict(casetrail.case_record.env))
    try:
        yield other
    finally:
        other.close()


@pytest.fixture
def referred(casetrail: Casetrail) -> journeys.CaseIds:
    base = datetime.now(UTC).date() - timedelta(days=30)
    _, ids = journeys.refer_child(
        casetrail.case_record,
        base,
        journeys.ChildDetails("Olly", "Fenwick", "M", "WBRI", age_days=4 * 365),
        source="3C",
        concern="Olly's weight has dropped on the school nurse's chart.",
    )
    return ids


def store_as_an_older_release_would(
    service: CaseRecord, episode_id: UUID, facts: dict[str, Any]
) -> int:
    """Append a visit to the episode's stream with `facts` as its stored state, no more."""
    episode = service.episode(episode_id)
    occurred_at = datetime.now(UTC) - timedelta(days=10)
    state = {
        "timestamp": datetime.now(UTC) - timedelta(days=9),
        "occurred_at": occurred_at,
        "actor": "sw-2019",
        "on_behalf_of": None,
        "reason": None,
        "correlation_id": "migrated-from-the-previous-system",
        "causation_id": None,
        "child_id": episode.child_id,
        **facts,
    }
    version = episode.version + 1
    stored = StoredEvent(
        originator_id=episode_id,
        originator_version=version,
        topic=get_topic(VisitRecorded),
        state=service.mapper.transcoder.encode(state),
    )
    service.recorder.insert_events([stored])
    return version


def stored_state(service: CaseRecord, episode_id: UUID, version: int) -> dict[str, Any]:
    (stored,) = service.recorder.select_events(episode_id, gt=version - 1, lte=version)
    decoded: dict[str, Any] = json.loads(stored.state)
    return decoded


def test_a_first_version_visit_reads_back_as_not_seen_alone(
    casetrail: Casetrail, reread: CaseRecord, referred: journeys.CaseIds
) -> None:
    old_shape = {"statutory": True, "child_seen": True, "note": "Seen with mother present."}
    version = store_as_an_older_release_would(casetrail.case_record, referred.episode, old_shape)
    raw = stored_state(reread, referred.episode, version)
    assert "seen_alone" not in raw and "class_version" not in raw

    episode = reread.episode(referred.episode)

    visit = episode.event_at(version)
    assert isinstance(visit, VisitRecorded)
    assert (visit.child_seen, visit.seen_alone, visit.statutory) == (True, False, True)
    assert visit.note == "Seen with mother present."
    assert visit.actor == "sw-2019"
    (seen,) = episode.state.visits
    assert (seen.child_seen, seen.seen_alone) == (True, False)
    assert episode.version == version


def test_a_first_version_visit_can_be_corrected_and_more_visits_recorded_after_it(
    casetrail: Casetrail, reread: CaseRecord, referred: journeys.CaseIds
) -> None:
    old_shape = {"statutory": True, "child_seen": True, "note": None}
    version = store_as_an_older_release_would(casetrail.case_record, referred.episode, old_shape)
    service = casetrail.case_record
    yesterday = datetime.now(UTC) - timedelta(days=1)

    service.episode_command(
        WORKER,
        referred.episode,
        "correct",
        occurred_at=yesterday,
        version=version,
        changes={"seen_alone": True},
        reason="The case file says Olly was seen alone.",
    )
    service.episode_command(
        WORKER,
        referred.episode,
        "record_visit",
        occurred_at=yesterday,
        child_seen=True,
        seen_alone=False,
    )

    visits = reread.episode(referred.episode).state.visits
    assert [(v.child_seen, v.seen_alone) for v in visits] == [(True, True), (True, False)]


def test_a_visit_recorded_now_is_stored_as_version_two_and_reads_back_unchanged(
    casetrail: Casetrail, reread: CaseRecord, referred: journeys.CaseIds
) -> None:
    receipt = casetrail.case_record.episode_command(
        WORKER,
        referred.episode,
        "record_visit",
        occurred_at=datetime.now(UTC) - timedelta(hours=2),
        child_seen=True,
        seen_alone=True,
    )

    raw = stored_state(reread, referred.episode, receipt.version)
    assert raw["class_version"] == 2
    assert raw["seen_alone"] is True
    visit = reread.episode(referred.episode).event_at(receipt.version)
    assert isinstance(visit, VisitRecorded) and visit.seen_alone is True
    assert "class_version" not in vars(visit)


def test_a_visit_stored_before_versions_were_declared_keeps_its_seen_alone(
    casetrail: Casetrail, reread: CaseRecord, referred: journeys.CaseIds
) -> None:
    # Stored without a class_version, so read as version 1, but it already says seen alone.
    shape = {"statutory": False, "child_seen": True, "seen_alone": True, "note": None}
    version = store_as_an_older_release_would(casetrail.case_record, referred.episode, shape)

    visit = reread.episode(referred.episode).event_at(version)

    assert isinstance(visit, VisitRecorded)
    assert (visit.seen_alone, visit.statutory) == (True, False)
