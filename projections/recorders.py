"""The view store: the eventsourcing library's tracking recorders, extended with the view tables,
so that a view's rows and its tracking position are written in one transaction."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from psycopg.sql import SQL

from projections.schema import INDEXES, TABLES, VIEW_TABLES

Statement = tuple[str, Sequence[Any]]


class ViewStore(TrackingRecorder):
    """What a projection needs of its store, beside tracking. SQL uses `?` placeholders and
    `{p}` before each table name; each store turns them into its own dialect."""

    @abstractmethod
    def write(self, statements: Sequence[Statement], tracking: Tracking | None) -> None:
        """Run the statements and record the tracking position in one transaction."""

    @abstractmethod
    def select(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""

    @abstractmethod
    def wipe(self) -> None:
        """Delete every view row and tracking position (before a rebuild)."""


class SQLiteViewStore(SQLiteTrackingRecorder, ViewStore):
    prefix = ""

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements += [ddl.format(p="") for ddl in TABLES.values()]
        statements += [ddl.format(p="", i="") for ddl in INDEXES]
        return statements

    def write(self, statements: Sequence[Statement], tracking: Tracking | None) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for sql, params in statements:
                cursor.execute(sql.format(p=""), tuple(params))
            if tracking is not None:
                self._insert_tracking(cursor, tracking)

    def select(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(sql.format(p=""), tuple(params))
            return [dict(row) for row in cursor.fetchall()]

    def wipe(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for table in VIEW_TABLES:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM tracking WHERE application_name != '__migration__'")


class PostgresViewStore(PostgresTrackingRecorder, ViewStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Tables are named after the projection (as the library names its tracking table), in the
        # store's schema, so that several projections can share one database.
        name = self.tracking_table_name.removesuffix("tracking")
        self.prefix = f'"{self.datastore.schema}".{name}'
        statements = [ddl.format(p=self.prefix) for ddl in TABLES.values()]
        statements += [ddl.format(p=self.prefix, i=name) for ddl in INDEXES]
        self.sql_create_statements += [SQL(statement).format() for statement in statements]

    def write(self, statements: Sequence[Statement], tracking: Tracking | None) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for sql, params in statements:
                cursor.execute(self._dialect(sql), tuple(params))
            if tracking is not None:
                self._insert_tracking(cursor, tracking)

    def select(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._dialect(sql), tuple(params))
            return [dict(row) for row in cursor.fetchall()]

    def wipe(self) -> None:
        tables = ", ".join(f"{self.prefix}{table}" for table in VIEW_TABLES)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"TRUNCATE {tables}")
            cursor.execute(
                f'DELETE FROM "{self.datastore.schema}"."{self.tracking_table_name}" '
                "WHERE application_name != '__migration__'"
            )

    def _dialect(self, sql: str) -> Any:
        return sql.format(p=self.prefix).replace("?", "%s")
