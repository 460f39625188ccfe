"""`casetrail rebuild [VIEW]`: drop a view and fold every stored event into it again."""

from __future__ import annotations

import argparse
import sys

from projections.casework import Casework
from projections.rebuild import rebuild
from projections.runner import open_view_store
from runtime.policies import clock_settings
from runtime.settings import Settings
from runtime.stores import event_store_env

VIEWS = {"casework": "caseload, deadlines and risk (one projection, one position)"}


def add_rebuild_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "rebuild", help="drop a view and rebuild it from the events (stop the server first)",
        description="Drop a view's rows and position and fold every stored event again, "
        "printing progress, then the count and rate. Views: "
        + "; ".join(f"{name}: {words}" for name, words in VIEWS.items()),
    )
    parser.add_argument("view", nargs="?", default="casework", choices=sorted(VIEWS))
    parser.set_defaults(handler=run_rebuild)


def run_rebuild(args: argparse.Namespace) -> int:
    from domain.service import CaseRecord

    settings = Settings()
    env = event_store_env(settings)
    app = CaseRecord(env=env)
    view = open_view_store(env)
    try:
        report = rebuild(app, Casework(view, clock_settings(settings)), out=sys.stderr)
    finally:
        app.close()
    print(f"{args.view}: {report.events} events in {report.seconds:.1f} s "
          f"({report.rate:,.0f} events/s)")
    return 0
