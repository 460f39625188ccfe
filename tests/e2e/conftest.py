"""Fixtures for the tests over HTTP: one small authority per test module and store.

The access tests send several hundred requests; building Casetrail and its teams once per module
on each store (as the `casetrail` fixture does per test) keeps them to seconds. Every test still
works on a child of its own (`World.open_case`), so tests never see each other's records.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from runtime.bootstrap import build
from runtime.settings import Settings
from tests.e2e.access_world import World, build_world


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """Two teams and their people on Casetrail, on SQLite and then on PostgreSQL."""
    if request.param == "sqlite":
        data_dir: Path = tmp_path_factory.mktemp("world") / "data"
        casetrail = build(Settings(store="sqlite", data_dir=data_dir))
    else:
        schema = request.getfixturevalue("module_pg_schema")
        casetrail = build(Settings(store=request.getfixturevalue("postgres_dsn")), schema=schema)
    try:
        yield build_world(casetrail)
    finally:
        casetrail.close()


