"""Views as known at a past moment T, on both stores: the same casework projection folded from the
events recorded by T with "now" at T, in a throwaway store. A replay scoped to one child, worker
or team gives exactly what a replay of the whole log gives for their views; neither touches the
store or the live views; and a chronology's positions are the events' places in the log."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.envelope import local_date
from domain.service import CaseRecord, CommandContext
from projections.as_known import (
    Replay,
    child_scope,
    replay_everything,
    replay_records,
    team_scope,
    worker_scope,
)
from projections.queries import as_known, caseload, deadlines, risk
from projections.queries.chronology import child_chronology
from projections.recorders import ViewStore
from projections.thresholds import Thresholds
from runtime.bootstrap import Casetrail
from runtime.policies import clock_settings
from tests import journeys
from tests.integration.views_support import all_rows, settle

DEFAULTS = Thresholds()
CHILD_TABLES = ("children", "episodes", "allocations", "clocks", "risk_facts", "recording_lags")


@pytest.fixture
def base() -> date:
    return journeys.a_base_date()


def moment(base: date, day: int, hour: int = 12) -> datetime:
    return journeys.at(base + timedelta(days=day), hour)


def test_a_visit_overdue_before_its_late_recording_shows_overdue_then_and_met_late_today(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(casetrail.case_record, base)
    settle(casetrail)
    before_recording = moment(base, 45)

    found = as_known.child_as_known(
        casetrail.case_record, ids.child, before_recording, datetime.now(UTC),
        clock_settings(casetrail.settings), DEFAULTS,
    )

    (overdue,) = [c for c in found.clocks if c.rule == "E8" and c.status == "overdue"]
    assert overdue.started_on == base + timedelta(days=17)
    assert overdue.met_on is None and (overdue.days_left or 0) < 0
    signals = {s.code for s in found.signals}
    assert {"statutory-visit-overdue", "allocated-worker-absent"} <= signals
    (change,) = [c for c in found.clock_changes if c.clock_key == overdue.clock_key]
    assert (change.change, change.then_status, change.now_status) == (
        "status changed", "overdue", "met late"
    )
    assert change.now_met_on == ids.visited_on
    assert found.known_then and found.moments.at == before_recording
    assert found.moments.events_known_then < found.moments.events_known_now
    gone = {c.code for c in found.signal_changes if c.change == "shown then, not now"}
    assert "allocated-worker-absent" in gone


def test_the_same_visit_replayed_just_after_its_recording_is_met_late(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(casetrail.case_record, base)
    settle(casetrail)
    after = journeys.at(ids.recorded_on, 12)

    with replay_records(casetrail.case_record, child_scope(casetrail.case_record, [ids.child]),
                        after, clock_settings(casetrail.settings)) as replay:
        clocks = deadlines.child_clocks_at(replay.view, str(ids.child), ids.recorded_on, DEFAULTS)

    started = base + timedelta(days=17)
    assert [c.status for c in clocks if c.rule == "E8" and c.started_on == started] == ["met late"]


def test_a_childs_replay_gives_what_a_replay_of_the_whole_log_gives_for_that_child(
    casetrail: Casetrail, base: date
) -> None:
    service = casetrail.case_record
    staff = journeys.form_staff(service, base - timedelta(days=90))
    children = [journey(service, base, staff).child for journey in (
        journeys.protection_visit_recorded_late, journeys.corrected_conference_date,
        journeys.looked_after_journey, journeys.child_in_need_journey,
    )]
    children.append(journeys.event_entered_on_wrong_child(service, base, staff).wrong_child)
    settle(casetrail)
    settings = clock_settings(casetrail.settings)

    for at in (moment(base, 0, 9), moment(base, 6, 9), moment(base, 16), moment(base, 45),
               moment(base, 200), datetime.now(UTC)):
        with replay_everything(service, at, settings) as whole:
            for child in children:
                with replay_records(service, child_scope(service, [child]), at, settings) as one:
                    assert child_views(one, child) == child_views(whole, child), (at, child)
                    assert one.events < whole.events


def test_a_workers_and_a_teams_replay_give_what_the_whole_log_gives_as_cases_move(
    casetrail: Casetrail, base: date
) -> None:
    service = casetrail.case_record
    home = journeys.form_staff(service, base - timedelta(days=90))
    away = journeys.form_staff(service, base - timedelta(days=90), "Children in Care")
    moved = journeys.protection_plan_journey(service, base, home)
    journeys.protection_visit_recorded_late(service, base, home)
    journeys.child_in_need_journey(service, base, home)  # closed on day 220
    journeys.looked_after_journey(service, base, away)
    admin = CommandContext(actor="workforce-admin")
    manager = CommandContext(actor=home.manager_actor)
    joined = journeys.at(base - timedelta(days=60), 9)
    colleague = with_clock(service, joined, lambda: service.add_worker(
        admin, occurred_at=joined, staff_id="SW-REPLAY-2", name="Sam Okoro", team=home.team,
        role="SOCIAL_WORKER",
    )).record_id
    # After the journeys' last entries, so that each record is recorded in order.
    with_clock(service, moment(base, 345, 13),
               lambda: service.allocate_worker(manager, moved.episode, colleague,
                                               moment(base, 345), "ORGRESTRUCT"))
    with_clock(service, moment(base, 380, 13),
               lambda: service.worker_command(admin, colleague, "move_team",
                                              occurred_at=moment(base, 380), team=away.team))
    settle(casetrail)
    settings = clock_settings(casetrail.settings)

    for at in (moment(base, 50), moment(base, 360), moment(base, 390), datetime.now(UTC)):
        with replay_everything(service, at, settings) as whole:
            for worker in (home.worker, colleague, away.worker):
                scope = worker_scope(service, casetrail.views, [worker], at)
                with replay_records(service, scope, at, settings) as one:
                    assert worker_views(one, worker) == worker_views(whole, worker), (at, worker)
            for team in (home.team, away.team):
                scope = team_scope(service, casetrail.views, team, at)
                with replay_records(service, scope, at, settings) as one:
                    assert team_views(one, team) == team_views(whole, team), (at, team)

    held = as_known.worker_as_known(service, casetrail.views, colleague, moment(base, 360),
                                    datetime.now(UTC), settings, DEFAULTS)
    assert held.caseload is not None and held.caseload.children == 1
    in_team = as_known.team_as_known(service, casetrail.views, home.team, moment(base, 390),
                                     datetime.now(UTC), settings, DEFAULTS)
    assert in_team.caseload is not None
    assert colleague not in {UUID(w.worker_id) for w in in_team.caseload.workers}


def test_a_replay_changes_neither_the_store_nor_the_live_views(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.protection_visit_recorded_late(casetrail.case_record, base)
    settle(casetrail)
    position = casetrail.case_record.recorder.max_notification_id()
    rows = all_rows(casetrail.views)

    as_known.child_as_known(casetrail.case_record, ids.child, moment(base, 45),
                            datetime.now(UTC), clock_settings(casetrail.settings), DEFAULTS)
    as_known.team_as_known(casetrail.case_record, casetrail.views, ids.team, moment(base, 45),
                           datetime.now(UTC), clock_settings(casetrail.settings), DEFAULTS)

    assert casetrail.case_record.recorder.max_notification_id() == position
    assert all_rows(casetrail.views) == rows


def test_a_record_is_cut_at_its_first_event_recorded_after_the_moment(
    casetrail: Casetrail, base: date
) -> None:
    """A server whose clock ran behind stamps a later entry earlier: the replay never folds a
    record's later entry without the one before it."""
    service = casetrail.case_record
    ids = journeys.protection_visit_recorded_late(service, base)
    version = service.repository.get(ids.episode).version
    sw = CommandContext(actor=ids.actor)
    for recorded, day in ((moment(base, 60), 57), (moment(base, 58), 57)):
        with_clock(service, recorded, lambda day=day: service.episode_command(
            sw, ids.episode, "record_case_note", occurred_at=moment(base, day, 9),
            note="Phoned the school."))
    settle(casetrail)

    with replay_records(service, child_scope(service, [ids.child]), moment(base, 59),
                        clock_settings(casetrail.settings)) as replay:
        folded = replay.view.select(
            "SELECT MAX(version) AS v FROM {p}record_events WHERE record_id = ?",
            (str(ids.episode),),
        )

    assert folded == [{"v": version}]


