"""The reporting store: the casework views' store (`ViewStore`: the eventsourcing library's
tracking recorders, with rows and tracking position written in one transaction, batched as it
batches them) over the reporting tables instead of the casework ones."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from consumers.reporting.schema import INDEXES, TABLES
from projections.recorders import PostgresViewStore, SQLiteViewStore, ViewStore
from projections.runner import open_store

NAME = "reporting"


class SQLiteReportingStore(SQLiteViewStore):
    # The reporting tables in place of the casework views'.
    tables = TABLES
    indexes = INDEXES


class PostgresReportingStore(PostgresViewStore):
    # The reporting tables in place of the casework views', named after the projection as the
    # library names its tracking table, in the store's schema: they sit beside the casework views
    # without clashing.
    tables = TABLES
    indexes = INDEXES


def reporting_env(env: Mapping[str, str]) -> dict[str, str]:
    """The event store's environment, with the reporting tables in a SQLite file of their own
    (beside the events) unless one is named: rebuilding them never touches the events."""
    found = dict(env)
    sqlite = found["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    if sqlite and "REPORTING_SQLITE_DBNAME" not in found:
        events = Path(found["SQLITE_DBNAME"])
        found["REPORTING_SQLITE_DBNAME"] = str(events.with_name("reporting.sqlite3"))
    return found


def open_reporting_store(env: Mapping[str, str]) -> ViewStore:
    """The reporting tables' store, beside the event store they are folded from."""
    return open_store(NAME, reporting_env(env), SQLiteReportingStore, PostgresReportingStore)


def close_reporting_store(store: ViewStore) -> None:
    """Close the store's connections (the library's datastore has no public close of its own on
    the recorder)."""
    store.datastore.close()  # type: ignore[attr-defined]
