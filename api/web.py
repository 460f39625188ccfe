"""The web client: its page at `/` and its files under `/app/`, served as they are (no build
step), with headers that keep the page to its own scripts and styles."""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api import signin
from api.signin import DevSignIn

# The page loads only its own scripts and styles and talks only to this API: a note or a name
# that somehow held markup could not run as script (the client also only ever sets text).
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # Revalidate every time, so that a new version of the client is never mixed with an old one.
    "Cache-Control": "no-cache",
}


class WebFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(SECURITY_HEADERS)
        return response


def install(app: FastAPI, dev_sign_in: DevSignIn | None) -> None:
    """Serve the client; with `dev_sign_in`, also let a person sign in as a user of the local
    data (development only: the composition root decides)."""
    page = (files("web") / "static" / "index.html").read_text(encoding="utf-8")

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def index() -> HTMLResponse:
        return HTMLResponse(page, headers=SECURITY_HEADERS)

    if dev_sign_in is not None:
        app.include_router(signin.router_for(dev_sign_in))
    app.mount("/app", WebFiles(packages=[("web", "static")]), name="web")
