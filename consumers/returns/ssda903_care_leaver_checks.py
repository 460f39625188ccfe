"""Our checks of a young person's care leaver row (OC3) before the return goes to the DfE, each
naming the DfE rule it anticipates: codes from the lists, all three items or none, nothing known
of one who died or went home, something known of one in touch; only for young people of 17 to
21 who are not still in care on (or left care after) their 17th or 18th birthday, who did not
die in care or move to another authority's care; with no motherhood, UASC or health outcomes
beside it when they were not looked after in the year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from consumers.returns.casebook import birthday
from consumers.returns.issues import Finding
from consumers.returns.period import CollectionYear
from domain import codes

Row = dict[str, str]
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
NOTHING_KNOWN = "0"
ACTIVITIES = frozenset({*codes.CARE_LEAVER_ACTIVITIES, NOTHING_KNOWN})
# Each accommodation with its suitability (1 suitable, 2 not); never suitable ones only with 2.
ACCOMMODATION = frozenset({
    *(f"{code}{suitable}" for code in codes.CARE_LEAVER_ACCOMMODATION for suitable in "12"
      if not (code in codes.UNSUITABLE_ACCOMMODATION and suitable == "1")),
    NOTHING_KNOWN,
})
FORMER_FOSTER_CARERS = ("Z1", "Z2")
# The DfE's validator measures age at the end of the year in years of this many days.
YEAR_DAYS = 365.2425


def oc3_findings(header: Row, episodes: list[Row], oc3: list[Row], uasc: list[Row],
                 oc2: list[Row], year: CollectionYear) -> Iterator[Finding]:
    """What is wrong with one young person's OC3 rows, given the rest of their return."""
    if not oc3:
        return
    if len(oc3) > 1:
        yield Finding("INT34", f"{len(oc3)} care leaver rows (OC3) instead of one")
    in_year = [e for e in episodes if _overlaps(e, year)]
    if not in_year and header["MOTHER"]:
        yield Finding("628", "motherhood is given for a care leaver not looked after in the year",
                      ("165",))
    if not in_year and uasc:
        yield Finding("1014", "UASC is given for a care leaver not looked after in the year")
    if oc2:
        yield Finding("215", "both the health outcomes of a child looked after for a year (OC2) "
                      "and care leaver information (OC3)", ("187",))
    for row in oc3:
        if row["DOB"] != header["DOB"]:
            yield Finding("INT15", f"the date of birth in OC3 ({row['DOB']}) is not the "
                          f"header's ({header['DOB']})")
        yield from _items(row)
        born = _day(row["DOB"])
        if born is not None:
            yield from _by_age(row, born, episodes, year)
    if any(e["REC"] == "E2" for e in episodes):
        yield Finding("1000", "care leaver information for a young person who died in care")
    last = max(episodes, key=lambda e: _day(e["DECOM"]) or date.min, default=None)
    if last is not None and last["REC"] == "E3":
        yield Finding("1011", "care leaver information for a young person whose care moved to "
                      "another authority")


def _items(row: Row) -> Iterator[Finding]:
    touch, activity, accommodation = row["IN_TOUCH"], row["ACTIV"], row["ACCOM"]
    if bool(touch) != bool(activity) or bool(touch) != bool(accommodation):
        yield Finding("153", "IN_TOUCH, ACTIV and ACCOM are given together or not at all")
    if touch not in IN_TOUCH:
        yield Finding("131", f"'{touch}' is not a code for being in touch")
    if activity not in ACTIVITIES:
        yield Finding("132", f"'{activity}' is not a code for a care leaver's activity")
    if accommodation not in ACCOMMODATION:
        yield Finding("133", f"'{accommodation}' is not a code for a care leaver's accommodation")
    if touch in ("DIED", "RHOM") and NOTHING_KNOWN not in (activity, accommodation):
        yield Finding("344", f"{touch}: activity and accommodation are 0 (nothing known)")
    if touch == "YES" and NOTHING_KNOWN in (activity, accommodation):
        yield Finding("345", "in touch, but the activity or accommodation is 0 (nothing known)")


def _by_age(row: Row, born: date, episodes: list[Row], year: CollectionYear) -> Iterator[Finding]:
    seventeen = birthday(born, 17)
    assert seventeen is not None
    if seventeen > year.end:
        yield Finding("391", "care leaver information for a young person not yet 17 at the end "
                      "of the year")
    if row["ACCOM"] in FORMER_FOSTER_CARERS and year.start <= seventeen <= year.end:
        yield Finding("3001", "with former foster carers (staying put), around the 17th "
                      "birthday: that is for young people of 18 and over")
    age = (year.end - born).days / YEAR_DAYS
    for turned in (17, 18):
        day = birthday(born, turned)
        assert day is not None
        if not turned <= age < turned + 1:
            continue
        ended = [d for d in (_day(e["DEC"]) for e in episodes) if d is not None]
        if any(d >= day for d in ended):
            if (birthday(born, turned + 1) or date.max) <= year.end:
                # A year older by the calendar: only the validator's average years say not.
                yield Finding("1016", f"turned {turned + 1} on {year.end}, the last day of the "
                              "year, but the DfE's validator counts ages in average years "
                              f"and takes them for {turned}: ask for a bypass")
            else:
                yield Finding("1016", f"left care on or after the {turned}th birthday ({day}): "
                              "no care leaver information then")
    this_birthday = birthday(born, year.end.year - born.year)
    if this_birthday is not None and this_birthday > year.end:
        this_birthday = birthday(born, year.end.year - born.year - 1)
    if seventeen <= year.end < (birthday(born, 19) or date.max) and this_birthday is not None:
        for e in episodes:
            began, ended_on = _day(e["DECOM"]), _day(e["DEC"])
            if began and ended_on and began <= this_birthday < ended_on:
                yield Finding("1007", f"looked after on the birthday ({this_birthday}): no "
                              "care leaver information then")
                break


def _overlaps(episode: Row, year: CollectionYear) -> bool:
    began, ended = _day(episode["DECOM"]), _day(episode["DEC"])
    return began is not None and year.overlaps(began, ended)


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None
