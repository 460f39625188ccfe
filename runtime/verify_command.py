"""`casetrail verify`: recompute the tree from the stored events and check it against the seal's
leaves and every kept tree head; exit 0 when all holds, 1 naming the first event that does not
match (by its position in the log) and the first head that fails."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from projections.seal.audit import audit
from projections.seal.keys import seal_key
from projections.seal.store import open_seal_store
from projections.seal.verifier import TreeHead, VerificationFailed, load_public_key
from runtime.settings import Settings
from runtime.stores import event_store_env


def add_verify_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "verify", help="check every stored event against the seal and its tree heads",
        description="Hash every stored event again, in log order, and compare it with the leaf "
        "the seal kept; recompute the tree and compare it with every kept tree head, whose "
        "signatures must verify with the configured key (or a --public-key). Exit 0 when "
        "everything matches, 1 naming the first event that does not.",
    )
    parser.add_argument(
        "--public-key", type=Path, action="append", default=[], metavar="PEM",
        help="also trust tree heads signed by this public key (a retired signing key)",
    )
    parser.add_argument(
        "--tree-heads", type=Path, action="append", default=[], metavar="FILE",
        help="also check tree heads held outside Casetrail: a `casetrail seal --export` file, "
        "or one head as JSON (as GET /evidence/tree-heads/latest gives it)",
    )
    parser.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from domain.service import CaseRecord

    settings = Settings()
    try:
        trusted = [load_public_key(path.read_bytes()) for path in args.public_key]
        held = [head for path in args.tree_heads for head in held_heads(path)]
    except (OSError, ValueError, VerificationFailed) as error:
        print(f"casetrail verify: {error}", file=sys.stderr)
        return 2
    configured = settings.seal_signing_key
    key = seal_key(configured.get_secret_value() if configured else None, settings.data_dir)
    app = CaseRecord(env=event_store_env(settings))
    try:
        store = open_seal_store(app.recorder)
        report = audit(app.recorder, store, [key.public_key, *trusted], held)
    finally:
        app.close()
    print(f"casetrail verify: {report.events} events stored, {report.sealed} sealed, "
          f"{report.heads} tree heads kept, {len(held)} held")
    if report.first_mismatch is not None:
        print(f"FAILED: {report.first_mismatch}")
    for failure in report.failures:
        print(f"FAILED: {failure}")
    if report.ok:
        print("OK: every sealed event and every tree head matches the store")
        return 0
    return 1


def held_heads(path: Path) -> list[TreeHead]:
    """The tree heads in an export file, or the one head a JSON file holds."""
    value = json.loads(path.read_text())
    if isinstance(value, dict) and isinstance(value.get("tree_heads"), list):
        return [TreeHead.from_json(head) for head in value["tree_heads"]]
    if isinstance(value, dict):
        return [TreeHead.from_json(value)]
    raise VerificationFailed(f"{path} holds no tree head")
