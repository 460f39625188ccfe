"""RFC 9162's definitions (section 2.1), written out as the RFC states them, as the oracle the
seal's own code is held to: MTH, PATH and PROOF by their recursions, over a fixed list of entries
whose leaf hashes and subtree roots are worked out once (the sweeps ask for each many times)."""

from __future__ import annotations

import hashlib
from functools import cache

SIZE = 1000


def entry(i: int) -> bytes:
    return b"casetrail test entry " + i.to_bytes(4, "big") * (i % 5)


def largest_power_of_two_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


@cache
def mth(start: int, end: int) -> bytes:
    """MTH(D[start:end]): the empty hash, a leaf, or HASH(0x01 || MTH(left) || MTH(right))."""
    n = end - start
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entry(start)).digest()
    k = largest_power_of_two_below(n)
    return hashlib.sha256(b"\x01" + mth(start, start + k) + mth(start + k, end)).digest()


def path(m: int, start: int, end: int) -> list[bytes]:
    """PATH(m, D[start:end])."""
    n = end - start
    if n == 1:
        return []
    k = largest_power_of_two_below(n)
    if m < k:
        return [*path(m, start, start + k), mth(start + k, end)]
    return [*path(m - k, start + k, end), mth(start, start + k)]


def proof(m: int, n: int) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    return _subproof(m, 0, n, True)


def _subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if complete else [mth(start, end)]
    k = largest_power_of_two_below(n)
    if m <= k:
        return [*_subproof(m, start, start + k, complete), mth(start + k, end)]
    return [*_subproof(m - k, start + k, end, False), mth(start, start + k)]


def leaf_hashes() -> list[bytes]:
    return [mth(i, i + 1) for i in range(SIZE)]


def perfect_subtree(level: int, index: int) -> bytes:
    """The `Subtrees` lookup over the oracle's entries."""
    return mth(index << level, (index + 1) << level)
