"""The tree-head signing key: the forms the setting takes, the development key kept in the data
folder, and production refusing to start without a key of its own."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, generate_private_key
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr, ValidationError

from projections.seal.keys import (
    DEVELOPMENT_KEY_FILE,
    SealKeyInvalid,
    development_key,
    new_signing_key,
    parse_signing_key,
    seal_key,
)
from projections.seal.verifier import load_public_key
from runtime.settings import Settings

PRODUCTION = {"environment": "production", "jwt_secret": SecretStr("a-production-secret-" * 3)}


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def test_a_key_is_read_from_pem_or_from_the_base64_of_its_seed_to_the_same_key() -> None:
    private = Ed25519PrivateKey.generate()
    seed = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )

    from_pem = parse_signing_key(_pem(private))
    from_seed = parse_signing_key(base64.b64encode(seed).decode())
    from_url_safe_seed = parse_signing_key(base64.urlsafe_b64encode(seed).decode() + "\n")

    assert from_pem.key_id == from_seed.key_id == from_url_safe_seed.key_id
    assert load_public_key(from_pem.public_pem).public_bytes_raw() == (
        private.public_key().public_bytes_raw()
    )
    assert len(from_pem.key_id) == 64


def test_a_new_key_is_a_usable_seed() -> None:
    first, second = new_signing_key(), new_signing_key()

    assert parse_signing_key(first).key_id != parse_signing_key(second).key_id


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("c2hvcnQ=", "32-byte seed"),
        ("not a key at all", "32-byte seed"),
        ("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "PKCS#8 PEM"),
        (
            generate_private_key(SECP256R1()).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode(),
            "not an Ed25519 key",
        ),
    ],
    ids=["too short", "not base64", "broken PEM", "another algorithm"],
)
def test_a_key_that_cannot_sign_tree_heads_is_refused_without_repeating_it(
    text: str, reason: str
) -> None:
    with pytest.raises(SealKeyInvalid, match=reason) as refused:
        parse_signing_key(text)
    assert text.strip() not in str(refused.value)


def test_the_development_key_is_made_once_kept_private_and_reused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"

    first = development_key(data_dir)
    again = seal_key(None, data_dir)

    assert first.key_id == again.key_id
    mode = stat.S_IMODE((data_dir / DEVELOPMENT_KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert [p.name for p in data_dir.iterdir()] == [DEVELOPMENT_KEY_FILE]


def test_a_configured_key_wins_over_the_development_key(tmp_path: Path) -> None:
    configured = new_signing_key()

    assert seal_key(configured, tmp_path).key_id == parse_signing_key(configured).key_id
    assert not (tmp_path / DEVELOPMENT_KEY_FILE).exists()


def test_production_refuses_to_start_without_a_signing_key() -> None:
    with pytest.raises(ValidationError, match="CASETRAIL_SEAL_SIGNING_KEY must be set"):
        Settings(**PRODUCTION)  # type: ignore[arg-type]

    started = Settings(**PRODUCTION, seal_signing_key=SecretStr(new_signing_key()))  # type: ignore[arg-type]
    assert started.seal_signing_key is not None


def test_a_malformed_signing_key_stops_the_start_whatever_the_environment() -> None:
    with pytest.raises(ValidationError, match="32-byte seed"):
        Settings(seal_signing_key=SecretStr("c2hvcnQ="))


def test_the_sealing_interval_cannot_be_negative() -> None:
    with pytest.raises(ValidationError, match="seal_interval_seconds"):
        Settings(seal_interval_seconds=-1)
