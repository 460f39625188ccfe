"""A looked-after child's social workers in the SSDA903 return (SWEpisodes), from a journey
recorded through the case record and folded into the reporting tables: each worker named by
their Social Work England registration number, a personal adviser (who needs none) by an XX
code, each change with the DfE's own reason for it; a social worker whose number is not yet
recorded is named by our checks as not recorded, as the public validator finds, and once the
number is recorded neither finds anything wrong with the child's workers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.reporting.store import close_reporting_store, open_reporting_store
from consumers.returns.service import Returns
from domain.service import CaseRecord, CommandContext
from runtime.settings import Settings
from runtime.stores import event_store_env
from tests import journeys
from tests.integration.test_reporting_returns import (
    Validators,
    last_whole_year,
    ours,
    returns_of,
    theirs,
)
from tests.integration.test_reporting_returns import (
    validators as validators,  # the fixture, shared with the other returns' tests
)
from tests.journeys import ChildDetails, refer_child

ADMIN = CommandContext(actor="workforce-admin")
SW_RULES = {"SW02STG1", "SW08STG2", "SW09STG2", "SW10STG2", "SW10aSTG2", "SW10bSTG2",
            "SW11bSTG2", "SW12STG2", "SW13STG1", "SW17STG2", "SW18STG2", "SW19STG2"}
REGISTERED = "SW470021"
LATER = "SW470388"


@dataclass(frozen=True)
class InCare:
    app: CaseRecord
    returns: Returns
    refold: Reporting
    child: str
    adviser_staff_id: str
    unregistered: UUID


@pytest.fixture(scope="module")
def in_care(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InCare]:
    """A boy looked after from June of last year: his social worker (registered) hands him to a
    personal adviser while she is off sick, then he moves to a colleague whose registration
    number is not recorded (a transfer in the usual course of the work)."""
    data = tmp_path_factory.mktemp("workers") / "data"
    env = event_store_env(Settings(store="sqlite", data_dir=data))
    app = CaseRecord(env=env)
    store = open_reporting_store(env)
    try:
        base = date(last_whole_year() - 1, 6, 2)
        staff = journeys.form_staff(app, base - timedelta(days=200))
        joined = journeys.at(base - timedelta(days=150))
        app.worker_command(ADMIN, staff.worker, "record_registration", occurred_at=joined,
                           registration_number=REGISTERED)
        suffix = staff.worker_actor.removeprefix("SW-")
        adviser = app.add_worker(ADMIN, occurred_at=joined, staff_id=f"PA-{suffix}",
                                 name="Tom Ashby", team=staff.team,
                                 role="PERSONAL_ADVISER").record_id
        colleague = app.add_worker(ADMIN, occurred_at=joined, staff_id=f"SW-{suffix}-2",
                                   name="Ruth Keane", team=staff.team).record_id
        rec, ids = refer_child(app, base, ChildDetails("Ollie", "Marsh", "M", "WBRI", 12 * 365),
                               source="6", concern="Left alone for three days.",
                               primary_need="N1", staff=staff, span_days=120)
        sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
        rec.episode(tm, ep, "decide_referral", 0, 13, decision="ASSESSMENT", rationale="Urgent.")
        rec.episode(sw, ep, "start_assessment", 0, 14)
        rec.episode(sw, ep, "become_looked_after", 0, 20, legal_status="V2",
                    placement_type="U6")
        for day, worker, why in ((40, adviser, "ABSENT"), (100, colleague, "TRANSFER")):
            moment = rec.when(day)
            with rec.clock_at(moment + timedelta(hours=1)):
                app.allocate_worker(CommandContext(actor=tm), ep, worker, moment, why)
        refold = Reporting(store)
        catch_up(app, refold)
        yield InCare(app, returns_of(store), refold, app.child(ids.child).state.la_child_id,
                     f"XXPA{suffix}", colleague)
    finally:
        close_reporting_store(store)
        app.close()


def test_each_worker_is_named_as_the_dfe_knows_them_with_the_dfes_reason_for_the_change(
    in_care: InCare,
) -> None:
    files, _ = in_care.returns.ssda903(last_whole_year())

    rows = [r for r in files.rows("sw_episodes.csv") if r["CHILD"] == in_care.child]
    assert [(r["SW_ID"], r["SW_REASON"]) for r in rows] == [
        (REGISTERED, "FCONTA"), (in_care.adviser_staff_id, "ABSENC"), ("", "TSPROC")]
    assert [r["SW_DEC"] for r in rows][:2] == [r["SW_DECOM"] for r in rows][1:]


def test_a_number_not_recorded_is_found_by_our_checks_as_by_the_validator_then_recorded(
    in_care: InCare, validators: Validators, tmp_path: Path
) -> None:
    year = last_whole_year()
    before = _sw_findings(in_care, validators, tmp_path / "before", year)

    in_care.app.worker_command(ADMIN, in_care.unregistered, "record_registration",
                               occurred_at=journeys.at(date.today()),
                               registration_number=LATER)
    catch_up(in_care.app, in_care.refold)
    after = _sw_findings(in_care, validators, tmp_path / "after", year)
    files, _ = in_care.returns.ssda903(year)

    assert before == ({(in_care.child, "SW02STG1")}, {(in_care.child, "SW02STG1")},
                      {(in_care.child, "SW02STG1")})
    assert after == (set(), set(), set())
    assert [r["SW_ID"] for r in files.rows("sw_episodes.csv")
            if r["CHILD"] == in_care.child][-1] == LATER


def _sw_findings(in_care: InCare, validators: Validators, folder: Path,
                 year: int) -> tuple[set[tuple[str | None, str]], ...]:
    """What the validator and our checks (all, and those for facts not recorded) find about
    the child's social workers."""
    files, made = in_care.returns.ssda903(year)
    folder.mkdir()
    for name in files.files:
        (folder / name).write_bytes(files.csv(name))
    found = validators.check_903(folder, year)

    def about_workers(findings: set[tuple[str | None, str]]) -> set[tuple[str | None, str]]:
        return {(c, r) for c, r in findings if c == in_care.child and r in SW_RULES}

    return (about_workers(theirs(found)), about_workers(ours(made.issues)),
            about_workers(ours(made.issues, not_recorded=True)))
