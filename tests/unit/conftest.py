"""Fixtures for the unit tests: the case record on an in-memory SQLite store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.service import CaseRecord

IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": ":memory:"}


@pytest.fixture
def case_record() -> Iterator[CaseRecord]:
    """The real application service on a store that lives as long as the test."""
    service = CaseRecord(env=dict(IN_MEMORY))
    try:
        yield service
    finally:
        service.close()
