"""The access policy at its edges: a case with nothing open stays with the team that last held it
(or, never referred, with the team that registered the child), and restricted children are kept
out of lists."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.service import CommandContext
from tests.e2e.access_world import World, moment


def test_a_closed_case_stays_out_of_sight_of_the_managers_of_other_teams(world: World) -> None:
    case = world.open_case(closed=True)

    read = world.send("other manager", "GET", f"/children/{case.child}")
    reopened = world.send(
        "other manager",
        "POST",
        f"/episodes/{case.episode}/reopen",
        {"occurred_at": moment(-1).isoformat(), "reason": "Picking it up."},
    )

    assert (read.status_code, reopened.status_code) == (404, 404)


def test_a_child_not_yet_referred_stays_out_of_sight_of_the_managers_of_other_teams(
    world: World,
) -> None:
    child, _ = world.register_child()
    world.settle()

    assert world.send("other manager", "GET", f"/children/{child}").status_code == 404


def test_a_restricted_childs_waiting_episode_is_listed_only_to_the_people_it_names(
    world: World,
) -> None:
    case = world.open_case(restricted=True)
    world.service.episode_command(
        CommandContext(actor=world.home.manager_actor),
        case.episode,
        "unallocate",
        occurred_at=moment(-1),
        change_reason="MANAGE",
    )
    world.settle()

    waiting = world.send("other manager", "GET", "/unallocated").json()

    assert str(case.child) not in {episode["child_id"] for episode in waiting}


def test_a_manager_cannot_move_their_worker_into_another_managers_team(world: World) -> None:
    worker = world.add_worker(world.home.team)

    moved = world.send(
        "manager",
        "POST",
        f"/workers/{worker}/move-team",
        {"occurred_at": moment(-1).isoformat(), "team": str(world.away.team)},
    )
    world.settle()

    assert moved.status_code == 404
    still_home = world.send("manager", "GET", f"/workers/{worker}/caseload").status_code
    seen_away = world.send("other manager", "GET", f"/workers/{worker}/caseload").status_code
    assert (still_home, seen_away) == (200, 404)


def test_a_manager_adds_workers_only_to_their_own_teams(world: World) -> None:
    def add(team: UUID) -> int:
        body = {
            "occurred_at": moment(-1).isoformat(),
            "staff_id": f"SW-{uuid4().hex[:8].upper()}",
            "name": "Ade Bello",
            "team": str(team),
        }
        status: int = world.send("manager", "POST", "/workers", body).status_code
        return status

    assert (add(world.away.team), add(world.home.team), add(uuid4())) == (404, 201, 404)
