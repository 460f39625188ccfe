"""Checking Casetrail's evidence without trusting Casetrail.

An auditor keeps signed tree heads outside the system (`casetrail seal --export`, or
`GET /evidence/tree-heads`) together with the log's public key (`GET /evidence/public-key`). Later
the system is asked for proofs, and this module checks them against what the auditor already
holds: that a tree head is signed by the key, that an event's leaf is in the tree a head names
(inclusion), and that a later head extends an earlier one without rewriting it (consistency).

It imports only the standard library, `cryptography` and merkle.py, so that the two files can be
copied out and run on their own:

    python verifier.py head --public-key log.pem HEAD.json
    python verifier.py inclusion --public-key log.pem --head HEAD.json PROOF.json
    python verifier.py consistency --public-key log.pem --older OLD.json --newer NEW.json PROOF.json

HEAD.json is one tree head as the API gives it, or an export file (its newest head is used).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import struct
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

try:
    from projections.seal import merkle
except ImportError:  # copied out of the project, beside merkle.py
    import merkle  # type: ignore[import-not-found,no-redef]


class VerificationFailed(Exception):
    """The evidence does not hold; the message says which check failed."""


@dataclass(frozen=True)
class TreeHead:
    """A signed tree head: the root of the tree of the first `tree_size` sealed events, when it
    was made (milliseconds since 1970, UTC), and the Ed25519 signature of the key `key_id`."""

    tree_size: int
    root_hash: bytes
    timestamp: int
    key_id: str
    signature: bytes

    def signed_data(self) -> bytes:
        return tree_head_data(self.tree_size, self.timestamp, self.root_hash)

    def to_json(self) -> dict[str, Any]:
        issued = datetime.fromtimestamp(self.timestamp / 1000, UTC)
        return {
            "tree_size": self.tree_size,
            "root_hash": self.root_hash.hex(),
            "timestamp": self.timestamp,
            "issued_at": issued.isoformat().replace("+00:00", "Z"),
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode(),
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> TreeHead:
        try:
            head = cls(
                tree_size=_natural(value["tree_size"], "tree_size"),
                root_hash=bytes.fromhex(str(value["root_hash"])),
                timestamp=_natural(value["timestamp"], "timestamp"),
                key_id=str(value["key_id"]),
                signature=base64.b64decode(str(value["signature"]), validate=True),
            )
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise VerificationFailed(f"not a tree head: {error}") from None
        if len(head.root_hash) != merkle.HASH_SIZE:
            raise VerificationFailed("not a tree head: the root hash is not 32 bytes")
        return head


def tree_head_data(tree_size: int, timestamp: int, root_hash: bytes) -> bytes:
    """What is signed: RFC 9162's TreeHeadDataV2 (timestamp, tree size, root hash, and no
    extensions), in its TLS encoding."""
    return (
        struct.pack(">QQB", timestamp, tree_size, len(root_hash))
        + root_hash
        + struct.pack(">H", 0)
    )


def key_id(public_key: Ed25519PublicKey) -> str:
    """The key's id: SHA-256 of its DER SubjectPublicKeyInfo (as RFC 6962 names a log), hex."""
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    data = pem.encode() if isinstance(pem, str) else pem
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as error:
        raise VerificationFailed(f"not a PEM public key: {error}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise VerificationFailed("the public key is not an Ed25519 key")
    return key


def check_tree_head(head: TreeHead, public_key: Ed25519PublicKey) -> None:
    """The head was signed by `public_key`."""
    if head.key_id != key_id(public_key):
        raise VerificationFailed(
            f"the tree head of size {head.tree_size} names key {head.key_id[:16]}..., "
            f"not this public key ({key_id(public_key)[:16]}...)"
        )
    try:
        public_key.verify(head.signature, head.signed_data())
    except InvalidSignature:
        raise VerificationFailed(
            f"the signature of the tree head of size {head.tree_size} does not verify"
        ) from None


def check_inclusion(
    head: TreeHead,
    public_key: Ed25519PublicKey,
    leaf_index: int,
    leaf_hash: bytes,
    audit_path: Sequence[bytes],
) -> None:
    """The leaf `leaf_hash` is leaf `leaf_index` of the tree `head` signs."""
    check_tree_head(head, public_key)
    if not merkle.verify_inclusion(
        leaf_index, head.tree_size, leaf_hash, audit_path, head.root_hash
    ):
        raise VerificationFailed(
            f"leaf {leaf_index} is not proven to be in the tree of size {head.tree_size}"
        )


def check_consistency(
    older: TreeHead, newer: TreeHead, public_key: Ed25519PublicKey, proof: Sequence[bytes]
) -> None:
    """The tree `newer` signs extends the one `older` signs, leaving it as it was."""
    check_tree_head(older, public_key)
    check_tree_head(newer, public_key)
    if older.tree_size > newer.tree_size:
        raise VerificationFailed(
            f"the older head ({older.tree_size} events) is larger than the newer "
            f"({newer.tree_size}): the log has lost events"
        )
    if not merkle.verify_consistency(
        older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof
    ):
        raise VerificationFailed(
            f"the tree of size {newer.tree_size} is not proven to extend the tree of size "
            f"{older.tree_size}: the log was rewritten"
        )


def hashes_from_json(values: Any, name: str) -> list[bytes]:
    if not isinstance(values, list):
        raise VerificationFailed(f"{name} must be a list of hex hashes")
    try:
        return [bytes.fromhex(str(v)) for v in values]
    except ValueError:
        raise VerificationFailed(f"{name} must be a list of hex hashes") from None


def _natural(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number")
    return value


# The command line, for an auditor's own machine.


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="verifier", description="Check Casetrail's evidence against tree heads you hold."
    )
    commands = parser.add_subparsers(dest="check", required=True)
    head = commands.add_parser("head", help="a tree head is signed by the log's key")
    head.add_argument("head", type=Path)
    inclusion = commands.add_parser("inclusion", help="an event is in the tree a head signs")
    inclusion.add_argument("--head", type=Path, required=True)
    inclusion.add_argument("proof", type=Path)
    consistency = commands.add_parser("consistency", help="a later head extends an earlier one")
    consistency.add_argument("--older", type=Path, required=True)
    consistency.add_argument("--newer", type=Path, required=True)
    consistency.add_argument("proof", type=Path)
    for command in (head, inclusion, consistency):
        command.add_argument("--public-key", type=Path, required=True, help="the log's PEM key")
    args = parser.parse_args(argv)
    try:
        print(_run(args))
    except (VerificationFailed, OSError, ValueError) as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    return 0


def _run(args: argparse.Namespace) -> str:
    public_key = load_public_key(args.public_key.read_bytes())
    if args.check == "head":
        held = _held_head(args.head)
        check_tree_head(held, public_key)
        return f"OK: the tree head of size {held.tree_size} is signed by the log's key"
    proof = json.loads(args.proof.read_text())
    if not isinstance(proof, Mapping):
        raise VerificationFailed(f"{args.proof} is not a proof")
    if args.check == "inclusion":
        held = _held_head(args.head)
        if proof.get("tree_size") != held.tree_size:
            raise VerificationFailed("the proof is for another tree size than the head's")
        check_inclusion(
            held,
            public_key,
            _natural(proof.get("leaf_index"), "leaf_index"),
            bytes.fromhex(str(proof.get("leaf_hash"))),
            hashes_from_json(proof.get("audit_path"), "audit_path"),
        )
        return (
            f"OK: the event at position {proof.get('position')} (leaf {proof['leaf_index']}) "
            f"is in the tree of size {held.tree_size}"
        )
    older, newer = _held_head(args.older), _held_head(args.newer)
    if (proof.get("first"), proof.get("second")) != (older.tree_size, newer.tree_size):
        raise VerificationFailed("the proof is for other tree sizes than the heads'")
    check_consistency(older, newer, public_key, hashes_from_json(proof.get("proof"), "proof"))
    return f"OK: the tree of size {newer.tree_size} extends the tree of size {older.tree_size}"


def _held_head(path: Path) -> TreeHead:
    value = json.loads(path.read_text())
    if isinstance(value, Mapping) and "tree_heads" in value:
        heads = value["tree_heads"]
        if not heads:
            raise VerificationFailed(f"{path} holds no tree head")
        value = max(heads, key=lambda h: h.get("tree_size", -1))
    if not isinstance(value, Mapping):
        raise VerificationFailed(f"{path} is not a tree head")
    return TreeHead.from_json(value)


if __name__ == "__main__":
    sys.exit(main())
