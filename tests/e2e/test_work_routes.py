"""A person's own work over HTTP, on both stores: who they are signed in as (GET /me), and the
children a worker holds with overdue work first (GET /workers/{id}/children), each listed child a
read recorded in the access log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from domain.service import CommandContext
from projections.queries.records import access_log
from tests.e2e.access_world import CONCERN, REVIEW, Case, World, moment


def children_of(world: World, who: str, worker: UUID) -> Any:
    return world.send(who, "GET", f"/workers/{worker}/children")


def reads_of(world: World, case: Case) -> list[tuple[str, str, str | None, str]]:
    world.settle()
    return [(row["user_name"], row["route"], row["purpose"], row["outcome"])
            for row in access_log(world.casetrail.views, str(case.child))]


def test_me_tells_a_practitioner_their_worker_record_team_and_the_thresholds(
    world: World,
) -> None:
    answer = world.send("holder", "GET", "/me")

    assert answer.status_code == 200, answer.text
    me = answer.json()
    assert (me["role"], me["worker_id"], me["team_id"]) == (
        "practitioner", str(world.home.worker), str(world.home.team)
    )
    assert [t["team_id"] for t in me["teams"]] == [str(world.home.team)]
    assert me["teams"][0]["managed"] is False
    assert me["thresholds"]["caseload_per_fte"] == 18.0


def test_me_tells_a_manager_the_team_they_manage(world: World) -> None:
    me = world.send("manager", "GET", "/me").json()

    assert me["role"] == "manager"
    assert {(t["team_id"], t["managed"]) for t in me["teams"]} == {(str(world.home.team), True)}


def test_me_offers_auditors_and_analysts_every_team(world: World) -> None:
    for who in ("auditor", "analyst"):
        me = world.send(who, "GET", "/me").json()
        teams = {t["team_id"] for t in me["teams"]}
        assert {str(world.home.team), str(world.away.team)} <= teams
        assert me["worker_id"] is None


def test_me_needs_a_token(world: World) -> None:
    assert world.client.get("/me").status_code == 401


def test_a_worker_sees_their_children_overdue_first_and_each_listing_is_logged(
    world: World,
) -> None:
    fresh = world.open_case()
    late = overdue_case(world)

    answer = children_of(world, "holder", world.home.worker)

    assert answer.status_code == 200, answer.text
    listed = [row["child_id"] for row in answer.json()]
    assert listed.index(str(late.child)) < listed.index(str(fresh.child))
    row = next(r for r in answer.json() if r["child_id"] == str(late.child))
    assert row["episode_id"] == str(late.episode)
    assert [c["rule"] for c in row["overdue"]] == ["E1"]
    assert row["overdue"][0]["status"] == "overdue"
    assert all(isinstance(s["explanation"], str) for s in row["signals"])
    assert reads_of(world, late)[-1] == (
        world.home.worker_actor, "worker's children", None, "allowed"
    )


def test_the_manager_of_the_team_sees_a_workers_children(world: World) -> None:
    case = world.open_case()

    answer = children_of(world, "manager", world.home.worker)

    assert answer.status_code == 200
    assert str(case.child) in {row["child_id"] for row in answer.json()}


def test_someone_elses_worker_is_answered_as_if_they_did_not_exist(world: World) -> None:
    case = world.open_case()

    for who in ("stranger", "other manager", "teammate"):
        answer = children_of(world, who, world.home.worker)
        assert answer.status_code == 404, (who, answer.text)
        assert CONCERN not in answer.text
    assert all(user != world.away.worker_actor for user, *_ in reads_of(world, case))


def test_analysts_may_not_list_children_and_auditors_state_their_purpose(world: World) -> None:
    case = world.open_case()

    assert children_of(world, "analyst", world.home.worker).status_code == 403
    assert children_of(world, "auditor without purpose", world.home.worker).status_code == 422
    audited = children_of(world, "auditor", world.home.worker)

    assert audited.status_code == 200
    assert str(case.child) in {row["child_id"] for row in audited.json()}
    assert ("AUD-ELLIS", "worker's children", REVIEW, "allowed") in reads_of(world, case)


def test_a_restricted_child_is_listed_only_to_the_people_it_names(world: World) -> None:
    case = world.open_case(restricted=True)

    to_holder = children_of(world, "holder", world.home.worker).json()
    to_manager = children_of(world, "manager", world.home.worker).json()

    assert str(case.child) in {row["child_id"] for row in to_holder}
    assert str(case.child) not in {row["child_id"] for row in to_manager}


def overdue_case(world: World) -> Case:
    """A child referred ten days ago whose referral was never decided (E1, one working day,
    overdue), held by the home team's social worker."""
    registered = moment(-24 * 12)
    la_child_id = f"ZQ{uuid4().hex[:10].upper()}"
    child = world.service.register_child(
        CommandContext(actor=world.home.worker_actor), occurred_at=registered,
        la_child_id=la_child_id, given_name="Zinnia", family_name="Quarrington", sex="F",
        ethnicity="WBRI", date_of_birth=registered.date() - timedelta(days=9 * 365),
        disabilities=["NONE"], address="7 Heron Walk, Demoton, DM3 9QT",
    ).record_id
    episode = world.service.receive_referral(
        CommandContext(actor=world.home.worker_actor), child, occurred_at=moment(-24 * 10),
        source="2A", concern=CONCERN, primary_need="N1",
    ).record_id
    world.service.allocate_worker(
        CommandContext(actor=world.home.manager_actor), episode, world.home.worker, moment(-24 * 10)
    )
    world.settle()
    return Case(child, episode, la_child_id, restricted=False)
