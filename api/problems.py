"""Errors as `application/problem+json` (RFC 9457): what was wrong, never what exists."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import Unauthenticated
from domain.errors import NotFound, RuleBroken, VersionConflict

PROBLEM = "application/problem+json"


class Forbidden(Exception):
    """The caller's role may not do this at all: 403 with no detail."""


class Invisible(Exception):
    """The caller may not know the record exists: answered exactly like a missing one."""


def problem(status: int, title: str, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def not_found() -> JSONResponse:
    return problem(404, "Not found")


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in e["loc"][1:]) or str(e["loc"][0]),
                "message": e["msg"],
            }
            for e in error.errors()
        ]
        return problem(422, "The request is not valid", errors=errors)

    @app.exception_handler(RuleBroken)
    async def rule_broken(_: Request, error: RuleBroken) -> JSONResponse:
        return problem(
            422,
            "The record cannot take this",
            errors=[
                {"field": error.field, "rule": error.rule, "message": error.message},
            ],
        )

    @app.exception_handler(VersionConflict)
    async def conflict(_: Request, error: VersionConflict) -> JSONResponse:
        return problem(
            409, "The record has changed", detail=str(error), current_version=error.actual
        )

    @app.exception_handler(NotFound)
    async def missing(_: Request, __: NotFound) -> JSONResponse:
        return not_found()

    @app.exception_handler(Invisible)
    async def invisible(_: Request, __: Invisible) -> JSONResponse:
        return not_found()

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(_: Request, __: Unauthenticated) -> JSONResponse:
        response = problem(401, "Unauthorised")
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, __: Forbidden) -> JSONResponse:
        return problem(403, "Forbidden")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return problem(error.status_code, str(error.detail))
