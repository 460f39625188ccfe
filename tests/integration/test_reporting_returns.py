"""The statutory returns of a synthetic authority, checked by the public validators the
authorities themselves use (each installed in a virtual environment of its own by
scripts/validators-install): the CIN census and the SSDA903 return have no errors, and our own
checks name every problem the validators find, with the child and the rule; a journey made
invalid is flagged by both. And Annex A has every list."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.reporting.store import close_reporting_store, open_reporting_store
from consumers.returns.issues import Issue
from consumers.returns.period import Authority
from consumers.returns.service import Returns
from consumers.returns.ssda903 import COLUMNS
from domain.calendar import load_england_and_wales
from domain.service import CaseRecord, CommandContext
from runtime.cli import main
from runtime.demo import generator
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys
from tests.journeys import ChildDetails, refer_child

ROOT = Path(__file__).resolve().parents[2]
VALIDATORS = ROOT / ".services" / "validators"
# The demo's history ends after the 2025-26 collection year, so that the whole year is in it.
END = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)
DEMO_YEAR = 2026
Findings = set[tuple[str | None, str]]


@dataclass(frozen=True)
class Validators:
    cin: Path
    ssda903: Path

    def check_cin(self, xml: Path, year: int) -> list[dict[str, Any]]:
        return self._run(self.cin, "cin_check.py", str(xml), str(year))

    def check_903(self, folder: Path, year: int) -> list[dict[str, Any]]:
        return self._run(self.ssda903, "ssda903_check.py", str(folder), str(year))

    @staticmethod
    def _run(python: Path, script: str, *args: str) -> list[dict[str, Any]]:
        done = subprocess.run([str(python), str(ROOT / "scripts" / "validators" / script), *args],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        found: list[dict[str, Any]] = json.loads(done.stdout)["issues"]
        return found


@pytest.fixture(scope="session")
def validators() -> Validators:
    """The validators' environments (installed once; the script is a no-op when they are)."""
    subprocess.run(["bash", str(ROOT / "scripts" / "validators-install")], check=True,
                   timeout=900)
    return Validators(VALIDATORS / "cin" / "bin" / "python", VALIDATORS / "903" / "bin" / "python")


def returns_of(store: Any) -> Returns:
    return Returns(store=store, authority=Authority("999", "Demo Borough Council"),
                   calendar=load_england_and_wales(), clock=lambda: END, release="test")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Returns]:
    """A small synthetic authority (two years to May 2026) in SQLite, its reporting tables folded
    from the store."""
    settings = Settings(store="sqlite", data_dir=tmp_path_factory.mktemp("demo") / "data")
    env = event_store_env(settings)
    app = CaseRecord(env=env)
    store = open_reporting_store(env)
    try:
        report = generator.load(app, generator.plan(11, scale=0.015, years=2.0, end=END))
        assert report.refusals == []
        catch_up(app, Reporting(store))
        yield returns_of(store)
    finally:
        close_reporting_store(store)
        app.close()


def ours(issues: list[Issue], **only: Any) -> Findings:
    return {(i.child, rule) for i in issues if all(getattr(i, k) == v for k, v in only.items())
            for rule in i.rules}


def theirs(issues: list[dict[str, Any]], **only: Any) -> Findings:
    return {(i["child"], i["rule"]) for i in issues
            if all(i.get(k) == v for k, v in only.items())}


def test_the_cin_census_of_the_synthetic_authority_has_no_errors_and_our_checks_name_every_query(
    demo: Returns, validators: Validators, tmp_path: Path
) -> None:
    made = demo.cin_census(DEMO_YEAR)
    (tmp_path / made.filename).write_bytes(made.content)

    found = validators.check_cin(tmp_path / made.filename, DEMO_YEAR)

    assert made.content.count(b"<Child>") > 50
    assert theirs(found, type="ERROR") == set()
    assert theirs(found) <= ours(made.issues)
    assert not [i for i in made.issues if i.severity == "error"]


def test_the_ssda903_return_of_the_synthetic_authority_has_no_errors_and_every_fact_it_asks(
    demo: Returns, validators: Validators, tmp_path: Path
) -> None:
    files, made = demo.ssda903(DEMO_YEAR)
    for name in files.files:
        (tmp_path / name).write_bytes(files.csv(name))

    found = validators.check_903(tmp_path, DEMO_YEAR)

    assert theirs(found) == set()
    assert made.issues == []
    assert len(files.rows("episodes.csv")) > 10
    for name in ("sw_episodes.csv", "oc2.csv", "previous_permanence.csv", "reviews.csv"):
        assert files.rows(name), name
    assert all(e["PLACE_PROVIDER"] and e["PL_POST"] and e["URN"]
               for e in files.rows("episodes.csv") if e["LS"] not in ("V3", "V4"))
    assert {h["MOTHER"] for h in files.rows("header.csv") if h["SEX"] == "F"} <= {"0", "1"}
    assert all(w["SW_ID"].startswith("SW") for w in files.rows("sw_episodes.csv"))


