"""The composition root: builds everything Casetrail runs on from one `Settings`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import FastAPI

from api.app import create_app
from api.auth import TokenKeys
from api.services import ApiServices
from consumers.reporting.feed import ReportingStoreFeed
from consumers.reporting.store import close_reporting_store, open_reporting_store
from domain.service import CaseRecord
from projections.recorders import ViewStore
from projections.runner import StoreFeed, open_view_store
from projections.seal.sealer import Sealer
from projections.seal.tree_heads import Seal
from projections.thresholds import Thresholds
from runtime.dev_sign_in import dev_sign_in
from runtime.health import HealthCheck, probes_for
from runtime.policies import clock_settings
from runtime.report_command import make_returns
from runtime.seal_command import open_seal
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
    seal: Seal | None = None
    reporting: ViewStore | None = None
    reporting_feed: ReportingStoreFeed | None = None

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
    seal = open_seal(settings, case_record.recorder, now)
    api_services = ApiServices(
        case_record=case_record,
        views=views,
        feed=feed,
        thresholds=settings.thresholds,
        keys=token_keys(settings),
        clock=now,
        clock_settings=clock_settings(settings),
        seal=seal,
    )
    app = create_app(
        health,
        api_services,
        title=f"Casetrail: {settings.authority_name}",
        dev_sign_in=dev_sign_in(settings),
    )
    reporting_feed, reporting = _reporting(settings, env, case_record, now, app, closers)
    casetrail = Casetrail(
        settings, case_record, views, feed, settings.thresholds, health, app, seal=seal,
        reporting=reporting, reporting_feed=reporting_feed,
    )
    if settings.seal_interval_seconds > 0:
        sealer = Sealer(seal, settings.seal_interval_seconds)
        sealer.start()
        closers.append(sealer.close)
    casetrail._closers.extend(closers)
    return casetrail


def _reporting(
    settings: Settings, env: dict[str, str], case_record: CaseRecord,
    now: Callable[[], datetime], app: FastAPI, closers: list[Callable[[], None]],
) -> tuple[ReportingStoreFeed | None, ViewStore]:
    """The reporting tables, fed in process from the store where the views are (otherwise
    reporting consumers keep them), and the returns made from them for the API."""
    feed: ReportingStoreFeed | None = None
    if settings.projection_feed is ProjectionFeed.STORE:
        running = feed = ReportingStoreFeed(env)
        store = feed.projection.view
        closers.append(feed.close)

        def before() -> None:
            # Everything recorded so far, in the return (or TimeoutError: still catching up).
            running.wait(case_record.recorder.max_notification_id(), timeout=30)
    else:
        store = open_reporting_store(env)
        closers.append(lambda: close_reporting_store(store))

        def before() -> None:
            """The tables as the reporting consumers have kept them."""

    app.state.reports = make_returns(settings, store, now, before)
    return feed, store


def token_keys(settings: Settings) -> TokenKeys:
    return TokenKeys(
        secret=settings.jwt_secret.get_secret_value() if not settings.jwt_public_key else None,
        public_key=settings.jwt_public_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )
