"""The web client as the server hands it out: its page and files (no build step), kept out of the
API's document, with headers that keep the page to its own scripts; and the sign-in as a user of
the local data, which exists in development only and answers only this machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.auth import Role
from projections.seal.keys import new_signing_key
from runtime.bootstrap import Casetrail, build
from runtime.dev_sign_in import dev_sign_in
from runtime.settings import Settings
from tests.e2e.access_world import World
from tests.e2e.server import serving


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Casetrail]:
    settings = Settings(
        environment="production", store="sqlite",
        data_dir=tmp_path_factory.mktemp("production") / "data",
        jwt_secret="a-production-secret-of-the-authority-0123456789",
        seal_signing_key=new_signing_key(), seal_interval_seconds=0,
    )
    casetrail = build(settings)
    try:
        yield casetrail
    finally:
        casetrail.close()


def test_the_page_and_its_files_are_served_with_headers_that_keep_it_to_its_own(
    world: World,
) -> None:
    page = world.client.get("/")
    script = world.client.get("/app/js/main.js")
    style = world.client.get("/app/css/casetrail.css")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/app/js/main.js">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert script.headers["x-content-type-options"] == "nosniff"
    assert style.status_code == 200
    assert world.client.get("/app/js/no-such-file.js").status_code == 404


def test_every_file_the_page_imports_is_served(world: World) -> None:
    static = Path(__file__).resolve().parents[2] / "web" / "static"
    for path in sorted(static.rglob("*.js")):
        answer = world.client.get(f"/app/{path.relative_to(static).as_posix()}")
        assert answer.status_code == 200, path


def test_the_client_is_not_part_of_the_api_document(world: World) -> None:
    paths = world.casetrail.app.openapi()["paths"]

    assert "/" not in paths
    assert not [p for p in paths if p.startswith("/app")]


def test_in_development_a_person_signs_in_as_a_worker_of_the_local_data(world: World) -> None:
    with serving(world.casetrail.app) as url:
        offered = httpx.get(f"{url}/app/dev/sign-in")
        signed = httpx.post(f"{url}/app/dev/sign-in", json={"user": world.home.worker_actor})
        me = httpx.get(f"{url}/me",
                       headers={"Authorization": f"Bearer {signed.json()['token']}"})

    assert offered.status_code == 200
    # The demo's people are offered only when the local data has them: here, the non-workers.
    assert [p["user"] for p in offered.json()] == ["demo-auditor", "demo-analyst"]
    assert signed.status_code == 200, signed.text
    assert signed.json()["role"] == "practitioner"
    assert me.json()["worker_id"] == str(world.home.worker)


def test_a_manager_signs_in_as_a_manager_and_an_auditor_by_name(world: World) -> None:
    with serving(world.casetrail.app) as url:
        manager = httpx.post(f"{url}/app/dev/sign-in", json={"user": world.home.manager_actor})
        auditor = httpx.post(f"{url}/app/dev/sign-in",
                             json={"user": "Dana Ellis", "role": "auditor"})

    assert manager.json()["role"] == "manager"
    assert (auditor.json()["role"], auditor.json()["worker_id"]) == ("auditor", None)


def test_no_token_is_issued_for_someone_not_in_the_local_data(world: World) -> None:
    with serving(world.casetrail.app) as url:
        unknown = httpx.post(f"{url}/app/dev/sign-in", json={"user": "SW-NOBODY"})
        odd_role = httpx.post(f"{url}/app/dev/sign-in", json={"user": "x", "role": "manager"})

    assert unknown.status_code == 422
    assert "token" not in unknown.json()
    assert odd_role.status_code == 422


def test_the_development_sign_in_answers_only_this_machine(world: World) -> None:
    # The test client's requests come from the address "testclient", not from this machine.
    assert world.client.get("/app/dev/sign-in").status_code == 403
    refused = world.client.post("/app/dev/sign-in", json={"user": world.home.worker_actor})
    assert refused.status_code == 403
    assert "token" not in refused.text


def test_in_production_there_is_no_sign_in_but_the_page_is_served(
    production: Casetrail,
) -> None:
    assert dev_sign_in(production.settings) is None
    with serving(production.app) as url:
        offered = httpx.get(f"{url}/app/dev/sign-in")
        issued = httpx.post(f"{url}/app/dev/sign-in", json={"user": "SW-DEMO"})
        page = httpx.get(f"{url}/")

    assert offered.status_code == 404
    assert issued.status_code in (404, 405)
    assert "token" not in issued.text
    assert page.status_code == 200


def test_where_an_identity_provider_issues_tokens_there_is_no_sign_in() -> None:
    assert dev_sign_in(Settings(jwt_public_key="-----BEGIN PUBLIC KEY-----")) is None
    offered = dev_sign_in(Settings())
    assert offered is not None
    assert [(s.user, s.role) for s in offered.suggested] == [
        ("SW-DEMO", None), ("TM-DEMO", None), ("demo-auditor", Role.AUDITOR),
        ("demo-analyst", Role.ANALYST),
    ]

