"""Small helpers for timing and summarising: percentiles, rates and a stopwatch."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank), of at least one value."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def milliseconds(seconds: float) -> float:
    return round(seconds * 1000, 2)


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    """p50 and p99 (and the count), in milliseconds."""
    return {
        "count": len(seconds),
        "p50_ms": milliseconds(percentile(seconds, 50)),
        "p99_ms": milliseconds(percentile(seconds, 99)),
    }


def ratio(measured: float, baseline: float) -> float:
    return round(measured / baseline, 3) if baseline else 0.0


@dataclass
class Stopwatch:
    """Elapsed seconds since it was made (or last restarted)."""

    started: float = field(default_factory=time.perf_counter)

    def restart(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started
