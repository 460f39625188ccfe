"""A full rebuild of the views gives exactly the rows that incremental processing gave."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.service import CaseRecord
from projections.casework import Casework
from projections.rebuild import rebuild
from projections.recorders import ViewStore
from projections.runner import open_view_store
from runtime.bootstrap import Casetrail, build
from runtime.policies import clock_settings
from runtime.settings import Settings
from tests import journeys
from tests.integration.views_support import all_rows, settle


@pytest.fixture
def second_view_store(casetrail: Casetrail, tmp_path: Path) -> Iterator[ViewStore]:
    """Another view store over the same events: a file of its own, or a schema of its own."""
    env = dict(casetrail.case_record.env)
    schema = None
    if env["PERSISTENCE_MODULE"] == "eventsourcing.postgres":
        schema = f"r_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(casetrail.settings.store, autocommit=True) as connection:
            connection.execute(f'create schema "{schema}"')
        env["CASEWORK_POSTGRES_SCHEMA"] = schema
    else:
        env["CASEWORK_SQLITE_DBNAME"] = str(tmp_path / "rebuilt-views.sqlite3")
    store = open_view_store(env)
    try:
        yield store
    finally:
        if schema:
            with psycopg.connect(casetrail.settings.store, autocommit=True) as connection:
                connection.execute(f'drop schema "{schema}" cascade')


def test_rebuilding_from_the_events_gives_the_rows_the_feed_built(
    casetrail: Casetrail, second_view_store: ViewStore
) -> None:
    base = journeys.a_base_date()
    staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
    for journey in journeys.JOURNEYS.values():
        journey(casetrail.case_record, base, staff)
    settle(casetrail)

    out = io.StringIO()
    projection = Casework(second_view_store, clock_settings(casetrail.settings))
    report = rebuild(casetrail.case_record, projection, out=out, batch=37)

    assert report.events == casetrail.case_record.recorder.max_notification_id()
    assert all_rows(second_view_store) == all_rows(casetrail.views)
    assert f"rebuilt casework from {report.events} events" in out.getvalue()


def test_rebuilding_twice_changes_nothing(casetrail: Casetrail) -> None:
    journeys.protection_plan_journey(casetrail.case_record, journeys.a_base_date())
    settle(casetrail)
    casetrail.close()  # the in-process feed must not write while the views are rebuilt
    view = open_view_store(dict(casetrail.case_record.env))
    app = CaseRecord(env=dict(casetrail.case_record.env))
    try:
        projection = Casework(view, clock_settings(casetrail.settings))
        rebuild(app, projection, out=None)
        first = all_rows(view)
        rebuild(app, projection, out=None)
        assert all_rows(view) == first
        assert first["clocks"]
    finally:
        app.close()


JOURNEY_NAMES = sorted(journeys.JOURNEYS)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    chosen=st.lists(st.sampled_from(JOURNEY_NAMES), min_size=1, max_size=4),
    shared_staff=st.booleans(),
    batch=st.integers(min_value=1, max_value=60),
)
def test_a_rebuild_equals_incremental_processing_for_any_mix_of_journeys(
    tmp_path_factory: pytest.TempPathFactory, chosen: list[str], shared_staff: bool, batch: int
) -> None:
    folder = tmp_path_factory.mktemp("rebuild")
    casetrail = build(Settings(store="sqlite", data_dir=folder / "data"))
    try:
        base = journeys.a_base_date()
        staff = (journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
                 if shared_staff else None)
        for name in chosen:
            journeys.JOURNEYS[name](casetrail.case_record, base, staff)
        settle(casetrail)
        env = dict(casetrail.case_record.env)
        env["CASEWORK_SQLITE_DBNAME"] = str(folder / "rebuilt.sqlite3")
        rebuilt = open_view_store(env)
        rebuild(casetrail.case_record,
                Casework(rebuilt, clock_settings(casetrail.settings)), out=None, batch=batch)
        assert all_rows(rebuilt) == all_rows(casetrail.views)
    finally:
        casetrail.close()
