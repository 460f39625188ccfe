"""The seal's tree against an independent implementation, pymerkle, on trees hypothesis makes up.

pymerkle (SHA-256, with its default "security" prefixes 0x00 for leaves and 0x01 for nodes) hashes
as RFC 9162 does, so roots and inclusion paths must agree exactly. Its consistency proofs are laid
out its own way (a different decomposition than RFC 9162's PROOF), so each side's consistency proof
is checked against the other side's roots: both must describe the same trees.
"""

from __future__ import annotations

from functools import cache

import pymerkle
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.seal import merkle

ENTRIES = st.lists(st.binary(max_size=40), min_size=1, max_size=300)


def _trees(entries: list[bytes]) -> tuple[pymerkle.InmemoryTree, list[bytes], merkle.Subtrees]:
    theirs = pymerkle.InmemoryTree(algorithm="sha256")
    for entry in entries:
        theirs.append_entry(entry)
    leaves = [merkle.leaf_hash(e) for e in entries]

    @cache
    def subtrees(level: int, index: int) -> bytes:
        return merkle.root(leaves[index << level:(index + 1) << level])

    return theirs, leaves, subtrees


@settings(max_examples=60, deadline=None)
@given(entries=ENTRIES)
def test_roots_and_leaves_agree_with_pymerkle_at_every_size(entries: list[bytes]) -> None:
    theirs, leaves, _ = _trees(entries)

    assert [merkle.root(leaves[:n]) for n in range(1, len(leaves) + 1)] == [
        theirs.get_root(n) for n in range(1, len(leaves) + 1)
    ]
    assert leaves == [theirs.get_leaf(i + 1) for i in range(len(leaves))]


@settings(max_examples=150, deadline=None)
@given(data=st.data(), entries=ENTRIES)
def test_inclusion_paths_agree_with_pymerkle(data: st.DataObject, entries: list[bytes]) -> None:
    theirs, leaves, subtrees = _trees(entries)
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")

    ours = merkle.inclusion_proof(index, size, subtrees)
    their_proof = theirs.prove_inclusion(index + 1, size)  # pymerkle counts leaves from one
    root = merkle.root(leaves[:size])

    # pymerkle's path is the leaf itself, then the same hashes as RFC 9162's PATH.
    assert their_proof.path == [leaves[index], *ours]
    pymerkle.verify_inclusion(leaves[index], root, their_proof)
    assert merkle.verify_inclusion(index, size, leaves[index], ours, theirs.get_root(size))


@settings(max_examples=150, deadline=None)
@given(data=st.data(), entries=ENTRIES)
def test_consistency_proofs_agree_with_pymerkle_on_the_trees(
    data: st.DataObject, entries: list[bytes]
) -> None:
    theirs, leaves, subtrees = _trees(entries)
    second = data.draw(st.integers(1, len(leaves)), label="second")
    first = data.draw(st.integers(1, second), label="first")

    ours = merkle.consistency_proof(first, second, subtrees)
    their_proof = theirs.prove_consistency(first, second)

    pymerkle.verify_consistency(
        merkle.root(leaves[:first]), merkle.root(leaves[:second]), their_proof
    )
    assert merkle.verify_consistency(
        first, second, theirs.get_root(first), theirs.get_root(second), ours
    )
