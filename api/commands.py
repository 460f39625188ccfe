"""Routes for every command of the domain: parse, authorise, call one service method, answer
with what was recorded. Request models come from the domain's signatures (api/command_models)."""

import uuid
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel

from api import access
from api.auth import Principal
from api.command_models import CommandBody, model_for
from api.deps import CurrentUser, IdempotencyKey, OnBehalfOf, Services
from api.problems import Invisible
from api.services import ApiServices
from domain.child import Child
from domain.episode import Episode
from domain.errors import InvalidValue
from domain.service import (
    CHILD_COMMANDS,
    EPISODE_COMMANDS,
    WORKER_COMMANDS,
    CaseRecord,
    CommandContext,
    Receipt,
)
from domain.workforce import Team, Worker
from projections.queries import records

router = APIRouter()

MANAGERS_ONLY = {
    "restrict",
    "lift_restriction",
    "extend_clock",
    "authorise_assessment",
    "record_management_oversight",
}


class Recorded(BaseModel):
    """What a command recorded: the record it changed, its version now, the events it added."""

    record_id: UUID
    version: int
    events: list[str]
    replayed: bool


def _context(
    services: ApiServices,
    user: Principal,
    body: CommandBody,
    key: str | None,
    on_behalf_of: str | None,
) -> CommandContext:
    if on_behalf_of is not None:
        # Recording for someone names a real colleague, or the record would attribute work to
        # nobody (or to anyone the caller likes).
        colleague = records.worker_by_staff_id(services.views, on_behalf_of)
        if colleague is None or colleague.left_on is not None:
            raise InvalidValue("X-On-Behalf-Of", "not the staff id of a current worker")
    return CommandContext(
        actor=user.user,
        correlation_id=str(uuid.uuid4()),
        on_behalf_of=on_behalf_of,
        expected_version=body.expected_version,
        idempotency_key=key,
    )


def _answer(services: ApiServices, receipt: Receipt) -> Recorded:
    services.caught_up(receipt.position)
    return Recorded(
        record_id=receipt.record_id,
        version=receipt.version,
        events=list(receipt.events),
        replayed=receipt.replayed,
    )


def _path(name: str) -> str:
    return name.replace("_", "-")


def _child_of_episode(services: ApiServices, episode_id: UUID) -> str:
    child = records.child_of_episode(services.views, str(episode_id))
    if child is None:
        raise Invisible()
    return child


Act = Callable[[CaseRecord, CommandContext, UUID, dict[str, Any]], Receipt]


def _record_route(
    path: str,
    name: str,
    body_model: type[CommandBody],
    act: Act,
    authorise: Callable[[ApiServices, Principal, UUID], None],
    summary: str,
    status: int = 200,
) -> None:
    def handler(
        record_id: UUID,
        body: body_model,  # type: ignore[valid-type]
        user: CurrentUser,
        services: Services,
        key: IdempotencyKey = None,
        on_behalf_of: OnBehalfOf = None,
    ) -> Recorded:
        authorise(services, user, record_id)
        facts = CommandBody.facts(body)
        _may_name_team(services, user, facts)
        ctx = _context(services, user, body, key, on_behalf_of)
        return _answer(services, act(services.case_record, ctx, record_id, facts))

    handler.__name__ = name
    router.add_api_route(
        path,
        handler,
        methods=["POST"],
        response_model=Recorded,
        status_code=status,
        summary=summary,
        name=name,
        tags=[path.split("/")[1]],
        responses={
            404: {"description": "no such record, or none you may know of"},
            409: {"description": "the record changed since you read it"},
            422: {"description": "the request, or what it would record, is not valid"},
        },
    )


def _may_name_team(services: ApiServices, user: Principal, facts: dict[str, Any]) -> None:
    """A command that puts a worker into a team (joining, moving) may name only a team the
    caller manages or belongs to: a manager cannot place staff, and so their caseloads, in
    another manager's team."""
    team = facts.get("team")
    if isinstance(team, UUID):
        access.check_team_scope(services, user, str(team))


def _may_change_episode(services: ApiServices, user: Principal, episode_id: UUID) -> None:
    access.check_may_change_child(services, user, _child_of_episode(services, episode_id))


def _may_change_child(services: ApiServices, user: Principal, child_id: UUID) -> None:
    access.check_may_change_child(services, user, str(child_id))


def _managers(
    check: Callable[[ApiServices, Principal, UUID], None],
) -> Callable[[ApiServices, Principal, UUID], None]:
    def both(services: ApiServices, user: Principal, record_id: UUID) -> None:
        access.check_manager(user)
        check(services, user, record_id)

    return both


def _may_refer(services: ApiServices, user: Principal, child_id: UUID) -> None:
    """Anyone at the front door may record a referral on a child they may know exists."""
    access.check_may_record(user)
    child = records.child(services.views, str(child_id))
    if child is None or (child.restricted and user.user not in child.named_people):
        raise Invisible()


def _manager_of_worker(services: ApiServices, user: Principal, worker_id: UUID) -> None:
    """A manager changes the record of a worker in a team they manage or belong to."""
    access.check_manager(user)
    access.check_worker_scope(services, user, str(worker_id))


def _manager_of_team(services: ApiServices, user: Principal, team_id: UUID) -> None:
    """A manager appoints the manager of a team they manage or belong to."""
    access.check_manager(user)
    access.check_team_scope(services, user, str(team_id))


