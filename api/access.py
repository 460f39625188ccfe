"""Who may see and change what: by role and by relationship to the child, with every read of a
child's record (and every refusal) appended to the access log.

- practitioners: the children held by them or by their team; others only by breaking the glass,
  with a reason that is recorded and shown to the managers of the teams holding the child;
- managers: the children held in the teams they manage or belong to, and unallocated work;
- auditors: every record, read only, always with a stated purpose (the review's reference);
- analysts: the reporting views (caseloads, conditions, deadlines), never a child's record.
Restricted records are invisible, search included, to everyone but the people they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from api.auth import Principal, Role
from api.problems import Forbidden, Invisible
from api.services import ApiServices
from domain.errors import InvalidValue
from projections.queries import records


@dataclass(frozen=True)
class ReadContext:
    route: str
    purpose: str | None = None
    break_glass: str | None = None


def teams_of(services: ApiServices, principal: Principal) -> set[str]:
    """The teams whose children the principal works with."""
    if principal.worker_id is None:
        return set()
    teams = set(records.teams_managed_by(services.views, principal.worker_id))
    me = records.worker(services.views, principal.worker_id)
    if me is not None and me.team_id:
        teams.add(me.team_id)
    return teams


def relationship(services: ApiServices, principal: Principal, child_id: str) -> bool:
    """Whether the child is the principal's work: held (or, with nothing open, last held) by
    them or their teams; waiting for allocation (managers); or registered by them or their team
    and not yet referred."""
    holders = records.holders(services.views, child_id)
    if holders and principal.role is Role.MANAGER and not all(h.worker_id for h in holders):
        return True  # an open episode waiting for a worker is the managers' to allocate
    if not holders:
        last = records.last_holder(services.views, child_id)
        if last is None:
            return _registered_by_us(services, principal, child_id)
        holders = [last]
    teams = teams_of(services, principal)
    return any(
        h.worker_id == principal.worker_id or h.team_id in teams for h in holders if h.worker_id
    )


def _registered_by_us(services: ApiServices, principal: Principal, child_id: str) -> bool:
    child = records.child(services.views, child_id)
    if child is None:
        return False
    if child.registered_by == principal.user:
        return True
    registrar = records.worker_by_staff_id(services.views, child.registered_by)
    return registrar is not None and registrar.team_id in teams_of(services, principal)


def read_child(
    services: ApiServices, principal: Principal, child_id: str, context: ReadContext
) -> str:
    """Decide, record and return the outcome of a read of one child's record; raise when the
    caller is refused (403) or may not know the child exists (404)."""
    outcome = _decide(services, principal, child_id, context)
    services.case_record.record_access(
        principal.user,
        principal.role.value,
        _uuid(child_id),
        context.route,
        context.break_glass or context.purpose,
        outcome,
    )
    if outcome == "refused":
        raise Forbidden()
    if outcome == "invisible":
        raise Invisible()
    return outcome


def may_see(services: ApiServices, principal: Principal, child_id: str) -> bool:
    """Whether a child may appear in this principal's search results (no glass broken)."""
    return _decide(services, principal, child_id, ReadContext("search")) == "allowed"


def listable(services: ApiServices, principal: Principal, child_id: str) -> bool:
    """Whether a child's id may appear in a list (restricted records only to those named)."""
    child = records.child(services.views, child_id)
    return child is not None and not _hidden(child, principal)


def require_purpose(principal: Principal, purpose: str | None) -> None:
    if principal.role is Role.AUDITOR and not (purpose and purpose.strip()):
        raise InvalidValue(
            "X-Purpose", "auditors must state the purpose of every read (the review's reference)"
        )


def check_may_change_child(services: ApiServices, principal: Principal, child_id: str) -> None:
    if principal.role not in (Role.PRACTITIONER, Role.MANAGER):
        raise Forbidden()
    child = records.child(services.views, child_id)
    if (
        child is None
        or _hidden(child, principal)
        or not relationship(services, principal, child_id)
    ):
        raise Invisible()


def check_may_record(principal: Principal) -> None:
    if principal.role not in (Role.PRACTITIONER, Role.MANAGER):
        raise Forbidden()


def check_manager(principal: Principal) -> None:
    if principal.role is not Role.MANAGER:
        raise Forbidden()


def check_worker_scope(services: ApiServices, principal: Principal, worker_id: str) -> None:
    """Reading one worker's caseload, deadlines or conditions."""
    target = records.worker(services.views, worker_id)
    if principal.role in (Role.AUDITOR, Role.ANALYST):
        if target is None:
            raise Invisible()
        return
    if principal.worker_id == worker_id and target is not None:
        return
    if (
        principal.role is Role.MANAGER
        and target is not None
        and (target.team_id in teams_of(services, principal))
    ):
        return
    raise Invisible()


def check_team_scope(services: ApiServices, principal: Principal, team_id: str) -> None:
    if not records.team_exists(services.views, team_id):
        raise Invisible()
    if principal.role in (Role.AUDITOR, Role.ANALYST):
        return
    if team_id not in teams_of(services, principal):
        raise Invisible()


def _decide(
    services: ApiServices, principal: Principal, child_id: str, context: ReadContext
) -> str:
    if principal.role is Role.ANALYST:
        return "refused"
    child = records.child(services.views, child_id)
    if child is None or _hidden(child, principal):
        return "invisible"
    if principal.role is Role.AUDITOR:
        return "allowed"
    if relationship(services, principal, child_id) or principal.user in child.named_people:
        return "allowed"
    if principal.role is Role.PRACTITIONER and context.break_glass:
        return "break-glass"
    return "invisible"


def _hidden(child: records.ChildRow, principal: Principal) -> bool:
    return bool(child.restricted) and principal.user not in child.named_people


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(value)
    except ValueError:
        return None
