"""`casetrail token USER`: a bearer token for a user of the local data (development, the demo)."""

from __future__ import annotations

import argparse
import sys

from api.auth import Principal, Role, principal_for
from projections.runner import open_view_store
from runtime.bootstrap import token_keys
from runtime.settings import Settings
from runtime.stores import event_store_env


def add_token_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "token", help="print a bearer token for a user of the local data",
        description="A worker of the local data signs in as themselves (a team manager as a "
        "manager, others as practitioners). Auditors and analysts are not workers: give "
        "--role auditor or --role analyst with their name.",
    )
    parser.add_argument("user", help="a worker's staff id, or an auditor's or analyst's name")
    parser.add_argument("--role", choices=["auditor", "analyst"], help="for non-workers")
    parser.add_argument("--minutes", type=int, help="lifetime (default: the settings')")
    parser.set_defaults(handler=run_token)


def run_token(args: argparse.Namespace) -> int:
    settings = Settings()
    if args.role:  # not a worker: no record to look them up in
        principal: Principal | None = Principal(user=args.user, role=Role(args.role),
                                                name=args.user)
    else:
        principal = principal_for(open_view_store(event_store_env(settings)), args.user, None)
    if principal is None:
        print(f"casetrail token: no current worker with staff id '{args.user}'",
              file=sys.stderr)
        return 2
    print(token_keys(settings).issue(principal, args.minutes or settings.token_minutes))
    return 0
