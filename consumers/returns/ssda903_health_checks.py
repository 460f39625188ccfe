"""Our checks of one child's health outcomes (OC2) in an SSDA903 return, each naming the DfE rule
it anticipates: a row for every child looked after for 12 months at 31 March and for no other,
every item the child's age asks for present (a blank one is a fact not recorded), none that it
does not ask for, values of the right form, and the substance misuse items and the Strengths and
Difficulties Questionnaire items consistent with each other."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from consumers.returns.continuous_care import continuously_looked_after
from consumers.returns.issues import Finding
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903_health import (
    HEALTH_ITEMS,
    TOO_YOUNG_OR_OLD,
    birthday,
    questionnaire_age_all_year,
    questionnaire_asked,
)
from domain import codes

Row = dict[str, str]
# The items every child in OC2 has, and what each says, for the messages.
ALWAYS: dict[str, str] = {
    "IMMUNISATIONS": "whether immunisations are up to date",
    "TEETH_CHECK": "whether the teeth were checked by a dentist",
    "HEALTH_ASSESSMENT": "whether a health assessment was done",
    "SUBSTANCE_MISUSE": "whether a substance misuse problem was identified",
}
YES_OR_NO = ("0", "1")


def oc2_findings(
    header: Row, episodes: list[Row], oc2: list[Row], year: CollectionYear
) -> Iterator[Finding]:
    """What is wrong with one child's OC2 rows, given their header and episodes."""
    looked_after = continuously_looked_after(episodes, year)
    if looked_after and not oc2:
        yield Finding("191", "looked after continuously for 12 months at 31 March, but the "
                      "health outcomes (OC2) are not in the return")
    if len(oc2) > 1:
        yield Finding("INT33", f"{len(oc2)} rows of health outcomes (OC2) instead of one")
    for row in oc2:
        if row["DOB"] != header["DOB"]:
            yield Finding("INT14", f"the date of birth in OC2 ({row['DOB']}) is not the "
                          f"header's ({header['DOB']})")
        born = _day(row["DOB"])
        yield from _items(row, looked_after)
        if born is not None:
            yield from _by_age(row, born, looked_after, year)
        yield from _questionnaire(row, born, looked_after, year)
        yield from _substance_misuse(row)


def _items(row: Row, looked_after: bool) -> Iterator[Finding]:
    filled = [item for item in HEALTH_ITEMS if row[item]]
    if not looked_after:
        if filled:
            yield Finding("190", "health outcomes recorded for a child not looked after "
                          f"continuously for 12 months: {', '.join(filled)}")
        for item, rule in (("SDQ_SCORE", "185"), ("SDQ_REASON", "198")):
            if row[item]:
                yield Finding(rule, f"{item} given for a child not looked after continuously "
                              "for 12 months")
    wrong = [item for item in filled if row[item] not in YES_OR_NO]
    if wrong:
        yield Finding("181", f"{', '.join(wrong)} should be 0 or 1")
    blank = [item for item in ALWAYS if not row[item]]
    if not blank:
        return
    related = tuple(rule for rule, applies in (
        ("182", any(row[item] for item in HEALTH_ITEMS if item not in ALWAYS)),
        ("544", row["CONVICTED"] == "1"), ("547", row["HEALTH_CHECK"] == "1"),
    ) if applies)
    if looked_after:
        yield Finding("191", "not recorded for a child looked after for 12 months: "
                      + "; ".join(ALWAYS[item] for item in blank), related, not_recorded=True)
    elif related:
        yield Finding(related[0], f"{', '.join(blank)} left blank while other health outcomes "
                      "are given", related[1:])


def _by_age(row: Row, born: date, looked_after: bool, year: CollectionYear) -> Iterator[Finding]:
    under_five, ten = year.end < birthday(born, 5), birthday(born, 10)
    if under_five and looked_after and not row["HEALTH_CHECK"]:
        yield Finding("545", "whether the development checks of a child under 5 are up to date "
                      "is not recorded", not_recorded=True)
    if not under_five and looked_after and row["HEALTH_CHECK"]:
        yield Finding("546", "development checks (HEALTH_CHECK) given for a child of 5 or over "
                      "at 31 March")
    if ten > year.end and row["CONVICTED"]:
        yield Finding("542", "conviction given for a child under 10 at 31 March")
    if ten < year.end and looked_after and not row["CONVICTED"]:
        yield Finding("543", "whether a child of 10 or over was convicted or cautioned in the "
                      "year is not recorded", not_recorded=True)


def _questionnaire(
    row: Row, born: date | None, looked_after: bool, year: CollectionYear
) -> Iterator[Finding]:
    score, reason = row["SDQ_SCORE"], row["SDQ_REASON"]
    if score and not (score.isdigit() and int(score) <= codes.SDQ_HIGHEST_SCORE):
        yield Finding("180", f"the questionnaire score {score!r} is not a whole number from 0 "
                      f"to {codes.SDQ_HIGHEST_SCORE}")
    if reason and reason not in codes.SDQ_NOT_SCORED_REASONS:
        yield Finding("196", f"{reason!r} is not a reason for no questionnaire score")
    if score and reason:
        yield Finding("197a", "both a questionnaire score and a reason for having none")
    if born is None:
        return
    if (score or reason) and year.end < birthday(born, 4):
        yield Finding("188", "a questionnaire given for a child under 4 at 31 March")
    if (score or reason) and birthday(born, 17) < year.start:
        yield Finding("189", "a questionnaire given for a young person 17 or over on 1 April")
    if looked_after and not (score or reason) and questionnaire_asked(born, year):
        all_year = birthday(born, 4) <= year.start and birthday(born, 17) > year.end
        yield Finding("186" if all_year else "197B", "no Strengths and Difficulties "
                      "Questionnaire score (or reason for none) recorded in the year",
                      not_recorded=True)
    if (looked_after and not score and reason == TOO_YOUNG_OR_OLD
            and questionnaire_age_all_year(born, year)):
        yield Finding("157", "SDQ1 (not of the questionnaire's age) given for a child of 4 to 15 "
                      "all year")


def _substance_misuse(row: Row) -> Iterator[Finding]:
    misuse, received, offered = (row["SUBSTANCE_MISUSE"], row["INTERVENTION_RECEIVED"],
                                 row["INTERVENTION_OFFERED"])
    if misuse == "1" and not received:
        yield Finding("192", "substance misuse identified but whether an intervention was "
                      "received is blank")
    if misuse != "1" and (received or offered):
        yield Finding("193", "intervention items given with no substance misuse identified")
    if received == "1" and offered:
        yield Finding("158", "an intervention was received, so whether one was offered and "
                      "refused should be blank")
    if misuse == "1" and received == "0" and not offered:
        yield Finding("159", "no intervention received, but whether one was offered and refused "
                      "is blank")


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None