def test_a_moment_still_to_come_cannot_be_replayed(casetrail: Casetrail) -> None:
    now = datetime.now(UTC)
    with pytest.raises(ValueError, match="still to come"):
        as_known.child_as_known(casetrail.case_record, UUID(int=7), now + timedelta(hours=1),
                                now, clock_settings(casetrail.settings), DEFAULTS)


def test_each_entry_of_a_chronology_names_its_event_by_its_position_in_the_log(
    casetrail: Casetrail, base: date
) -> None:
    ids = journeys.corrected_conference_date(casetrail.case_record, base)
    settle(casetrail)
    casetrail.case_record.record_access("AUD-1", "auditor", ids.child, "child summary",
                                        "CSPR-1", "allowed")
    settle(casetrail)

    found = child_chronology(casetrail.case_record, ids.child, local_date(datetime.now(UTC)),
                             auditor=True, reads_from=casetrail.views)

    assert found is not None and len(found.entries) > 10
    assert [e.kind for e in found.entries].count("access") == 1
    for entry in found.entries:
        (notification,) = casetrail.case_record.recorder.select_notifications(
            start=entry.position, limit=1
        )
        assert notification.id == entry.position
        assert (str(notification.originator_id), notification.originator_version) == (
            entry.record_id, entry.version
        )


