"""The statutory returns over HTTP: analysts and managers download the CIN census, the SSDA903
files and Annex A, and our checks of the first two; practitioners and auditors are refused; every
export and every refusal is in the access log."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import openpyxl
import pytest

from api.auth import Principal, Role
from consumers.returns.ssda903 import COLUMNS
from runtime.bootstrap import Casetrail, build
from runtime.settings import Settings
from tests import journeys
from tests.e2e.server import serving
from tests.integration.test_reporting_returns import closed_without_authorising
from tests.integration.views_support import settle


@dataclass(frozen=True)
class Served:
    casetrail: Casetrail
    http: httpx.Client
    year: int
    base: date
    ids: dict[str, Any]

    def token(self, role: Role, user: str = "a-user", worker: str | None = None) -> dict[str, str]:
        keys = self.casetrail.app.state.services.keys
        return {"Authorization": f"Bearer {keys.issue(Principal(user, role, user, worker), 30)}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    casetrail = build(Settings(store="sqlite", data_dir=tmp_path_factory.mktemp("r") / "data"))
    try:
        base = journeys.a_base_date()
        staff = journeys.form_staff(casetrail.case_record, base - timedelta(days=90))
        ids: dict[str, Any] = {name: journey(casetrail.case_record, base, staff)
                               for name, journey in journeys.JOURNEYS.items()}
        # One the checks find fault with: closed with its assessment never authorised.
        ids["unauthorised"] = closed_without_authorising(casetrail.case_record, base, staff)
        year = base.year + 1 if base.month >= 4 else base.year  # the year the journeys began in
        with serving(casetrail.app) as url, httpx.Client(base_url=url, timeout=60) as http:
            yield Served(casetrail, http, year, base, ids)
    finally:
        casetrail.close()


def la_child_id(served: Served, journey: str) -> str:
    child = served.casetrail.case_record.child(served.ids[journey].child)
    return str(child.state.la_child_id)


def test_an_analyst_downloads_the_cin_census_of_a_year(served: Served) -> None:
    answer = served.http.get("/reports/cin-census", params={"year": served.year},
                             headers=served.token(Role.ANALYST))

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/xml")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="cin-census-999-{served.year}.xml"')
    assert f"<LAchildID>{la_child_id(served, 'protection plan')}</LAchildID>" in answer.text
    assert int(answer.headers["x-check-errors"]) >= 0


def test_a_manager_gets_our_checks_of_the_cin_census_with_the_child_and_the_rule(
    served: Served,
) -> None:
    manager = served.token(Role.MANAGER)
    answer = served.http.get("/reports/cin-census/checks", params={"year": served.year},
                             headers=manager)
    census = served.http.get("/reports/cin-census", params={"year": served.year},
                             headers=manager).text

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["report"] == "cin" and body["year"] == served.year
    issues = body["issues"]
    assert all({"child", "rule", "severity", "message"} <= set(i) for i in issues)
    assert {"child": served.ids["unauthorised"], "rule": "8867", "severity": "error"}.items() <= (
        next(i for i in issues if i["rule"] == "8867").items())
    assert all(f"<LAchildID>{i['child']}</LAchildID>" in census for i in issues)
    assert body["summary"]["errors"] == sum(1 for i in issues if i["severity"] == "error")


def test_an_analyst_downloads_the_ssda903_files_in_one_archive(served: Served) -> None:
    answer = served.http.get("/reports/ssda903", params={"year": served.year},
                             headers=served.token(Role.ANALYST))
    checks = served.http.get("/reports/ssda903/checks", params={"year": served.year},
                             headers=served.token(Role.ANALYST))

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == sorted(COLUMNS)
    header = archive.read("header.csv").decode()
    assert la_child_id(served, "looked after") in header
    assert checks.status_code == 200
    assert any(i["child"] == la_child_id(served, "looked after")
               for i in checks.json()["issues"])


def test_an_analyst_downloads_annex_a_as_at_a_date(served: Served) -> None:
    as_of = served.base + timedelta(days=60)  # the referrals are in the six months before
    answer = served.http.get("/reports/annex-a", params={"as_of": as_of.isoformat()},
                             headers=served.token(Role.ANALYST))

    assert answer.status_code == 200, answer.text
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert len(book.sheetnames) == 11
    referred = [row[0] for row in book["List 3 Referrals"].iter_rows(min_row=2, values_only=True)]
    assert la_child_id(served, "referral closed with no further action") in referred


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.AUDITOR])
def test_other_roles_are_refused_and_the_refusal_is_in_the_access_log(
    served: Served, role: Role
) -> None:
    user = f"refused-{role.value}"
    answers = [
        served.http.get(path, params=params, headers=served.token(role, user))
        for path, params in (("/reports/cin-census", {"year": served.year}),
                             ("/reports/ssda903/checks", {"year": served.year}),
                             ("/reports/annex-a", {"as_of": f"{served.year}-03-31"}))
    ]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert ("refused", f"report: CIN census {served.year}") in access_log(served, user)


def test_every_export_is_in_the_access_log_with_its_purpose(served: Served) -> None:
    headers = {**served.token(Role.ANALYST, "analyst-7"), "X-Purpose": "DfE return 2025-26"}
    served.http.get("/reports/ssda903", params={"year": served.year}, headers=headers)

    assert ("allowed", f"report: SSDA903 {served.year}") in access_log(served, "analyst-7")
    purposes = [r["purpose"] for r in served.casetrail.views.select(
        "SELECT purpose FROM {p}access_log WHERE user_name = ?", ("analyst-7",))]
    assert purposes == ["DfE return 2025-26"]


def test_a_bad_year_or_date_is_refused_with_what_was_wrong(served: Served) -> None:
    analyst = served.token(Role.ANALYST)
    cases = [("/reports/cin-census", {"year": 1999}), ("/reports/ssda903", {"year": "soon"}),
             ("/reports/annex-a", {"as_of": "31/03/2026"}),
             ("/reports/annex-a", {"as_of": "1990-03-31"})]

    answers = [served.http.get(path, params=params, headers=analyst) for path, params in cases]

    assert [a.status_code for a in answers] == [422, 422, 422, 422]
    assert all(a.headers["content-type"] == "application/problem+json" for a in answers)
    assert served.http.get("/reports/cin-census", params={"year": 2026}).status_code == 401


def access_log(served: Served, user: str) -> list[tuple[str, str]]:
    settle(served.casetrail)
    return [(r["outcome"], r["route"]) for r in served.casetrail.views.select(
        "SELECT outcome, route FROM {p}access_log WHERE user_name = ? AND child_id IS NULL",
        (user,))]

