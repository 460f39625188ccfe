"""Routes for the statutory returns, for analysts and managers: the CIN census, the SSDA903 files
and Ofsted's Annex A, each as the file itself, and our own pre-submission checks of the first two.
A return holds many children's records: each export is itself recorded in the access log (who,
which return, when, why), and a refusal too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from api.auth import Principal, Role
from api.deps import CurrentUser, Purpose, Services
from api.problems import Forbidden
from api.services import ApiServices
from consumers.returns.issues import Issue, summary
from consumers.returns.service import ReturnFile, Returns

router = APIRouter(prefix="/reports", tags=["reports"])
MAY_EXPORT = frozenset({Role.ANALYST, Role.MANAGER})
Year = Annotated[int, Query(ge=2011, le=2035, description="collection year, e.g. 2026 (2025-26)")]
FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "the return's file"},
    403: {"description": "only analysts and managers make returns"},
    503: {"description": "the reporting tables are still catching up with the record"},
}


def returns(request: Request) -> Returns:
    found: Returns | None = getattr(request.app.state, "reports", None)
    if found is None:
        raise HTTPException(503, "the statutory returns are not available in this process")
    return found


Reports = Annotated[Returns, Depends(returns)]


@router.get("/cin-census", responses=FILE, response_class=Response)
def cin_census(
    year: Year, user: CurrentUser, services: Services, reports: Reports, purpose: Purpose = None
) -> Response:
    """The Children in Need census XML of a collection year."""
    _export(services, user, f"CIN census {year}", purpose)
    return _file(_made(lambda: reports.cin_census(year)))


@router.get("/cin-census/checks", responses=FILE)
def cin_census_checks(
    year: Year, user: CurrentUser, services: Services, reports: Reports, purpose: Purpose = None
) -> dict[str, Any]:
    """Our checks of the CIN census of a collection year, each with the child and the rule."""
    _export(services, user, f"CIN census {year} checks", purpose)
    return _checks("cin", year, _made(lambda: reports.cin_census(year)).issues)


@router.get("/ssda903", responses=FILE, response_class=Response)
def ssda903(
    year: Year, user: CurrentUser, services: Services, reports: Reports, purpose: Purpose = None
) -> Response:
    """The SSDA903 files of a collection year, in one zip archive."""
    _export(services, user, f"SSDA903 {year}", purpose)
    return _file(_made(lambda: reports.ssda903(year)[1]))


@router.get("/ssda903/checks", responses=FILE)
def ssda903_checks(
    year: Year, user: CurrentUser, services: Services, reports: Reports, purpose: Purpose = None
) -> dict[str, Any]:
    """Our checks of the SSDA903 return of a collection year, each with the child and the rule."""
    _export(services, user, f"SSDA903 {year} checks", purpose)
    return _checks("903", year, _made(lambda: reports.ssda903(year)[1]).issues)


@router.get("/annex-a", responses=FILE, response_class=Response)
def annex_a(
    as_of: Annotated[date, Query(description="the date the lists are made as at")],
    user: CurrentUser, services: Services, reports: Reports, purpose: Purpose = None,
) -> Response:
    """Ofsted's Annex A lists as at a date: an Excel workbook, a sheet per list."""
    if not date(2011, 4, 1) <= as_of <= date(2035, 12, 31):
        raise HTTPException(422, "as_of must fall within the working-day calendar (2011-2035)")
    _export(services, user, f"Annex A as at {as_of.isoformat()}", purpose)
    return _file(_made(lambda: reports.annex_a(as_of)))


def _export(services: ApiServices, user: Principal, what: str, purpose: str | None) -> None:
    """Record the export (or its refusal) in the access log; refuse other roles."""
    allowed = user.role in MAY_EXPORT
    services.case_record.record_access(user.user, user.role.value, None, f"report: {what}",
                                       purpose, "allowed" if allowed else "refused")
    if not allowed:
        raise Forbidden()


def _made(make: Callable[[], ReturnFile]) -> ReturnFile:
    try:
        made: ReturnFile = make()
    except TimeoutError:
        raise HTTPException(503, "the reporting tables are still catching up with the record; "
                            "try again shortly") from None
    return made


def _file(made: ReturnFile) -> Response:
    counts = summary(made.issues)
    return Response(made.content, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"',
        "X-Check-Errors": str(counts["errors"]), "X-Check-Queries": str(counts["queries"]),
    })


def _checks(report: str, year: int, issues: list[Issue]) -> dict[str, Any]:
    return {"report": report, "year": year, "summary": summary(issues),
            "issues": [issue.as_dict() for issue in issues]}
