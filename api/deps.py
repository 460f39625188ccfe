"""The request's services and caller, as `Annotated` dependencies for the routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Principal, Unauthenticated
from api.services import ApiServices

bearer = HTTPBearer(auto_error=False, description="A JWT from `casetrail token USER`")


def services(request: Request) -> ApiServices:
    found: ApiServices = request.app.state.services
    return found


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated()
    return services(request).keys.verify(credentials.credentials)


Services = Annotated[ApiServices, Depends(services)]
CurrentUser = Annotated[Principal, Depends(principal)]
Purpose = Annotated[
    str | None,
    Header(alias="X-Purpose", description="why the record is read; auditors must give it"),
]
BreakGlass = Annotated[
    str | None,
    Header(
        alias="X-Break-Glass-Reason",
        description="a practitioner's reason for opening a record outside their work",
    ),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="a retried command with the same key returns the first result",
    ),
]
OnBehalfOf = Annotated[
    str | None,
    Header(
        alias="X-On-Behalf-Of",
        max_length=100,
        description="the staff id of the person this is recorded for",
    ),
]
