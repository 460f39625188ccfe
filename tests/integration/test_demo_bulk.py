"""The bulk path records what the ordinary path records, on SQLite and on PostgreSQL: the same
events in the same order, every rule applied, and a refused command leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.errors import DomainError
from domain.service import CaseRecord
from runtime.demo import bulk, generator
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests.journeys import CaseIds, ChildDetails, Recorder, a_base_date, refer_child

END = datetime(2026, 3, 18, 12, 30, tzinfo=UTC)
IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    if request.param == "sqlite":
        return event_store_env(Settings(store="sqlite", data_dir=tmp_path / "data"))
    settings = Settings(store=request.getfixturevalue("postgres_dsn"))
    return event_store_env(settings, request.getfixturevalue("pg_schema"))


@pytest.fixture
def demo() -> generator.DemoPlan:
    return generator.plan(5, scale=0.005, years=1.0, end=END)


def every_record_gapless(app: CaseRecord) -> bool:
    """Each record's stored versions run 1, 2, 3... with none missing or repeated."""
    versions: dict[object, list[int]] = {}
    last = 0
    while notifications := app.recorder.select_notifications(
        start=last, limit=1000, inclusive_of_start=False
    ):
        for n in notifications:
            versions.setdefault(n.originator_id, []).append(n.originator_version)
        last = notifications[-1].id
    return all(found == list(range(1, len(found) + 1)) for found in versions.values())


def log_of(app: CaseRecord) -> list[tuple[int, str]]:
    """Each stored event's version and type, in notification order."""
    found, last = [], 0
    while notifications := app.recorder.select_notifications(
        start=last, limit=1000, inclusive_of_start=False
    ):
        found += [(n.originator_version, n.topic) for n in notifications]
        last = notifications[-1].id
    return found


@pytest.fixture
def reference(demo: generator.DemoPlan) -> Iterator[list[tuple[int, str]]]:
    """What the ordinary path, one transaction per command, records of the plan."""
    app = CaseRecord(env=dict(IN_MEMORY))
    try:
        report = generator.load(app, demo)
        assert report.refusals == []
        yield log_of(app)
    finally:
        app.close()


def test_the_bulk_path_records_the_same_events_in_the_same_order(
    env: dict[str, str], demo: generator.DemoPlan, reference: list[tuple[int, str]]
) -> None:
    shown: list[tuple[int, int]] = []

    report = bulk.load(env, demo, progress=lambda done, total: shown.append((done, total)),
                       batch_events=97)

    app = CaseRecord(env=env)
    try:
        assert log_of(app) == reference
        assert every_record_gapless(app)
    finally:
        app.close()
    assert report.refusals == []
    assert report.total_events == len(reference)
    assert shown[-1] == (len(demo.actions), len(demo.actions))


def a_referral(service: CaseRecord) -> tuple[Recorder, CaseIds]:
    return refer_child(
        service, a_base_date(), ChildDetails("Ellie", "Marsh", "F", "WBRI", age_days=3000),
        source="2A", concern="Bruise on Ellie's forearm noticed in PE.",
    )


def test_a_later_command_in_the_same_batch_sees_the_earlier_ones(env: dict[str, str]) -> None:
    service = bulk.BulkRecord(env, batch_events=1000)
    try:
        # A team, its workers, a child, a referral and an allocation: each command reads
        # records the earlier ones made, none of them written yet.
        rec, ids = a_referral(service)
        assert service.recorder.max_notification_id() is None
        rec.episode(ids.actor, ids.episode, "record_visit", 1, child_seen=True,
                    seen_alone=False)
    finally:
        service.close()
    app = CaseRecord(env=env)
    try:
        episode = app.episode(ids.episode)
        assert [type(e).__name__ for e in episode.history] == [
            "ReferralReceived", "WorkerAllocated", "VisitRecorded"]
        assert app.worker(ids.worker).state.name == "Priya Raman"
    finally:
        app.close()


def test_a_refused_command_leaves_nothing_and_the_next_one_carries_on(
    env: dict[str, str],
) -> None:
    service = bulk.BulkRecord(env, batch_events=1000)
    try:
        rec, ids = a_referral(service)
        with pytest.raises(DomainError):
            # Nothing is recorded as happening before the referral: refused, as on the
            # ordinary path.
            rec.episode(ids.actor, ids.episode, "record_visit", -5, child_seen=True,
                        seen_alone=False)
        rec.episode(ids.actor, ids.episode, "record_case_note", 2, note="Called school.")
    finally:
        service.close()
    app = CaseRecord(env=env)
    try:
        episode = app.episode(ids.episode)
        assert [type(e).__name__ for e in episode.history] == [
            "ReferralReceived", "WorkerAllocated", "CaseNoteRecorded"]
        assert every_record_gapless(app)
    finally:
        app.close()
