"""Who is calling: bearer tokens (JWT) whose signature, expiry, issuer and audience are checked
with the keys from the settings, so that an authority's own identity provider can issue them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import jwt

from projections.queries import records
from projections.recorders import ViewStore


class Role(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    AUDITOR = "auditor"
    ANALYST = "analyst"


@dataclass(frozen=True)
class Principal:
    """The signed-in user: `user` is their staff id (what their records are attributed to)."""

    user: str
    role: Role
    name: str
    worker_id: str | None = None


def principal_for(view: ViewStore, user: str, role: Role | None) -> Principal | None:
    """Whom a token is for: an auditor or analyst by the name given with their role; anyone else
    is a current worker by staff id (a team manager signs in as a manager), or nobody."""
    if role is not None:
        return Principal(user=user, role=role, name=user)
    worker = records.worker_by_staff_id(view, user)
    if worker is None or worker.left_on is not None:
        return None
    return Principal(
        user=worker.staff_id,
        role=Role.MANAGER if worker.role == "TEAM_MANAGER" else Role.PRACTITIONER,
        name=worker.name,
        worker_id=worker.worker_id,
    )


class Unauthenticated(Exception):
    """No token, or one that is not valid now: answered 401 with no detail."""


@dataclass(frozen=True)
class TokenKeys:
    """How tokens are checked: a shared secret (HS256), or an issuer's public key."""

    secret: str | None
    public_key: str | None
    issuer: str
    audience: str

    @property
    def algorithms(self) -> list[str]:
        return ["RS256", "ES256", "EdDSA"] if self.public_key else ["HS256"]

    def verify(self, token: str) -> Principal:
        key = self.public_key or self.secret
        if not key:
            raise Unauthenticated()
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "sub", "role"]},
            )
            return Principal(
                user=str(claims["sub"]),
                role=Role(claims["role"]),
                name=str(claims.get("name", claims["sub"])),
                worker_id=claims.get("worker_id"),
            )
        except (jwt.PyJWTError, ValueError, KeyError):
            raise Unauthenticated() from None

    def issue(self, principal: Principal, minutes: int, now: datetime | None = None) -> str:
        """A token for `principal` (development and the demo; production uses its own issuer)."""
        if not self.secret:
            raise ValueError("tokens can only be issued here with a shared secret")
        now = now or datetime.now(UTC)
        claims = {
            "sub": principal.user,
            "role": principal.role.value,
            "name": principal.name,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + timedelta(minutes=minutes),
        }
        if principal.worker_id:
            claims["worker_id"] = principal.worker_id
        return jwt.encode(claims, self.secret, algorithm="HS256")
