"""Merkle trees as Certificate Transparency defines them (RFC 9162, section 2.1): the tree hash,
inclusion and consistency proofs, and the two verification algorithms, over SHA-256 with the
0x00 and 0x01 prefixes that keep leaves and interior nodes apart.

Proofs are built over a `Subtrees` lookup (the hash of one perfect, aligned subtree), so that the
same code serves a list of leaf hashes in memory and the node hashes a store keeps. Standard library
only: the standalone verifier imports this module and nothing else of Casetrail's.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

# (level, index) -> the root of the perfect subtree of 2**level leaves that starts at leaf
# index * 2**level.
Subtrees = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    """MTH({d}) = HASH(0x00 || d)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """HASH(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """k, the largest power of two smaller than `size` (which must be at least 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]) for the leaves whose hashes are given (the empty tree: HASH of nothing)."""
    frontier = Frontier()
    for leaf in leaf_hashes:
        frontier.append(leaf)
    return frontier.root()


def range_root(start: int, end: int, subtrees: Subtrees) -> bytes:
    """MTH(D[start:end]) where `start` is a multiple of the smallest power of two that is at
    least `end - start` (true of every range the proofs below ask for)."""
    width = end - start
    if width & (width - 1) == 0:
        level = width.bit_length() - 1
        return subtrees(level, start >> level)
    k = split_point(width)
    return node_hash(range_root(start, start + k, subtrees), range_root(start + k, end, subtrees))


def inclusion_proof(index: int, size: int, subtrees: Subtrees) -> list[bytes]:
    """PATH(index, D[size]) (RFC 9162, 2.1.3.1), from the leaf's sibling up to the root's child."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(range_root(start + k, end, subtrees))
            end = start + k
        else:
            path.append(range_root(start, start + k, subtrees))
            start += k
    path.reverse()
    return path


def consistency_proof(first: int, second: int, subtrees: Subtrees) -> list[bytes]:
    """PROOF(first, D[second]) (RFC 9162, 2.1.4.1); empty when the sizes are equal."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from a tree of {first} to one of {second}")
    proof: list[bytes] = []
    # SUBPROOF(m, D[start:end], complete), unrolled: each step adds the node it leaves behind.
    start, end, m, complete = 0, second, first, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(range_root(start + k, end, subtrees))
            end = start + k
        else:
            proof.append(range_root(start, start + k, subtrees))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(range_root(start, end, subtrees))
    proof.reverse()
    return proof


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162, 2.1.3.2: whether `proof` shows the leaf hash `leaf` at `index` in the tree of
    `size` leaves whose root is `root_hash`."""
    if not 0 <= index < size or not _hashes(leaf, root_hash, *proof):
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and hmac.compare_digest(r, root_hash)


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162, 2.1.4.2: whether `proof` shows the tree of `first` leaves with root
    `first_root` to be a prefix of the tree of `second` leaves with root `second_root`.

    Equal sizes, which the RFC's steps fail on their empty proof, are consistent when the proof
    is empty and the roots are the same."""
    if not 0 < first <= second or not _hashes(first_root, second_root, *proof):
        return False
    if first == second:
        return not proof and hmac.compare_digest(first_root, second_root)
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return (
        sn == 0
        and hmac.compare_digest(fr, first_root)
        and hmac.compare_digest(sr, second_root)
    )


def _hashes(*values: bytes) -> bool:
    return all(isinstance(v, bytes) and len(v) == HASH_SIZE for v in values)


class Frontier:
    """The roots of the perfect subtrees a tree of `size` leaves is made of, largest (leftmost)
    first, one per binary digit of the size: enough to append leaves one at a time and to give
    the tree's root without the leaves themselves."""

    def __init__(self, size: int = 0, roots: Sequence[bytes] = ()) -> None:
        if len(roots) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves is made of {size.bit_count()} subtrees")
        self.size = size
        self._roots = [
            (level, digest) for level, digest in zip(subtree_levels(size), roots, strict=True)
        ]

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add a leaf hash; return the (level, index, hash) of every interior node it completes."""
        self._roots.append((0, leaf))
        self.size += 1
        completed: list[tuple[int, int, bytes]] = []
        while len(self._roots) > 1 and self._roots[-1][0] == self._roots[-2][0]:
            level, right = self._roots.pop()
            _, left = self._roots.pop()
            parent = node_hash(left, right)
            self._roots.append((level + 1, parent))
            completed.append((level + 1, (self.size >> (level + 1)) - 1, parent))
        return completed

    def root(self) -> bytes:
        if not self._roots:
            return EMPTY_ROOT
        digest = self._roots[-1][1]
        for _, left in reversed(self._roots[:-1]):
            digest = node_hash(left, digest)
        return digest


def subtree_levels(size: int) -> list[int]:
    """The levels of the perfect subtrees a tree of `size` leaves is made of, largest first."""
    return [level for level in range(size.bit_length() - 1, -1, -1) if size >> level & 1]


def frontier_subtrees(size: int) -> list[tuple[int, int]]:
    """The (level, index) of the perfect subtrees a tree of `size` leaves is made of."""
    found, start = [], 0
    for level in subtree_levels(size):
        found.append((level, start >> level))
        start += 1 << level
    return found
