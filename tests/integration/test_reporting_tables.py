"""The reporting tables kept in process from the store, on SQLite and on PostgreSQL: each journey
as it happened (the SSDA903 episodes of a period of care, plans and conferences, a corrected
date, an entry struck from the wrong child), and the same tables whether the events are folded one
at a time or in batches of any size."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from consumers.reporting.catch_up import catch_up, rebuild
from consumers.reporting.projection import Reporting
from consumers.reporting.schema import REPORTING_TABLES
from consumers.reporting.store import close_reporting_store, open_reporting_store
from projections.recorders import ViewStore
from runtime.bootstrap import Casetrail, build
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys

Rows = dict[str, list[tuple[Any, ...]]]


@dataclass(frozen=True)
class Recorded:
    casetrail: Casetrail
    base: date
    ids: dict[str, Any]

    @property
    def tables(self) -> ViewStore:
        assert self.casetrail.reporting is not None
        return self.casetrail.reporting

    def day(self, n: int) -> str:
        return (self.base + timedelta(days=n)).isoformat()

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return self.tables.select(sql, params)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def recorded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Recorded]:
    """Every journey, recorded through Casetrail (with its in-process reporting feed) on each
    store, the feed caught up."""
    if request.param == "sqlite":
        casetrail = build(Settings(store="sqlite",
                                   data_dir=tmp_path_factory.mktemp("reporting") / "data"))
    else:
        schema = request.getfixturevalue("module_pg_schema")
        casetrail = build(Settings(store=request.getfixturevalue("postgres_dsn")), schema=schema)
    try:
        base = journeys.a_base_date()
        staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
        ids = {name: journey(casetrail.case_record, base, staff)
               for name, journey in journeys.JOURNEYS.items()}
        assert casetrail.reporting_feed is not None
        casetrail.reporting_feed.wait(casetrail.case_record.recorder.max_notification_id(), 60)
        yield Recorded(casetrail, base, ids)
    finally:
        casetrail.close()




def all_rows(store: ViewStore) -> Rows:
    """Every reporting table's rows, in an order that does not depend on how they were written."""
    return {
        table: sorted((tuple(sorted(row.items())) for row in
                       store.select(f"SELECT * FROM {{p}}{table}")), key=repr)
        for table in REPORTING_TABLES
    }


def test_a_period_of_care_is_split_into_ssda903_episodes_at_each_change(
    recorded: Recorded,
) -> None:
    episode = str(recorded.ids["looked after"].episode)
    rows = recorded.rows(
        "SELECT * FROM {p}care_episodes WHERE episode_id = ? ORDER BY seq", episode
    )

    assert [(r["started_on"], r["new_episode_reason"], r["legal_status"], r["placement_type"],
             r["ended_on"], r["ended_reason"], r["placement_change_reason"]) for r in rows] == [
        (recorded.day(0), "S", "V2", "U6", recorded.day(40), "X1", None),
        (recorded.day(40), "L", "C1", "U6", recorded.day(60), "X1", "CARPL"),
        (recorded.day(60), "P", "C1", "U4", recorded.day(150), "X1", "CREQB"),
        (recorded.day(150), "P", "C1", "K2", recorded.day(330), "E4B", None),
    ]
    # Each episode carries its placement's details; the home postcode stays as it was given.
    assert [(r["placement_provider"], r["placement_postcode"], r["home_postcode"], r["urn"])
            for r in rows] == [
        ("PR1", "TW1 3NQ", "TW9 3HQ", "SC909101"), ("PR1", "TW1 3NQ", "TW9 3HQ", "SC909101"),
        ("PR4", "KT2 5UY", "TW9 3HQ", "SC909201"), ("PR4", "GU2 4LF", "TW9 3HQ", "2909315"),
    ]
    placements = recorded.rows(
        "SELECT started_on, ended_on, placement_type, change_reason, placement_provider, "
        "placement_postcode, home_postcode, urn FROM {p}placements "
        "WHERE episode_id = ? ORDER BY seq", episode)
    assert [tuple(p.values()) for p in placements] == [
        (recorded.day(0), recorded.day(60), "U6", None, "PR1", "TW1 3NQ", "TW9 3HQ", "SC909101"),
        (recorded.day(60), recorded.day(150), "U4", "CARPL", "PR4", "KT2 5UY", "TW9 3HQ",
         "SC909201"),
        (recorded.day(150), recorded.day(330), "K2", "CREQB", "PR4", "GU2 4LF", "TW9 3HQ",
         "2909315"),
    ]
    reviews = recorded.rows("SELECT held_on, participation FROM {p}reviews WHERE episode_id = ? "
                            "AND kind = 'looked_after' ORDER BY seq", episode)
    assert [tuple(r.values()) for r in reviews] == [
        (recorded.day(27), "PN1"), (recorded.day(118), "PN1"), (recorded.day(300), "PN2"),
    ]
    missing = recorded.rows("SELECT started_on, returned_on FROM {p}missing_episodes "
                            "WHERE episode_id = ?", episode)
    assert [tuple(m.values()) for m in missing] == [(recorded.day(170), recorded.day(171))]
    (period,) = recorded.rows("SELECT started_on, ceased_on, ceased_reason, previous_permanence, "
                              "previous_permanence_authority, previous_permanence_on "
                              "FROM {p}care_periods WHERE episode_id = ?", episode)
    assert tuple(period.values()) == (recorded.day(0), recorded.day(330), "E4B", "Z1", None, None)


