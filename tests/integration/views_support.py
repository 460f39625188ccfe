"""Helpers for tests of the views: waiting for the feed, and reading every row of every view."""

from __future__ import annotations

from typing import Any

from projections.recorders import ViewStore
from projections.schema import VIEW_TABLES
from runtime.bootstrap import Casetrail


def settle(casetrail: Casetrail) -> None:
    """Wait until the in-process views include every event stored so far."""
    assert casetrail.feed is not None
    casetrail.feed.wait(casetrail.case_record.recorder.max_notification_id(), timeout=30)


def all_rows(view: ViewStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every view table's rows, in an order that does not depend on how they were written."""
    result = {}
    for table in VIEW_TABLES:
        rows = view.select(f"SELECT * FROM {{p}}{table}")
        result[table] = sorted(
            (tuple(sorted((k, _plain(v)) for k, v in row.items())) for row in rows), key=repr
        )
    return result


def _plain(value: Any) -> Any:
    # PostgreSQL returns REAL as float and TEXT as str, like SQLite; bytes never occur.
    return float(value) if isinstance(value, float) else value
