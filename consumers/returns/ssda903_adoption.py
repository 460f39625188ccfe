"""The SSDA903's adoption files for one child: AD1, for a child adopted in the year (an episode
ending E11 or E12 in it), with the decision that they should be placed for adoption and the
adopters they were matched with; and PlacedAdoption (placed_for_adoption_errors.csv), for a
child looked after in the year with a decision that they should be placed for adoption that
stood at some time in the year: one row a decision, with the date it was reversed and why, if
it was by 31 March. A decision made after 31 March, or reversed before 1 April, is not the
year's."""

from __future__ import annotations

from datetime import date

from consumers.returns.casebook import ChildFacts, EpisodeFacts, Row
from consumers.returns.period import CollectionYear
from domain import codes


def adoption_rows(
    child: ChildFacts, episodes: list[EpisodeFacts], year: CollectionYear
) -> list[dict[str, str]]:
    """The child's AD1 row if they were adopted in the year (none otherwise). A fact the record
    does not hold (an adoption recorded before Casetrail recorded decisions) is left blank for
    the checks to name."""
    for episode in episodes:
        for period in episode.rows("care_periods"):
            ceased = period["ceased_on"]
            if period["ceased_reason"] not in codes.ADOPTED or ceased is None or ceased not in year:
                continue
            decision = _decision_of(episode, period["started_on"], ceased)
            found = decision or {}
            foster = found.get("foster_carers")
            return [{
                "CHILD": child.la_child_id, "DOB": _day(child.date_of_birth),
                "DATE_INT": _day(found.get("decided_on")),
                "DATE_MATCH": _day(found.get("matched_on")),
                "FOSTER_CARE": "" if foster is None else str(foster),
                "NB_ADOPTR": _text(found.get("adopters")),
                "SEX_ADOPTR": _text(found.get("adopters_sex")),
                "LS_ADOPTR": _text(found.get("adopters_legal_status")),
            }]
    return []


def placed_for_adoption_rows(
    child: ChildFacts, episodes: list[EpisodeFacts], year: CollectionYear
) -> list[dict[str, str]]:
    """The child's decisions that they should be placed for adoption that stood in the year,
    earliest first."""
    found = []
    for episode in episodes:
        for decision in episode.rows("adoption_decisions"):
            reversed_on = decision["reversed_on"]
            if decision["decided_on"] > year.end or (
                reversed_on is not None and reversed_on < year.start
            ):
                continue
            reversed_in_year = reversed_on is not None and reversed_on <= year.end
            found.append({
                "CHILD": child.la_child_id, "DOB": _day(child.date_of_birth),
                "DATE_PLACED": _day(decision["decided_on"]),
                "DATE_PLACED_CEASED": _day(reversed_on) if reversed_in_year else "",
                "REASON_PLACED_CEASED": (decision["reversal_reason"] or "") if reversed_in_year
                else "",
            })
    return sorted(found, key=lambda row: _sortable(row["DATE_PLACED"]))


def _decision_of(episode: EpisodeFacts, began: date, ceased: date) -> Row | None:
    """The decision the child was adopted under: the last one of the period of care not
    reversed."""
    standing = [d for d in episode.rows("adoption_decisions")
                if began <= d["decided_on"] <= ceased and d["reversed_on"] is None]
    return standing[-1] if standing else None


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _day(day: date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")


def _sortable(text: str) -> str:
    return f"{text[6:]}{text[3:5]}{text[:2]}"