def test_a_protection_plan_keeps_its_enquiry_conferences_and_reviews(recorded: Recorded) -> None:
    episode = str(recorded.ids["protection plan"].episode)

    (s47,) = recorded.rows("SELECT started_on, concluded_on, conference_needed "
                           "FROM {p}section47s WHERE episode_id = ?", episode)
    conferences = recorded.rows("SELECT kind, held_on, plan, category FROM {p}conferences "
                                "WHERE episode_id = ? ORDER BY seq", episode)
    (plan,) = recorded.rows("SELECT started_on, ended_on, initial_category FROM {p}plans "
                            "WHERE episode_id = ? AND kind = 'protection'", episode)
    (assessment,) = recorded.rows("SELECT started_on, seen_on, authorised_on, factors, outcome "
                                  "FROM {p}assessments WHERE episode_id = ?", episode)

    assert tuple(s47.values()) == (recorded.day(1), recorded.day(9), 1)
    assert [tuple(c.values()) for c in conferences] == [
        ("initial", recorded.day(15), 1, "NEG"), ("review", recorded.day(105), 1, "NEG"),
        ("review", recorded.day(285), 0, None),
    ]
    assert tuple(plan.values()) == (recorded.day(15), recorded.day(285), "NEG")
    assert tuple(assessment.values()) == (
        recorded.day(1), recorded.day(2), recorded.day(13), "2A 3A 4A", "PROTECTION")


def test_a_corrected_date_replaces_the_date_first_recorded(recorded: Recorded) -> None:
    corrected = recorded.ids["corrected conference date"]

    (conference,) = recorded.rows("SELECT held_on FROM {p}conferences WHERE episode_id = ?",
                                  str(corrected.episode))
    (plan,) = recorded.rows("SELECT started_on FROM {p}plans WHERE episode_id = ?",
                            str(corrected.episode))

    assert conference["held_on"] == plan["started_on"] == corrected.held_on.isoformat()


def test_an_entry_struck_from_the_wrong_child_is_only_on_the_right_one(
    recorded: Recorded,
) -> None:
    wrong = recorded.ids["event entered on the wrong child"]

    def visits(episode: Any) -> list[str]:
        return [v["visited_on"] for v in recorded.rows(
            "SELECT visited_on FROM {p}visits WHERE episode_id = ?", str(episode))]

    assert visits(wrong.wrong_episode) == []
    assert visits(wrong.episode) == [recorded.day(5)]


def test_a_referral_with_no_further_action_is_closed_with_its_decision(
    recorded: Recorded,
) -> None:
    ids = recorded.ids["referral closed with no further action"]

    (episode,) = recorded.rows("SELECT * FROM {p}episodes WHERE episode_id = ?", str(ids.episode))
    (child,) = recorded.rows("SELECT * FROM {p}children WHERE child_id = ?", str(ids.child))
    (allocation,) = recorded.rows("SELECT * FROM {p}worker_changes WHERE episode_id = ?",
                                  str(ids.episode))

    assert (episode["referral_date"], episode["referral_source"], episode["decision"],
            episode["closed_on"], episode["closure_reason"]) == (
        recorded.day(0), "2A", "NFA", recorded.day(0), "RC7")
    assert (child["sex"], child["ethnicity"], child["disabilities"]) == ("F", "WBRI", "NONE")
    assert (allocation["worker_id"], allocation["started_on"], allocation["ended_on"],
            allocation["end_reason"]) == (str(ids.worker), recorded.day(0), recorded.day(0),
                                          "CLOSED")


@pytest.mark.parametrize("batch", [1, 7, 500])
def test_folding_in_batches_of_any_size_gives_the_tables_the_feed_keeps(
    recorded: Recorded, batch: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    casetrail = recorded.casetrail
    env = event_store_env(casetrail.settings, _schema_of(recorded))
    if casetrail.settings.store_kind.value == "sqlite":
        env["REPORTING_SQLITE_DBNAME"] = str(tmp_path / "rebuilt.sqlite3")
    else:
        env["POSTGRES_SCHEMA"] = request.getfixturevalue("pg_schema")
    store = open_reporting_store(env)
    try:
        rebuild(casetrail.case_record, Reporting(store), batch=batch)

        rebuilt = all_rows(store)
        assert rebuilt["care_episodes"] and rebuilt["visits"]
        assert rebuilt == all_rows(recorded.tables)
    finally:
        close_reporting_store(store)


def _schema_of(recorded: Recorded) -> str | None:
    env = recorded.casetrail.case_record.env
    return env.get("POSTGRES_SCHEMA")


def test_two_processes_following_the_store_into_the_same_tables_end_with_the_same_rows(
    recorded: Recorded, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """As an API's feed and `casetrail report` catching up at once: each carries on from the
    other's position whenever the other wrote a batch first."""
    casetrail = recorded.casetrail
    env = event_store_env(casetrail.settings, _schema_of(recorded))
    if casetrail.settings.store_kind.value == "sqlite":
        env["REPORTING_SQLITE_DBNAME"] = str(tmp_path / "shared.sqlite3")
    else:
        env["POSTGRES_SCHEMA"] = request.getfixturevalue("pg_schema")
    first = open_reporting_store(env)
    stores = [first, open_reporting_store(env)]
    failures: list[BaseException] = []

    def follow(store: ViewStore, batch: int) -> None:
        try:
            catch_up(casetrail.case_record, Reporting(store), batch=batch)
        except BaseException as error:
            failures.append(error)

    try:
        threads = [threading.Thread(target=follow, args=(store, batch))
                   for store, batch in zip(stores, (5, 7), strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

        assert failures == []
        assert all_rows(first) == all_rows(recorded.tables)
    finally:
        for store in stores:
            close_reporting_store(store)
