"""`make bench`: run every measure, write bench/results.json and the table in
docs/benchmarks.md.

    python -m bench.run [--scale S] [--quick] [--only bulk,rebuild,...] [--refresh]

The measures run in the order below; the bulk load's store is the one the rebuild, command,
HTTP and relay measures then work on. A measure that fails is reported as failed (the others
still run) and the run exits non-zero. With `--only`, the other measures' last results are kept.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import append, bulk_load, datasets, lag, machine, over_http, queries, rebuild, relay
from bench.config import DEFAULT_KAFKA, DEFAULT_POSTGRES, BenchConfig
from bench.progress import say
from bench.report import write_table
from bench.stats import Stopwatch

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "benchmarks.md"
WORK = bulk_load.WORK_SCHEMA


def _queries(config: BenchConfig) -> dict[str, Any]:
    kept = [datasets.kept(config.postgres, spec, config.refresh)
            for spec in config.query_datasets]
    return {"quick": config.quick, "datasets": [queries.measure(config, d) for d in kept],
            "kept": [d.summary() for d in kept]}


MEASURES: dict[str, Callable[[BenchConfig], dict[str, Any]]] = {
    "bulk": bulk_load.measure,
    "rebuild": lambda config: rebuild.measure(config, WORK),
    "append": lambda config: append.measure(config, WORK),
    "http": lambda config: over_http.measure(config, WORK),
    "relay": lambda config: relay.measure(config, WORK),
    "lag": lag.measure,
    "queries": _queries,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="the authority's size for the queries (scale and 4x scale)")
    parser.add_argument("--quick", action="store_true", help="small data, short runs")
    parser.add_argument("--only", default="", help=f"comma-separated, of: {', '.join(MEASURES)}")
    parser.add_argument("--refresh", action="store_true",
                        help="make the kept datasets again even if they are current")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--kafka", default=DEFAULT_KAFKA)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    chosen = [name.strip() for name in args.only.split(",") if name.strip()] or list(MEASURES)
    unknown = set(chosen) - set(MEASURES)
    if unknown:
        parser.error(f"unknown measures: {', '.join(sorted(unknown))}")
    if "bulk" not in chosen and set(chosen) & {"rebuild", "append", "http", "relay"}:
        say("the rebuild, command, HTTP and relay measures work on the last bulk load's store")
    config = BenchConfig(args.postgres, args.kafka, args.scale, args.quick, args.refresh)

    results = _earlier() if args.only else {}
    results["machine"] = {**machine.describe(config.postgres), "quick": config.quick,
                          "scale": config.scale}
    failed = []
    for name in MEASURES:
        if name not in chosen:
            continue
        say(f"measuring {name}")
        clock = Stopwatch()
        try:
            found = MEASURES[name](config)
        except Exception as error:
            traceback.print_exc()
            found = {"error": f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"}
            failed.append(name)
        found["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        found["took_seconds"] = round(clock.seconds, 1)
        results[name] = found
        _write(results)
    results["machine"]["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["machine"]["load_average_end"] = machine.load_average()
    results["datasets"] = results.get("queries", {}).get("kept", [])
    _write(results)
    say(f"wrote {RESULTS.relative_to(ROOT)} and the table in {DOC.relative_to(ROOT)}")
    if failed:
        say(f"failed: {', '.join(failed)}")
        return 1
    return 0


def _earlier() -> dict[str, Any]:
    if RESULTS.exists():
        earlier: dict[str, Any] = json.loads(RESULTS.read_text())
        return earlier
    return {}


def _write(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=False) + "\n")
    write_table(DOC, results)


if __name__ == "__main__":
    sys.exit(main())
