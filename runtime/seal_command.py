"""`casetrail seal`: make a signed tree head now and print it as JSON; `--export FILE` writes every
kept head with the log's public key (for an auditor to keep outside Casetrail); `--new-key` prints
a fresh signing key for CASETRAIL_SEAL_SIGNING_KEY."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from projections.seal.guard import install_append_only_guard
from projections.seal.keys import new_signing_key, seal_key
from projections.seal.store import open_seal_store
from projections.seal.tree_heads import Seal
from runtime.settings import Settings
from runtime.stores import event_store_env


def open_seal(
    settings: Settings,
    recorder: ApplicationRecorder,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Seal:
    """The seal over the events `recorder` keeps: its tables made, the append-only guard
    installed on them and on the events, and the signing key from the settings."""
    store = open_seal_store(recorder)
    install_append_only_guard(recorder)
    configured = settings.seal_signing_key
    key = seal_key(configured.get_secret_value() if configured else None, settings.data_dir)
    return Seal(recorder, store, key, clock)


def add_seal_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "seal", help="make a signed tree head of the event log now, and print it",
        description="Seal every stored event and print the signed tree head (JSON). Keep tree "
        "heads outside Casetrail: `casetrail verify` and the standalone verifier "
        "(projections/seal/verifier.py) check the log against them.",
    )
    parser.add_argument(
        "--export", type=Path, metavar="FILE",
        help="also write every kept tree head and the public key to FILE ('-': standard output)",
    )
    parser.add_argument(
        "--new-key", action="store_true",
        help="only print a new signing key (base64 seed) and its public key; seal nothing",
    )
    parser.set_defaults(handler=run_seal)


def run_seal(args: argparse.Namespace) -> int:
    if args.new_key:
        from projections.seal.keys import parse_signing_key

        key = new_signing_key()
        print(f"CASETRAIL_SEAL_SIGNING_KEY={key}")
        print(parse_signing_key(key).public_pem, end="")
        return 0
    from domain.service import CaseRecord

    settings = Settings()
    app = CaseRecord(env=event_store_env(settings))
    try:
        seal = open_seal(settings, app.recorder)
        head, new = seal.make_tree_head()
        print(json.dumps(head.to_json(), indent=2))
        print(f"casetrail seal: {'made' if new else 'already kept'}: a tree head of "
              f"{head.tree_size} events", file=sys.stderr)
        if args.export is not None:
            _export(seal, args.export)
    finally:
        app.close()
    return 0


def export_document(seal: Seal) -> dict[str, Any]:
    """Every kept tree head, with the key that verifies them."""
    return {
        "log": {
            "algorithm": "Ed25519",
            "key_id": seal.key.key_id,
            "public_key": seal.key.public_pem,
        },
        "tree_heads": [head.to_json() for head in seal.tree_heads()],
    }


def _export(seal: Seal, target: Path) -> None:
    text = json.dumps(export_document(seal), indent=2) + "\n"
    if str(target) == "-":
        sys.stdout.write(text)
        return
    target.write_text(text)
    print(f"casetrail seal: {len(seal.tree_heads())} tree heads written to {target}",
          file=sys.stderr)