# What each scope's views show, read with the queries the routes use


def child_views(replay: Replay, child: UUID) -> dict[str, Any]:
    today = local_date(replay.at)
    found = risk.child_risk(replay.view, str(child), today, DEFAULTS)
    workers = {row["worker_id"] for row in replay.view.select(
        "SELECT worker_id FROM {p}allocations WHERE child_id = ?", (str(child),))}
    return {
        **{table: _rows(replay.view, table, "child_id = ?", str(child)) for table in CHILD_TABLES},
        "workers": sorted(r for w in workers for r in _rows(replay.view, "workers",
                                                            "worker_id = ?", w)),
        "clocks shown": deadlines.child_clocks_at(replay.view, str(child), today, DEFAULTS),
        "signals": found.signals if found else None,
    }


def worker_views(replay: Replay, worker: UUID) -> dict[str, Any]:
    today = local_date(replay.at)
    return {
        "caseload": caseload.worker_caseloads(replay.view, DEFAULTS, worker_id=str(worker)),
        "deadlines": deadlines.worker_deadlines(replay.view, str(worker), today, DEFAULTS),
    }


def team_views(replay: Replay, team: UUID) -> dict[str, Any]:
    today = local_date(replay.at)
    return {
        "caseload": caseload.team_caseloads(replay.view, DEFAULTS, team_id=str(team)),
        "deadlines": deadlines.team_deadlines(replay.view, str(team), today, DEFAULTS),
    }


def _rows(view: ViewStore, table: str, where: str, value: str) -> list[tuple[Any, ...]]:
    rows = view.select(f"SELECT * FROM {{p}}{table} WHERE {where}", (value,))
    return sorted((tuple(sorted(row.items())) for row in rows), key=repr)


def with_clock(service: CaseRecord, recorded_at: datetime, command: Any) -> Any:
    previous = service.clock
    service.clock = lambda: recorded_at
    try:
        return command()
    finally:
        service.clock = previous
