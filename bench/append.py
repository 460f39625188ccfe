"""Command append: one command per transaction through the domain service, configured as the API
configures it, against a plain psycopg INSERT and COMMIT of the same bytes into a table of the
same shape, under the same table lock the eventsourcing recorder takes (the physical limit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from psycopg import sql

from bench import store
from bench.config import BenchConfig
from bench.profile import profiled
from bench.stats import Stopwatch, latency_summary, ratio
from domain.errors import DomainError
from domain.service import CaseRecord, CommandContext

NOTE = "Spoke to the child's school about attendance; plan to visit next week."


@dataclass(frozen=True)
class OpenEpisode:
    episode_id: UUID
    staff_id: str  # of the worker holding it
    worker_name: str
    worker_id: str


def open_episodes(dsn: str, schema: str) -> list[OpenEpisode]:
    """Open episodes (from the views) held by a worker in post, of children who may still have
    case notes recorded today: the dataset ends before today, and a child may have turned 18
    since."""
    today = datetime.now(UTC).date()
    eighteen_years_ago = today.replace(year=today.year - 18, day=min(today.day, 28))
    with store.connect(dsn) as conn:
        rows = conn.execute(sql.SQL(
            "SELECT e.episode_id, w.staff_id, w.name, w.worker_id "
            "FROM {s}.casework_episodes e JOIN {s}.casework_workers w "
            "ON w.worker_id = e.worker_id JOIN {s}.casework_children c "
            "ON c.child_id = e.child_id WHERE e.closed_on IS NULL AND w.left_on IS NULL "
            "AND c.died_on IS NULL AND c.date_of_birth > %s ORDER BY e.episode_id"
        ).format(s=sql.Identifier(schema)), (eighteen_years_ago.isoformat(),)).fetchall()
    if not rows:
        raise RuntimeError(f"no open allocated episode in {schema}: build its views first")
    return [OpenEpisode(UUID(str(e)), str(s), str(n), str(w)) for e, s, n, w in rows]


# The measures take turns, a round at a time, so that a machine busy with something else for a
# while slows them alike.
ROUNDS = 6
# The same service configured otherwise, to say what each setting costs (the first is the API's).
VARIANTS: dict[str, dict[str, str]] = {
    "as_the_api_runs_it": {},
    "without_pre_ping": {"POSTGRES_PRE_PING": "n"},
    # The library's cache, brought up to date from the store on every read (another process
    # may have written since), and copied for each command as the library does by default.
    "with_aggregate_cache": {"AGGREGATE_CACHE_MAXSIZE": "20000",
                             "AGGREGATE_CACHE_FASTFORWARD": "y"},
}


def measure(config: BenchConfig, schema: str) -> dict[str, Any]:
    dsn = config.postgres
    episodes = open_episodes(dsn, schema)
    env = store.env_for(dsn, schema)
    services = {name: CaseRecord(env={**env, **extra}) for name, extra in VARIANTS.items()}
    service = services["as_the_api_runs_it"]
    table = _baseline_table(dsn, schema)
    per_round = max(1, config.commands // ROUNDS)
    seconds: dict[str, list[float]] = {name: [] for name in VARIANTS}
    baseline: list[float] = []
    sent = 0
    try:
        for _ in range(ROUNDS):
            for name, variant in services.items():
                before = service.recorder.max_notification_id() or 0
                seconds[name] += _send(variant, episodes, per_round, sent)
                sent += per_round
                if variant is service:
                    rows = _rows_written(dsn, schema, before, per_round)
                    baseline += _insert_each(dsn, table, rows)
        _, areas = profiled(lambda: _send(service, episodes, 300, sent))
    finally:
        for variant in services.values():
            variant.close()
    baseline_rate = len(baseline) / sum(baseline)
    found: dict[str, Any] = {
        name: {
            "commands": len(taken),
            "commands_per_second": round(len(taken) / sum(taken)),
            "latency": latency_summary(taken),
            "ratio": ratio(len(taken) / sum(taken), baseline_rate),
        }
        for name, taken in seconds.items()
    }
    return {
        **found.pop("as_the_api_runs_it"),
        "baseline": "psycopg INSERT + COMMIT of the same bytes, same table lock",
        "baseline_commands_per_second": round(baseline_rate),
        "baseline_latency": latency_summary(baseline),
        "variants": found,
        "profile": areas,
    }


def _send(
    service: CaseRecord, episodes: list[OpenEpisode], count: int, first: int
) -> list[float]:
    """Record `count` case notes, one command (one transaction) each, spread over the open
    episodes; the seconds each took."""
    seconds: list[float] = []
    n = first
    while len(seconds) < count:
        if not episodes:
            raise RuntimeError("every open episode refused a case note")
        episode = episodes[n % len(episodes)]
        ctx = CommandContext(actor=episode.staff_id, correlation_id=f"bench-append-{n}")
        clock = Stopwatch()
        try:
            service.episode_command(ctx, episode.episode_id, "record_case_note",
                                    occurred_at=datetime.now(UTC), note=NOTE)
        except DomainError:
            # A rule the views cannot show refused it (untimed): leave that episode out.
            episodes.remove(episode)
            continue
        seconds.append(clock.seconds)
        n += 1
    return seconds


def _rows_written(dsn: str, schema: str, after: int, count: int) -> list[tuple[Any, ...]]:
    with store.connect(dsn) as conn:
        rows = conn.execute(sql.SQL(
            "SELECT originator_id, originator_version, topic, state FROM {} "
            "WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(store.events_table(schema)), (after, count)).fetchall()
    if len(rows) != count:
        raise RuntimeError(f"expected {count} events, found {len(rows)}")
    return rows


def _baseline_table(dsn: str, schema: str) -> sql.Composed:
    """A fresh table of the events table's shape, for the baseline's inserts."""
    table = sql.SQL("{}.insert_baseline").format(sql.Identifier(schema))
    with store.connect(dsn) as conn:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        conn.execute(sql.SQL(
            "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))").format(table))
        conn.execute(sql.SQL("CREATE UNIQUE INDEX ON {} (notification_id)").format(table))
    return table


def _insert_each(dsn: str, table: sql.Composed, rows: list[tuple[Any, ...]]) -> list[float]:
    """INSERT each row in a transaction of its own, taking the recorder's table lock first; the
    seconds each took."""
    lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(table)
    insert = sql.SQL("INSERT INTO {} (originator_id, originator_version, topic, state) "
                     "VALUES (%s, %s, %s, %s)").format(table)
    seconds = []
    with store.connect(dsn, autocommit=False) as conn, conn.cursor() as cursor:
        for row in rows:
            clock = Stopwatch()
            cursor.execute(lock)
            cursor.execute(insert, row)
            conn.commit()
            seconds.append(clock.seconds)
    return seconds
