"""Motherhood and unaccompanied asylum-seeking children in the SSDA903 return, from journeys
recorded through the case record and folded into the reporting tables: a girl who has a baby in
care is a mother from the day it was born, one whose baby came after she left care is not (as
at leaving), and a girl with no birth recorded is not; an unaccompanied asylum-seeking child is
in uasc.csv with the day it ended or will end (the 18th birthday, or the day it ceased), with no
home postcode. The public validator finds nothing wrong with any of it, and nor do our checks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from consumers.reporting.catch_up import catch_up
from consumers.reporting.projection import Reporting
from consumers.reporting.store import close_reporting_store, open_reporting_store
from consumers.returns.service import Returns
from consumers.returns.ssda903 import Ssda903
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
from tests.journeys import ChildDetails, Recorder, refer_child

# The validator's rules about MOTHER, MC_DOB and UASC; and those it skips for a UASC child.
PEOPLE_RULES = {"104", "165", "171", "174", "205A", "205B", "205C", "205D", "207", "231", "303",
                "304", "393", "399", "406", "607", "611", "612", "620", "621", "624", "625",
                "626", "628", "1014", "INT09", "INT18", "INT21", "INT36",
                # care leavers (OC3)
                "1000", "1007", "1011", "1012", "1016", "131", "132", "133", "153", "187", "215",
                "3001", "344", "345", "347", "391", "EPI", "INT06", "INT15", "INT34"}
NOT_FOR_UASC = {"164", "392a", "392b", "406", "454"}


@dataclass(frozen=True)
class Young:
    """A young person recorded by a journey: their local id, and the journey's days."""

    child: str
    rec: Recorder

    def day(self, n: int) -> date:
        return self.rec.day(n)


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Returns, dict[str, Young]]]:
    data = tmp_path_factory.mktemp("people") / "data"
    env = event_store_env(Settings(store="sqlite", data_dir=data))
    app = CaseRecord(env=env)
    store = open_reporting_store(env)
    try:
        base = date(last_whole_year() - 1, 6, 2)
        staff = journeys.form_staff(app, base - timedelta(days=200))
        made = {
            "mother": _in_care(app, base, staff, "Kacey", "F", 16, baby=70, moved=80),
            "not a mother": _in_care(app, base, staff, "Megan", "F", 15, ceased=120),
            "mother after care": _in_care(app, base, staff, "Chloe", "F", 17, ceased=100,
                                          baby=160),
            "seeking asylum": _in_care(app, base, staff, "Yusuf", "M", 16.5, uasc=0),
            "reunited": _in_care(app, base, staff, "Amara", "F", 15, uasc=0, reunited=90,
                                 ceased=95),
            # Left care at 18 last year; seen by the personal adviser before the 19th birthday.
            "care leaver": _care_leaver(app, "Kofi", date(base.year - 19, 7, 1), base.year - 2,
                                        "E17", contact=date(base.year, 6, 10)),
            # Left care at 16 last year, and not seen since: a relevant child, out of touch.
            "relevant": _care_leaver(app, "Leah", date(base.year - 17, 11, 3), base.year - 1,
                                     "E8"),
            # Left care at 18 in the year: no care leaver information then.
            "just left": _care_leaver(app, "Jayden", date(base.year - 18, 9, 1), base.year,
                                      "E17"),
        }
        catch_up(app, Reporting(store))
        yield returns_of(store), made
    finally:
        close_reporting_store(store)
        app.close()


def _in_care(app: CaseRecord, base: date, staff: journeys.Staff, name: str, sex: str,
             age: float, baby: int | None = None, moved: int | None = None,
             ceased: int | None = None, uasc: int | None = None,
             reunited: int | None = None) -> Young:
    """Looked after under section 20 from the day of the referral; on the given days: a baby,
    a move to a parent and child placement, unaccompanied and seeking asylum, reunited with
    family, ceased to be looked after."""
    rec, ids = refer_child(app, base, ChildDetails(name, "Doyle", sex, "OOTH", int(age * 365.25)),
                           source="6", concern=f"{name} found alone at the station.",
                           primary_need="N8", staff=staff, span_days=200)
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode

    def on_child(command: str, day: int, **facts: Any) -> None:
        occurred_at = rec.when(day, 11)
        rec.run(occurred_at, None, lambda: app.child_command(
            CommandContext(actor=sw), ids.child, command, occurred_at=occurred_at, **facts))

    if uasc is not None:
        on_child("record_unaccompanied_asylum_seeking", uasc)
    rec.episode(tm, ep, "decide_referral", 0, 13, decision="ASSESSMENT", rationale="Urgent.")
    rec.episode(sw, ep, "become_looked_after", 0, 18, legal_status="V2", placement_type="U6")
    rec.episode(sw, ep, "hold_looked_after_review", 15, participation="PN1")
    steps: list[tuple[int, str, dict[str, Any]]] = []
    if baby is not None:
        steps.append((baby, "baby", {}))
    if moved is not None:
        steps.append((moved, "episode", {"name": "change_placement", "placement_type": "U4",
                                         "change_reason": "CARPL"}))
    if reunited is not None:
        steps.append((reunited, "reunited", {}))
    if ceased is not None:
        steps.append((ceased, "episode", {"name": "cease_to_be_looked_after",
                                          "ceased_reason": "E4B"}))
    for day, what, facts in sorted(steps, key=lambda s: s[0]):
        if what == "baby":
            on_child("record_baby_born", day)
        elif what == "reunited":
            on_child("record_unaccompanied_asylum_seeking_ceased", day,
                     uasc_ceased_reason="REUNITED")
        else:
            rec.episode(sw, ep, facts.pop("name"), day, **facts)
    return Young(str(app.child(ids.child).state.la_child_id), rec)


