"""The care leavers of the SSDA903 return (OC3). A young person who left care at 16 or over,
having been looked after for 13 weeks or more since their 14th birthday (short breaks aside),
some of it at 16 or over, is reported in the year of each of their 17th to 21st birthdays:
whether the authority was in touch around the birthday (from three months before to a month
after) and, if it was, what they were doing and where they lived as the contact nearest the
birthday found.

Not reported: a young person still looked after on that birthday, or who left care on or after
it (the 17th or 18th); one who died in care (E2), left for another authority's care (E3), was
adopted, or left to a special guardian or under a child arrangements or residence order. One
who went home to their parents (E4A, E4B) six months or more before the birthday is reported as
returned home (RHOM); one who has died since leaving care, as died."""

from __future__ import annotations

from datetime import date

from consumers.returns.casebook import ChildFacts, EpisodeFacts, Row, birthday
from consumers.returns.continuous_care import SHORT_BREAKS
from consumers.returns.period import CollectionYear
from domain.calendar.months import add_months

OC3_AGES = range(17, 22)
# Looked after for 13 weeks since the 14th birthday: an eligible child.
ELIGIBLE_DAYS = 13 * 7
NOT_CARE_LEAVERS = frozenset({"E2", "E3", "E11", "E12", "E15", "E41", "E45", "E46", "E47",
                              "E48"})
RETURNED_HOME = frozenset({"E4A", "E4B"})
HOME_MONTHS = 6
# Around the birthday: from three months before to a month after.
MONTHS_BEFORE, MONTHS_AFTER = 3, 1
NOTHING_KNOWN = "0"


def oc3_birthday(born: date | None, year: CollectionYear) -> tuple[int, date] | None:
    """The 17th to 21st birthday that falls in the year, with the age."""
    for age in OC3_AGES:
        day = birthday(born, age)
        if day is not None and day in year:
            return age, day
    return None


def care_leaver_row(
    child: ChildFacts, episodes: list[EpisodeFacts], year: CollectionYear
) -> dict[str, str] | None:
    """The young person's OC3 row for the year, if they are one of its care leavers."""
    born = child.date_of_birth
    turning = oc3_birthday(born, year)
    periods = sorted((p for e in episodes for p in e.rows("care_periods")),
                     key=lambda p: p["started_on"])
    if born is None or turning is None or not periods:
        return None
    _, day = turning
    last = periods[-1]
    ceased: date | None = last["ceased_on"]
    sixteen = birthday(born, 16)
    if (ceased is None or ceased >= day or sixteen is None or ceased < sixteen
            or last["ceased_reason"] in NOT_CARE_LEAVERS
            or not _eligible(born, [r for e in episodes for r in e.rows("care_episodes")])):
        return None
    in_touch, activity, accommodation = _around_the_birthday(child, episodes, last, day)
    return {"CHILD": child.la_child_id, "DOB": born.strftime("%d/%m/%Y"), "IN_TOUCH": in_touch,
            "ACTIV": activity, "ACCOM": accommodation}


def _eligible(born: date, care: list[Row]) -> bool:
    """Looked after for 13 weeks or more since the 14th birthday, some of it at 16 or over."""
    fourteen, sixteen = birthday(born, 14), birthday(born, 16)
    assert fourteen is not None and sixteen is not None
    days, after_sixteen = 0, False
    for row in care:
        if row["legal_status"] in SHORT_BREAKS or row["ended_on"] is None:
            continue
        days += max(0, (row["ended_on"] - max(row["started_on"], fourteen)).days)
        after_sixteen = after_sixteen or row["ended_on"] > sixteen
    return days >= ELIGIBLE_DAYS and after_sixteen


def _around_the_birthday(
    child: ChildFacts, episodes: list[EpisodeFacts], last: Row, day: date
) -> tuple[str, str, str]:
    """IN_TOUCH, ACTIV and ACCOM around the birthday `day`."""
    after = add_months(day, MONTHS_AFTER)
    if child.died_on is not None and child.died_on <= after:
        return "DIED", NOTHING_KNOWN, NOTHING_KNOWN
    if (last["ceased_reason"] in RETURNED_HOME
            and add_months(last["ceased_on"], HOME_MONTHS) <= day):
        return "RHOM", NOTHING_KNOWN, NOTHING_KNOWN
    before = add_months(day, -MONTHS_BEFORE)
    contacts = [c for e in episodes for c in e.rows("care_leaver_circumstances")
                if before <= c["contacted_on"] <= after]
    if not contacts:
        return "NO", NOTHING_KNOWN, NOTHING_KNOWN
    # The nearest to the birthday; of two as near, the one after it; of two the same day, the
    # later recorded.
    nearest = min(contacts, key=lambda c: (abs((c["contacted_on"] - day).days),
                                           c["contacted_on"] < day, -int(c["seq"])))
    return "YES", str(nearest["activity"]), str(nearest["accommodation"])
