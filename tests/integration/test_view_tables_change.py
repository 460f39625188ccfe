"""A release that changes the tables of a view (the reporting tables here) finds the old tables
in the store it opens: it drops them and their positions, makes them anew, and the projection
folds every event into them again, giving the rows it gave before. Opened by the same release, the
tables and their positions are kept. On both stores."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.reporting.schema import TABLES
from consumers.reporting.store import (
    PostgresReportingStore,
    SQLiteReportingStore,
    close_reporting_store,
    open_reporting_store,
)
from domain.service import CaseRecord
from projections.recorders import FINGERPRINT_TABLE, ViewStore
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys

# The next release's teams table: one column more.
CHANGED = {**TABLES, "teams": TABLES["teams"].replace(
    "name TEXT NOT NULL)", "name TEXT NOT NULL, service_area TEXT)")}


@pytest.fixture(params=["sqlite", "postgres"])
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if request.param == "sqlite":
        yield dict(event_store_env(Settings(store="sqlite", data_dir=tmp_path / "data")))
    else:
        settings = Settings(store=request.getfixturevalue("postgres_dsn"))
        yield dict(event_store_env(settings, request.getfixturevalue("pg_schema")))


@pytest.fixture
def app(env: dict[str, str]) -> Iterator[CaseRecord]:
    record = CaseRecord(env=env)
    base = date(2025, 9, 1)
    staff = journeys.form_staff(record, base - timedelta(days=90))
    journeys.looked_after_journey(record, base, staff)
    journeys.protection_plan_journey(record, base, staff)
    try:
        yield record
    finally:
        record.close()


def folded(env: dict[str, str], app: CaseRecord) -> tuple[ViewStore, dict[str, list[Any]]]:
    store = open_reporting_store(env)
    catch_up(app, Reporting(store))
    return store, contents(store)


def contents(store: ViewStore) -> dict[str, list[Any]]:
    return {table: sorted(map(repr, store.select(f"SELECT * FROM {{p}}{table}")))
            for table in ("children", "episodes", "care_episodes", "plans", "worker_changes")}


def test_the_same_release_keeps_the_tables_and_their_positions(
    env: dict[str, str], app: CaseRecord
) -> None:
    store, before = folded(env, app)
    close_reporting_store(store)

    again = open_reporting_store(env)
    try:
        assert again.keep_tables_current() is False
        assert again.max_tracking_id(app.name) == app.recorder.max_notification_id()
        assert contents(again) == before
    finally:
        close_reporting_store(again)


def test_a_release_with_changed_tables_drops_them_and_folds_every_event_again(
    env: dict[str, str], app: CaseRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, before = folded(env, app)
    close_reporting_store(store)
    for kind in (SQLiteReportingStore, PostgresReportingStore):
        monkeypatch.setattr(kind, "tables", CHANGED)

    remade = open_reporting_store(env)
    try:
        assert remade.max_tracking_id(app.name) is None
        assert contents(remade) == {table: [] for table in before}
        assert remade.select("SELECT service_area FROM {p}teams") == []
        assert catch_up(app, Reporting(remade)) == app.recorder.max_notification_id()
        assert contents(remade) == before
        assert remade.keep_tables_current() is False
    finally:
        close_reporting_store(remade)


def test_tables_from_a_release_that_kept_no_fingerprint_are_made_anew(
    env: dict[str, str], app: CaseRecord
) -> None:
    store, before = folded(env, app)
    store.write([(f"DROP TABLE {{p}}{FINGERPRINT_TABLE}", ())], None)
    close_reporting_store(store)

    remade = open_reporting_store(env)
    try:
        assert remade.max_tracking_id(app.name) is None
        catch_up(app, Reporting(remade))
        assert contents(remade) == before
    finally:
        close_reporting_store(remade)


def test_two_processes_opening_changed_tables_at_once_make_them_anew_once(
    postgres_dsn: str, pg_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = dict(event_store_env(Settings(store=postgres_dsn), pg_schema))
    close_reporting_store(open_reporting_store(env))
    monkeypatch.setattr(PostgresReportingStore, "tables", CHANGED)
    start = threading.Barrier(2)

    def opened() -> ViewStore:
        start.wait()
        return open_reporting_store(env)

    with ThreadPoolExecutor(2) as pool:
        one, other = pool.map(lambda _: opened(), range(2))
    try:
        assert (one.keep_tables_current(), other.keep_tables_current()) == (False, False)
        assert one.select("SELECT service_area FROM {p}teams") == []
        with psycopg.connect(postgres_dsn) as connection:
            counted = connection.execute(
                f'SELECT count(*) FROM "{pg_schema}".reporting_{FINGERPRINT_TABLE}').fetchone()
        assert counted == (1,)
    finally:
        close_reporting_store(one)
        close_reporting_store(other)
