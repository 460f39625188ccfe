"""Reviewers over HTTP, on both stores: a child's chronology as JSON, CSV and a printable page,
with the reads of the record for auditors; and views as known at a past moment, where a visit
overdue before its late recording shows overdue then and made late today."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from projections.queries.records import access_log
from tests import journeys
from tests.e2e.access_world import CASE_CONTENT, REVIEW, VISIT_NOTE, World, moment
from tests.journeys import LateVisit


@pytest.fixture(scope="module")
def late(world: World) -> LateVisit:
    """A child of the home team whose protection-plan visit was recorded late (once a module)."""
    ids = journeys.protection_visit_recorded_late(world.service, journeys.a_base_date(),
                                                  world.home)
    world.settle()
    return ids


def before_recording(late: LateVisit) -> str:
    return quote(journeys.at(late.recorded_on - timedelta(days=5), 12).isoformat())


def routes_logged(world: World, child: object) -> list[tuple[str, str, str | None]]:
    world.settle()
    return [(row["route"], row["outcome"], row["purpose"])
            for row in access_log(world.casetrail.views, str(child))]


def test_the_holder_reads_the_chronology_with_both_clocks_and_the_read_is_logged(
    world: World,
) -> None:
    case = world.open_case()
    world.send("holder", "POST", f"/episodes/{case.episode}/record-visit",
               {"occurred_at": moment(-1).isoformat(), "child_seen": True, "seen_alone": True,
                "note": VISIT_NOTE})

    shown = world.send("holder", "GET", f"/children/{case.child}/chronology")

    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert (body["child_id"], body["order"]) == (str(case.child), "occurred")
    kinds = [e["kind"] for e in body["entries"]]
    assert kinds[:4] == ["child", "referral", "episode", "allocation"] and kinds[-1] == "visit"
    visit = body["entries"][-1]
    assert {"position", "event_type", "kind", "occurred_at", "recorded_at", "lag_days", "actor",
            "on_behalf_of", "reason", "corrects", "corrected_by", "entered_in_error",
            "summary"} <= set(visit)
    assert visit["actor"] == world.home.worker_actor and visit["lag_days"] == 0
    assert VISIT_NOTE in visit["summary"]
    assert routes_logged(world, case.child) == [("child chronology", "allowed", None)]


def test_an_auditor_sees_the_reads_of_the_record_interleaved_without_case_content(
    world: World,
) -> None:
    case = world.open_case()
    world.send("stranger breaking the glass", "GET", f"/children/{case.child}")
    world.send("holder", "GET", f"/children/{case.child}/risk")
    world.settle()

    shown = world.send("auditor", "GET",
                       f"/children/{case.child}/chronology?include_access=true&order=recorded")

    assert shown.status_code == 200, shown.text
    reads = [e for e in shown.json()["entries"] if e["kind"] == "access"]
    assert [(e["actor"], e["facts"]["route"], e["facts"]["outcome"]) for e in reads][:2] == [
        (world.away.worker_actor, "child summary", "break-glass"),
        (world.home.worker_actor, "child risk", "allowed"),
    ]
    assert all(set(e["facts"]) == {"role", "route", "purpose", "outcome"} for e in reads)
    text = repr(reads).lower()
    assert not [c for c in CASE_CONTENT if c.lower() in text]
    positions = [e["position"] for e in shown.json()["entries"]]
    assert positions == sorted(positions)
    assert routes_logged(world, case.child)[-1] == ("child chronology", "allowed", REVIEW)


def test_a_practitioner_asking_for_the_reads_of_the_record_is_refused_and_that_is_logged(
    world: World,
) -> None:
    case = world.open_case()

    refused = world.send("holder", "GET", f"/children/{case.child}/chronology?include_access=1")

    assert refused.status_code == 403
    assert routes_logged(world, case.child) == [("child chronology", "refused", None)]


def test_bad_filters_are_refused_with_what_was_wrong_and_nothing_is_logged(world: World) -> None:
    case = world.open_case()
    path = f"/children/{case.child}/chronology"

    answers = [world.send("holder", "GET", path + query) for query in
               ("?kind=gossip", "?from=2025-02-01&to=2025-01-01", "?order=alphabetical")]

    assert [a.status_code for a in answers] == [422, 422, 422]
    assert "visit" in answers[0].text and "starts after it ends" in answers[1].text
    assert routes_logged(world, case.child) == []


def test_the_chronology_as_csv_and_as_a_printable_page(world: World, late: LateVisit) -> None:
    as_csv = world.send("auditor", "GET", f"/children/{late.child}/chronology.csv?kind=visit")
    page = world.send("holder", "GET", f"/children/{late.child}/chronology.html")

    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [(r["kind"], r["lag_days"]) for r in rows] == [("visit", "0"), ("visit", "12")]
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "Chronology: Leon Sutcliffe" in page.text and "<script" not in page.text
    assert page.text.count("<tr class=") == len(
        world.send("holder", "GET", f"/children/{late.child}/chronology").json()["entries"]
    )


def test_a_visit_overdue_before_its_late_recording_is_overdue_then_and_met_late_today(
    world: World, late: LateVisit
) -> None:
    shown = world.send("holder", "GET",
                       f"/children/{late.child}/as-known-at?at={before_recording(late)}")

    assert shown.status_code == 200, shown.text
    body = shown.json()
    overdue = [c for c in body["clocks"] if c["rule"] == "E8" and c["status"] == "overdue"]
    assert len(overdue) == 1
    assert "statutory-visit-overdue" in {s["code"] for s in body["signals"]}
    (change,) = [c for c in body["clock_changes"] if c["clock_key"] == overdue[0]["clock_key"]]
    assert (change["then_status"], change["now_status"]) == ("overdue", "met late")
    assert change["now_met_on"] == late.visited_on.isoformat()
    assert routes_logged(world, late.child)[-1] == ("child as known at", "allowed", None)


def test_a_workers_and_a_teams_view_as_known_at_a_past_moment(
    world: World, late: LateVisit
) -> None:
    at = before_recording(late)

    worker = world.send("holder", "GET", f"/workers/{world.home.worker}/as-known-at?at={at}")
    team = world.send("manager", "GET", f"/teams/{world.home.team}/as-known-at?at={at}")

    assert worker.status_code == 200 and team.status_code == 200, (worker.text, team.text)
    overdue = [c["rule"] for c in worker.json()["deadlines"]["overdue"]
               if c["child_id"] == str(late.child)]
    assert "E8" in overdue
    assert str(late.child) in {c["child_id"] for c in team.json()["deadlines"]["overdue"]}
    changed = {(c["then_status"], c["now_status"]) for c in worker.json()["clock_changes"]
               if c["child_id"] == str(late.child) and c["rule"] == "E8"}
    assert ("overdue", "met late") in changed


@pytest.mark.parametrize(
    "at",
    ["yesterday", "2025-13-01", "2025-01-06T12:00:00", "1850-01-01",
     "9999-12-31", "0001-01-01T00:00:00%2B05:00", "FUTURE"],
)
def test_a_moment_that_is_not_a_past_moment_is_refused_and_nothing_is_logged(
    world: World, at: str
) -> None:
    case = world.open_case()
    if at == "FUTURE":
        at = quote((datetime.now(UTC) + timedelta(days=1)).isoformat())

    answers: list[Any] = [
        world.send("holder", "GET", f"/children/{case.child}/as-known-at?at={at}"),
        world.send("holder", "GET", f"/workers/{world.home.worker}/as-known-at?at={at}"),
        world.send("manager", "GET", f"/teams/{world.home.team}/as-known-at?at={at}"),
    ]

    assert [a.status_code for a in answers] == [422, 422, 422], [a.text for a in answers]
    assert all(a.json()["errors"][0]["field"] == "at" for a in answers)
    assert routes_logged(world, case.child) == []


def test_a_date_alone_means_the_end_of_that_day_in_england(world: World, late: LateVisit) -> None:
    day_before = (late.recorded_on - timedelta(days=1)).isoformat()
    on_the_day = late.recorded_on.isoformat()

    def e8(at: str) -> set[str]:
        body = world.send("holder", "GET", f"/children/{late.child}/as-known-at?at={at}").json()
        return {c["now_status"] for c in body["clock_changes"] if c["rule"] == "E8"}

    assert "met late" in e8(day_before)
    assert e8(on_the_day) <= {"overdue"}
