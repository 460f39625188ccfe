"""The composition root: builds everything Casetrail runs on from one `Settings`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import FastAPI

from api.app import create_app
from domain.service import CaseRecord
from runtime.health import HealthCheck, probes_for
from runtime.settings import Settings
from runtime.stores import event_store_env


@dataclass
class Casetrail:
    """A running Casetrail: the command side, the health checks, and the HTTP app."""

    settings: Settings
    case_record: CaseRecord
    health: HealthCheck
    app: FastAPI
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def build(
    settings: Settings, clock: Callable[[], datetime] | None = None, schema: str | None = None
) -> Casetrail:
    """Build Casetrail. `schema` keeps a test's tables apart in a shared PostgreSQL database."""
    case_record = CaseRecord(
        env=event_store_env(settings, schema), clock=clock or (lambda: datetime.now(UTC))
    )
    health = HealthCheck(probes_for(settings), settings.health_timeout_seconds)
    app = create_app(health, title=f"Casetrail: {settings.authority_name}")
    casetrail = Casetrail(settings, case_record, health, app)
    casetrail._closers.extend([case_record.close, health.close])
    return casetrail
