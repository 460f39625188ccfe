"""The API against its own OpenAPI document, fuzzed by schemathesis: no request, however odd,
gets a 5xx, and no answer breaks the schema the document promises.

It runs on SQLite with a protection-plan journey loaded, once as the journey's team manager and
once as an auditor stating a purpose. Each operation gets valid and invalid requests, with made-up
path ids and with the journey's own, so that generated bodies also reach the commands and queries
of a real record. (schemathesis' own pytest plugin, `from_fixture`, does not run on pytest 9.2: it
sets `Node._nodeid`, which pytest no longer has; the operations' strategies are its public API.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.auth import Principal, Role
from runtime.bootstrap import Casetrail, build
from runtime.settings import Settings
from tests.e2e.access_world import api_operations
from tests.integration.views_support import settle
from tests.journeys import a_base_date, form_staff, protection_plan_journey

EXAMPLES_PER_OPERATION = 8
OPERATIONS = api_operations()


@dataclass(frozen=True)
class Fuzzed:
    casetrail: Casetrail
    schema: Any
    headers: dict[str, str]
    real_ids: dict[str, str]  # by the first part of the path: children, episodes, ...


@pytest.fixture(scope="module", params=["manager", "auditor"])
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fuzzed]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz") / "data"
    casetrail = build(Settings(store="sqlite", data_dir=data_dir))
    try:
        staff = form_staff(casetrail.case_record, a_base_date(500))
        journey = protection_plan_journey(casetrail.case_record, a_base_date(), staff)
        settle(casetrail)
        keys = casetrail.app.state.services.keys
        if request.param == "manager":
            who = Principal(staff.manager_actor, Role.MANAGER, "Gareth", str(staff.manager))
            headers = {"Authorization": f"Bearer {keys.issue(who, 30)}"}
        else:
            who = Principal("AUD-ELLIS", Role.AUDITOR, "Dana Ellis")
            headers = {"Authorization": f"Bearer {keys.issue(who, 30)}", "X-Purpose": "AUDIT-1"}
        real_ids = {
            "children": str(journey.child),
            "episodes": str(journey.episode),
            "workers": str(journey.worker),
            "teams": str(journey.team),
        }
        schema = schemathesis.openapi.from_asgi("/openapi.json", casetrail.app)
        yield Fuzzed(casetrail, schema, headers, real_ids)
    finally:
        casetrail.close()


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_request_gets_a_server_error_or_an_answer_outside_the_schema(
    fuzzed: Fuzzed, method: str, path: str
) -> None:
    operation = fuzzed.schema[path][method]

    @given(case=_cases(fuzzed, operation, path))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_within_the_schema(case: Case[Any]) -> None:
        case.call_and_validate(
            headers=fuzzed.headers, checks=[not_a_server_error, response_schema_conformance]
        )

    answers_within_the_schema()


def _cases(fuzzed: Fuzzed, operation: Any, path: str) -> st.SearchStrategy[Case[Any]]:
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    names = [p["name"] for p in operation.definition.raw.get("parameters", []) if p["in"] == "path"]
    real = fuzzed.real_ids.get(path.split("/")[1])
    if names and real:
        strategies += [
            operation.as_strategy(generation_mode=mode, path_parameters={names[0]: real})
            for mode in modes
        ]
    return st.one_of(strategies)


# Found by the fuzzer: moments at the ends of datetime's range overflowed when placed on the
# calendar of England and Wales, and were answered 500.
@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
     "0001-01-01"],
)
def test_an_event_dated_at_the_ends_of_the_calendar_is_refused_not_a_server_error(
    fuzzed: Fuzzed, moment: str
) -> None:
    client = TestClient(fuzzed.casetrail.app)
    episode = fuzzed.real_ids["episodes"]

    note = client.post(f"/episodes/{episode}/record-case-note", headers=fuzzed.headers,
                       json={"occurred_at": moment, "note": "Phoned school."})
    correction = client.post(f"/episodes/{episode}/correct", headers=fuzzed.headers, json={
        "occurred_at": "2026-01-05", "version": 2, "changes": {"occurred_at": moment},
        "reason": "Wrong date.",
    })

    assert (note.status_code, correction.status_code) in ((422, 422), (422, 403))
