"""The published event schemas: made from the domain's event classes, checked in as made, served
by the API to anyone, and true to every message the relay would send for what the synthetic
authority and the journeys record."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Mapper, Notification
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from api.app import create_app
from consumers.event_schema import BASES, differences, event_classes, published
from consumers.messages import CaseMessage, encode
from domain.episode.everyday import VisitRecorded
from domain.service import CaseRecord, CommandContext
from domain.transcodings import case_transcoder
from runtime.cli import main
from runtime.demo import generator
from tests import journeys

ROOT = Path(__file__).resolve().parents[2]
CHECKED_IN = ROOT / "schemas" / "events"
IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}
END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)


def headers_of(message: CaseMessage) -> dict[str, str]:
    return {name: raw.decode() for name, raw in message.headers}


def document_for(message: CaseMessage) -> dict[str, Any]:
    headers = headers_of(message)
    key = (headers["event-type"], int(headers["event-version"]))
    assert key in published().documents, f"no schema published for {key}"
    return published().documents[key]


def check(document: dict[str, Any], value: dict[str, Any]) -> None:
    """Validate a message value against its document, and its `state` (a JSON text) against the
    document's state schema, as a consumer would."""
    Draft202012Validator(document, format_checker=FormatChecker()).validate(value)
    check_state(document, json.loads(value["state"]))


def check_state(document: dict[str, Any], state: dict[str, Any]) -> None:
    schema = {"$schema": document["$schema"], "$defs": document["$defs"], "$ref": "#/$defs/state"}
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(state)


@pytest.fixture(scope="module")
def messages() -> Iterator[list[CaseMessage]]:
    """What the relay would send for a small synthetic authority, every journey, an idempotent
    command and a read of a record."""
    store = CaseRecord(env=dict(IN_MEMORY))
    try:
        demo = generator.plan(7, scale=0.005, years=1.0, end=END)
        assert generator.load(store, demo).refusals == []
        store.clock = lambda: datetime.now(UTC)
        base = journeys.a_base_date()
        staff = journeys.form_staff(store, base - timedelta(days=90))
        for journey in journeys.JOURNEYS.values():
            journey(store, base, staff)
        a_childs_own_record_and_a_workers_moves(store, staff)
        once = CommandContext(actor="workforce-admin", idempotency_key="form-team-once")
        store.form_team(once, occurred_at=datetime.now(UTC), code="T-ONCE", name="Duty")
        store.record_access("auditor-1", "auditor", staff.team, "GET /children/{id}", "CSPR-1",
                            "allowed")
        mapper = Mapper[UUID](transcoder=case_transcoder())
        yield [encode(n, mapper) for n in store.recorder.select_notifications(None, 100_000)]
    finally:
        store.close()