def _episode_command(name: str) -> Act:
    def act(svc: CaseRecord, ctx: CommandContext, rid: UUID, facts: dict[str, Any]) -> Receipt:
        return svc.episode_command(ctx, rid, name, **facts)

    return act


def _child_command(name: str) -> Act:
    def act(svc: CaseRecord, ctx: CommandContext, rid: UUID, facts: dict[str, Any]) -> Receipt:
        return svc.child_command(ctx, rid, name, **facts)

    return act


def _worker_command(name: str) -> Act:
    def act(svc: CaseRecord, ctx: CommandContext, rid: UUID, facts: dict[str, Any]) -> Receipt:
        return svc.worker_command(ctx, rid, name, **facts)

    return act


def _summary(name: str) -> str:
    return name.replace("_", " ").capitalize()


for _name in sorted(EPISODE_COMMANDS):
    _record_route(
        f"/episodes/{{record_id}}/{_path(_name)}",
        f"episode_{_name}",
        model_for(_name, getattr(Episode, _name)),
        _episode_command(_name),
        _managers(_may_change_episode) if _name in MANAGERS_ONLY else _may_change_episode,
        _summary(_name),
    )

for _name in sorted(CHILD_COMMANDS):
    _record_route(
        f"/children/{{record_id}}/{_path(_name)}",
        f"child_{_name}",
        model_for(_name, getattr(Child, _name)),
        _child_command(_name),
        _managers(_may_change_child) if _name in MANAGERS_ONLY else _may_change_child,
        _summary(_name),
    )

for _name in sorted(WORKER_COMMANDS):
    _record_route(
        f"/workers/{{record_id}}/{_path(_name)}",
        f"worker_{_name}",
        model_for(_name, getattr(Worker, _name)),
        _worker_command(_name),
        _manager_of_worker,
        _summary(_name),
    )

_record_route(
    "/children/{record_id}/referrals",
    "receive_referral",
    model_for("receive_referral", Episode.receive_referral),
    lambda svc, ctx, rid, facts: svc.receive_referral(ctx, rid, **facts),
    _may_refer,
    "Receive a referral (opens an episode of need)",
    status=201,
)
_record_route(
    "/children/{record_id}/death",
    "record_death",
    model_for("record_death", Child.record_death),
    lambda svc, ctx, rid, facts: svc.record_death(ctx, rid, **facts),
    _managers(_may_change_child),
    "Record the child's death",
)
_record_route(
    "/episodes/{record_id}/allocate",
    "allocate_worker",
    model_for("allocate_worker", CaseRecord.allocate_worker, {"self", "ctx", "episode_id"}),
    lambda svc, ctx, rid, facts: svc.allocate_worker(ctx, rid, **facts),
    _managers(_may_change_episode),
    "Allocate the episode to a worker",
)
_record_route(
    "/episodes/{record_id}/close",
    "close_episode",
    model_for("close_episode", CaseRecord.close_episode, {"self", "ctx", "episode_id"}),
    lambda svc, ctx, rid, facts: svc.close_episode(ctx, rid, **facts),
    _may_change_episode,
    "Close the episode (RC1-RC9)",
)
_record_route(
    "/episodes/{record_id}/reopen",
    "reopen_episode",
    model_for("reopen_episode", CaseRecord.reopen_episode, {"self", "ctx", "episode_id"}),
    lambda svc, ctx, rid, facts: svc.reopen_episode(ctx, rid, **facts),
    _managers(_may_change_episode),
    "Reopen a closed episode, with a reason",
)
_record_route(
    "/teams/{record_id}/manager",
    "appoint_team_manager",
    model_for("appoint_team_manager", CaseRecord.appoint_team_manager, {"self", "ctx", "team"}),
    lambda svc, ctx, rid, facts: svc.appoint_team_manager(ctx, rid, **facts),
    _manager_of_team,
    "Appoint a team's manager",
)


def _create_route(
    path: str,
    name: str,
    body_model: type[CommandBody],
    act: Callable[[CaseRecord, CommandContext, dict[str, Any]], Receipt],
    authorise: Callable[[Principal], None],
    summary: str,
) -> None:
    def handler(
        body: body_model,  # type: ignore[valid-type]
        user: CurrentUser,
        services: Services,
        key: IdempotencyKey = None,
        on_behalf_of: OnBehalfOf = None,
    ) -> Recorded:
        authorise(user)
        facts = CommandBody.facts(body)
        _may_name_team(services, user, facts)
        ctx = _context(services, user, body, key, on_behalf_of)
        return _answer(services, act(services.case_record, ctx, facts))

    handler.__name__ = name
    router.add_api_route(
        path,
        handler,
        methods=["POST"],
        response_model=Recorded,
        status_code=201,
        summary=summary,
        name=name,
        tags=[path.strip("/")],
        responses={422: {"description": "the request is not valid"}},
    )


_create_route(
    "/children",
    "register_child",
    model_for("register_child", Child.register),
    lambda svc, ctx, facts: svc.register_child(ctx, **facts),
    access.check_may_record,
    "Register a child (or an unborn child, by expected date)",
)
_create_route(
    "/teams",
    "form_team",
    model_for("form_team", Team.form),
    lambda svc, ctx, facts: svc.form_team(ctx, **facts),
    access.check_manager,
    "Form a team",
)
_create_route(
    "/workers",
    "add_worker",
    model_for("add_worker", Worker.join),
    lambda svc, ctx, facts: svc.add_worker(ctx, **facts),
    access.check_manager,
    "Add a worker to a team",
)
