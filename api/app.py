"""The FastAPI application: routers collected in one place, services handed in by `runtime`."""

from __future__ import annotations

from fastapi import FastAPI

from api import health
from api.health import Health


def create_app(health_check: Health, title: str = "Casetrail") -> FastAPI:
    app = FastAPI(
        title=title,
        version="0.1.0",
        description="The case record for children's social care: every action an immutable event.",
    )
    app.state.health = health_check
    app.include_router(health.router)
    return app
