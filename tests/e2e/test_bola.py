"""Broken object-level authorisation: every route in the API, asked by the person whose work it is,
then replayed word for word by someone unrelated, who must be refused (403, or 404 as if the record
did not exist), never answered.

The request for each route is made from the OpenAPI document (its examples), on a child of its own
held by the home team; the owner is the holder practitioner, or the holder's manager for what only
managers may do. The replay is by the social worker of another team, and, for a manager's request,
also by the manager of another team.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.e2e.access_world import Case, World, api_operations, moment

# Routes open to people with no relationship to a record, and why; they are checked for what they
# must still refuse (see the tests below), not for refusal.
OPEN_TO_ANYONE: dict[tuple[str, str], str] = {
    ("GET", "/health"): "liveness for the platform: no token, no record",
    ("GET", "/schemas/events"): "the published event schemas: shapes and code lists, no record",
    ("GET", "/schemas/events/{event_type}/{version}"): "one published event schema, no record",
    ("POST", "/children"): "anyone at the front door registers a new child; no existing record",
    ("POST", "/children/{record_id}/referrals"): (
        "anyone at the front door records a referral on a child they may know exists; a "
        "restricted child stays invisible (test_a_referral_on_a_restricted_child_is_refused...)"
    ),
    ("GET", "/children"): (
        "search is open to every practitioner but answers only with children they may see "
        "(checked: the child is not in the replay's answer)"
    ),
    ("GET", "/me"): "who is signed in: the caller's own profile, naming no record",
}
OPEN_TO_ANY_MANAGER: dict[tuple[str, str], str] = {
    ("POST", "/teams"): "forms a new team; names no existing record",
    ("POST", "/workers"): "adds a new worker to the workforce; names no existing record",
    ("GET", "/unallocated"): "waiting work is every manager's to allocate (api/access.py)",
    **dict.fromkeys(
        [("GET", "/evidence/tree-heads"), ("POST", "/evidence/tree-heads"),
         ("GET", "/evidence/tree-heads/latest"), ("GET", "/evidence/inclusion"),
         ("GET", "/evidence/consistency"), ("GET", "/evidence/public-key")],
        "the sealed log's evidence (hashes, sizes, positions) is about the whole log, no "
        "one's record: every manager and auditor may check it (api/evidence.py)",
    ),
    **dict.fromkeys(
        [("GET", "/reports/cin-census"), ("GET", "/reports/cin-census/checks"),
         ("GET", "/reports/ssda903"), ("GET", "/reports/ssda903/checks"),
         ("GET", "/reports/annex-a")],
        "the statutory returns cover the whole authority by law, for its managers and "
        "analysts (api/reports.py); each export is itself recorded",
    ),
}


OPERATIONS = api_operations()


def test_the_replays_cover_every_route_in_the_openapi_document(world: World) -> None:
    document = world.casetrail.app.openapi()
    documented = {(m.upper(), path) for path, ops in document["paths"].items() for m in ops}
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_a_request_replayed_by_an_unrelated_user_is_refused(
    world: World, method: str, path: str
) -> None:
    case = world.open_case()
    url, body = _request(world, case, method, path)
    owner, answer = _asked_by_its_owner(world, method, url, body)
    assert answer.status_code not in (401, 403, 404) and answer.status_code < 500, (
        f"the owner's own request must get past access control: {answer.text}"
    )
    replayers = ["stranger"] + (["other manager"] if owner == "manager" else [])
    for replayer in replayers:
        replay = world.send(replayer, method, url, body)
        if (method, path) in OPEN_TO_ANYONE or (
            replayer == "other manager" and (method, path) in OPEN_TO_ANY_MANAGER
        ):
            _assert_open_route_reveals_nothing(case, path, replay)
            continue
        assert replay.status_code in (403, 404), f"{replayer}: {replay.status_code} {replay.text}"


def test_a_referral_on_a_restricted_child_is_refused_to_everyone_not_named(world: World) -> None:
    case = world.open_case(restricted=True, closed=True)
    url, body = _request(world, case, "POST", "/children/{record_id}/referrals")

    refused = {who: world.send(who, "POST", url, body).status_code
               for who in ("stranger", "teammate", "manager", "other manager")}
    named = world.send("holder", "POST", url, body)

    assert refused == dict.fromkeys(refused, 404)
    assert named.status_code == 201, named.text


def _asked_by_its_owner(
    world: World, method: str, url: str, body: dict[str, Any] | None
) -> tuple[str, Any]:
    answer = world.send("holder", method, url, body)
    if answer.status_code != 403:
        return "holder", answer
    return "manager", world.send("manager", method, url, body)


def _assert_open_route_reveals_nothing(case: Case, path: str, replay: Any) -> None:
    assert replay.status_code < 500, replay.text
    if path == "/children":
        assert str(case.child) not in replay.text, "search must not show a child not theirs"


def _request(
    world: World, case: Case, method: str, path: str
) -> tuple[str, dict[str, Any] | None]:
    """The owner's request for a route: its path filled in, its query, and a body from the
    examples in the OpenAPI document."""
    operation = world.casetrail.app.openapi()["paths"][path][method.lower()]
    record = _path_id(world, case, method, path) if "{" in path else None
    url = path.format(record_id=record, child_id=record, worker_id=record, team_id=record,
                      event_type="VisitRecorded", version=2)
    if any(p["name"] == "q" for p in operation.get("parameters", [])):
        url += f"?q={case.la_child_id}"
    if any(p["name"] == "at" for p in operation.get("parameters", [])):
        url += f"?at={moment(-1).isoformat().replace('+', '%2B')}"
    if any(p["name"] == "as_of" for p in operation.get("parameters", [])):
        url += f"?as_of={moment(-1).date().isoformat()}"
    if any(p["name"] == "year" for p in operation.get("parameters", [])):
        url += f"?year={moment(-1).year}"
    if "requestBody" not in operation:
        return url, None
    reference = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = world.casetrail.app.openapi()["components"]["schemas"][reference.split("/")[-1]]
    values = _values(world)
    body = {name: value for name, value in values.items() if name in schema["properties"]}
    for name in schema.get("required", []):
        if name not in body:
            body[name] = schema["properties"][name]["examples"][0]
    return url, body


def _path_id(world: World, case: Case, method: str, path: str) -> UUID:
    if path.startswith("/children/"):
        return case.child
    if path.startswith("/episodes/"):
        return case.episode
    if path.startswith("/workers/"):
        # A manager's command on a worker changes their record: a new worker of the home team.
        return world.home.worker if method == "GET" else world.add_worker(world.home.team)
    return world.home.team


def _values(world: World) -> dict[str, Any]:
    """Values that must be fresh, or must name this world's records, instead of the examples."""
    return {
        "occurred_at": moment(-1).isoformat(),
        "worker": str(world.teammate),
        "team": str(world.home.team),
        "manager": str(world.home.manager),
        "person_id": str(uuid4()),
        "la_child_id": f"ZQ{uuid4().hex[:10].upper()}",
        "staff_id": f"SW-{uuid4().hex[:8].upper()}",
        "code": f"T{uuid4().hex[:8].upper()}",
        "named_people": [world.home.worker_actor],
        "upn": None,
        "nhs_number": None,
        "version": 1,
        "date_of_birth": "2016-04-02",
    }
