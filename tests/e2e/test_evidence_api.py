"""The evidence routes over HTTP, as an auditor uses them: tree heads to keep outside Casetrail,
the key that verifies them, and inclusion and consistency proofs checked against heads already
held, on each store. Auditors and managers only; nothing in an answer is case content."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from projections.seal.leaves import record_leaf_hash
from projections.seal.verifier import (
    TreeHead,
    VerificationFailed,
    check_consistency,
    check_inclusion,
    check_tree_head,
    load_public_key,
)
from tests.e2e.access_world import CASE_CONTENT, World

SEAL_FOLDER = Path(__file__).parents[2] / "projections" / "seal"
READS = [
    "/evidence/tree-heads",
    "/evidence/tree-heads/latest",
    "/evidence/public-key",
    "/evidence/inclusion?position=1",
    "/evidence/consistency?first=1",
]
ROUTES = [("GET", path) for path in READS] + [("POST", "/evidence/tree-heads")]


def _head(world: World, who: str = "auditor") -> tuple[int, TreeHead]:
    answer = world.send(who, "POST", "/evidence/tree-heads")
    assert answer.status_code in (200, 201), answer.text
    return answer.status_code, TreeHead.from_json(answer.json())


def _stored(world: World) -> int:
    return len(world.service.recorder.select_notifications(start=None, limit=10**6))


def _public_key(world: World) -> Any:
    pem = world.send("auditor", "GET", "/evidence/public-key").json()["public_key"]
    return load_public_key(pem)


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_evidence_asks_for_a_token(world: World, method: str, path: str) -> None:
    answer = world.client.request(method, path)

    assert answer.status_code == 401


@pytest.mark.parametrize("who", ["holder", "teammate", "stranger", "analyst"])
def test_evidence_is_for_auditors_and_managers_only(world: World, who: str) -> None:
    answers = {f"{m} {p}": world.send(who, m, p).status_code for m, p in ROUTES}

    assert answers == dict.fromkeys(answers, 403)


@pytest.mark.parametrize("who", ["auditor", "auditor without purpose", "manager", "other manager"])
def test_auditors_and_managers_read_the_evidence(world: World, who: str) -> None:
    world.open_case()
    _head(world, who)

    answers = {p: world.send(who, "GET", p).status_code for p in READS}

    assert answers == dict.fromkeys(answers, 200)


def test_a_tree_head_made_on_demand_is_signed_by_the_published_key_and_kept(
    world: World,
) -> None:
    world.open_case()  # something new to seal

    made_status, made = _head(world)
    again_status, again = _head(world)
    latest = TreeHead.from_json(world.send("manager", "GET", "/evidence/tree-heads/latest").json())
    listed = world.send("auditor", "GET", f"/evidence/tree-heads?from_size={made.tree_size}")
    key = world.send("auditor", "GET", "/evidence/public-key").json()

    assert (made_status, again_status) == (201, 200)
    assert made == again == latest
    assert made.tree_size == _stored(world)
    assert [TreeHead.from_json(h) for h in listed.json()] == [made]
    assert key["algorithm"] == "Ed25519" and key["key_id"] == made.key_id
    check_tree_head(made, load_public_key(key["public_key"]))


def test_an_event_recorded_after_a_held_head_is_proven_and_the_log_extends_the_head(
    world: World,
) -> None:
    public_key = _public_key(world)
    _, held = _head(world)
    world.open_case()
    position = world.service.recorder.max_notification_id()
    assert position is not None
    _, later = _head(world)

    inclusion = world.send(
        "auditor", "GET", f"/evidence/inclusion?position={position}&tree_size={later.tree_size}"
    ).json()
    consistency = world.send(
        "auditor", "GET", f"/evidence/consistency?first={held.tree_size}&second={later.tree_size}"
    ).json()

    (stored,) = world.service.recorder.select_notifications(start=position, limit=1)
    assert inclusion["leaf_hash"] == record_leaf_hash(stored).hex()
    assert TreeHead.from_json(inclusion["tree_head"]) == later
    check_inclusion(later, public_key, inclusion["leaf_index"],
                    bytes.fromhex(inclusion["leaf_hash"]),
                    [bytes.fromhex(h) for h in inclusion["audit_path"]])
    proof = [bytes.fromhex(h) for h in consistency["proof"]]
    check_consistency(held, later, public_key, proof)
    doctored = TreeHead(held.tree_size, later.root_hash, held.timestamp, held.key_id,
                        held.signature)
    with pytest.raises(VerificationFailed):
        check_consistency(doctored, later, public_key, proof)


def test_reading_the_evidence_records_nothing_and_shows_no_case_content(world: World) -> None:
    world.open_case()
    _head(world)
    before = world.service.recorder.max_notification_id()

    answers = [world.send("auditor", "GET", p).text for p in READS]

    assert world.service.recorder.max_notification_id() == before
    assert not [text for text in answers for content in CASE_CONTENT if content in text]


def test_positions_and_sizes_the_sealed_log_does_not_have_are_refused_clearly(
    world: World,
) -> None:
    _, head = _head(world)
    beyond = head.tree_size + 1000

    unknown = world.send("auditor", "GET", f"/evidence/inclusion?position={2**62}")
    too_big = world.send("auditor", "GET", f"/evidence/inclusion?position=1&tree_size={beyond}")
    backwards = world.send(
        "auditor", "GET", f"/evidence/consistency?first={head.tree_size}&second=1"
    )
    nonsense = world.send("auditor", "GET", "/evidence/consistency?first=0")

    assert unknown.status_code == 404
    assert too_big.status_code == 422 and too_big.json()["errors"][0]["field"] == "tree_size"
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "first"
    assert nonsense.status_code == 422


def test_an_auditor_checks_the_apis_proof_on_their_own_machine(
    world: World, tmp_path: Path
) -> None:
    _, held = _head(world)
    world.open_case()
    _, later = _head(world)
    position = world.service.recorder.max_notification_id()
    files = {
        "log.pem": world.send("auditor", "GET", "/evidence/public-key").json()["public_key"],
        "held.json": json.dumps(held.to_json()),
        "later.json": world.send("auditor", "GET", "/evidence/tree-heads/latest").text,
        "inclusion.json": world.send(
            "auditor", "GET", f"/evidence/inclusion?position={position}"
        ).text,
        "consistency.json": world.send(
            "auditor", "GET", f"/evidence/consistency?first={held.tree_size}"
        ).text,
    }
    for name in ("verifier.py", "merkle.py"):
        shutil.copy(SEAL_FOLDER / name, tmp_path / name)
    for name, text in files.items():
        (tmp_path / name).write_text(text)

    def verifier(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "verifier.py", *args, "--public-key", "log.pem"],
            cwd=tmp_path, capture_output=True, text=True,
        )

    inclusion = verifier("inclusion", "--head", "later.json", "inclusion.json")
    consistency = verifier("consistency", "--older", "held.json", "--newer", "later.json",
                           "consistency.json")

    assert later.tree_size == _stored(world)
    assert inclusion.returncode == 0, inclusion.stderr
    assert consistency.returncode == 0, consistency.stderr