@pytest.fixture(scope="module")
def invalid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Returns, dict[str, str],
                                                                        Path]]:
    """A store with two journeys made invalid in the last whole collection year: an episode
    closed with its assessment never authorised (CIN rule 8867), and a child held under police
    protection for five days (SSDA903 rule 361, the 72 hours of the Children Act)."""
    data = tmp_path_factory.mktemp("invalid") / "data"
    settings = Settings(store="sqlite", data_dir=data)
    env = event_store_env(settings)
    app = CaseRecord(env=env)
    store = open_reporting_store(env)
    try:
        year = last_whole_year()
        base = date(year - 1, 10, 6)
        staff = journeys.form_staff(app, base - timedelta(days=200))
        unauthorised = closed_without_authorising(app, base, staff)
        protected = _police_protection_for_five_days(app, base, staff)
        journeys.looked_after_journey(app, base - timedelta(days=120), staff)
        catch_up(app, Reporting(store))
        yield returns_of(store), {"unauthorised": unauthorised, "protected": protected}, data
    finally:
        close_reporting_store(store)
        app.close()


def last_whole_year() -> int:
    today = datetime.now(UTC).date()
    return today.year if today > date(today.year, 3, 31) else today.year - 1


def test_a_journey_made_invalid_is_flagged_by_our_checks_and_by_the_validators(
    invalid: tuple[Returns, dict[str, str], Path], validators: Validators, tmp_path: Path
) -> None:
    returns, children, _ = invalid
    year = last_whole_year()
    cin = returns.cin_census(year)
    (tmp_path / "cin.xml").write_bytes(cin.content)
    files, lac = returns.ssda903(year)
    (tmp_path / "903").mkdir()
    for name in files.files:
        (tmp_path / "903" / name).write_bytes(files.csv(name))

    cin_found = validators.check_cin(tmp_path / "cin.xml", year)
    lac_found = validators.check_903(tmp_path / "903", year)

    assert (children["unauthorised"], "8867") in ours(cin.issues, severity="error")
    assert (children["unauthorised"], "8867") in theirs(cin_found, type="ERROR")
    assert (children["protected"], "361") in ours(lac.issues, not_recorded=False)
    assert (children["protected"], "361") in theirs(lac_found)


# The lists of Ofsted's Annex A, each with the columns the reference names.
ANNEX_A = {
    "List 1 Contacts": ["Date of contact", "Contact source"],
    "List 2 Early help": ["Disability", "Allocated team", "Allocated worker"],
    "List 3 Referrals": ["Date of referral", "Referral source",
                         "Referral resulted in no further action",
                         "Referrals in the previous 12 months"],
    "List 4 Assessments": ["Assessment start date", "Date child seen during assessment",
                           "Assessment authorised date", "Assessment outcome"],
    "List 5 Section 47": ["Strategy discussion date", "Initial conference not needed",
                          "Date of initial conference", "Child protection plan resulted",
                          "Section 47 enquiries in the last 12 months",
                          "Initial conferences in the last 12 months"],
    "List 6 Children in need": ["Child in need start date", "Primary need",
                                "Date child last seen", "Closure date", "Case status"],
    "List 7 Child protection": ["Plan start date", "Initial category of abuse",
                                "Latest category of abuse", "Date of last statutory visit",
                                "Child seen alone at last visit",
                                "Date of latest review conference", "Plan end date",
                                "EPO or police protection in the last 6 months",
                                "Number of previous plans"],
    "List 8 Children in care": ["Legal status", "Date of latest review", "Date of last visit",
                                "Date of last IRO contact", "Placements in the last 12 months",
                                "Missing episodes in the last 12 months", "Placement type",
                                "Placement provider", "Unaccompanied asylum-seeking child"],
    "List 9 Care leavers": ["Date ceased to be looked after", "Pathway plan start date",
                            "Activity", "Accommodation"],
    "List 10 Adoption": ["Date of placement order", "Date placed for adoption", "Date adopted",
                         "Date of decision that the child should be placed for adoption",
                         "Date matched with adopters"],
    "List 11 Adopters": ["Adopter unique ID", "Date matched", "Date child placed"],
}
PROVIDERS = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
CHILD_COLUMNS = ["Child unique ID", "Gender", "Ethnicity", "Date of birth", "Age"]


