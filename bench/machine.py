"""What the figures were measured on: cores, memory, CPU, the PostgreSQL and Kafka versions, and
how busy the machine was (it may be shared)."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import store

ROOT = Path(__file__).resolve().parent.parent


def describe(dsn: str) -> dict[str, Any]:
    return {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": _cpu(),
        "memory_gib": _memory_gib(),
        "postgres": store.server_version(dsn),
        "kafka": kafka_version(),
        "python": platform.python_version(),
        "load_average_start": load_average(),
    }


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def kafka_version() -> str:
    """The broker's version, from the jar `scripts/kafka-start` runs (kafka_2.13-X.Y.Z.jar)."""
    for jar in sorted((ROOT / ".services" / "kafka" / "libs").glob("kafka_*.jar")):
        found = re.match(r"kafka_[\d.]+-(\d[\w.]*)\.jar$", jar.name)
        if found:
            return found.group(1)
    return "unknown"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0
