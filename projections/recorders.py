"""The view store: the eventsourcing library's tracking recorders, extended with the view tables,
so that a view's rows and its tracking position are written in one transaction.

Views are derived data: when a new release changes their tables, a store opened on the old ones
drops them and their positions and makes them anew, and the projection folds every event into them
again (`keep_tables_current`). A fingerprint of the tables' DDL, kept beside them, says which
release made them."""

from __future__ import annotations

import hashlib
import logging
import re
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from psycopg.sql import SQL

from projections.schema import INDEXES, TABLES

Statement = tuple[str, Sequence[Any]]
log = logging.getLogger(__name__)

# The table holding the fingerprint of the DDL that made a store's view tables.
FINGERPRINT_TABLE = "view_fingerprint"


class ViewStore(TrackingRecorder):
    """What a projection needs of its store, beside tracking. SQL uses `?` placeholders and
    `{p}` before each table name (`{i}` before an index's); each store turns them into its own
    dialect. `tables` and `indexes` are the view's DDL: the casework views' unless a subclass
    names others."""

    tables: ClassVar[Mapping[str, str]] = TABLES
    indexes: ClassVar[Sequence[str]] = INDEXES

    @classmethod
    def fingerprint(cls) -> str:
        """Which tables these are: changes whenever their DDL does."""
        ddl = "\n".join([*cls.tables.values(), *cls.indexes])
        return hashlib.sha256(ddl.encode()).hexdigest()[:16]

    @abstractmethod
    def write(self, statements: Sequence[Statement], tracking: Tracking | None) -> None:
        """Run the statements and record the tracking position in one transaction."""

    @abstractmethod
    def select(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""

    @abstractmethod
    def wipe(self) -> None:
        """Delete every view row and tracking position (before a rebuild)."""

    @abstractmethod
    def keep_tables_current(self) -> bool:
        """If the view tables were made by other DDL than this release's (or by a release that
        kept no fingerprint), drop them and every tracking position and make them anew, so that
        the projection folds every event again; say whether it did. Safe to call from several
        processes at once: one of them rebuilds, and the others find the tables current."""


def _note_remade(store: str, positions: int) -> None:
    if positions:
        log.warning("the tables of %s changed in this release: dropped and made anew; every "
                    "event will be folded into them again", store)


class SQLiteViewStore(SQLiteTrackingRecorder, ViewStore):
    prefix = ""

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self._view_ddl()]

    def _view_ddl(self) -> list[str]:
        return [
            *(ddl.format(p="") for ddl in self.tables.values()),
            *(ddl.format(p="", i="") for ddl in self.indexes),
            f"CREATE TABLE IF NOT EXISTS {FINGERPRINT_TABLE} (fingerprint TEXT NOT NULL)",
        ]

    def keep_tables_current(self) -> bool:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {FINGERPRINT_TABLE} "
                           "(fingerprint TEXT NOT NULL)")
            cursor.execute(f"SELECT fingerprint FROM {FINGERPRINT_TABLE}")
            found = [row[0] for row in cursor.fetchall()]
            if found == [self.fingerprint()]:
                return False
            cursor.execute("SELECT count(*) FROM tracking "
                           "WHERE application_name != '__migration__'")
            positions = int(cursor.fetchone()[0])
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute("DELETE FROM tracking WHERE application_name != '__migration__'")
            for statement in self._view_ddl():
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {FINGERPRINT_TABLE}")
            cursor.execute(f"INSERT INTO {FINGERPRINT_TABLE} VALUES (?)", (self.fingerprint(),))
        _note_remade(type(self).__name__, positions)
        return True

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
            for table in self.tables:
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM tracking WHERE application_name != '__migration__'")


class PostgresViewStore(PostgresTrackingRecorder, ViewStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Tables are named after the projection (as the library names its tracking table), in the
        # store's schema, so that several projections can share one database.
        self.index_prefix = self.tracking_table_name.removesuffix("tracking")
        self.prefix = f'"{self.datastore.schema}".{self.index_prefix}'
        self.sql_create_statements += [SQL(statement).format()
                                       for statement in self._view_ddl()]

    def _view_ddl(self) -> list[str]:
        return [
            *(ddl.format(p=self.prefix) for ddl in self.tables.values()),
            *(ddl.format(p=self.prefix, i=self.index_prefix) for ddl in self.indexes),
            f"CREATE TABLE IF NOT EXISTS {self.prefix}{FINGERPRINT_TABLE} "
            "(fingerprint TEXT NOT NULL)",
        ]

    def keep_tables_current(self) -> bool:
        tracking = f'"{self.datastore.schema}"."{self.tracking_table_name}"'
        fingerprints = f"{self.prefix}{FINGERPRINT_TABLE}"
        with self.datastore.transaction(commit=True) as cursor:
            # One process at a time decides (and rebuilds); DDL commits with the rest, or not.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.prefix,))
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {fingerprints} "
                           "(fingerprint TEXT NOT NULL)")
            cursor.execute(f"SELECT fingerprint FROM {fingerprints}")
            found = [row["fingerprint"] for row in cursor.fetchall()]
            if found == [self.fingerprint()]:
                return False
            cursor.execute(f"SELECT count(*) AS n FROM {tracking} "
                           "WHERE application_name != '__migration__'")
            counted = cursor.fetchone()
            positions = int(counted["n"]) if counted else 0
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {self.prefix}{table}")
            cursor.execute(f"DELETE FROM {tracking} WHERE application_name != '__migration__'")
            for statement in self._view_ddl():
                cursor.execute(statement)
            cursor.execute(f"DELETE FROM {fingerprints}")
            cursor.execute(f"INSERT INTO {fingerprints} VALUES (%s)", (self.fingerprint(),))
        _note_remade(type(self).__name__, positions)
        return True

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
        tables = ", ".join(f"{self.prefix}{table}" for table in self.tables)
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
