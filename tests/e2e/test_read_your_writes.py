"""Read your own writes over HTTP on PostgreSQL: a command's answer comes only once the views
include it, so the caller's very next query shows what they just recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx
import pytest

from api.auth import Principal, Role
from runtime.bootstrap import Casetrail, build
from runtime.settings import Settings
from tests.e2e.server import serving
from tests.journeys import Staff, a_base_date, form_staff

ROUNDS = 20


@pytest.fixture
def on_postgres(postgres_dsn: str, pg_schema: str) -> Iterator[Casetrail]:
    casetrail = build(Settings(store=postgres_dsn), schema=pg_schema)
    try:
        yield casetrail
    finally:
        casetrail.close()


def test_a_visit_posted_over_http_is_counted_in_the_next_read_of_the_child(
    on_postgres: Casetrail,
) -> None:
    staff = form_staff(on_postgres.case_record, a_base_date())
    worker, manager = _tokens(on_postgres, staff)
    with serving(on_postgres.app) as url, httpx.Client(base_url=url, timeout=15) as http:
        for _ in range(ROUNDS):
            child, episode = _referred_and_allocated(http, worker, manager, staff)
            before = http.get(f"/children/{child}", headers=worker)
            assert "not-seen" in _signals(before)

            visited = http.post(
                f"/episodes/{episode}/record-visit",
                headers=worker,
                json={"occurred_at": _ago(minutes=30), "child_seen": True, "seen_alone": True},
            )
            after = http.get(f"/children/{child}", headers=worker)

            assert visited.status_code == 200, visited.text
            assert after.status_code == 200, after.text
            assert not {"not-seen", "not-seen-alone"} & _signals(after), after.text


def _referred_and_allocated(
    http: httpx.Client, worker: dict[str, str], manager: dict[str, str], staff: Staff
) -> tuple[str, str]:
    """A child registered and referred by the worker, allocated to them by their manager: each
    step reads what the one before wrote."""
    registered = http.post("/children", headers=worker, json={
        "occurred_at": _ago(hours=3), "la_child_id": f"RW{uuid4().hex[:10].upper()}",
        "given_name": "Lily", "family_name": "Brennan", "sex": "F", "ethnicity": "WIRI",
        "date_of_birth": "2018-03-14",
    })
    assert registered.status_code == 201, registered.text
    child = registered.json()["record_id"]
    referred = http.post(f"/children/{child}/referrals", headers=worker, json={
        "occurred_at": _ago(hours=2), "source": "2A", "concern": "Often hungry at school.",
    })
    assert referred.status_code == 201, referred.text
    episode = referred.json()["record_id"]
    allocated = http.post(f"/episodes/{episode}/allocate", headers=manager, json={
        "occurred_at": _ago(hours=1), "worker": str(staff.worker),
    })
    assert allocated.status_code == 200, allocated.text
    return child, episode


def _signals(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {signal["code"] for signal in response.json()["signals"]}


def _tokens(casetrail: Casetrail, staff: Staff) -> tuple[dict[str, str], dict[str, str]]:
    keys = casetrail.app.state.services.keys
    worker = Principal(staff.worker_actor, Role.PRACTITIONER, "Priya", str(staff.worker))
    manager = Principal(staff.manager_actor, Role.MANAGER, "Gareth", str(staff.manager))
    return (
        {"Authorization": f"Bearer {keys.issue(worker, 30)}"},
        {"Authorization": f"Bearer {keys.issue(manager, 30)}"},
    )


def _ago(hours: int = 0, minutes: int = 0) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours, minutes=minutes)).isoformat()
