"""Command append over HTTP: a real uvicorn process serving Casetrail (as `casetrail serve` builds
it, the views fed in process so that each answer waits for its own write to show), loaded at
concurrency 1 and 16 with case notes from the workers holding the cases, against a route in the
same process that does nothing; and the API process's peak memory (VmHWM) under that load."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from psycopg import sql

from api.auth import Principal, Role
from bench import http_load, store
from bench.append import NOTE, OpenEpisode, open_episodes
from bench.config import BenchConfig
from bench.http_app import NOTHING
from bench.stats import latency_summary, ratio
from runtime.bootstrap import token_keys

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = (1, 16)


def measure(config: BenchConfig, schema: str) -> dict[str, Any]:
    dsn = config.postgres
    holders = open_episodes(dsn, schema)
    if len(holders) < max(CONCURRENCY):
        raise RuntimeError(f"only {len(holders)} open episodes in {schema}")
    keys = token_keys(store.settings_for(dsn))
    tokens = {e.staff_id: keys.issue(
        Principal(e.staff_id, Role.PRACTITIONER, e.worker_name, e.worker_id), 240)
        for e in holders}
    results: dict[str, Any] = {"process": "uvicorn, one process, views fed in process"}
    with _api_process(dsn, schema) as (port, pid):
        results["rss_at_start_mib"] = _memory(pid)["VmRSS"]
        for concurrency in CONCURRENCY:
            nothing = http_load.run(port, [_nothing] * concurrency, config.http_seconds)
            shares = [holders[k::concurrency] for k in range(concurrency)]
            commands = http_load.run(port, [_notes(share, tokens) for share in shares],
                                     config.http_seconds)
            if commands.failures or nothing.failures:
                raise RuntimeError(f"refused requests: {dict(commands.statuses)} "
                                   f"{dict(nothing.statuses)}")
            results[f"concurrency_{concurrency}"] = {
                "commands_per_second": round(commands.rate),
                "latency": latency_summary(commands.latencies),
                "baseline": "a route that does nothing, same process",
                "baseline_requests_per_second": round(nothing.rate),
                "baseline_latency": latency_summary(nothing.latencies),
                "ratio": ratio(commands.rate, nothing.rate),
            }
        memory = _memory(pid)
        results["peak_rss_mib"] = memory["VmHWM"]
    return results


def _nothing(n: int) -> bytes:
    return http_load.request("POST", NOTHING)


def _notes(share: list[OpenEpisode], tokens: dict[str, str]) -> http_load.RequestMaker:
    """Case notes on this connection's own episodes (no two connections write one record)."""

    def make(n: int) -> bytes:
        episode = share[n % len(share)]
        body = json.dumps({"occurred_at": datetime.now(UTC).isoformat(), "note": NOTE})
        return http_load.request("POST", f"/episodes/{episode.episode_id}/record-case-note",
                                 body.encode(), tokens[episode.staff_id])

    return make


@contextmanager
def _api_process(dsn: str, schema: str) -> Iterator[tuple[int, int]]:
    """The API in a subprocess of its own, on a free port, once its views have caught up; its
    port and process id."""
    port = _free_port()
    # No tree heads made while measuring (a serving process makes one an hour by default).
    env = {**os.environ, "CASETRAIL_STORE": dsn, "PYTHONPATH": str(ROOT),
           "CASETRAIL_SEAL_INTERVAL_SECONDS": "0"}
    env.pop("CASETRAIL_KAFKA_BOOTSTRAP_SERVERS", None)
    with tempfile.TemporaryFile(prefix="casetrail-bench-api-") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.http_app", "--schema", schema, "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_answering(port, process)
            _wait_for_views(dsn, schema)
            yield port, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_answering(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API process stopped (exit {process.returncode})")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError("the API process did not answer within 120 s")


FEEDS = ("casework_tracking", "reporting_tracking")


def _wait_for_views(dsn: str, schema: str, timeout: float = 1800) -> None:
    """The process's feeds (the casework views, the reporting tables) catch up with what was
    recorded while they were not running before the load starts."""
    deadline = time.monotonic() + timeout
    with store.connect(dsn) as conn:
        while time.monotonic() < deadline:
            if _caught_up(conn, schema):
                return
            time.sleep(0.5)
    raise TimeoutError("the API's views did not catch up")


def _caught_up(conn: Any, schema: str) -> bool:
    last = sql.SQL("SELECT max(notification_id) FROM {}").format(store.events_table(schema))
    newest = conn.execute(last).fetchone()[0] or 0
    for table in FEEDS:
        name = sql.Identifier(schema, table).as_string(conn)
        if conn.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is None:
            return False  # the feed has not made its table yet
        position = conn.execute(sql.SQL(
            "SELECT max(notification_id) FROM {} WHERE application_name = 'casetrail'"
        ).format(sql.Identifier(schema, table))).fetchone()[0]
        if position is None or position < newest:
            return False
    return True


def _memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak resident set) of a process, in MiB."""
    found: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = round(int(value.split()[0]) / 1024, 1)
    return found
