"""The view store: the eventsourcing library's tracking recorders, extended with the view tables,
so that a view's rows and its tracking position are written in one transaction."""

from __future__ import annotations

import re
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
            for sql, params in _runs(statements):
                cursor.executemany(sql.format(p=""), params)
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
        # In pipeline mode: the statements go to the server together, not one round trip each
        # (a batch of events is thousands of statements); and many rows of a plain INSERT (a
        # rebuild's) with COPY. An error still rolls back them all.
        with self.datastore.transaction(commit=True) as cursor:
            waiting: list[tuple[str, list[tuple[Any, ...]]]] = []
            for sql, rows in _runs(statements):
                insert = _PLAIN_INSERT.match(sql) if len(rows) >= COPY_FROM else None
                if insert is None:
                    waiting.append((sql, rows))
                    continue
                self._pipelined(cursor, waiting)  # first, what comes before it
                waiting = []
                table, columns = insert.groups()
                with cursor.copy(f"COPY {table.format(p=self.prefix)} ({columns}) FROM STDIN"
                                 ) as copy:
                    for row in rows:
                        copy.write_row(row)
            self._pipelined(cursor, waiting)
            if tracking is not None:
                self._insert_tracking(cursor, tracking)

    def _pipelined(self, cursor: Any, runs: list[tuple[str, list[tuple[Any, ...]]]]) -> None:
        if runs:
            with cursor.connection.pipeline():
                for sql, rows in runs:
                    cursor.executemany(self._dialect(sql), rows)

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


# At least this many rows of one plain INSERT go with COPY (fewer are not worth leaving pipeline
# mode for): the same rows, written faster.
COPY_FROM = 50
_PLAIN_INSERT = re.compile(r"^INSERT INTO (\{p\}\w+) \(([\w, ]+)\) VALUES \((?:\?, )*\?\)$")


def _runs(statements: Sequence[Statement]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Consecutive statements with the same SQL, as one SQL and its rows of parameters (sent
    with `executemany`, in the same order)."""
    runs: list[tuple[str, list[tuple[Any, ...]]]] = []
    for sql, params in statements:
        if runs and runs[-1][0] == sql:
            runs[-1][1].append(tuple(params))
        else:
            runs.append((sql, [tuple(params)]))
    return runs
