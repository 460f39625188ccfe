"""A chronology as CSV and as a printable page: one row an entry, marks for corrections and
strikes, and nothing a spreadsheet or a browser would run."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime

from api.chronology_formats import COLUMNS, as_csv, as_html
from projections.chronology import Entry
from projections.queries.chronology import Chronology

VISIT = Entry(
    position=41, record_id="6f1c0a4e-0000-4000-8000-000000000001", version=7, record="episode",
    event_type="VisitRecorded", kind="visit", title="Visit recorded",
    occurred_at=datetime(2025, 10, 31, 15, 0, tzinfo=UTC),
    recorded_at=datetime(2025, 11, 12, 9, 0, tzinfo=UTC), lag_days=12, actor="SW-1",
    on_behalf_of=None, reason=None, correlation_id="c-1", corrects=None, corrected_by=[44],
    entered_in_error=True, facts=None, recorded_facts=None,
    summary="Visit recorded: note: <script>alert('x')</script> & more",
)
STRIKE = replace(
    VISIT, position=44, version=8, event_type="EpisodeEntryInError", kind="correction",
    title="Entry struck as entered in error", corrects=41, corrected_by=[],
    entered_in_error=False, summary="Entry struck as entered in error",
    reason="=HYPERLINK(\"http://evil.example\",\"click\")", actor="TM-1", on_behalf_of="SW-1",
    lag_days=0, recorded_at=datetime(2025, 11, 12, 10, 0, tzinfo=UTC),
)
CHRONOLOGY = Chronology("6f1c0a4e-0000-4000-8000-0000000000aa", "DEMO1", "Leon <b>Sutcliffe</b>",
                        "occurred", [VISIT, STRIKE])


def test_the_csv_has_a_header_and_one_row_per_entry_with_the_marks() -> None:
    rows = list(csv.reader(io.StringIO(as_csv(CHRONOLOGY))))

    assert rows[0] == list(COLUMNS)
    visit, strike = (dict(zip(COLUMNS, row, strict=True)) for row in rows[1:])
    assert (visit["position"], visit["lag_days"], visit["entered_in_error"]) == ("41", "12", "yes")
    assert visit["corrected_by"] == "44" and visit["corrects"] == ""
    assert visit["occurred_at"] == "2025-10-31T15:00:00+00:00"
    assert (strike["corrects"], strike["on_behalf_of"]) == ("41", "SW-1")


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text() -> None:
    rows = list(csv.reader(io.StringIO(as_csv(CHRONOLOGY))))

    reason = dict(zip(COLUMNS, rows[2], strict=True))["reason"]
    assert reason.startswith("'=HYPERLINK(")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_printable_page_escapes_every_value_and_loads_nothing_from_elsewhere() -> None:
    page = as_html(CHRONOLOGY, reader="AUD-<i>", purpose="CSPR <2026>", made_at=datetime.now(UTC),
                   since=date(2025, 10, 1), until=None, kinds=["visit"])

    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>Sutcliffe</b>" not in page and "Leon &lt;b&gt;Sutcliffe&lt;/b&gt;" in page
    assert "AUD-&lt;i&gt;" in page and "CSPR &lt;2026&gt;" in page
    assert not re.search(r"\b(src|href)=|@import|url\(", page)
    assert page.count("<tr class=") == 2


def test_the_printable_page_marks_a_struck_entry_and_sets_its_strike_beside_it() -> None:
    page = as_html(CHRONOLOGY, reader="AUD-1", purpose=None, made_at=datetime.now(UTC),
                   since=None, until=None, kinds=[])

    struck, strike = re.findall(r"<tr class=\"([^\"]*)\">(.*?)</tr>", page)
    assert struck[0] == "struck" and "[ENTERED IN ERROR]" in struck[1]
    assert "[changed by #44]" in struck[1]
    assert strike[0] == "correction" and "[changes #41]" in strike[1]
    assert "for SW-1" in strike[1] and "Reason: =HYPERLINK" in strike[1]
    # Times in England: 15:00 UTC on 31 October 2025 is 15:00 GMT; 09:00 UTC on 12 Nov too.
    assert "2025-10-31 15:00" in struck[1] and "2025-11-12 09:00" in struck[1]
