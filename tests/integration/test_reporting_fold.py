"""The reporting tables are the same however the events reach them: one at a time, in batches
of any size, and with a record cache too small to hold a batch's records (each is kept until its
rows are written, and a table is written only when its rows changed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from consumers.reporting.catch_up import catch_up, rebuild
from consumers.reporting.projection import Reporting
from consumers.reporting.schema import TABLES
from consumers.reporting.store import close_reporting_store, open_reporting_store
from domain.service import CaseRecord
from projections.recorders import ViewStore
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseRecord]:
    data = tmp_path_factory.mktemp("fold") / "data"
    record = CaseRecord(env=event_store_env(Settings(store="sqlite", data_dir=data)))
    base = date(2025, 6, 2)
    staff = journeys.form_staff(record, base - timedelta(days=120))
    journeys.looked_after_journey(record, base, staff)
    journeys.protection_plan_journey(record, base, staff)
    journeys.late_recorded_visit(record, base, staff)
    journeys.referral_closed_with_no_further_action(record, base, staff)
    try:
        yield record
    finally:
        record.close()


def tables_of(store: ViewStore) -> dict[str, list[str]]:
    return {t: sorted(map(repr, store.select(f"SELECT * FROM {{p}}{t}"))) for t in TABLES}


def folded(app: CaseRecord, tmp_path: Path, name: str, **how: Any) -> dict[str, list[str]]:
    env = {**app.env, "REPORTING_SQLITE_DBNAME": str(tmp_path / f"{name}.sqlite3")}
    store = open_reporting_store(env)
    try:
        projection = Reporting(store)
        if "capacity" in how:
            projection.records.capacity = how["capacity"]
        catch_up(app, projection, batch=how.get("batch", 500))
        return tables_of(store)
    finally:
        close_reporting_store(store)


def test_the_tables_are_the_same_whatever_the_batches_and_the_cache(
    app: CaseRecord, tmp_path: Path
) -> None:
    one_by_one = folded(app, tmp_path, "one", batch=1)

    assert one_by_one["care_episodes"] and one_by_one["plans"] and one_by_one["visits"]
    assert folded(app, tmp_path, "all", batch=100_000) == one_by_one
    assert folded(app, tmp_path, "small-cache", batch=100_000, capacity=1) == one_by_one


def test_a_rebuild_over_full_tables_gives_them_again(app: CaseRecord, tmp_path: Path) -> None:
    env = {**app.env, "REPORTING_SQLITE_DBNAME": str(tmp_path / "rebuilt.sqlite3")}
    store = open_reporting_store(env)
    try:
        catch_up(app, Reporting(store), batch=7)
        before = tables_of(store)
        rebuild(app, Reporting(store), batch=3)
        assert tables_of(store) == before
    finally:
        close_reporting_store(store)
