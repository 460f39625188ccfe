"""The results as a table: written into docs/benchmarks.md between its two markers, so that the
text around it (what the figures mean, where the time goes) stays as written.

Every ratio says how close a figure comes to its baseline, measured in the same run: for a rate,
the figure divided by the baseline's; for a latency, the baseline's divided by the figure's. So
1.0 is the baseline itself, and smaller is further from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.config import DatasetSpec

START = "<!-- bench:results:start (written by `make bench`; edit outside the markers) -->"
END = "<!-- bench:results:end -->"

Row = tuple[str, str, str, str, str, str]


def write_table(doc: Path, results: dict[str, Any]) -> None:
    """Put the table between the markers of `doc` (made, with the markers, if missing)."""
    block = "\n".join([START, table(results), END])
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(before + block + after)


def table(results: dict[str, Any]) -> str:
    lines = [_machine(results.get("machine", {})), "",
             "| Measure | Result | Baseline, same run | Ratio | Target | |",
             "| --- | --- | --- | --- | --- | --- |"]
    for key, rows in ROWS:
        found = results.get(key)
        if found is None:
            continue
        if "error" in found:
            lines.append(f"| {key} | failed: {found['error']} | | | | |")
            continue
        lines += ["| " + " | ".join(row) + " |" for row in rows(found)]
    profiles = [(words, results[key]["profile"]) for key, words in PROFILED
                if "profile" in results.get(key, {})]
    if profiles:
        lines += ["", "Where the time goes, by cProfile (own time by area, of the profiled step):",
                  ""]
        lines += [f"- {words}: " + ", ".join(f"{a['area']} {a['share']:.0%}" for a in areas)
                  for words, areas in profiles]
    datasets = results.get("datasets", [])
    if datasets:
        lines += ["", "Datasets (synthetic authority, seed 1, recorded through the bulk path; "
                      "kept between runs):", ""]
        lines += [f"- {DatasetSpec(d['scale'], d['years']).label}: {d['events']:,} events, "
                  f"planned in {_duration(d['plan_seconds'])}, loaded in "
                  f"{_duration(d['load_seconds'])} ({d['load_events_per_second']:,} events/s), "
                  f"views built in {_duration(d['views_seconds'])}"
                  + (" (kept from an earlier run)" if d["reused"] else "")
                  for d in datasets]
    return "\n".join(lines)


def _machine(machine: dict[str, Any]) -> str:
    if not machine:
        return ""
    return (f"Run {machine.get('finished', machine.get('started', '?'))} "
            f"({'quick' if machine.get('quick') else 'full'}, scale {machine.get('scale', 1):g}) "
            f"on {machine.get('cores')} cores ({machine.get('cpu', '?')}), "
            f"{machine.get('memory_gib')} GiB; PostgreSQL {machine.get('postgres')}, Kafka "
            f"{machine.get('kafka')}, Python {machine.get('python')}; load average "
            f"{machine.get('load_average_start')} at the start, "
            f"{machine.get('load_average_end', '?')} at the end (the machine is shared).")


def _append(r: dict[str, Any]) -> list[Row]:
    baseline = (f"INSERT + COMMIT, same bytes and lock: {r['baseline_commands_per_second']:,}/s "
                f"(p50 {_ms(r['baseline_latency'])})")
    rows: list[Row] = [(
        "Command append, domain service, one command per transaction",
        f"{r['commands_per_second']:,}/s (p50 {_ms(r['latency'])}, p99 "
        f"{_ms(r['latency'], 'p99_ms')})",
        baseline, _ratio(r["ratio"]), "≥ 0.5 of baseline", _met(r["ratio"] >= 0.5),
    )]
    for name, words in (("without_pre_ping", "The same, with the pool's pre-ping off"),
                        ("with_aggregate_cache", "The same, with the aggregate cache "
                                                 "(fast-forwarded, copied)")):
        variant = r.get("variants", {}).get(name)
        if variant:
            rows.append((
                words,
                f"{variant['commands_per_second']:,}/s (p50 {_ms(variant['latency'])}, p99 "
                f"{_ms(variant['latency'], 'p99_ms')})",
                "the same baseline", _ratio(variant["ratio"]), "", "",
            ))
    return rows


def _http(r: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for concurrency in (1, 16):
        c = r.get(f"concurrency_{concurrency}")
        if c is None:
            continue
        rows.append((
            f"Command append over HTTP, concurrency {concurrency}",
            f"{c['commands_per_second']:,}/s (p50 {_ms(c['latency'])}, p99 "
            f"{_ms(c['latency'], 'p99_ms')})",
            f"route doing nothing: {c['baseline_requests_per_second']:,}/s (p50 "
            f"{_ms(c['baseline_latency'])}, p99 {_ms(c['baseline_latency'], 'p99_ms')})",
            _ratio(c["ratio"]), "", "",
        ))
    rows.append((
        "Peak memory of the API process under that load (VmHWM)",
        f"{r['peak_rss_mib']:,} MiB", f"after start-up: {r['rss_at_start_mib']:,} MiB",
        _ratio(round(r["rss_at_start_mib"] / r["peak_rss_mib"], 3)), "", "",
    ))
    return rows


def _bulk(r: dict[str, Any]) -> list[Row]:
    return [(
        f"Bulk load ({r['dataset']}, {r['events']:,} events)",
        f"{r['events_per_second']:,} events/s",
        f"COPY of the same rows: {r['baseline_events_per_second']:,}/s",
        _ratio(r["ratio"]), "≥ 20,000 events/s", _met(r["events_per_second"] >= 20_000),
    )]


def _rebuild(r: dict[str, Any]) -> list[Row]:
    return [(
        f"Projection rebuild, one process ({r['events']:,} events)",
        f"{r['events_per_second']:,} events/s",
        f"reading the same events: {r['baseline_events_per_second']:,}/s",
        _ratio(r["ratio"]), "≥ 10,000 events/s", _met(r["events_per_second"] >= 10_000),
    )]


def _queries(found: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    largest = max((q["scale"] for q in found["datasets"]), default=0)
    for q in found["datasets"]:
        floor = q["floor"]
        for name, words in (("worker_caseload", "a worker's caseload"),
                            ("team_deadlines", "a team's deadlines"),
                            ("child_risk", "a child's risk")):
            s = q[name]
            at_largest = q["scale"] == largest and not found.get("quick")
            rows.append((
                f"Query: {words} ({q['dataset']})",
                f"p50 {_ms(s)}, p99 {_ms(s, 'p99_ms')}",
                f"SELECT 1 on the same store: p50 {_ms(floor)}, p99 {_ms(floor, 'p99_ms')}",
                _ratio(round(floor["p99_ms"] / s["p99_ms"], 3)),
                "p99 < 20 ms at scale 4" if at_largest else "",
                _met(s["p99_ms"] < 20) if at_largest else "",
            ))
    return rows


def _relay(r: dict[str, Any]) -> list[Row]:
    return [(
        f"Relay to Kafka ({r['events']:,} events, batches of {r['events_per_batch']})",
        f"{r['events_per_second']:,} events/s",
        f"bare KafkaProducer, same messages: {r['baseline_events_per_second']:,}/s",
        _ratio(r["ratio"]), "", "",
    )]


def _lag(r: dict[str, Any]) -> list[Row]:
    lag, bare = r["lag"], r["baseline"]
    return [(
        f"End-to-end lag at {r['achieved_commands_per_second']:g} commands/s "
        f"(target {r['target_commands_per_second']:g}), command acknowledged to its rows "
        "in a Kafka-fed projection",
        f"p50 {_ms(lag)}, p99 {_ms(lag, 'p99_ms')}",
        f"bare Kafka, acknowledged to consumed: p50 {_ms(bare)}, p99 {_ms(bare, 'p99_ms')}",
        _ratio(round(bare["p99_ms"] / lag["p99_ms"], 3)), "p99 < 1 s",
        _met(lag["p99_ms"] < 1000),
    )]


PROFILED = [("bulk", "bulk load (a smaller authority, half a year)"),
            ("rebuild", "rebuild (the same smaller authority)"),
            ("append", "command append (300 commands)"),
            ("relay", "relay (5,000 events)")]

ROWS: list[tuple[str, Callable[[dict[str, Any]], list[Row]]]] = [
    ("append", _append), ("http", _http), ("bulk", _bulk), ("rebuild", _rebuild),
    ("queries", _queries), ("relay", _relay), ("lag", _lag),
]


def _ms(summary: dict[str, Any], key: str = "p50_ms") -> str:
    value = float(summary[key])
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def _ratio(value: float) -> str:
    return f"{value:.2f}"


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
