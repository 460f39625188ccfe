"""Bulk load: a synthetic authority recorded through the bulk path (every command through the
domain's handlers and rules, thousands of events per transaction), against PostgreSQL COPY of
the same rows into a table of the same shape, in transactions of the same size."""

from __future__ import annotations

from typing import Any

from psycopg import sql

from bench import datasets, store
from bench.config import END, SEED, BenchConfig
from bench.profile import profiled
from bench.stats import Stopwatch, ratio
from runtime.demo import bulk, generator
from runtime.demo.bulk import BATCH_EVENTS

WORK_SCHEMA = f"{store.PREFIX}work"
# A smaller authority, loaded again under the profiler (which slows what it watches), to say
# where the time goes; the rebuild measure profiles the building of its views.
PROFILE_SCHEMA = f"{store.PREFIX}profile"
PROFILED_YEARS = 0.5


def measure(config: BenchConfig) -> dict[str, Any]:
    dsn, spec = config.postgres, config.work_dataset
    dataset = datasets.load(dsn, WORK_SCHEMA, spec)
    copied, seconds = copy_the_same_rows(dsn, WORK_SCHEMA)
    if copied != dataset.events:
        raise RuntimeError(f"copied {copied} rows of {dataset.events} events")
    copy_rate = copied / seconds
    demo = generator.plan(SEED, spec.scale, PROFILED_YEARS, END)  # as busy, for less long
    store.fresh_schema(dsn, PROFILE_SCHEMA)
    _, areas = profiled(lambda: bulk.load(store.env_for(dsn, PROFILE_SCHEMA), demo))
    return {
        "dataset": spec.label,
        "events": dataset.events,
        "plan_seconds": dataset.plan_seconds,
        "load_seconds": dataset.load_seconds,
        "events_per_second": round(dataset.load_rate),
        "baseline": "COPY of the same rows, same transaction size",
        "baseline_events_per_second": round(copy_rate),
        "ratio": ratio(dataset.load_rate, copy_rate),
        "events_per_transaction": BATCH_EVENTS,
        "profile": areas,
    }


def copy_the_same_rows(dsn: str, schema: str) -> tuple[int, float]:
    """COPY the stored events again, into a fresh table of the events table's shape (the same
    lock per transaction); returns the rows copied and the seconds it took."""
    source, target = store.events_table(schema), sql.SQL("{}.copy_baseline").format(
        sql.Identifier(schema))
    with store.connect(dsn) as conn:
        rows = conn.execute(
            sql.SQL("SELECT originator_id, originator_version, topic, state FROM {} "
                    "ORDER BY notification_id").format(source)
        ).fetchall()
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(target))
        conn.execute(sql.SQL(
            "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))").format(target))
        conn.execute(sql.SQL("CREATE UNIQUE INDEX ON {} (notification_id)").format(target))
    copy = sql.SQL("COPY {} (originator_id, originator_version, topic, state) FROM STDIN "
                   "(FORMAT BINARY)").format(target)
    with store.connect(dsn, autocommit=False) as conn:
        clock = Stopwatch()
        for start in range(0, len(rows), BATCH_EVENTS):
            with conn.cursor() as cursor:
                cursor.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(target))
                with cursor.copy(copy) as writing:
                    writing.set_types(["uuid", "int8", "text", "bytea"])
                    for row in rows[start:start + BATCH_EVENTS]:
                        writing.write_row(row)
            conn.commit()
        seconds = clock.seconds
    return len(rows), seconds
