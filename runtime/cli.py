"""The `casetrail` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from runtime.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    parser = command_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args.host, args.port)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.error(f"unknown command {args.command}")
    return int(handler(args))


def command_parser() -> argparse.ArgumentParser:
    """Every command and its arguments (the deployment files' commands are checked against it)."""
    parser = argparse.ArgumentParser(prog="casetrail", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the API (and the web client)")
    serve.add_argument("--host", help="address to listen on (default: the settings')")
    serve.add_argument("--port", type=int, help="port (default: the settings')")
    _add_optional_commands(commands)
    return parser


def _add_optional_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from runtime.consume_command import add_consume_command
    from runtime.demo_command import add_demo_command
    from runtime.due_command import add_due_command
    from runtime.rebuild_command import add_rebuild_command
    from runtime.relay_command import add_relay_command
    from runtime.report_command import add_report_command
    from runtime.schemas_command import add_schemas_command
    from runtime.seal_command import add_seal_command
    from runtime.token_command import add_token_command
    from runtime.verify_command import add_verify_command

    add_due_command(commands)
    add_rebuild_command(commands)
    add_token_command(commands)
    add_consume_command(commands)
    add_demo_command(commands)
    add_seal_command(commands)
    add_verify_command(commands)
    add_relay_command(commands)
    add_report_command(commands)
    add_schemas_command(commands)


def _serve(host: str | None, port: int | None) -> int:
    import uvicorn

    from runtime.bootstrap import build
    from runtime.demo_command import sign_in
    from runtime.dev_sign_in import dev_sign_in

    settings = Settings()
    casetrail = build(settings)
    host, port = host or settings.http_host, port or settings.http_port
    where = (
        "SQLite files in " + str(settings.data_dir.resolve())
        if settings.store == "sqlite"
        else "PostgreSQL at " + settings.postgres.host
    )
    print(f"Casetrail for {settings.authority_name}: http://{host}:{port}", flush=True)
    print(f"  store: {where}; health: http://{host}:{port}/health", flush=True)
    print(f"  API documentation: http://{host}:{port}/docs", flush=True)
    how = "as a user of the local data in one click" if dev_sign_in(settings) else "with a token"
    print(f"  web client: http://{host}:{port}/ (sign in {how})", flush=True)
    print("  sign in: send a bearer token from `.venv/bin/casetrail token STAFF_ID` (or "
          "`casetrail token NAME --role auditor|analyst`); `casetrail demo` loads a synthetic "
          "authority into an empty store", flush=True)
    for line in sign_in(settings, casetrail.views):
        print(line, flush=True)
    try:
        uvicorn.run(casetrail.app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        casetrail.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
