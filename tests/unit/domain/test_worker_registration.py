"""A social worker's Social Work England registration number: given when they join or recorded
later, held to its format (SW and its digits), and absent (not recorded) for a worker who
joined before Casetrail recorded it, whose stored joining still reads back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.errors import InvalidValue, RuleBroken
from domain.service import CaseRecord, CommandContext
from domain.workforce import RegistrationRecorded, WorkerJoined, worker_id

ADMIN = CommandContext(actor="workforce-admin")
NOW = datetime.now(UTC)


@pytest.fixture
def team(case_record: CaseRecord) -> UUID:
    return case_record.form_team(ADMIN, occurred_at=NOW - timedelta(days=30), code="NORTH",
                                 name="Safeguarding North").record_id


def join(case_record: CaseRecord, team: UUID, staff_id: str = "SW-0001",
         **facts: Any) -> UUID:
    return case_record.add_worker(ADMIN, occurred_at=NOW - timedelta(days=20), staff_id=staff_id,
                                  name="Priya Raman", team=team, **facts).record_id


def record_registration(case_record: CaseRecord, worker: UUID, number: Any) -> None:
    case_record.worker_command(ADMIN, worker, "record_registration",
                               occurred_at=NOW - timedelta(days=1), registration_number=number)


def test_a_social_worker_joins_with_their_registration_number(
    case_record: CaseRecord, team: UUID
) -> None:
    worker = join(case_record, team, registration_number="SW123456")

    record = case_record.worker(worker)
    assert record.state.registration_number == "SW123456"
    (joined,) = record.history
    assert isinstance(joined, WorkerJoined) and joined.registration_number == "SW123456"


def test_a_worker_who_joins_without_one_has_none_recorded(
    case_record: CaseRecord, team: UUID
) -> None:
    worker = join(case_record, team, role="PERSONAL_ADVISER")

    assert case_record.worker(worker).state.registration_number is None


def test_the_number_is_recorded_later_and_put_right_when_mistyped(
    case_record: CaseRecord, team: UUID
) -> None:
    worker = join(case_record, team)

    record_registration(case_record, worker, "SW654321")
    record_registration(case_record, worker, "SW654312")

    record = case_record.worker(worker)
    assert record.state.registration_number == "SW654312"
    assert [type(e) for e in record.history[1:]] == [RegistrationRecorded, RegistrationRecorded]


def test_the_number_of_a_worker_who_has_left_can_still_be_recorded_for_the_returns(
    case_record: CaseRecord, team: UUID
) -> None:
    worker = join(case_record, team)
    case_record.worker_command(ADMIN, worker, "leave", occurred_at=NOW - timedelta(days=5))

    record_registration(case_record, worker, "SW100200")

    assert case_record.worker(worker).state.registration_number == "SW100200"


@pytest.mark.parametrize("number", ["123456", "sw123456", "SW", "SW1", "SW12345A", "SW 123456",
                                    "HCPC123456", "SW1234567890", ""])
def test_a_number_not_in_the_registers_format_is_refused_and_nothing_recorded(
    case_record: CaseRecord, team: UUID, number: str
) -> None:
    worker = join(case_record, team)
    version = case_record.worker(worker).version

    with pytest.raises(InvalidValue) as caught:
        record_registration(case_record, worker, number)
    with pytest.raises(InvalidValue) as at_joining:
        join(case_record, team, staff_id="SW-0002", registration_number=number)

    for error in (caught.value, at_joining.value):
        assert error.field == "registration_number"
        assert "SW followed by its digits" in error.message
    assert case_record.worker(worker).version == version
    assert worker_id("SW-0002") not in case_record.repository


def test_recording_the_number_already_recorded_is_refused(
    case_record: CaseRecord, team: UUID
) -> None:
    worker = join(case_record, team, registration_number="SW123456")

    with pytest.raises(RuleBroken) as caught:
        record_registration(case_record, worker, "SW123456")

    assert (caught.value.rule, caught.value.field) == ("same-registration", "registration_number")
    assert case_record.worker(worker).version == 1


def test_a_first_version_joining_upcasts_to_no_number_recorded() -> None:
    state: dict[str, Any] = {"staff_id": "SW-0001", "role": "SOCIAL_WORKER"}

    WorkerJoined.upcast_v1_v2(state)

    assert state["registration_number"] is None
    assert WorkerJoined.class_version == 2


def test_a_worker_stored_by_an_older_release_reads_back_and_can_be_given_a_number(
    case_record: CaseRecord, team: UUID
) -> None:
    current = join(case_record, team, registration_number="SW123456")
    (stored,) = case_record.recorder.select_events(current)
    older = json.loads(stored.state)
    for added in ("registration_number", "class_version"):
        older.pop(added)
    older["staff_id"] = "SW-2019"
    old_id = uuid4()
    case_record.recorder.insert_events([StoredEvent(
        originator_id=old_id, originator_version=1, topic=get_topic(WorkerJoined),
        state=json.dumps(older).encode(),
    )])

    worker = case_record.worker(old_id)
    assert (worker.state.staff_id, worker.state.registration_number) == ("SW-2019", None)

    record_registration(case_record, old_id, "SW777001")

    assert case_record.worker(old_id).state.registration_number == "SW777001"
