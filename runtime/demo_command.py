"""`casetrail demo`: load a synthetic local authority into the configured store, then build its
views, so that `casetrail serve` has something to show; and the demo's sign-in, for the banner."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from typing import TextIO

from api.auth import Principal, Role
from projections.casework import Casework
from projections.queries import records
from projections.rebuild import rebuild
from projections.recorders import ViewStore
from projections.runner import open_view_store
from runtime.bootstrap import token_keys
from runtime.demo import generator
from runtime.demo.bulk import BulkRecord
from runtime.demo.summary import proportions
from runtime.demo.workforce import DEMO_MANAGER, DEMO_PRACTITIONER
from runtime.policies import clock_settings
from runtime.settings import Settings
from runtime.stores import event_store_env

AUDITOR, ANALYST = "demo-auditor", "demo-analyst"


def add_demo_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "demo", help="load a synthetic local authority into the (empty) configured store",
        description="Generate a synthetic authority (teams, workers, children, episodes) over "
        "the past YEARS and record it through the case record, as it would have been "
        "recorded; then build the views. Scale 1 is a mid-sized authority: 6,000 referrals "
        "a year, 140 full-time workers in 12 teams.",
    )
    parser.add_argument("--seed", type=int, default=1, help="the same seed, the same authority")
    parser.add_argument("--scale", type=float, default=0.05, help="default 0.05")
    parser.add_argument("--years", type=float, default=2.0, help="of history (default 2)")
    parser.add_argument("--if-empty", action="store_true",
                        help="load only into an empty store; otherwise do nothing")
    parser.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    settings = Settings()
    env = event_store_env(settings)
    # The demo is the store's only writer while it loads: the bulk path keeps the records in
    # memory between commands and writes thousands of events per transaction.
    service = BulkRecord(env)
    try:
        if service.recorder.max_notification_id():
            if args.if_empty:
                print("casetrail demo: the store already holds events; nothing loaded",
                      file=sys.stderr)
                return 0
            print("casetrail demo: the store already holds events; the demo loads only into "
                  "an empty store (use a new CASETRAIL_DATA_DIR)", file=sys.stderr)
            return 2
        started = time.perf_counter()
        try:
            demo = generator.plan(args.seed, args.scale, args.years, datetime.now(UTC))
        except ValueError as error:
            print(f"casetrail demo: {error}", file=sys.stderr)
            return 2
        print(f"planned {len(demo.actions):,} commands in {time.perf_counter() - started:.1f} s; "
              "recording them", file=sys.stderr)
        report = generator.load(service, demo, progress=_bar(sys.stderr))
        service.flush()
        print(file=sys.stderr)
        views = rebuild(service, Casework(open_view_store(env), clock_settings(settings)),
                        out=sys.stderr)
    finally:
        service.close()
    _summary(demo, report, views.seconds, time.perf_counter() - started)
    return 0


def _bar(out: TextIO) -> generator.Progress:
    started = time.perf_counter()

    def show(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        seconds = time.perf_counter() - started
        out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} commands "
                  f"{done / seconds if seconds else 0:,.0f}/s")
        out.flush()

    return show


def _summary(
    demo: generator.DemoPlan, report: generator.LoadReport, view_seconds: float, seconds: float
) -> None:
    end = demo.end.date()
    in_post = sum(1 for w in demo.workforce.workers if w.employed_on(end))
    print(f"Demo authority (seed {demo.seed}, scale {demo.scale:g}, {demo.years:g} years to "
          f"{end}): {demo.count('form_team')} teams, {demo.count('add_worker')} workers "
          f"({in_post} case-holding now in post), {demo.count('register_child'):,} children, "
          f"{demo.count('receive_referral'):,} episodes, {report.total_events:,} events")
    print(f"  recorded in {report.seconds:.1f} s ({report.rate:,.0f} events/s); views built in "
          f"{view_seconds:.1f} s; {seconds:.1f} s in all")
    for line in proportions(demo).lines():
        print(f"  {line}")
    for refusal in report.refusals[: generator.REFUSALS_SHOWN]:
        # Never expected: the generator plans only what the rules allow.
        print(f"casetrail demo: refused (a generator bug): {refusal.command} {refusal.subject}: "
              f"{refusal.rule}: {refusal.message}", file=sys.stderr)


def sign_in(settings: Settings, view: ViewStore) -> list[str]:
    """Ready-made bearer tokens for the demo's practitioner, manager, an auditor and an analyst
    (development only, and only once the demo authority is loaded)."""
    if settings.environment != "development" or settings.jwt_public_key:
        return []
    keys, minutes = token_keys(settings), settings.token_minutes
    lines = []
    for staff_id, role in ((DEMO_PRACTITIONER, Role.PRACTITIONER), (DEMO_MANAGER, Role.MANAGER)):
        worker = records.worker_by_staff_id(view, staff_id)
        if worker is None:
            return []
        token = keys.issue(Principal(staff_id, role, worker.name, worker.worker_id), minutes)
        lines.append(f"  {role.value} {worker.name} ({staff_id}, worker {worker.worker_id}):")
        lines.append(f"    {token}")
    for user, role in ((AUDITOR, Role.AUDITOR), (ANALYST, Role.ANALYST)):
        token = keys.issue(Principal(user, role, user), minutes)
        lines.append(f"  {role.value} ({user}):")
        lines.append(f"    {token}")
    return [
        f"  demo sign-in, tokens valid {minutes} minutes (or `.venv/bin/casetrail token "
        f"{DEMO_PRACTITIONER}`, `... token {DEMO_MANAGER}`, `... token {AUDITOR} --role "
        f"auditor`, `... token {ANALYST} --role analyst`):",
        *lines,
    ]
