"""Fixtures shared by every layer: the real services, a store per test, the clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from runtime.bootstrap import Casetrail, build
from runtime.settings import Settings

POSTGRES_DSN = os.environ.get(
    "CASETRAIL_TEST_POSTGRES", "postgresql://casetrail:casetrail@127.0.0.1:55432/casetrail_test"
)
KAFKA_SERVERS = os.environ.get("CASETRAIL_TEST_KAFKA", "127.0.0.1:19092")


@pytest.fixture(scope="session")
def postgres_dsn() -> str:
    """The project's private PostgreSQL (`scripts/postgres-start`). Never skipped: a test that
    needs it fails loudly when it is not there."""
    with psycopg.connect(POSTGRES_DSN, connect_timeout=5) as connection:
        connection.execute("select 1")
    return POSTGRES_DSN


@contextmanager
def own_schema(dsn: str) -> Iterator[str]:
    """A new schema in the test database, dropped with everything in it afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'create schema "{schema}"')
    try:
        yield schema
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'drop schema if exists "{schema}" cascade')


@pytest.fixture
def pg_schema(postgres_dsn: str) -> Iterator[str]:
    """A schema of this test's own, so tests never see each other's events."""
    with own_schema(postgres_dsn) as schema:
        yield schema


@pytest.fixture(scope="module")
def module_pg_schema(postgres_dsn: str) -> Iterator[str]:
    """A schema of this module's own, for a module's fixtures that outlive one test."""
    with own_schema(postgres_dsn) as schema:
        yield schema


@pytest.fixture(params=["sqlite", "postgres"])
def casetrail(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Casetrail]:
    """Casetrail on each store in turn: the same test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        settings = Settings(store="sqlite", data_dir=tmp_path / "data")
        built = build(settings)
    else:
        schema = request.getfixturevalue("pg_schema")
        settings = Settings(store=request.getfixturevalue("postgres_dsn"))
        built = build(settings, schema=schema)
    try:
        yield built
    finally:
        built.close()
