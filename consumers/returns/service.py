"""The statutory returns, made from the reporting tables: each as a file with the result of our
own checks. What the command line and the API call; `before` brings the tables up to date first
(a catch-up from the store, or a wait for the in-process feed) where there is a way to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from consumers.returns.annex_a import annex_a
from consumers.returns.annex_a_xlsx import annex_a_workbook
from consumers.returns.casebook import load_casebook
from consumers.returns.cin_census import cin_children
from consumers.returns.cin_checks import cin_checks
from consumers.returns.cin_xml import cin_census_xml
from consumers.returns.issues import Issue
from consumers.returns.period import Authority, CollectionYear
from consumers.returns.ssda903 import Ssda903, ssda903
from consumers.returns.ssda903_checks import ssda903_checks
from domain.calendar import WorkingDayCalendar
from projections.recorders import ViewStore

XML, ZIP = "application/xml", "application/zip"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANNEX_A_TABLES = (
    "assessments", "strategy_discussions", "section47s", "conferences", "plans", "reviews",
    "care_periods", "care_episodes", "placements", "missing_episodes", "visits", "concerns",
    "worker_changes", "adoption_decisions", "care_leaver_circumstances",
)
# The returns need no visits or concerns: leaving them unread keeps a big authority's census quick.
RETURN_TABLES = tuple(t for t in ANNEX_A_TABLES if t not in ("visits", "concerns"))
SSDA903_TABLES = (*RETURN_TABLES, "health_records")


@dataclass(frozen=True)
class ReturnFile:
    filename: str
    media_type: str
    content: bytes
    issues: list[Issue] = field(default_factory=list)


@dataclass
class Returns:
    store: ViewStore
    authority: Authority
    calendar: WorkingDayCalendar
    clock: Callable[[], datetime]
    release: str
    before: Callable[[], None] = lambda: None

    def cin_census(self, year: int) -> ReturnFile:
        collection = CollectionYear(year)
        self.before()
        children = cin_children(load_casebook(self.store, RETURN_TABLES), collection,
                                self.calendar)
        content = cin_census_xml(children, collection, self.authority, self.clock(),
                                 self.release)
        return ReturnFile(f"cin-census-{self.authority.code}-{year}.xml", XML, content,
                          cin_checks(children, collection, self.calendar))

    def ssda903(self, year: int) -> tuple[Ssda903, ReturnFile]:
        """The return's files (to write one by one) and the same in one zip archive."""
        collection = CollectionYear(year)
        self.before()
        found = ssda903(load_casebook(self.store, SSDA903_TABLES), collection)
        return found, ReturnFile(f"ssda903-{self.authority.code}-{year}.zip", ZIP, found.zip(),
                                 ssda903_checks(found))

    def annex_a(self, as_of: date) -> ReturnFile:
        self.before()
        sheets = annex_a(load_casebook(self.store, ANNEX_A_TABLES), as_of)
        content = annex_a_workbook(sheets, as_of, self.authority.name)
        return ReturnFile(f"annex-a-{self.authority.code}-{as_of.isoformat()}.xlsx", XLSX,
                          content)
