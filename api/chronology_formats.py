"""A chronology as CSV and as a page to print: every value escaped, nothing loaded from
elsewhere."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date, datetime

from domain.envelope import LONDON
from projections.chronology import Entry
from projections.queries.chronology import Chronology

COLUMNS = (
    "position", "occurred_at", "recorded_at", "lag_days", "kind", "event_type", "actor",
    "on_behalf_of", "reason", "corrects", "corrected_by", "entered_in_error", "summary",
    "record", "record_id", "version",
)
# A cell a spreadsheet would take for a formula (CSV injection) is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(chronology: Chronology) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in chronology.entries:
        writer.writerow([_cell(value) for value in _row(entry)])
    return out.getvalue()


def _row(entry: Entry) -> list[object]:
    return [
        entry.position, entry.occurred_at.isoformat(), entry.recorded_at.isoformat(),
        entry.lag_days, entry.kind, entry.event_type, entry.actor, entry.on_behalf_of or "",
        entry.reason or "", entry.corrects if entry.corrects is not None else "",
        " ".join(str(p) for p in entry.corrected_by), "yes" if entry.entered_in_error else "",
        entry.summary, entry.record, entry.record_id, entry.version,
    ]


def _cell(value: object) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


STYLE = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; margin: 1.5em; color: #000; }
h1 { font-size: 14pt; margin: 0 0 .3em; }
p.meta { margin: .1em 0; color: #333; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #eee; }
tr { page-break-inside: avoid; }
tr.correction td { background: #f6f6f6; }
tr.correction td.summary { padding-left: 1.5em; }
tr.struck td.summary { text-decoration: line-through; }
.mark { font-weight: bold; text-decoration: none; display: inline-block; }
@media print { body { margin: 0; } thead { display: table-header-group; } }
"""


def as_html(
    chronology: Chronology, reader: str, purpose: str | None, made_at: datetime,
    since: date | None, until: date | None, kinds: Sequence[str],
) -> str:
    e = html.escape
    order = "as it happened" if chronology.order == "occurred" else "as it was recorded"
    period = f"{since or 'the start'} to {until or 'today'}"
    rows = "\n".join(_html_row(entry) for entry in chronology.entries)
    meta = [
        f"Local id {e(chronology.la_child_id)}. Ordered {order}; {e(period)}; "
        f"kinds: {e(', '.join(kinds) or 'all')}.",
        f"Made {_local(made_at)} for {e(reader)}"
        + (f", purpose: {e(purpose)}" if purpose else "") + ".",
        "Times are in England. Lag: days between happening and recording. Corrections and "
        "strikes follow the entry they change.",
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Chronology: {e(chronology.name)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n<h1>Chronology: {e(chronology.name)}</h1>\n"
        + "".join(f"<p class=\"meta\">{line}</p>\n" for line in meta)
        + "<table>\n<thead><tr><th>#</th><th>Happened</th><th>Recorded</th><th>Lag</th>"
        "<th>Kind</th><th>By</th><th>Entry</th></tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def _html_row(entry: Entry) -> str:
    e = html.escape
    classes = [c for c, on in (("correction", entry.corrects is not None),
                               ("struck", entry.entered_in_error)) if on]
    by = e(entry.actor) + (f"<br>for {e(entry.on_behalf_of)}" if entry.on_behalf_of else "")
    marks = []
    if entry.entered_in_error:
        marks.append("ENTERED IN ERROR")
    if entry.corrects is not None:
        marks.append(f"changes #{entry.corrects}")
    if entry.corrected_by:
        marks.append("changed by " + ", ".join(f"#{p}" for p in entry.corrected_by))
    mark = "".join(f"<span class=\"mark\">[{e(m)}]</span> " for m in marks)
    reason = f"<br>Reason: {e(entry.reason)}" if entry.reason else ""
    return (
        f"<tr class=\"{' '.join(classes)}\"><td>{entry.position}</td>"
        f"<td>{_local(entry.occurred_at)}</td><td>{_local(entry.recorded_at)}</td>"
        f"<td>{entry.lag_days}</td><td>{e(entry.kind)}</td><td>{by}</td>"
        f"<td class=\"summary\">{mark}{e(entry.summary)}{reason}</td></tr>"
    )


def _local(moment: datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%d %H:%M")
