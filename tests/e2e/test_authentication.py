"""Who is calling: a request without a valid bearer token is answered 401 on every route, whatever
is wrong with the token, and says nothing more; a 403 says only "Forbidden"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from api.auth import Principal, Role, TokenKeys
from tests.e2e.access_world import World, api_operations, moment

UNAUTHORISED = {"type": "about:blank", "title": "Unauthorised", "status": 401}
FORBIDDEN = {"type": "about:blank", "title": "Forbidden", "status": 403}
PRACTITIONER = Principal("SW-NOBODY", Role.PRACTITIONER, "No Body")


def _keys(world: World) -> TokenKeys:
    keys: TokenKeys = world.casetrail.app.state.services.keys
    return keys


def _signed(world: World, **changes: object) -> str:
    """A token like the ones the service issues, with some claims changed or removed."""
    now = datetime.now(UTC)
    keys = _keys(world)
    claims: dict[str, object] = {
        "sub": "SW-NOBODY",
        "role": "practitioner",
        "iss": keys.issuer,
        "aud": keys.audience,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    claims.update(changes)
    assert keys.secret is not None
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, keys.secret, "HS256")


BAD_AUTHORIZATION: dict[str, Callable[[World], str | None]] = {
    "no token": lambda world: None,
    "not a token": lambda world: "Bearer not-a-token",
    "another scheme": lambda world: "Basic " + _keys(world).issue(PRACTITIONER, 5),
    "expired": lambda world: (
        "Bearer " + _keys(world).issue(PRACTITIONER, 5, now=datetime.now(UTC) - timedelta(hours=1))
    ),
    "for another audience": lambda world: "Bearer " + _signed(world, aud="another-service"),
    "from another issuer": lambda world: "Bearer " + _signed(world, iss="someone-else"),
    "signed with another key": lambda world: (
        "Bearer "
        + jwt.encode(
            {
                "sub": "SW-NOBODY",
                "role": "manager",
                "iss": _keys(world).issuer,
                "aud": _keys(world).audience,
                "exp": datetime.now(UTC) + timedelta(minutes=5),
            },
            "not-the-secret-" * 4,
            "HS256",
        )
    ),
    "unsigned": lambda world: (
        "Bearer "
        + jwt.encode(
            {
                "sub": "SW-NOBODY",
                "role": "manager",
                "iss": _keys(world).issuer,
                "aud": _keys(world).audience,
                "exp": datetime.now(UTC) + timedelta(minutes=5),
            },
            "",
            "none",
        )
    ),
    "with no expiry": lambda world: "Bearer " + _signed(world, exp=None),
    "with no role": lambda world: "Bearer " + _signed(world, role=None),
    "with an unknown role": lambda world: "Bearer " + _signed(world, role="superuser"),
}


@pytest.mark.parametrize("token", BAD_AUTHORIZATION)
def test_a_missing_or_bad_token_is_answered_401_with_nothing_more(world: World, token: str) -> None:
    authorization = BAD_AUTHORIZATION[token](world)
    headers = {"Authorization": authorization} if authorization else {}
    case = world.open_case()

    response = world.client.get(f"/children/{case.child}", headers=headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORISED
    assert response.headers["www-authenticate"] == "Bearer"


def test_every_route_but_health_and_the_event_schemas_asks_for_a_token_first(
    world: World,
) -> None:
    refused = {}
    for method, path in api_operations():
        if path == "/health" or path.startswith("/schemas/events"):
            continue  # open by design: neither holds a record (see OPEN_TO_ANYONE in test_bola)
        filled = path.format(
            record_id=uuid4(), child_id=uuid4(), worker_id=uuid4(), team_id=uuid4()
        )
        response = world.client.request(method, filled, json={})
        refused[f"{method} {path}"] = (response.status_code, response.json())
    assert refused == dict.fromkeys(refused, (401, UNAUTHORISED))


def test_a_refusal_by_role_says_only_forbidden(world: World) -> None:
    case = world.open_case()
    now = datetime.now(UTC).isoformat()
    visit = {"occurred_at": now, "child_seen": True, "seen_alone": True}
    restriction = {"occurred_at": now, "kind": "STAFF", "named_people": ["SW-X"], "reason": "Kin."}
    answers = [
        world.send("analyst", "GET", f"/children/{case.child}"),
        world.send("holder", "GET", "/unallocated"),
        world.send("holder", "GET", f"/children/{case.child}/access"),
        world.send("auditor", "POST", f"/episodes/{case.episode}/record-visit", visit),
        world.send("holder", "POST", f"/children/{case.child}/restrict", restriction),
    ]
    assert [(a.status_code, a.json()) for a in answers] == [(403, FORBIDDEN)] * len(answers)


def test_recording_on_behalf_of_someone_must_name_a_current_worker(world: World) -> None:
    case = world.open_case()
    body = {"occurred_at": moment(-1).isoformat(), "note": "Phoned the school."}

    nobody = world.send(
        "holder",
        "POST",
        f"/episodes/{case.episode}/record-case-note",
        body,
        headers={"X-On-Behalf-Of": "NOT-A-WORKER"},
    )
    colleague = world.send(
        "holder",
        "POST",
        f"/episodes/{case.episode}/record-case-note",
        body,
        headers={"X-On-Behalf-Of": world.home.manager_actor},
    )

    assert nobody.status_code == 422
    assert nobody.json()["errors"][0]["field"] == "X-On-Behalf-Of"
    assert colleague.status_code == 200
