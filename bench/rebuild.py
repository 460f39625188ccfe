"""Projection rebuild: the casework views folded again from every stored event in one process,
against reading and decoding the same events with no projection work."""

from __future__ import annotations

from typing import Any

from bench import datasets, store
from bench.bulk_load import PROFILE_SCHEMA
from bench.config import END, BenchConfig
from bench.profile import profiled
from bench.stats import Stopwatch, ratio
from domain.service import CaseRecord
from projections.casework import Casework
from projections.rebuild import BATCH, rebuild
from projections.runner import open_view_store
from runtime.policies import clock_settings


def measure(config: BenchConfig, schema: str) -> dict[str, Any]:
    dsn = config.postgres
    env = store.env_for(dsn, schema)
    app = CaseRecord(env=env)
    try:
        read, read_seconds = read_every_event(app)
        projection = Casework(open_view_store(env), clock_settings(store.settings_for(dsn)),
                              now=lambda: END)
        report = rebuild(app, projection, out=None)
    finally:
        app.close()
    _, areas = profiled(lambda: datasets.build_views(dsn, PROFILE_SCHEMA, out=None))
    if report.events != read:
        raise RuntimeError(f"rebuilt {report.events} events but read {read}")
    read_rate = read / read_seconds
    return {
        "events": report.events,
        "seconds": round(report.seconds, 2),
        "events_per_second": round(report.rate),
        "baseline": "reading and decoding the same events, no projection work",
        "baseline_events_per_second": round(read_rate),
        "ratio": ratio(report.rate, read_rate),
        "events_per_transaction": BATCH,
        "processes": 1,
        "profile": areas,
    }


def read_every_event(app: CaseRecord) -> tuple[int, float]:
    """Read the whole notification log in the rebuild's batches and decode every event, as the
    rebuild does before it folds them; returns the count and the seconds."""
    clock, last, count = Stopwatch(), 0, 0
    while True:
        notifications = app.recorder.select_notifications(
            start=last, limit=BATCH, inclusive_of_start=False
        )
        if not notifications:
            break
        for notification in notifications:
            app.mapper.to_domain_event(notification)
        count += len(notifications)
        last = notifications[-1].id
    return count, clock.seconds
