"""Routes for reviewers: a child's chronology (JSON, CSV, a printable page), and a child's, a
worker's or a team's view as the system showed it at a past moment, beside what is known today.

A chronology and a child's past view are reads of the child's record: the same people may see
them as may read the record, every read is in the access log, and auditors give their purpose.
The reads of the record (`include_access`) are for auditors and managers only, as the access log
is. Workers' and teams' past views follow the rules of their present ones.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response

from api import access
from api.auth import Principal, Role
from api.chronology_formats import as_csv, as_html
from api.deps import BreakGlass, CurrentUser, Purpose, Services
from api.problems import Forbidden, Invisible
from api.queries import read_child_record
from api.services import ApiServices
from domain.envelope import local_date, start_of_day
from domain.errors import InvalidValue
from projections.chronology import ALL_KINDS
from projections.queries import as_known
from projections.queries.chronology import Chronology, child_chronology

router = APIRouter(tags=["reviews"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such record, or none you may know of"}
}
EARLIEST = date(1900, 1, 1)

Order = Annotated[
    Literal["occurred", "recorded"],
    Query(description="as it happened (`occurred`) or as it was recorded (`recorded`)"),
]
Since = Annotated[date | None, Query(alias="from", description="first day shown (England)")]
Until = Annotated[date | None, Query(alias="to", description="last day shown (England)")]
Kinds = Annotated[
    list[str] | None,
    Query(alias="kind", max_length=len(ALL_KINDS),
          description=f"only entries of these kinds: {', '.join(ALL_KINDS)}"),
]
IncludeAccess = Annotated[
    bool, Query(description="interleave the reads of the record (auditors and managers)")
]
At = Annotated[
    str,
    Query(
        max_length=40,
        description="the moment T: a time with its offset, or a date (the end of that day in "
        "England)",
        examples=["2025-11-07T10:00:00Z"],
    ),
]


class Asked:
    """What a reader asks of a chronology, the same for each of its formats."""

    def __init__(
        self, order: Order = "occurred", since: Since = None, until: Until = None,
        kinds: Kinds = None, include_access: IncludeAccess = False, purpose: Purpose = None,
        glass: BreakGlass = None,
    ) -> None:
        self.order, self.since, self.until, self.kinds = order, since, until, kinds or []
        self.include_access, self.purpose, self.glass = include_access, purpose, glass


ChronologyAsked = Annotated[Asked, Depends()]


@router.get("/children/{child_id}/chronology", responses=NOT_FOUND)
def chronology(
    child_id: UUID, user: CurrentUser, services: Services, asked: ChronologyAsked
) -> dict[str, Any]:
    """A child's chronology: what happened, when it was recorded, by whom, and corrections."""
    return _plain(_chronology(services, user, child_id, "child chronology", asked))


