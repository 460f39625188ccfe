"""The reporting store: the casework views' store (`ViewStore`: the eventsourcing library's
tracking recorders, with rows and tracking position written in one transaction, batched as it
batches them) over the reporting tables instead of the casework ones."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eventsourcing.persistence import (
    InfrastructureFactory,
)
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment
from psycopg.sql import SQL

from consumers.reporting.schema import INDEXES, REPORTING_TABLES, TABLES
from projections.recorders import PostgresViewStore, SQLiteViewStore, ViewStore
from projections.runner import despite_create_race

NAME = "reporting"


class SQLiteReportingStore(SQLiteViewStore):
    def construct_create_table_statements(self) -> list[str]:
        # The tracking table, and the reporting tables in place of the casework views'.
        statements = SQLiteTrackingRecorder.construct_create_table_statements(self)
        statements += [ddl.format(p="") for ddl in TABLES.values()]
        statements += [ddl.format(p="", i="") for ddl in INDEXES]
        return statements

    def wipe(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for table in REPORTING_TABLES:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM tracking WHERE application_name != '__migration__'")


class PostgresReportingStore(PostgresViewStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The tracking table only (not the casework views' tables), then the reporting tables,
        # named after the projection as the library names its tracking table, in the store's
        # schema: they sit beside the casework views without clashing.
        PostgresTrackingRecorder.__init__(self, *args, **kwargs)
        name = self.tracking_table_name.removesuffix("tracking")
        self.prefix = f'"{self.datastore.schema}".{name}'
        statements = [ddl.format(p=self.prefix) for ddl in TABLES.values()]
        statements += [ddl.format(p=self.prefix, i=name) for ddl in INDEXES]
        self.sql_create_statements += [SQL(statement).format() for statement in statements]

    def wipe(self) -> None:
        tables = ", ".join(f"{self.prefix}{table}" for table in REPORTING_TABLES)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"TRUNCATE {tables}")
            cursor.execute(
                f'DELETE FROM "{self.datastore.schema}"."{self.tracking_table_name}" '
                "WHERE application_name != '__migration__'"
            )


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
    found = reporting_env(env)
    factory = InfrastructureFactory.construct(Environment(NAME, found))
    kind: type[Any] = (
        PostgresReportingStore if found["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
        else SQLiteReportingStore
    )
    store = despite_create_race(lambda: factory.tracking_recorder(kind))
    assert isinstance(store, ViewStore)
    return store


def close_reporting_store(store: ViewStore) -> None:
    """Close the store's connections (the library's datastore has no public close of its own on
    the recorder)."""
    store.datastore.close()  # type: ignore[attr-defined]