def test_annex_a_has_every_list_with_its_columns_and_the_children_on_them(
    demo: Returns,
) -> None:
    made = demo.annex_a(date(2026, 3, 31))
    book = openpyxl.load_workbook(io.BytesIO(made.content))

    assert book.sheetnames == list(ANNEX_A)
    for name, columns in ANNEX_A.items():
        header = [cell.value for cell in book[name][1]]
        assert set(columns) <= set(header), name
        if name != "List 11 Adopters":
            assert header[:5] == CHILD_COLUMNS, name
    for name in ("List 1 Contacts", "List 3 Referrals", "List 4 Assessments",
                 "List 6 Children in need", "List 7 Child protection", "List 8 Children in care"):
        assert book[name].max_row > 2, name
    in_care = [dict(zip([c.value for c in book["List 8 Children in care"][1]], row, strict=True))
               for row in book["List 8 Children in care"].iter_rows(min_row=2, values_only=True)]
    assert all(r["Legal status"] in ("V2", "C1", "C2", "L2", "E1") for r in in_care)
    assert all(isinstance(r["Date started to be looked after"], datetime) for r in in_care)
    assert {r["Unaccompanied asylum-seeking child"] for r in in_care} <= {"Yes", "No"}
    assert all(r["Placement provider"] in PROVIDERS for r in in_care)


def test_the_report_command_writes_each_return_and_its_checks(
    invalid: tuple[Returns, dict[str, str], Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, children, data = invalid
    monkeypatch.setenv("CASETRAIL_STORE", "sqlite")
    monkeypatch.setenv("CASETRAIL_DATA_DIR", str(data))
    year = str(last_whole_year())

    cin = main(["report", "cin", "--year", year, "--out", str(tmp_path / "cin.xml"),
                "--checks", str(tmp_path / "cin.csv"), "--fail-on-errors"])
    lac = main(["report", "903", "--year", year, "--out", str(tmp_path / "903")])
    annex = main(["report", "annex-a", "--as-of", f"{year}-03-31", "--out",
                  str(tmp_path / "annex.xlsx")])
    refused = main(["report", "cin", "--year", "1990", "--out", str(tmp_path / "x.xml")])

    assert (cin, lac, annex, refused) == (1, 0, 0, 2)  # 1: the checks found errors
    assert b"<LAchildID>" + children["unauthorised"].encode() in (tmp_path / "cin.xml").read_bytes()
    with (tmp_path / "cin.csv").open() as handle:
        assert {"child": children["unauthorised"], "rule": "8867"}.items() <= next(
            row for row in csv.DictReader(handle) if row["rule"] == "8867").items()
    assert sorted(p.name for p in (tmp_path / "903").iterdir()) == sorted(COLUMNS)
    assert openpyxl.load_workbook(tmp_path / "annex.xlsx").sheetnames == list(ANNEX_A)
    assert not (tmp_path / "x.xml").exists()


def closed_without_authorising(app: CaseRecord, base: date, staff: journeys.Staff) -> str:
    rec, ids = refer_child(app, base, ChildDetails("Ruby", "Hale", "F", "WBRI", 7 * 365),
                           source="2A", concern="Ruby has been missing school.",
                           primary_need="N4", staff=staff, span_days=30)
    rec.episode(ids.manager_actor, ids.episode, "decide_referral", 1, decision="ASSESSMENT",
                rationale="Needs assessing.")
    rec.episode(ids.actor, ids.episode, "start_assessment", 2)
    rec.episode(ids.actor, ids.episode, "complete_assessment", 20, factors=["2B"],
                outcome="NFA")
    closed_at = rec.when(25)
    rec.run(closed_at, None, lambda: app.close_episode(
        CommandContext(actor=ids.manager_actor), ids.episode, closed_at, "RC7", "Closed."))
    return _la_child_id(app, ids.child)


def _police_protection_for_five_days(app: CaseRecord, base: date, staff: journeys.Staff) -> str:
    rec, ids = refer_child(app, base, ChildDetails("Noah", "Reid", "M", "WBRI", 9 * 365),
                           source="6", concern="Found alone at night by the police.",
                           primary_need="N1", staff=staff, span_days=10)
    rec.episode(ids.manager_actor, ids.episode, "decide_referral", 0, 13, decision="ASSESSMENT",
                rationale="Urgent.")
    rec.episode(ids.actor, ids.episode, "become_looked_after", 0, 20, legal_status="L1",
                placement_type="U6")
    rec.episode(ids.actor, ids.episode, "change_legal_status", 5, legal_status="C1")
    return _la_child_id(app, ids.child)


def _la_child_id(app: CaseRecord, child: Any) -> str:
    return str(app.child(child).state.la_child_id)