def _care_leaver(app: CaseRecord, name: str, born: date, left_in: int, reason: str,
                 contact: date | None = None) -> Young:
    """Looked after from 15 to a day in `left_in` (the 18th birthday for E17; else 1 December),
    then accommodated as a care leaver; seen by their personal adviser on `contact`."""
    came = born.replace(year=born.year + 15)
    left = born.replace(year=born.year + 18) if reason == "E17" else date(left_in, 12, 1)
    rec, ids = refer_child(app, came, ChildDetails(name, "Mensah", "M", "BAFR",
                                                  (came - born).days),
                           source="6", concern=f"{name} asked the police for help.",
                           primary_need="N5", span_days=(left - came).days + 400)
    sw, tm, ep = ids.actor, ids.manager_actor, ids.episode
    rec.episode(tm, ep, "decide_referral", 0, 13, decision="ASSESSMENT", rationale="Urgent.")
    rec.episode(sw, ep, "become_looked_after", 0, 18, legal_status="C2", placement_type="U4")
    rec.episode(sw, ep, "cease_to_be_looked_after", (left - came).days, ceased_reason=reason)
    rec.episode(sw, ep, "provide_care_leaver_accommodation", (left - came).days, 15)
    if contact is not None:
        rec.episode(sw, ep, "record_personal_adviser_visit", (contact - came).days)
        rec.episode(sw, ep, "record_care_leaver_circumstances", (contact - came).days, 11,
                    activity="F5", accommodation="U", accommodation_suitable=True)
    return Young(str(app.child(ids.child).state.la_child_id), rec)


def rows(found: Ssda903, name: str, child: str) -> list[dict[str, str]]:
    return [row for row in found.rows(name) if row["CHILD"] == child]


def header(found: Ssda903, young: Young) -> tuple[str, str]:
    (row,) = rows(found, "header.csv", young.child)
    return row["MOTHER"], row["MC_DOB"]


def test_a_girl_is_a_mother_in_the_return_from_the_birth_recorded_while_she_was_looked_after(
    people: tuple[Returns, dict[str, Young]],
) -> None:
    returns, made = people
    found, _ = returns.ssda903(last_whole_year())

    assert header(found, made["mother"]) == ("1", made["mother"].day(70).strftime("%d/%m/%Y"))
    assert header(found, made["not a mother"]) == ("0", "")
    assert header(found, made["mother after care"]) == ("0", "")
    assert header(found, made["seeking asylum"]) == ("", "")


def test_an_unaccompanied_asylum_seeking_child_is_in_uasc_with_no_home_postcode(
    people: tuple[Returns, dict[str, Young]],
) -> None:
    returns, made = people
    found, _ = returns.ssda903(last_whole_year())
    boy, girl = made["seeking asylum"], made["reunited"]
    (born,) = {row["DOB"] for row in rows(found, "header.csv", boy.child)}
    day, month, year = born.split("/")

    assert rows(found, "uasc.csv", boy.child) == [
        {"CHILD": boy.child, "SEX": "M", "DOB": born, "DUC": f"{day}/{month}/{int(year) + 18}"}]
    assert [row["DUC"] for row in rows(found, "uasc.csv", girl.child)] == [
        girl.day(90).strftime("%d/%m/%Y")]
    assert rows(found, "uasc.csv", made["mother"].child) == []
    assert {row["HOME_POST"] for row in rows(found, "episodes.csv", boy.child)} == {""}


def test_care_leavers_are_reported_around_their_birthdays_from_17_to_21(
    people: tuple[Returns, dict[str, Young]],
) -> None:
    returns, made = people
    found, _ = returns.ssda903(last_whole_year())

    def oc3(name: str) -> list[tuple[str, str, str]]:
        return [(r["IN_TOUCH"], r["ACTIV"], r["ACCOM"])
                for r in rows(found, "oc3.csv", made[name].child)]

    assert oc3("care leaver") == [("YES", "F5", "U1")]
    assert oc3("relevant") == [("NO", "0", "0")]
    assert oc3("just left") == []
    assert header(found, made["care leaver"]) == ("", "")
    assert rows(found, "episodes.csv", made["care leaver"].child) == []


def test_the_validator_and_our_checks_find_nothing_wrong_with_motherhood_or_uasc(
    people: tuple[Returns, dict[str, Young]], validators: Validators, tmp_path: Path,
) -> None:
    returns, made = people
    year = last_whole_year()
    found, checked = returns.ssda903(year)
    for name in found.files:
        (tmp_path / name).write_bytes(found.csv(name))

    reported = validators.check_903(tmp_path, year)

    children = {young.child for young in made.values()}
    uasc = {made["seeking asylum"].child, made["reunited"].child}
    assert {(c, r) for c, r in theirs(reported) if c in children and r in PEOPLE_RULES} == set()
    assert {(c, r) for c, r in theirs(reported) if c in uasc and r in NOT_FOR_UASC} == set()
    assert {(c, r) for c, r in ours(checked.issues) if c in children
            and r in PEOPLE_RULES} == set()

