"""The benchmark's PostgreSQL: each dataset and each measure in a schema of its own (`bench_*`)
in one database, so that nothing the tests or other processes use is touched."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from runtime.settings import Settings
from runtime.stores import event_store_env

PREFIX = "bench_"


def settings_for(dsn: str) -> Settings:
    return Settings(store=dsn)


def env_for(dsn: str, schema: str) -> dict[str, str]:
    """The eventsourcing library's environment for the store in `schema`."""
    return event_store_env(settings_for(dsn), schema)


def connect(dsn: str, autocommit: bool = True) -> psycopg.Connection[Any]:
    return psycopg.connect(dsn, autocommit=autocommit)


def fresh_schema(dsn: str, schema: str) -> None:
    """Drop the schema (if it exists) and make it again, empty."""
    _check(schema)
    with connect(dsn) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))


def drop_schema(dsn: str, schema: str) -> None:
    _check(schema)
    with connect(dsn) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def schema_exists(dsn: str, schema: str) -> bool:
    with connect(dsn) as conn:
        row = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
    return row is not None


def events_table(schema: str) -> sql.Composed:
    """The case record's events table (the library names it after the application)."""
    return sql.SQL("{}.casetrail_events").format(sql.Identifier(schema))


def count_events(dsn: str, schema: str) -> int:
    with connect(dsn) as conn:
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(events_table(schema))
        ).fetchone()
    return int(row[0]) if row else 0


def server_version(dsn: str) -> str:
    with connect(dsn) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def _check(schema: str) -> None:
    # The benchmark only ever drops its own schemas.
    if not schema.startswith(PREFIX):
        raise ValueError(f"not a benchmark schema: {schema}")
