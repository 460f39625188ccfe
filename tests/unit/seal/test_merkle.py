"""The seal's Merkle tree against RFC 9162: the published reference vectors, then the RFC's own
recursive definitions (tests/unit/seal/rfc9162.py) at every tree size up to 1,000, every leaf and
every earlier size exhaustively up to 128 and the shapes that matter beyond, and hostile proofs."""

from __future__ import annotations

import hashlib

import pytest

from projections.seal import merkle
from tests.unit.seal import rfc9162
from tests.unit.seal.rfc9162 import SIZE, largest_power_of_two_below, mth, perfect_subtree

# The Certificate Transparency reference vectors (RFC 6962's reference implementation's test
# data, unchanged by RFC 9162): eight entries, the root at each size, and some proofs.
ENTRIES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
)]
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
INCLUSION = [  # (leaf index, tree size, path)
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [  # (first, second, proof)
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
EXHAUSTIVE_UP_TO = 128
HOSTILE_EXHAUSTIVE_UP_TO = 32  # each hostile case makes proofs of its own: fewer, for time
LEAVES = rfc9162.leaf_hashes()


def _reference_subtrees(level: int, index: int) -> bytes:
    leaves = [merkle.leaf_hash(e) for e in ENTRIES]
    return merkle.root(leaves[index << level:(index + 1) << level])


def _roots() -> list[bytes]:
    return [mth(0, n) for n in range(SIZE + 1)]


ROOT = _roots()


def _leaves_to_check(n: int, exhaustive: int = EXHAUSTIVE_UP_TO) -> list[int]:
    """Every leaf of a small tree; in a large one, the leaves where the shapes differ: the ends,
    either side of the split into a perfect left subtree, and inside each half."""
    if n <= exhaustive:
        return list(range(n))
    k = largest_power_of_two_below(n)
    return sorted({0, 1, n // 3, k - 1, k, k + 1, (k + n) // 2, n - 2, n - 1} & set(range(n)))


def _earlier_sizes(n: int, exhaustive: int = EXHAUSTIVE_UP_TO, powers: bool = True) -> list[int]:
    """Every size up to a small tree's; for a large one, those where the proofs' shapes differ:
    the powers of two, either side of the split, the halves and the ends."""
    if n <= exhaustive:
        return list(range(1, n + 1))
    k = largest_power_of_two_below(n)
    wanted = {1, 2, 3, k - 1, k, k + 1, n // 2, n // 3, n - 2, n - 1, n}
    if powers:
        wanted |= {1 << p for p in range(n.bit_length())}
    return sorted(wanted & set(range(1, n + 1)))


def test_the_tree_hashes_are_the_reference_roots_at_every_size_up_to_eight() -> None:
    leaves = [merkle.leaf_hash(e) for e in ENTRIES]

    assert [merkle.root(leaves[:n]).hex() for n in range(9)] == ROOTS
    assert hashlib.sha256(b"").digest() == merkle.EMPTY_ROOT


@pytest.mark.parametrize(("index", "size", "expected"), INCLUSION)
def test_inclusion_proofs_are_the_reference_ones(
    index: int, size: int, expected: list[str]
) -> None:
    found = merkle.inclusion_proof(index, size, _reference_subtrees)
    leaf = merkle.leaf_hash(ENTRIES[index])

    assert [h.hex() for h in found] == expected
    assert merkle.verify_inclusion(index, size, leaf, found, bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("first", "second", "expected"), CONSISTENCY)
def test_consistency_proofs_are_the_reference_ones(
    first: int, second: int, expected: list[str]
) -> None:
    found = merkle.consistency_proof(first, second, _reference_subtrees)

    assert [h.hex() for h in found] == expected
    assert merkle.verify_consistency(
        first, second, bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second]), found
    )


def test_the_root_grown_a_leaf_at_a_time_is_mth_at_every_size_up_to_1000() -> None:
    frontier = merkle.Frontier()
    assert frontier.root() == ROOT[0]
    for n, leaf in enumerate(LEAVES, start=1):
        frontier.append(leaf)
        assert frontier.root() == ROOT[n], n


def test_a_frontier_rebuilt_from_its_subtrees_carries_on_as_the_original() -> None:
    for size in (0, 1, 7, 8, 255, 256, 257, 700):
        roots = [perfect_subtree(level, index) for level, index in merkle.frontier_subtrees(size)]
        resumed = merkle.Frontier(size, roots)
        for leaf in LEAVES[size:size + 300]:
            resumed.append(leaf)
        assert resumed.root() == ROOT[min(size + 300, SIZE)]


def test_appending_names_every_subtree_it_completes() -> None:
    frontier = merkle.Frontier()
    completed = {}
    for leaf in LEAVES[:512]:
        for level, index, digest in frontier.append(leaf):
            completed[(level, index)] = digest

    expected = {(level, index) for level in range(1, 10) for index in range(512 >> level)}
    assert set(completed) == expected
    assert all(digest == perfect_subtree(level, index)
               for (level, index), digest in completed.items())


def test_inclusion_proofs_are_rfc_path_and_verify_at_every_size_up_to_1000() -> None:
    checked = 0
    for n in range(1, SIZE + 1):
        for m in _leaves_to_check(n):
            found = merkle.inclusion_proof(m, n, perfect_subtree)
            assert found == rfc9162.path(m, 0, n), (m, n)
            assert merkle.verify_inclusion(m, n, LEAVES[m], found, ROOT[n]), (m, n)
            checked += 1
    assert checked > EXHAUSTIVE_UP_TO * (EXHAUSTIVE_UP_TO + 1) // 2 + 8 * (SIZE - EXHAUSTIVE_UP_TO)


def test_consistency_proofs_are_rfc_proof_and_verify_at_every_size_up_to_1000() -> None:
    checked = 0
    for n in range(1, SIZE + 1):
        for m in _earlier_sizes(n):
            found = merkle.consistency_proof(m, n, perfect_subtree)
            assert found == rfc9162.proof(m, n), (m, n)
            assert merkle.verify_consistency(m, n, ROOT[m], ROOT[n], found), (m, n)
            checked += 1
    assert checked > EXHAUSTIVE_UP_TO * (EXHAUSTIVE_UP_TO + 1) // 2 + 10 * (SIZE - EXHAUSTIVE_UP_TO)


def _flipped(digest: bytes) -> bytes:
    return bytes([digest[0] ^ 1]) + digest[1:]


def test_hostile_inclusion_proofs_are_rejected_at_every_size_up_to_1000() -> None:
    for n in range(1, SIZE + 1):
        for m in _leaves_to_check(n, HOSTILE_EXHAUSTIVE_UP_TO):
            good = merkle.inclusion_proof(m, n, perfect_subtree)
            hostile: dict[str, tuple[int, int, bytes, list[bytes]]] = {
                "another leaf's hash": (m, n, LEAVES[(m + 1) % SIZE], good),
                "the leaf's own hash flipped": (m, n, _flipped(LEAVES[m]), good),
                "an index past the end": (n, n, LEAVES[m], good),
                "a negative index": (-1, n, LEAVES[m], good),
                "one hash too many": (m, n, LEAVES[m], [*good, LEAVES[0]]),
            }
            if good:
                hostile["one hash too few"] = (m, n, LEAVES[m], good[:-1])
                hostile["a hash flipped"] = (m, n, LEAVES[m], [*good[:-1], _flipped(good[-1])])
                hostile["a hash cut short"] = (m, n, LEAVES[m], [*good[:-1], good[-1][:31]])
            if len(good) > 1 and good[0] != good[1]:
                hostile["two hashes swapped"] = (m, n, LEAVES[m], [good[1], good[0], *good[2:]])
            for other in {m - 1, m + 1} & set(range(n)):
                hostile[f"the index {other} for leaf {m}"] = (other, n, LEAVES[m], good)
                hostile[f"the proof of leaf {other}"] = (
                    m, n, LEAVES[m], merkle.inclusion_proof(other, n, perfect_subtree)
                )
            for size in {n - 1, n + 1} & set(range(m + 1, SIZE + 1)):
                hostile[f"a proof for a tree of {size}"] = (
                    m, n, LEAVES[m], merkle.inclusion_proof(m, size, perfect_subtree)
                )
            accepted = [
                what for what, (index, size, leaf, proof) in hostile.items()
                if merkle.verify_inclusion(index, size, leaf, proof, ROOT[n])
            ]
            assert accepted == [], (m, n)


def test_hostile_consistency_proofs_are_rejected_at_every_size_up_to_1000() -> None:
    for n in range(2, SIZE + 1):
        for m in _earlier_sizes(n - 1, HOSTILE_EXHAUSTIVE_UP_TO, powers=False):
            good = merkle.consistency_proof(m, n, perfect_subtree)
            hostile: dict[str, tuple[int, int, bytes, bytes, list[bytes]]] = {
                "no proof": (m, n, ROOT[m], ROOT[n], []),
                "the earlier root flipped": (m, n, _flipped(ROOT[m]), ROOT[n], good),
                "the later root flipped": (m, n, ROOT[m], _flipped(ROOT[n]), good),
                "the sizes swapped": (n, m, ROOT[n], ROOT[m], good),
                "an earlier size of nothing": (0, n, ROOT[0], ROOT[n], good),
                "one hash too many": (m, n, ROOT[m], ROOT[n], [*good, LEAVES[0]]),
                "one hash too few": (m, n, ROOT[m], ROOT[n], good[:-1]),
                "a hash flipped": (m, n, ROOT[m], ROOT[n], [_flipped(good[0]), *good[1:]]),
            }
            if len(good) > 1 and good[0] != good[1]:
                hostile["two hashes swapped"] = (m, n, ROOT[m], ROOT[n], [good[1], good[0],
                                                                           *good[2:]])
            for size in {m - 1, m + 1} & set(range(1, n)):
                hostile[f"the earlier size {size} for {m}"] = (size, n, ROOT[m], ROOT[n], good)
                hostile[f"the proof from {size}"] = (
                    m, n, ROOT[m], ROOT[n], merkle.consistency_proof(size, n, perfect_subtree)
                )
            if n < SIZE:
                hostile[f"the proof to {n + 1}"] = (
                    m, n, ROOT[m], ROOT[n], merkle.consistency_proof(m, n + 1, perfect_subtree)
                )
            accepted = [
                what for what, (first, second, r1, r2, proof) in hostile.items()
                if merkle.verify_consistency(first, second, r1, r2, proof)
            ]
            assert accepted == [], (m, n)


def test_a_tree_is_consistent_with_itself_only_by_an_empty_proof() -> None:
    assert merkle.consistency_proof(5, 5, perfect_subtree) == []
    assert merkle.verify_consistency(5, 5, ROOT[5], ROOT[5], [])
    assert not merkle.verify_consistency(5, 5, ROOT[5], ROOT[5], [LEAVES[0]])
    assert not merkle.verify_consistency(5, 5, ROOT[5], ROOT[4], [])


@pytest.mark.parametrize(("index", "size"), [(0, 0), (3, 3), (-1, 4)])
def test_no_inclusion_proof_is_made_for_a_leaf_outside_the_tree(index: int, size: int) -> None:
    with pytest.raises(ValueError, match="is not in a tree"):
        merkle.inclusion_proof(index, size, perfect_subtree)


@pytest.mark.parametrize(("first", "second"), [(0, 4), (5, 4), (-1, 2)])
def test_no_consistency_proof_is_made_between_sizes_out_of_order(first: int, second: int) -> None:
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(first, second, perfect_subtree)
