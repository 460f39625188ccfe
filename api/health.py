"""`GET /health`: whether the store and the broker answer."""

from __future__ import annotations

from typing import Protocol

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


class Health(Protocol):
    def run(self) -> tuple[bool, dict[str, str]]: ...


router = APIRouter(tags=["health"])


@router.get(
    "/health",
    responses={503: {"description": "the store does not answer"}},
    summary="Report whether the event store and the broker answer",
)
def health(request: Request) -> JSONResponse:
    """Each service is `ok` or the error; 503 when the store is down."""
    checker: Health = request.app.state.health
    healthy, report = checker.run()
    body = {"status": "ok" if healthy else "unavailable", **report}
    if "broker" not in report:
        body["broker"] = "not configured"
    return JSONResponse(body, status_code=200 if healthy else 503)
