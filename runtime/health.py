"""Probes of the store and the broker that answer within a bound, whatever state they are in."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Protocol

import psycopg
from kafka import KafkaAdminClient

from runtime.settings import Settings, StoreKind


class Probe(Protocol):
    name: str
    required: bool

    def check(self) -> None:
        """Return if the service answers; raise with a short reason otherwise."""


@dataclass
class SqliteProbe:
    path: str
    name: str = "store"
    required: bool = True

    def check(self) -> None:
        with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=1) as connection:
            connection.execute("select count(*) from sqlite_master").fetchone()


@dataclass
class PostgresProbe:
    dsn: str
    timeout: float
    name: str = "store"
    required: bool = True

    def check(self) -> None:
        with psycopg.connect(self.dsn, connect_timeout=max(1, int(self.timeout))) as connection:
            connection.execute("select 1").fetchone()


@dataclass
class KafkaProbe:
    servers: list[str]
    timeout: float
    name: str = "broker"
    required: bool = False

    def check(self) -> None:
        millis = int(self.timeout * 1000)
        admin = KafkaAdminClient(
            bootstrap_servers=self.servers,
            request_timeout_ms=millis,
            client_id="casetrail-health",
        )
        try:
            admin.describe_cluster()
        finally:
            admin.close()


def probes_for(settings: Settings) -> list[Probe]:
    probes: list[Probe] = []
    if settings.store_kind is StoreKind.SQLITE:
        probes.append(SqliteProbe(str(settings.data_dir / "events.sqlite3")))
    else:
        probes.append(PostgresProbe(settings.store, settings.health_timeout_seconds))
    if settings.uses_kafka:
        probes.append(KafkaProbe(settings.kafka_bootstrap_servers, settings.health_timeout_seconds))
    return probes


class HealthCheck:
    """Runs each probe in a thread with a deadline, so that a hung service reports, not hangs."""

    def __init__(self, probes: list[Probe], timeout: float) -> None:
        self.probes = probes
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")

    def run(self) -> tuple[bool, dict[str, str]]:
        futures = {probe.name: (probe, self._pool.submit(probe.check)) for probe in self.probes}
        report: dict[str, str] = {}
        healthy = True
        for name, (probe, future) in futures.items():
            try:
                future.result(timeout=self.timeout + 1)
                report[name] = "ok"
            except FutureTimeout:
                report[name] = f"no answer within {self.timeout:g} s"
            except Exception as error:
                report[name] = _describe(error)
            if report[name] != "ok" and probe.required:
                healthy = False
        return healthy, report

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _describe(error: Exception) -> str:
    # The first line only: driver errors can run to many lines, and none carries case content.
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else 'unavailable'}"[:300]
