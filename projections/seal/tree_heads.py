"""The seal over the event log: stored events appended as leaves, signed tree heads made and kept,
and inclusion and consistency proofs against them (RFC 9162).

Tree heads are idempotent per size: asking for one when no event was stored since the last gives
the head already kept, and two processes asking at once keep one head between them.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, IntegrityError, OperationalError

from domain.errors import InvalidValue, NotFound
from projections.seal import merkle
from projections.seal.keys import SealKey
from projections.seal.leaves import record_leaf_hash
from projections.seal.store import TILE, SealStore
from projections.seal.verifier import TreeHead, tree_head_data

BATCH = 1000
ATTEMPTS = 20


@dataclass(frozen=True)
class InclusionProof:
    """The event at `position` is leaf `leaf_index` of the tree of `tree_size` leaves."""

    position: int
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    audit_path: list[bytes]

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "leaf_index": self.leaf_index,
            "tree_size": self.tree_size,
            "leaf_hash": self.leaf_hash.hex(),
            "audit_path": [h.hex() for h in self.audit_path],
        }


@dataclass(frozen=True)
class ConsistencyProof:
    """The tree of `first` leaves is a prefix of the tree of `second` leaves."""

    first: int
    second: int
    proof: list[bytes]

    def to_json(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "proof": [h.hex() for h in self.proof],
        }


class Seal:
    """Seals the events `recorder` keeps, in `store`, signing heads with `key`."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        store: SealStore,
        key: SealKey,
        clock: Callable[[], datetime],
        batch: int = BATCH,
    ) -> None:
        self.recorder, self.store, self.key, self.clock = recorder, store, key, clock
        self.batch = batch
        self._frontier: merkle.Frontier | None = None
        self._sealing = threading.RLock()

    def extend(self) -> int:
        """Append every stored event not sealed yet; return how many are sealed."""
        with self._sealing:
            for attempt in range(ATTEMPTS):
                try:
                    return self._extend()
                except (IntegrityError, OperationalError):
                    # Another process appended the same leaves first (or held the SQLite file):
                    # start again from what it wrote.
                    self._frontier = None
                    if attempt == ATTEMPTS - 1:
                        raise
                    # Two sealers in step would collide again at once: step apart at random.
                    time.sleep(random.uniform(0, 0.02) * (attempt + 1))
        raise AssertionError("unreachable")

    def make_tree_head(self) -> tuple[TreeHead, bool]:
        """Seal what is stored and sign a head for it; the head and whether it is a new one."""
        with self._sealing:
            size = self.extend()
            kept = self.store.head(size)
            if kept is not None:
                return kept, False
            root = self._frontier_at(size).root()
            timestamp = int(self.clock().timestamp() * 1000)
            head = TreeHead(
                tree_size=size,
                root_hash=root,
                timestamp=timestamp,
                key_id=self.key.key_id,
                signature=self.key.sign(tree_head_data(size, timestamp, root)),
            )
            kept = self.store.keep_head(head)
            return kept, kept == head

    def latest(self) -> TreeHead:
        """The newest kept head; a log always has one, so the first is made when asked for."""
        return self.store.latest_head() or self.make_tree_head()[0]

    def tree_heads(self, from_size: int = 0, limit: int | None = None) -> list[TreeHead]:
        return self.store.heads(from_size, limit)

    def inclusion(self, position: int, tree_size: int | None = None) -> InclusionProof:
        """The proof that the event at `position` is in the tree of `tree_size` leaves (by
        default the latest head's)."""
        size = self.latest().tree_size if tree_size is None else tree_size
        self._check_sealed(size, "tree_size")
        found = self.store.leaf_at_position(position)
        if found is None:
            raise NotFound(f"no sealed event at position {position}")
        leaf_index, leaf = found
        if leaf_index >= size:
            raise InvalidValue(
                "tree_size",
                f"the event at position {position} is leaf {leaf_index}, sealed after the tree "
                f"of size {size}",
            )
        path = merkle.inclusion_proof(leaf_index, size, self._subtrees())
        return InclusionProof(position, leaf_index, size, leaf, path)

    def consistency(self, first: int, second: int | None = None) -> ConsistencyProof:
        """The proof that the tree of `first` leaves is a prefix of the tree of `second` (by
        default the latest head's)."""
        size = self.latest().tree_size if second is None else second
        self._check_sealed(size, "second")
        if not 0 < first <= size:
            raise InvalidValue("first", f"first must be from 1 to the second size ({size})")
        return ConsistencyProof(
            first, size, merkle.consistency_proof(first, size, self._subtrees())
        )

    def _check_sealed(self, size: int, field: str) -> None:
        sealed = self.store.leaf_count()
        if not 0 < size <= sealed:
            raise InvalidValue(field, f"the sealed trees have from 1 to {sealed} events")

    def _extend(self) -> int:
        size = self.store.leaf_count()
        frontier = self._frontier_at(size)
        after = self.store.last_sealed_position()
        while True:
            records = self.recorder.select_notifications(
                start=after, limit=self.batch, inclusive_of_start=False
            )
            if not records:
                break
            leaves: list[tuple[int, bytes]] = []
            nodes: list[tuple[int, int, bytes]] = []
            for record in records:
                leaf = record_leaf_hash(record)
                leaves.append((record.id, leaf))
                nodes += [n for n in frontier.append(leaf) if n[0] % TILE == 0]
            self.store.append(size, leaves, nodes)
            size, after = frontier.size, records[-1].id
        self._frontier = frontier
        return size

    def _frontier_at(self, size: int) -> merkle.Frontier:
        if self._frontier is not None and self._frontier.size == size:
            return self._frontier
        roots = [self.store.subtree(level, index) for level, index in
                 merkle.frontier_subtrees(size)]
        return merkle.Frontier(size, roots)

    def _subtrees(self) -> merkle.Subtrees:
        """The store's subtree hashes, each read once per proof (the ranges a proof asks for
        share their right-hand subtrees)."""
        seen: dict[tuple[int, int], bytes] = {}

        def subtree(level: int, index: int) -> bytes:
            if (level, index) not in seen:
                seen[(level, index)] = self.store.subtree(level, index)
            return seen[(level, index)]

        return subtree
