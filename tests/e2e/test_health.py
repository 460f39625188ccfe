"""`/health` over HTTP on both configurations, and what it says when a service goes away."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from runtime.bootstrap import build
from runtime.settings import Settings
from tests.conftest import KAFKA_SERVERS
from tests.e2e.server import serving

ROOT = Path(__file__).resolve().parents[2]


def test_health_on_the_embedded_default_reports_the_store_ok_and_no_broker(tmp_path: Path) -> None:
    casetrail = build(Settings(store="sqlite", data_dir=tmp_path / "data"))
    try:
        with serving(casetrail.app) as url:
            response = httpx.get(f"{url}/health", timeout=10)
    finally:
        casetrail.close()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": "ok", "broker": "not configured"}


def test_health_on_postgres_and_kafka_reports_both_ok(postgres_dsn: str, pg_schema: str) -> None:
    settings = Settings(store=postgres_dsn, kafka_bootstrap_servers=KAFKA_SERVERS)
    casetrail = build(settings, schema=pg_schema)
    try:
        with serving(casetrail.app) as url:
            response = httpx.get(f"{url}/health", timeout=10)
    finally:
        casetrail.close()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "store": "ok", "broker": "ok"}


def test_health_says_503_when_postgres_stops_and_ok_when_it_is_back(
    postgres_dsn: str, pg_schema: str
) -> None:
    settings = Settings(store=postgres_dsn, health_timeout_seconds=2)
    casetrail = build(settings, schema=pg_schema)
    try:
        with serving(casetrail.app) as url:
            assert httpx.get(f"{url}/health", timeout=10).status_code == 200
            _script("postgres-stop")
            try:
                started = time.monotonic()
                down = httpx.get(f"{url}/health", timeout=15)
                waited = time.monotonic() - started
            finally:
                _script("postgres-start")
            back = httpx.get(f"{url}/health", timeout=10)
    finally:
        casetrail.close()
    assert down.status_code == 503
    assert down.json()["status"] == "unavailable"
    assert down.json()["store"] != "ok"
    assert waited < 10, "health must answer, not hang, when the store is down"
    assert back.status_code == 200


def test_health_says_the_broker_is_down_when_kafka_stops_and_the_store_still_serves(
    postgres_dsn: str, pg_schema: str
) -> None:
    settings = Settings(
        store=postgres_dsn, kafka_bootstrap_servers=KAFKA_SERVERS, health_timeout_seconds=2
    )
    casetrail = build(settings, schema=pg_schema)
    try:
        with serving(casetrail.app) as url:
            assert httpx.get(f"{url}/health", timeout=10).json()["broker"] == "ok"
            _script("kafka-stop")
            try:
                started = time.monotonic()
                down = httpx.get(f"{url}/health", timeout=15)
                waited = time.monotonic() - started
            finally:
                _script("kafka-start")
            back = httpx.get(f"{url}/health", timeout=10)
    finally:
        casetrail.close()
    # The broker being down degrades reporting, not recording: the store still serves.
    assert down.status_code == 200
    assert down.json()["store"] == "ok"
    assert down.json()["broker"] != "ok"
    assert waited < 10, "health must answer, not hang, when the broker is down"
    assert back.json()["broker"] == "ok"


def _script(name: str) -> None:
    subprocess.run(
        ["bash", str(ROOT / "scripts" / name)], check=True, capture_output=True, timeout=120
    )
