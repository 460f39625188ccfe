"""Where the time goes: run a step under cProfile and share its time out by area (our domain's
clocks, its records, the projections, the PostgreSQL driver, the eventsourcing library...), so
that a figure below its target comes with the reason."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# First match wins: (what the path contains, the area).
AREAS: list[tuple[str, str]] = [
    ("/domain/clocks/", "domain: statutory clocks"),
    ("/domain/calendar/", "domain: working-day calendar"),
    ("/domain/rules/", "domain: statutory clocks"),
    ("/domain/", "domain: records, rules and envelopes"),
    ("/projections/", "projections: rows and record cache"),
    ("/runtime/demo/", "generator"),
    ("/consumers/", "consumers"),
    ("/psycopg", "PostgreSQL driver (psycopg) and waiting on the server"),
    ("/eventsourcing/", "eventsourcing library (mapping, transcoding, repository)"),
    ("/kafka/", "Kafka client (kafka-python) and waiting on the broker"),
    ("/json/", "JSON encoding and decoding"),
    ("/uuid.py", "UUIDs"),
    ("/typing.py", "runtime protocol checks (typing)"),
    ("/fastapi/", "FastAPI, Starlette and pydantic"),
    ("/starlette/", "FastAPI, Starlette and pydantic"),
    ("/pydantic", "FastAPI, Starlette and pydantic"),
]
WAITING = ("poll", "select", "recv", "send", "wait", "acquire", "PQ")


def profiled(step: Callable[[], T]) -> tuple[T, list[dict[str, Any]]]:
    """Run `step` under cProfile; its result, and its time by area (largest first)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        result = step()
    finally:
        profile.disable()
    return result, shares(pstats.Stats(profile))


def shares(stats: pstats.Stats) -> list[dict[str, Any]]:
    by_area: dict[str, float] = {}
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for (path, _line, function), (_cc, _nc, own, _cum, _callers) in entries.items():
        area = _area(path, function)
        by_area[area] = by_area.get(area, 0.0) + own
    total = sum(by_area.values()) or 1.0
    ranked = sorted(by_area.items(), key=lambda item: -item[1])
    return [{"area": area, "share": round(seconds / total, 3)} for area, seconds in ranked
            if seconds / total >= 0.01]


def _area(path: str, function: str) -> str:
    for fragment, area in AREAS:
        if fragment in path:
            return area
    if path == "~":  # a built-in: waiting on a socket, or plain work in C
        if any(word in function for word in WAITING):
            return "waiting on sockets and locks"
        return "built-ins (str, dict, datetime...)"
    return "Python standard library"
