"""Routes for the evidence that the event log has not been changed: signed tree heads, and
inclusion and consistency proofs against them (RFC 9162), for auditors and managers.

Nothing here shows case content (only hashes, sizes and positions), so no read of a child's
record is recorded; a token is still needed, and only auditors and managers are let in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import BaseModel, Field

from api.auth import Role
from api.deps import CurrentUser, Services
from api.problems import Forbidden
from projections.seal.tree_heads import Seal
from projections.seal.verifier import TreeHead

router = APIRouter(prefix="/evidence", tags=["evidence"])
LARGEST = 2**63 - 1  # the stores' BIGINT


class SignedTreeHead(BaseModel):
    tree_size: int = Field(description="how many events (leaves) the tree holds")
    root_hash: str = Field(description="the tree's root, hex (RFC 9162 MTH)")
    timestamp: int = Field(description="when it was made, in milliseconds since 1970 UTC (signed)")
    issued_at: str = Field(description="the same moment, ISO 8601 (not signed)")
    key_id: str = Field(description="SHA-256 of the signing key's DER public key, hex")
    signature: str = Field(description="Ed25519 signature of RFC 9162 TreeHeadDataV2, base64")


class Inclusion(BaseModel):
    position: int = Field(description="the event's position (notification id) in the log")
    leaf_index: int = Field(description="its leaf in the tree (positions may skip; leaves never)")
    tree_size: int
    leaf_hash: str = Field(description="SHA-256(0x00 || the stored record), hex")
    audit_path: list[str] = Field(description="RFC 9162 PATH, hex, from the leaf upwards")
    tree_head: SignedTreeHead | None = Field(description="the kept head of this size, if any")


class Consistency(BaseModel):
    first: int
    second: int
    proof: list[str] = Field(description="RFC 9162 PROOF(first, D[second]), hex")
    first_head: SignedTreeHead | None
    second_head: SignedTreeHead | None


class PublicKey(BaseModel):
    algorithm: str = "Ed25519"
    key_id: str
    public_key: str = Field(description="PEM SubjectPublicKeyInfo")


def evidence(services: Services, user: CurrentUser) -> Seal:
    if user.role not in (Role.AUDITOR, Role.MANAGER):
        raise Forbidden()
    if services.seal is None:
        raise HTTPException(503, "Evidence is not available here")
    return services.seal


Evidence = Annotated[Seal, Depends(evidence)]
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "sizes or positions the sealed log does not have"}
}


@router.get("/tree-heads")
def tree_heads(
    seal: Evidence,
    from_size: Annotated[int, Query(ge=0, le=LARGEST, description="smallest size")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SignedTreeHead]:
    """The kept signed tree heads, smallest first: keep them outside Casetrail."""
    return [_head(h) for h in seal.tree_heads(from_size, limit)]


@router.post(
    "/tree-heads",
    status_code=201,
    responses={200: {"description": "nothing new was stored: the head already kept"}},
)
def make_tree_head(seal: Evidence, response: Response) -> SignedTreeHead:
    """Seal every stored event now and keep a signed tree head for them."""
    head, new = seal.make_tree_head()
    if not new:
        response.status_code = 200
    return _head(head)


@router.get("/tree-heads/latest")
def latest_tree_head(seal: Evidence) -> SignedTreeHead:
    """The newest kept signed tree head (the first is made when first asked for)."""
    return _head(seal.latest())


@router.get("/inclusion", responses={404: {"description": "no sealed event there"}, **INVALID})
def inclusion(
    seal: Evidence,
    position: Annotated[int, Query(ge=1, le=LARGEST, description="the event's position")],
    tree_size: Annotated[
        int | None, Query(ge=1, le=LARGEST, description="default: the latest head's")
    ] = None,
) -> Inclusion:
    """The proof that the event at `position` is in the tree of `tree_size` events."""
    proof = seal.inclusion(position, tree_size)
    kept = seal.store.head(proof.tree_size)
    return Inclusion(**proof.to_json(), tree_head=_head(kept) if kept else None)


@router.get("/consistency", responses=INVALID)
def consistency(
    seal: Evidence,
    first: Annotated[int, Query(ge=1, le=LARGEST, description="the earlier tree's size")],
    second: Annotated[
        int | None, Query(ge=1, le=LARGEST, description="default: the latest head's")
    ] = None,
) -> Consistency:
    """The proof that the tree of `second` events extends the tree of `first` unchanged."""
    proof = seal.consistency(first, second)
    first_head, second_head = seal.store.head(proof.first), seal.store.head(proof.second)
    return Consistency(
        **proof.to_json(),
        first_head=_head(first_head) if first_head else None,
        second_head=_head(second_head) if second_head else None,
    )


@router.get("/public-key")
def public_key(seal: Evidence) -> PublicKey:
    """The key that verifies the tree heads, and its id."""
    return PublicKey(key_id=seal.key.key_id, public_key=seal.key.public_pem)


def _head(head: TreeHead) -> SignedTreeHead:
    return SignedTreeHead(**head.to_json())
