"""The key that signs tree heads (Ed25519).

`CASETRAIL_SEAL_SIGNING_KEY` holds it, as an unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE
KEY-----", e.g. from `openssl genpkey -algorithm ed25519`) or as the base64 of its 32-byte seed
(`casetrail seal --new-key` prints one). Production refuses to start without it.

In development, with no key set, one is made once and kept in the data folder
(`seal-development-key.pem`, readable by its owner only), never in the database: whoever can
change the events must not also be able to sign a tree head for the changed log.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from projections.seal.verifier import key_id

DEVELOPMENT_KEY_FILE = "seal-development-key.pem"


class SealKeyInvalid(ValueError):
    """The configured signing key is not one this can use."""


@dataclass(frozen=True)
class SealKey:
    """The signing key, its public half and its id."""

    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @property
    def public_pem(self) -> str:
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)


def parse_signing_key(text: str) -> SealKey:
    """A key in either accepted form (see the module); SealKeyInvalid says what is wrong, never
    the key itself."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode(), password=None)
        except (ValueError, TypeError):
            raise SealKeyInvalid(
                "CASETRAIL_SEAL_SIGNING_KEY is not an unencrypted PKCS#8 PEM private key"
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise SealKeyInvalid("CASETRAIL_SEAL_SIGNING_KEY is not an Ed25519 key")
        return SealKey(key)
    try:
        seed = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise SealKeyInvalid(
            "CASETRAIL_SEAL_SIGNING_KEY must be a PEM Ed25519 private key or the base64 of a "
            "32-byte seed"
        )
    return SealKey(Ed25519PrivateKey.from_private_bytes(seed))


def new_signing_key() -> str:
    """A fresh key, as the base64 of its seed."""
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(seed).decode()


def development_key(data_dir: Path) -> SealKey:
    """The development key kept in `data_dir`, made on first use. Several processes may start at
    once: the key is written to a file of its own and linked into place, so that every process
    ends with the same key."""
    path = data_dir / DEVELOPMENT_KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        draft = data_dir / f".{DEVELOPMENT_KEY_FILE}.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            draft.unlink()
    return parse_signing_key(path.read_text())


def seal_key(configured: str | None, data_dir: Path) -> SealKey:
    """The configured key, or (development only: the settings refuse this in production) the
    data folder's development key."""
    if configured is not None:
        return parse_signing_key(configured)
    return development_key(data_dir)
