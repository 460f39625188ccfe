"""The client-side verifier: what an auditor runs, on their own machine, against tree heads they
hold. It must stand alone (the standard library, `cryptography` and merkle.py only)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.seal import merkle, verifier
from projections.seal.keys import SealKey
from projections.seal.verifier import (
    TreeHead,
    VerificationFailed,
    check_consistency,
    check_inclusion,
    check_tree_head,
    tree_head_data,
)
from tests.unit.seal.rfc9162 import leaf_hashes, mth, perfect_subtree

SEAL_FOLDER = Path(verifier.__file__).parent
KEY = SealKey(Ed25519PrivateKey.generate())
LEAVES = leaf_hashes()


def _head(size: int, timestamp: int = 1_767_225_600_000, key: SealKey = KEY) -> TreeHead:
    root = mth(0, size)
    signature = key.sign(tree_head_data(size, timestamp, root))
    return TreeHead(size, root, timestamp, key.key_id, signature)


def test_a_tree_head_is_signed_over_rfc_9162_tree_head_data() -> None:
    head = _head(7)

    data = head.signed_data()

    assert data[:8] == head.timestamp.to_bytes(8, "big")
    assert data[8:16] == (7).to_bytes(8, "big")
    assert data[16] == 32 and data[17:49] == head.root_hash
    assert data[49:] == b"\x00\x00"  # no extensions
    check_tree_head(head, KEY.public_key)


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": 8},
        {"root_hash": mth(0, 8)},
        {"timestamp": 1_767_225_600_001},
        {"signature": bytes(64)},
    ],
    ids=["another size", "another root", "another time", "another signature"],
)
def test_a_tree_head_changed_after_signing_is_refused(change: dict[str, object]) -> None:
    changed = dataclasses.replace(_head(7), **change)  # type: ignore[arg-type]

    with pytest.raises(VerificationFailed, match="does not verify"):
        check_tree_head(changed, KEY.public_key)


def test_a_tree_head_signed_by_another_key_is_refused() -> None:
    other = SealKey(Ed25519PrivateKey.generate())

    with pytest.raises(VerificationFailed, match="not this public key"):
        check_tree_head(_head(7, key=other), KEY.public_key)
    forged = dataclasses.replace(_head(7, key=other), key_id=KEY.key_id)
    with pytest.raises(VerificationFailed, match="does not verify"):
        check_tree_head(forged, KEY.public_key)


def test_a_tree_head_survives_its_json_form() -> None:
    head = _head(12)

    assert TreeHead.from_json(json.loads(json.dumps(head.to_json()))) == head
    assert head.to_json()["issued_at"] == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "broken",
    [{}, {"tree_size": -1}, {"tree_size": True}, {"root_hash": "zz"}, {"root_hash": "00"},
     {"signature": "not base64!"}],
)
def test_a_malformed_tree_head_is_refused_with_a_reason(broken: dict[str, object]) -> None:
    value = {**_head(3).to_json(), **broken} if broken else {}

    with pytest.raises(VerificationFailed, match="not a tree head"):
        TreeHead.from_json(value)


def test_inclusion_is_checked_against_the_head_held() -> None:
    head = _head(300)
    proof = merkle.inclusion_proof(137, 300, perfect_subtree)

    check_inclusion(head, KEY.public_key, 137, LEAVES[137], proof)
    with pytest.raises(VerificationFailed, match="not proven"):
        check_inclusion(head, KEY.public_key, 138, LEAVES[137], proof)
    with pytest.raises(VerificationFailed, match="not proven"):
        check_inclusion(head, KEY.public_key, 137, LEAVES[137],
                        merkle.inclusion_proof(137, 301, perfect_subtree))


def test_consistency_is_checked_between_the_heads_held() -> None:
    older, newer = _head(300), _head(517)
    proof = merkle.consistency_proof(300, 517, perfect_subtree)

    check_consistency(older, newer, KEY.public_key, proof)
    with pytest.raises(VerificationFailed, match="larger than the newer"):
        check_consistency(newer, older, KEY.public_key, proof)
    rewritten = TreeHead(300, mth(1, 301), older.timestamp, KEY.key_id,
                         KEY.sign(tree_head_data(300, older.timestamp, mth(1, 301))))
    with pytest.raises(VerificationFailed, match="was rewritten"):
        check_consistency(rewritten, newer, KEY.public_key, proof)


CRYPTOGRAPHY = {"cryptography", "_cffi_backend", "_openssl"}  # the package and its native parts
# Run in a folder of its own, with Casetrail's packages out of reach (they are installed in this
# environment): what an auditor's machine has.
OUT_OF_REACH = "import sys; sys.modules['projections'] = None; "


def _standalone(tmp_path: Path) -> Path:
    """verifier.py and merkle.py copied out of the project, as an auditor would keep them."""
    folder = tmp_path / "auditor"
    folder.mkdir()
    for name in ("verifier.py", "merkle.py"):
        shutil.copy(SEAL_FOLDER / name, folder / name)
    return folder


def _modules_loaded_by(statement: str, folder: Path, prelude: str = "") -> set[str]:
    """The modules outside the standard library that `statement` loads, in a fresh interpreter."""
    script = (
        prelude + "import sys; before = set(sys.modules); " + statement + "; "
        "print('\\n'.join(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] not in sys.stdlib_module_names)))"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                         text=True, check=True)
    return set(run.stdout.split())


def test_the_verifier_imports_only_the_standard_library_cryptography_and_merkle(
    tmp_path: Path,
) -> None:
    in_project = _modules_loaded_by("import projections.seal.verifier", tmp_path)
    standalone = _modules_loaded_by("import verifier", _standalone(tmp_path), OUT_OF_REACH)

    assert {m for m in in_project if m.split(".")[0] not in CRYPTOGRAPHY} == {
        "projections", "projections.seal", "projections.seal.merkle", "projections.seal.verifier"
    }
    assert {m for m in standalone if m.split(".")[0] not in CRYPTOGRAPHY} == {"merkle", "verifier"}


def test_an_auditor_checks_proofs_with_the_verifier_on_its_own(tmp_path: Path) -> None:
    folder = _standalone(tmp_path)
    older, newer = _head(300), _head(517)
    files = {
        "log.pem": KEY.public_pem,
        "older.json": json.dumps({"log": {}, "tree_heads": [older.to_json()]}),
        "newer.json": json.dumps(newer.to_json()),
        "inclusion.json": json.dumps({
            "position": 140, "leaf_index": 137, "tree_size": 517,
            "leaf_hash": LEAVES[137].hex(),
            "audit_path": [h.hex() for h in merkle.inclusion_proof(137, 517, perfect_subtree)],
        }),
        "consistency.json": json.dumps({
            "first": 300, "second": 517,
            "proof": [h.hex() for h in merkle.consistency_proof(300, 517, perfect_subtree)],
        }),
        "lying.json": json.dumps({
            "first": 300, "second": 517,
            "proof": [h.hex() for h in merkle.consistency_proof(299, 517, perfect_subtree)],
        }),
    }
    for name, text in files.items():
        (folder / name).write_text(text)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        argv = ["verifier.py", *args, "--public-key", "log.pem"]
        script = (
            OUT_OF_REACH + f"sys.argv = {argv!r}; import runpy; "
            "runpy.run_path('verifier.py', run_name='__main__')"
        )
        return subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True,
                              text=True)

    head = run("head", "older.json")
    inclusion = run("inclusion", "--head", "newer.json", "inclusion.json")
    consistency = run("consistency", "--older", "older.json", "--newer", "newer.json",
                      "consistency.json")
    lying = run("consistency", "--older", "older.json", "--newer", "newer.json", "lying.json")
    wrong_head = run("inclusion", "--head", "older.json", "inclusion.json")

    assert (head.returncode, inclusion.returncode, consistency.returncode) == (0, 0, 0)
    assert "position 140 (leaf 137) is in the tree of size 517" in inclusion.stdout
    assert lying.returncode == 1 and "was rewritten" in lying.stderr
    assert wrong_head.returncode == 1 and "another tree size" in wrong_head.stderr
