"""`casetrail schemas [--out DIR] [--check]`: write the published event schemas (one JSON Schema
document per event type and version, and an index) or check that a folder holds them as made."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_FOLDER = Path("schemas/events")


def add_schemas_command(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `schemas`; the parsed arguments carry `handler(args)`."""
    parser = subparsers.add_parser(
        "schemas", help="write (or check) the published event schemas",
        description="Write the JSON Schema document of every event type and version, as it "
        "travels on Kafka, and their index, into a folder; --check only compares.",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_FOLDER,
        help=f"the folder (default: {DEFAULT_FOLDER}, from the repository's root)",
    )
    parser.add_argument(
        "--check", action="store_true",
        help="change nothing; exit 1 if the folder differs from what would be written",
    )
    parser.set_defaults(handler=run_schemas)


def run_schemas(args: argparse.Namespace) -> int:
    from consumers import event_schema

    folder: Path = args.out
    if args.check:
        different = event_schema.differences(folder)
        for name in different:
            print(f"differs: {folder / name}", file=sys.stderr)
        if different:
            print("run `casetrail schemas` to write them", file=sys.stderr)
            return 1
        print(f"{folder}: up to date", flush=True)
        return 0
    changed = event_schema.write(folder)
    count = len(event_schema.published().documents)
    print(f"{folder}: {count} documents and the index; {len(changed)} file(s) changed",
          flush=True)
    return 0