def a_childs_own_record_and_a_workers_moves(store: CaseRecord, staff: journeys.Staff) -> None:
    """The events of a child's own record and of a worker's career that no journey records: an
    unborn child born, renamed, moved, restricted, corrected, struck out and dead; a worker who
    changes hours, has their registration recorded, changes team and leaves."""
    start = datetime.now(UTC) - timedelta(days=20)
    moments = (start + timedelta(hours=hours) for hours in range(0, 1000, 7))
    ctx = CommandContext(actor=staff.worker_actor)
    child = store.register_child(
        ctx, occurred_at=next(moments), la_child_id="UNBORN01", given_name="Baby",
        family_name="Okafor", sex="U", ethnicity="NOBT", expected_birth_date=start.date(),
    ).record_id
    adult = uuid4()
    commands: list[tuple[str, dict[str, Any]]] = [
        ("record_birth", {}),
        ("record_new_name", {"given_name": "Ada", "family_name": "Okafor"}),
        ("record_identifiers", {"upn": None, "nhs_number": journeys.synthetic_nhs_number()}),
        ("record_characteristics", {"sex": "F", "ethnicity": "BAFR", "disabilities": ["NONE"]}),
        ("record_move", {"address": "2 Elm Row, Demoton, DM2 2AA"}),
        ("record_adult_joined", {"person_id": adult, "name": "Sam Reed", "relationship": "lodger",
                                 "checks_made": False}),
        ("record_household_checks", {"person_id": adult}),
        ("record_adult_left", {"person_id": adult}),
        ("restrict", {"kind": "STAFF", "named_people": [staff.manager_actor],
                      "reason": "A relative works in the team."}),
        ("lift_restriction", {"reason": "The relative has left."}),
    ]
    versions = {}
    for command, facts in commands:
        receipt = store.child_command(ctx, child, command, occurred_at=next(moments), **facts)
        versions[command] = receipt.version
    store.child_command(ctx, child, "correct", occurred_at=next(moments),
                        version=versions["record_move"],
                        changes={"address": "12 Elm Row, Demoton, DM2 2AA"},
                        reason="The house number was mistyped.")
    store.child_command(ctx, child, "strike", occurred_at=next(moments),
                        version=versions["record_household_checks"],
                        reason="Recorded on the wrong child.")
    store.record_death(ctx, child, next(moments))
    elsewhere = journeys.form_staff(store, start.date() - timedelta(days=30))
    admin = CommandContext(actor="workforce-admin")
    store.worker_command(admin, staff.worker, "change_hours", occurred_at=next(moments), fte=0.6)
    store.worker_command(admin, staff.worker, "record_registration", occurred_at=next(moments),
                         registration_number="SW123456")
    store.worker_command(admin, staff.worker, "move_team", occurred_at=next(moments),
                         team=elsewhere.team)
    store.worker_command(admin, staff.worker, "leave", occurred_at=next(moments))


def test_the_checked_in_schemas_are_the_ones_the_domain_makes() -> None:
    assert differences(CHECKED_IN) == [], "run `.venv/bin/casetrail schemas` and commit the diff"


def test_every_message_the_relay_would_send_matches_the_schema_its_headers_name(
    messages: list[CaseMessage],
) -> None:
    seen = set()
    for message in messages:
        check(document_for(message), json.loads(message.value))
        seen.add(headers_of(message)["event-type"])

    assert {"RecordAccess.Recorded", "IdempotentCommand.Recorded", "EpisodeEventCorrected",
            "EpisodeEntryInError", "VisitRecorded", "ChildRegistered", "WorkerJoined",
            "ChildBorn", "EventCorrected", "EventEnteredInError", "WorkingHoursChanged",
            "RegistrationRecorded"} <= seen
    assert len(seen) >= 60, sorted(seen)


