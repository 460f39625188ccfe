"""`casetrail report cin|903|annex-a`: make a statutory return from the reporting tables, with our
own pre-submission checks. Where the tables are fed from the store (the embedded default, and
CASETRAIL_PROJECTION_FEED=store) they are first brought up to the end of the event log; where
Kafka consumers keep them, they are read as the consumers have left them."""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.returns.issues import Issue, summary
from consumers.returns.period import Authority
from consumers.returns.service import Returns
from domain.calendar import load_england_and_wales
from domain.service import CaseRecord
from projections.recorders import ViewStore
from runtime.settings import ProjectionFeed, Settings


def add_report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "report", help="make a statutory return (CIN census, SSDA903, Annex A)",
        description="Make a statutory return from the reporting tables and run our own checks "
        "on it, so that problems show before the DfE's validator sees them. The checks are "
        "printed (and written with --checks); the return is written whatever they find.",
    )
    kinds = parser.add_subparsers(dest="report", required=True)
    cin = kinds.add_parser("cin", help="the Children in Need census (XML)")
    cin.add_argument("--year", type=int, required=True, help="collection year, e.g. 2026")
    cin.add_argument("--out", type=Path, required=True, help="the XML file to write")
    lac = kinds.add_parser("903", help="the SSDA903 return (CSV files)")
    lac.add_argument("--year", type=int, required=True, help="collection year, e.g. 2026")
    lac.add_argument("--out", type=Path, required=True, help="the folder to write the files in")
    annex = kinds.add_parser("annex-a", help="Ofsted's Annex A lists (xlsx)")
    annex.add_argument("--as-of", type=date.fromisoformat, required=True,
                       help="the date the lists are made as at (YYYY-MM-DD)")
    annex.add_argument("--out", type=Path, required=True, help="the workbook to write")
    for each in (cin, lac):
        each.add_argument("--checks", type=Path, help="also write the checks' findings as CSV")
        each.add_argument("--fail-on-errors", action="store_true",
                          help="exit with status 1 when the checks find an error")
    parser.set_defaults(handler=run_report)


def make_returns(
    settings: Settings, store: ViewStore, clock: Callable[[], datetime],
    before: Callable[[], None] = lambda: None,
) -> Returns:
    return Returns(
        store=store, authority=Authority(settings.authority_code, settings.authority_name),
        calendar=load_england_and_wales(), clock=clock, release=release(), before=before,
    )


def release() -> str:
    try:
        return version("casetrail")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def run_report(args: argparse.Namespace) -> int:
    from consumers.reporting.store import close_reporting_store, open_reporting_store
    from runtime.stores import event_store_env

    settings = Settings()
    env = event_store_env(settings)
    store = open_reporting_store(env)
    try:
        before = (_catch_up(env, store) if settings.projection_feed is ProjectionFeed.STORE
                  else _as_kept)
        returns = make_returns(settings, store, lambda: datetime.now(UTC), before)
        return _report(args, returns, sys.stderr)
    except ValueError as error:
        print(f"casetrail report: {error}", file=sys.stderr)
        return 2
    finally:
        close_reporting_store(store)


def _report(args: argparse.Namespace, returns: Returns, out: TextIO) -> int:
    if args.report == "annex-a":
        made = returns.annex_a(args.as_of)
        _write(args.out, made.content)
        print(f"wrote {args.out} (Annex A as at {args.as_of})", file=out)
        return 0
    if args.report == "cin":
        made = returns.cin_census(args.year)
        _write(args.out, made.content)
    else:
        if args.out.exists() and not args.out.is_dir():
            raise ValueError(f"{args.out} is a file: give a folder for the SSDA903 files")
        files, made = returns.ssda903(args.year)
        args.out.mkdir(parents=True, exist_ok=True)
        for name in files.files:
            (args.out / name).write_bytes(files.csv(name))
    print(f"wrote {args.out}", file=out)
    _print_checks(made.issues, out)
    if args.checks:
        _write_checks(args.checks, made.issues)
    errors = any(issue.severity == "error" for issue in made.issues)
    return 1 if errors and args.fail_on_errors else 0


def _catch_up(env: dict[str, str], store: ViewStore) -> Callable[[], None]:
    def before() -> None:
        app = CaseRecord(env=env)
        try:
            applied = catch_up(app, Reporting(store))
        finally:
            app.close()
        print(f"reporting tables brought up to date ({applied} new events)", file=sys.stderr)

    return before


def _as_kept() -> None:
    print("reporting tables as the reporting consumers have kept them", file=sys.stderr)


def _print_checks(issues: list[Issue], out: TextIO) -> None:
    counts = summary(issues)
    print(f"checks: {counts['errors']} errors and {counts['queries']} queries, for "
          f"{counts['children']} children", file=out)
    for issue in issues:
        gap = " (not recorded in Casetrail)" if issue.not_recorded else ""
        print(f"  {issue.child or '-'}  {issue.rule}  {issue.severity}  {issue.message}{gap}",
              file=out)


def _write_checks(path: Path, issues: list[Issue]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["child", "rule", "severity", "message", "not_recorded", "related"])
        for issue in issues:
            writer.writerow([issue.child or "", issue.rule, issue.severity, issue.message,
                             "yes" if issue.not_recorded else "", " ".join(issue.related)])


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
