"""The FastAPI application: routers collected in one place, services handed in by `runtime`."""

from __future__ import annotations

from fastapi import FastAPI

from api import (
    chronology,
    commands,
    event_schemas,
    evidence,
    health,
    problems,
    queries,
    reports,
    web,
    work,
)
from api.health import Health
from api.services import ApiServices
from api.signin import DevSignIn


def create_app(
    health_check: Health,
    services: ApiServices | None = None,
    title: str = "Casetrail",
    dev_sign_in: DevSignIn | None = None,
) -> FastAPI:
    app = FastAPI(
        title=title,
        version="0.1.0",
        description=(
            "The case record for children's social care: every action an immutable event. "
            "Send a bearer token (`casetrail token USER`). Auditors give `X-Purpose` (the "
            "review's reference) with every read; a practitioner opening a record outside their "
            "work gives `X-Break-Glass-Reason`. Commands take an optional `Idempotency-Key`."
        ),
    )
    app.state.health = health_check
    app.state.services = services
    problems.install(app)
    app.include_router(health.router)
    app.include_router(event_schemas.router)
    if services is not None:
        app.include_router(commands.router)
        app.include_router(queries.router)
        app.include_router(chronology.router)
        app.include_router(evidence.router)
        app.include_router(work.router)
        app.include_router(reports.router)
        web.install(app, dev_sign_in)
    return app