def a_message(
    messages: list[CaseMessage], event_type: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document and the decoded value of the first message of `event_type`."""
    message = next(m for m in messages if headers_of(m)["event-type"] == event_type)
    return document_for(message), json.loads(message.value)


def with_state(value: dict[str, Any], change: Any) -> dict[str, Any]:
    state = json.loads(value["state"])
    change(state)
    return {**value, "state": json.dumps(state)}


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a missing fact", lambda s: s.pop("source")),
        ("a missing envelope field", lambda s: s.pop("occurred_at")),
        ("a fact no version has", lambda s: s.update(mood="calm")),
        ("a code from no code list", lambda s: s.update(primary_need="N99")),
        ("a date not in the store's encoding", lambda s: s.update(occurred_at="2026-03-01")),
        ("an id not in the store's encoding", lambda s: s.update(child_id=str(uuid4()))),
        ("an instant without its offset", lambda s: s["timestamp"].update(
            _data_="2026-03-01T10:00:00")),
    ],
)
def test_a_message_that_breaks_the_shape_fails_its_schema(
    messages: list[CaseMessage], what: str, change: Any
) -> None:
    document, value = a_message(messages, "ReferralReceived")
    check(document, value)  # as sent

    with pytest.raises(ValidationError):
        check(document, with_state(value, change))


def test_a_value_with_another_topic_or_no_state_fails_its_schema(
    messages: list[CaseMessage],
) -> None:
    document, value = a_message(messages, "ReferralReceived")
    validator = Draft202012Validator(document)

    assert not validator.is_valid({**value, "topic": "domain.child:ChildRegistered"})
    assert not validator.is_valid({k: v for k, v in value.items() if k != "state"})
    assert not validator.is_valid({**value, "originator_version": 0})


def test_a_visit_stored_before_seen_alone_is_sent_as_version_1_and_upcasts_to_version_2(
    messages: list[CaseMessage],
) -> None:
    first, second = (published().documents[("VisitRecorded", v)] for v in (1, 2))
    _, value = a_message(messages, "VisitRecorded")
    stored = json.loads(value["state"])
    older = {k: v for k, v in stored.items() if k not in ("seen_alone", "class_version")}
    notification = Notification(
        id=7, originator_id=UUID(value["originator_id"]),
        originator_version=value["originator_version"], topic=value["topic"],
        state=json.dumps(older).encode(),
    )

    message = encode(notification, Mapper(transcoder=case_transcoder()))

    assert headers_of(message)["event-version"] == "1"
    check(first, json.loads(message.value))
    with pytest.raises(ValidationError):
        check_state(second, older)
    upcast = copy.deepcopy(older)
    VisitRecorded.upcast_v1_v2(upcast)
    check_state(second, {**upcast, "class_version": 2})


def test_every_event_class_has_a_document_at_each_of_its_versions() -> None:
    documents = published().documents
    for cls in event_classes():
        for version in range(1, cls.class_version + 1):
            assert (cls.__qualname__, version) in documents
    assert len(documents) == sum(cls.class_version for cls in event_classes())
    assert not {cls.__qualname__ for cls in BASES} & {t for t, _ in documents}


def test_the_index_lists_each_document_once_and_marks_the_latest_version() -> None:
    index = published().index
    listed = [(e["type"], e["version"]) for e in index["events"]]

    assert sorted(listed) == sorted(published().documents)
    latest = {(e["type"], e["version"]) for e in index["events"] if e["latest"]}
    assert ("VisitRecorded", 2) in latest and ("VisitRecorded", 1) not in latest
    assert set(index["message"]["headers"]) == {"notification-id", "event-type", "event-version"}


def test_casetrail_schemas_writes_the_documents_and_check_finds_a_changed_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "events"
    assert main(["schemas", "--out", str(folder)]) == 0
    assert main(["schemas", "--out", str(folder), "--check"]) == 0
    assert {p.name for p in folder.iterdir()} == {p.name for p in CHECKED_IN.iterdir()}

    (folder / "VisitRecorded.v2.json").write_text("{}\n")
    (folder / "Retired.v1.json").write_text("{}\n")
    capsys.readouterr()
    assert main(["schemas", "--out", str(folder), "--check"]) == 1
    assert "VisitRecorded.v2.json" in capsys.readouterr().err
    assert main(["schemas", "--out", str(folder)]) == 0
    assert differences(folder) == []
    assert not (folder / "Retired.v1.json").exists()


class _Healthy:
    def run(self) -> tuple[bool, dict[str, str]]:
        return True, {"store": "ok"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(_Healthy())) as test_client:
        yield test_client


def test_the_api_serves_the_index_and_each_document_without_a_token(client: TestClient) -> None:
    index = client.get("/schemas/events")
    document = client.get("/schemas/events/VisitRecorded/1")
    nested = client.get("/schemas/events/RecordAccess.Recorded/1")

    assert index.status_code == 200 and index.json() == published().index
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/schema+json"
    assert document.json() == json.loads((CHECKED_IN / "VisitRecorded.v1.json").read_text())
    assert nested.json()["properties"]["topic"]["const"] == "domain.access:RecordAccess.Recorded"


def test_the_api_answers_an_unknown_event_or_version_with_a_plain_404(client: TestClient) -> None:
    for path in ("/schemas/events/VisitRecorded/3", "/schemas/events/NoSuchEvent/1"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"type": "about:blank", "title": "Not found", "status": 404}
    assert client.get("/schemas/events/VisitRecorded/two").status_code == 422