@router.get(
    "/children/{child_id}/chronology.csv", response_class=Response,
    responses={**NOT_FOUND, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def chronology_csv(
    child_id: UUID, user: CurrentUser, services: Services, asked: ChronologyAsked
) -> Response:
    """A child's chronology as CSV, one entry a row."""
    found = _chronology(services, user, child_id, "child chronology csv", asked)
    return Response(
        as_csv(found), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="chronology-{child_id}.csv"'},
    )


@router.get(
    "/children/{child_id}/chronology.html", response_class=HTMLResponse, responses=NOT_FOUND
)
def chronology_html(
    child_id: UUID, user: CurrentUser, services: Services, asked: ChronologyAsked
) -> HTMLResponse:
    """A child's chronology as a page to print."""
    found = _chronology(services, user, child_id, "child chronology printable", asked)
    page = as_html(found, reader=user.user, purpose=asked.glass or asked.purpose,
                   made_at=services.clock(), since=asked.since, until=asked.until,
                   kinds=asked.kinds)
    # Nothing on the page loads or runs anything: its own styles only.
    return HTMLResponse(page, headers={
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
    })


@router.get("/children/{child_id}/as-known-at", responses=NOT_FOUND)
def child_as_known_at(
    child_id: UUID, at: At, user: CurrentUser, services: Services, purpose: Purpose = None,
    glass: BreakGlass = None,
) -> dict[str, Any]:
    """A child's clocks and risk signals as the system showed them at T, and what changed."""
    moment = _moment(at, services)
    read_child_record(services, user, child_id, "child as known at", purpose, glass)
    found = as_known.child_as_known(
        services.case_record, child_id, moment, services.clock(), services.clock_settings,
        services.thresholds,
    )
    return _plain(found)


@router.get("/workers/{worker_id}/as-known-at", responses=NOT_FOUND)
def worker_as_known_at(
    worker_id: UUID, at: At, user: CurrentUser, services: Services
) -> dict[str, Any]:
    """A worker's caseload and deadlines as the system showed them at T, and what changed."""
    moment = _moment(at, services)
    access.check_worker_scope(services, user, str(worker_id))
    found = as_known.worker_as_known(
        services.case_record, services.views, worker_id, moment, services.clock(),
        services.clock_settings, services.thresholds,
    )
    return _plain(found)


@router.get("/teams/{team_id}/as-known-at", responses=NOT_FOUND)
def team_as_known_at(
    team_id: UUID, at: At, user: CurrentUser, services: Services
) -> dict[str, Any]:
    """A team's caseload and deadlines as the system showed them at T, and what changed."""
    moment = _moment(at, services)
    access.check_team_scope(services, user, str(team_id))
    found = as_known.team_as_known(
        services.case_record, services.views, team_id, moment, services.clock(),
        services.clock_settings, services.thresholds,
    )
    return _plain(found)


def _chronology(
    services: ApiServices, user: Principal, child_id: UUID, route: str, asked: Asked
) -> Chronology:
    since, until, kinds, purpose = asked.since, asked.until, asked.kinds, asked.purpose
    unknown = sorted(set(kinds) - set(ALL_KINDS))
    if unknown:
        raise InvalidValue("kind", f"no such kind: {', '.join(unknown)}; the kinds are "
                                   f"{', '.join(ALL_KINDS)}")
    if since is not None and until is not None and since > until:
        raise InvalidValue("from", "the period starts after it ends")
    if asked.include_access and user.role not in (Role.AUDITOR, Role.MANAGER):
        # As for the access log itself: the role may never read it, and the refusal is logged.
        services.case_record.record_access(
            user.user, user.role.value, child_id, route, purpose, "refused"
        )
        raise Forbidden()
    read_child_record(services, user, child_id, route, purpose, asked.glass)
    found = child_chronology(
        services.case_record, child_id, services.today(), auditor=user.role is Role.AUDITOR,
        order=asked.order, kinds=kinds, since=since, until=until,
        reads_from=services.views if asked.include_access else None,
    )
    if found is None:
        raise Invisible()
    return found


def _moment(text: str, services: ApiServices) -> datetime:
    """T from the query: an aware time, or a date meaning the end of that day in England; never
    before 1900 nor still to come."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = start_of_day(day + timedelta(days=1)) - timedelta(microseconds=1)
        else:
            moment = datetime.fromisoformat(text)
        aware = moment.tzinfo is not None and moment.utcoffset() is not None
        too_early = aware and local_date(moment) < EARLIEST
    except (ValueError, OverflowError):
        raise InvalidValue("at", "give a date (2026-03-01) or a time with its offset "
                                 "(2026-03-01T10:00Z)") from None
    if not aware:
        raise InvalidValue("at", "a time must carry its UTC offset (e.g. 2026-03-01T10:00Z)")
    if too_early:
        raise InvalidValue("at", "the record holds nothing before 1900")
    if moment > services.clock():
        raise InvalidValue("at", "the view cannot be shown as known at a moment still to come")
    return moment


def _plain(value: Any) -> dict[str, Any]:
    found: dict[str, Any] = dataclasses.asdict(value)
    return found
