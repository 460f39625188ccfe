"""Signing in to the web client as a user of the local data, in development only.

The composition root mounts these routes only in the development environment with tokens signed
by the local shared secret (`runtime/dev_sign_in.py`); in production they do not exist, and a
person signs in with a token from the authority's own identity provider, pasted into the page.
Even in development they answer only requests from this machine. They issue exactly the token
`casetrail token USER` prints, so they grant nothing the command line does not.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from api.auth import Principal, Role, principal_for
from api.deps import Services
from api.problems import Forbidden
from domain.errors import InvalidValue


@dataclass(frozen=True)
class Suggested:
    """Someone the sign-in page offers as one click: a worker's staff id, or an auditor's or
    analyst's name with their role."""

    user: str
    role: Role | None = None


@dataclass(frozen=True)
class DevSignIn:
    minutes: int
    suggested: tuple[Suggested, ...] = field(default_factory=tuple)


class SignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str = Field(min_length=1, max_length=100, description="a staff id, or a name")
    role: Literal["auditor", "analyst"] | None = Field(
        None, description="for auditors and analysts, who are not workers"
    )


def router_for(sign_in: DevSignIn) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/app/dev/sign-in")
    def who_may_sign_in(request: Request, services: Services) -> list[dict[str, Any]]:
        """The people the page offers as one click (those present in the local data)."""
        _from_this_machine(request)
        people = []
        for suggested in sign_in.suggested:
            principal = principal_for(services.views, suggested.user, suggested.role)
            if principal is not None:
                people.append(_describe(principal))
        return people

    @router.post("/app/dev/sign-in")
    def issue(body: SignInRequest, request: Request, services: Services) -> dict[str, Any]:
        """A token for a user of the local data, as `casetrail token USER` prints it."""
        _from_this_machine(request)
        role = Role(body.role) if body.role else None
        principal = principal_for(services.views, body.user.strip(), role)
        if principal is None:
            raise InvalidValue("user", "no current worker with this staff id")
        token = services.keys.issue(principal, sign_in.minutes)
        return {"token": token, **_describe(principal)}

    return router


def _describe(principal: Principal) -> dict[str, Any]:
    return {
        "user": principal.user,
        "role": principal.role.value,
        "name": principal.name,
        "worker_id": principal.worker_id,
    }


def _from_this_machine(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise Forbidden() from None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    if not (mapped or address).is_loopback:
        raise Forbidden()
