"""The composition root: builds everything Casetrail runs on from one `Settings`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import FastAPI

from api.app import create_app
from api.auth import TokenKeys
from api.services import ApiServices
from domain.service import CaseRecord
from projections.recorders import ViewStore
from projections.runner import StoreFeed, open_view_store
from projections.thresholds import Thresholds
from runtime.health import HealthCheck, probes_for
from runtime.policies import clock_settings
from runtime.settings import ProjectionFeed, Settings
from runtime.stores import event_store_env


@dataclass
class Casetrail:
    """A running Casetrail: the command side, the views and their feed, health, the HTTP app."""

    settings: Settings
    case_record: CaseRecord
    views: ViewStore
    feed: StoreFeed | None
    thresholds: Thresholds
    health: HealthCheck
    app: FastAPI
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def build(
    settings: Settings,
    clock: Callable[[], datetime] | None = None,
    schema: str | None = None,
) -> Casetrail:
    """Build Casetrail. `schema` keeps a test's tables apart in a shared PostgreSQL database;
    `clock` is the server's time (tests and the demo generator set it)."""
    now = clock or (lambda: datetime.now(UTC))
    env = event_store_env(settings, schema)
    case_record = CaseRecord(env=env, clock=now)
    closers: list[Callable[[], None]] = [case_record.close]
    feed = None
    if settings.projection_feed is ProjectionFeed.STORE:
        feed = StoreFeed(env, clock_settings(settings), now=now)
        views: ViewStore = feed.view
        closers.append(feed.close)
    else:
        views = open_view_store(env)
    health = HealthCheck(probes_for(settings), settings.health_timeout_seconds)
    closers.append(health.close)
    api_services = ApiServices(
        case_record=case_record,
        views=views,
        feed=feed,
        thresholds=settings.thresholds,
        keys=token_keys(settings),
        clock=now,
    )
    app = create_app(health, api_services, title=f"Casetrail: {settings.authority_name}")
    casetrail = Casetrail(settings, case_record, views, feed, settings.thresholds, health, app)
    casetrail._closers.extend(closers)
    return casetrail


def token_keys(settings: Settings) -> TokenKeys:
    return TokenKeys(
        secret=settings.jwt_secret.get_secret_value() if not settings.jwt_public_key else None,
        public_key=settings.jwt_public_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
