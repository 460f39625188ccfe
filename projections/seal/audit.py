"""Checking the event store against its seal: every stored record is hashed again, in log order,
and compared with the leaf the seal kept for it; the tree recomputed from the store is compared
with every kept tree head; each head's signature is checked against the keys the caller trusts.

It reads the store once, in batches, holding only the tree's frontier, so it runs in constant
memory (but the kept interior nodes, a few per thousand events) over millions of events.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import ApplicationRecorder

from projections.seal import merkle
from projections.seal.leaves import record_leaf_hash
from projections.seal.store import TILE, SealStore
from projections.seal.verifier import TreeHead, VerificationFailed, check_tree_head, key_id

BATCH = 1000


@dataclass(frozen=True)
class Mismatch:
    """The first event that does not match the seal."""

    leaf_index: int
    position: int
    what: str

    def __str__(self) -> str:
        return f"the event at position {self.position} (leaf {self.leaf_index}) {self.what}"


@dataclass
class AuditReport:
    events: int = 0
    sealed: int = 0
    heads: int = 0
    first_mismatch: Mismatch | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_mismatch is None and not self.failures


def audit(
    recorder: ApplicationRecorder,
    store: SealStore,
    trusted_keys: Sequence[Ed25519PublicKey],
    held: Sequence[TreeHead] = (),
    batch: int = BATCH,
) -> AuditReport:
    """Check the store against the seal's leaves, its kept tree heads and any `held` elsewhere
    (an auditor's export), each head's signature against `trusted_keys`."""
    report = AuditReport()
    kept = store.heads()
    report.heads = len(kept)
    heads = [("kept", h) for h in kept] + [("held", h) for h in held if h not in kept]
    heads.sort(key=lambda checked: checked[1].tree_size)
    _check_signatures(heads, trusted_keys, report)
    pending = deque(heads)
    from_store, from_seal = merkle.Frontier(), merkle.Frontier()
    computed_nodes: dict[tuple[int, int], bytes] = {}
    matched_up_to = 0  # the size of the last head the store matched
    failed: set[str] = set()  # only the first failing head of each source says anything

    def check_heads() -> None:
        nonlocal matched_up_to
        while pending and pending[0][1].tree_size == from_store.size:
            source, head = pending.popleft()
            if head.root_hash == from_store.root():
                matched_up_to = head.tree_size
            elif source not in failed:
                failed.add(source)
                report.failures.append(
                    f"the {source} tree head of size {head.tree_size} does not match the "
                    f"store: a change lies among leaves {matched_up_to} to {head.tree_size - 1}"
                )

    check_heads()
    stored, sealed_leaves = _stored_leaves(recorder, batch), _kept_leaves(store, batch)
    while True:
        record, sealed = next(stored, None), next(sealed_leaves, None)
        if record is None and sealed is None:
            break
        index = from_store.size if record is not None else from_seal.size
        if report.first_mismatch is None and sealed is not None:
            report.first_mismatch = _compare(index, record, sealed)
        if sealed is not None:
            report.sealed += 1
            for level, node, digest in from_seal.append(sealed[1]):
                if level % TILE == 0:
                    computed_nodes[(level, node)] = digest
        if record is not None:
            report.events += 1
            from_store.append(record[1])
            check_heads()
    for source, head in pending:
        if source not in failed:
            failed.add(source)
            report.failures.append(
                f"the {source} tree head of size {head.tree_size} covers more events than the "
                f"store holds ({report.events})"
            )
    _check_nodes(store, computed_nodes, report)
    return report


def _compare(
    index: int, record: tuple[int, bytes] | None, sealed: tuple[int, bytes]
) -> Mismatch | None:
    position, leaf = sealed
    if record is None or record[0] > position:
        return Mismatch(index, position, "is missing: it was sealed and the store no longer has it")
    if record[0] < position:
        return Mismatch(
            index, record[0],
            f"is not in the sealed log: the seal has the event at position {position} there",
        )
    if record[1] != leaf:
        return Mismatch(index, position, "has changed since it was sealed")
    return None


def _check_signatures(
    heads: Sequence[tuple[str, TreeHead]],
    trusted_keys: Sequence[Ed25519PublicKey],
    report: AuditReport,
) -> None:
    keys = {key_id(k): k for k in trusted_keys}
    for source, head in heads:
        key = keys.get(head.key_id)
        if key is None:
            report.failures.append(
                f"the {source} tree head of size {head.tree_size} is signed by key "
                f"{head.key_id[:16]}..., which is not trusted (give its public key with "
                "--public-key)"
            )
            continue
        try:
            check_tree_head(head, key)
        except VerificationFailed as failure:
            report.failures.append(f"{source}: {failure}")


def _check_nodes(
    store: SealStore, computed: dict[tuple[int, int], bytes], report: AuditReport
) -> None:
    """The interior hashes the seal keeps (which its proofs are made of) follow from its leaves."""
    for level, index, digest in store.all_kept_nodes():
        if computed.get((level, index), digest) != digest:
            report.failures.append(
                f"the seal's kept hash of {1 << level} leaves from leaf {index << level} does "
                "not follow from its leaves: its proofs would not verify"
            )
            return


def _stored_leaves(recorder: ApplicationRecorder, batch: int) -> Iterator[tuple[int, bytes]]:
    after: int | None = None
    while True:
        records = recorder.select_notifications(start=after, limit=batch, inclusive_of_start=False)
        if not records:
            return
        for record in records:
            yield record.id, record_leaf_hash(record)
        after = records[-1].id


def _kept_leaves(store: SealStore, batch: int) -> Iterator[tuple[int, bytes]]:
    start = 0
    while True:
        leaves = store.leaves(start, batch)
        if not leaves:
            return
        for _, position, leaf in leaves:
            yield position, leaf
        start = leaves[-1][0] + 1
