"""OC2: the health outcomes of a child looked after continuously for 12 months at 31 March, from
their health record, as the DfE defines each item (values 1 yes, 0 no, blank where the item is not
asked at the child's age or nothing was recorded):

- HEALTH_ASSESSMENT: a health assessment (initial or review) during the year;
- TEETH_CHECK: teeth checked by a dentist during the year;
- IMMUNISATIONS: up to date, as last reviewed by 31 March;
- HEALTH_CHECK (under 5 at 31 March): development checks up to date, as last reviewed by then;
- CONVICTED (10 or over at 31 March): convicted, or cautioned, during the year;
- SUBSTANCE_MISUSE: a substance misuse problem during the year (identified, or an intervention
  for it offered or received); then INTERVENTION_RECEIVED, and if none was received,
  INTERVENTION_OFFERED: one was offered and refused;
- SDQ_SCORE or SDQ_REASON (aged 4 to 16 at some time in the year): the latest questionnaire of
  the year; with none, SDQ1 for a child not of the questionnaire's age all year (under 4 at
  1 April, or 17 by 31 March), else blank (the checks say so)."""

from __future__ import annotations

from datetime import date

from consumers.reporting import health
from consumers.returns.casebook import ChildFacts, EpisodeFacts, Row
from consumers.returns.period import CollectionYear

YES, NO = "1", "0"
TOO_YOUNG_OR_OLD = "SDQ1"
HEALTH_ITEMS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


def health_outcomes(
    child: ChildFacts, episodes: list[EpisodeFacts], year: CollectionYear
) -> dict[str, str]:
    """The child's OC2 row."""
    born = child.date_of_birth
    assert born is not None  # a child with no date of birth is not in the return
    items = sorted((row for episode in episodes for row in episode.rows("health_records")),
                   key=lambda row: row["occurred_on"])
    known = [row for row in items if row["occurred_on"] <= year.end]
    during = [row for row in known if row["occurred_on"] >= year.start]
    found = {"CHILD": child.la_child_id, "DOB": born.strftime("%d/%m/%Y"), "SDQ_SCORE": "",
             "SDQ_REASON": "", **dict.fromkeys(HEALTH_ITEMS, "")}
    found["HEALTH_ASSESSMENT"] = _any(during, health.HEALTH_ASSESSMENT)
    found["TEETH_CHECK"] = _any(during, health.DENTAL_CHECK)
    found["IMMUNISATIONS"] = _latest_answer(known, health.IMMUNISATIONS)
    if year.end < birthday(born, 5):
        found["HEALTH_CHECK"] = _latest_answer(known, health.DEVELOPMENT_CHECKS)
    if birthday(born, 10) <= year.end:
        found["CONVICTED"] = _any(during, health.YOUTH_JUSTICE)
    found.update(_substance_misuse(during))
    if questionnaire_asked(born, year):
        found.update(_questionnaire(during, born, year))
    return found


def questionnaire_asked(born: date, year: CollectionYear) -> bool:
    """Aged 4 to 16 at some time in the year: not under 4 on 31 March, nor 17 before 1 April."""
    return birthday(born, 4) <= year.end and birthday(born, 17) >= year.start


def questionnaire_age_all_year(born: date, year: CollectionYear) -> bool:
    """4 or over on 1 April and not yet 16 by 31 March: SDQ1 ("not of the age") cannot apply."""
    return birthday(born, 4) <= year.start and birthday(born, 16) >= year.end


def birthday(born: date, years: int) -> date:
    """The `years`-th birthday, on 28 February in a common year for a child born on 29 February
    (as the DfE's validator counts it)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 2, 28)


def _substance_misuse(during: list[Row]) -> dict[str, str]:
    kinds = {row["kind"] for row in during}
    if not kinds & {health.SUBSTANCE_MISUSE, health.INTERVENTION_OFFERED,
                    health.INTERVENTION_RECEIVED}:
        return {"SUBSTANCE_MISUSE": NO}
    if health.INTERVENTION_RECEIVED in kinds:
        return {"SUBSTANCE_MISUSE": YES, "INTERVENTION_RECEIVED": YES}
    refused = any(row["kind"] == health.INTERVENTION_OFFERED and not row["answer"]
                  for row in during)
    return {"SUBSTANCE_MISUSE": YES, "INTERVENTION_RECEIVED": NO,
            "INTERVENTION_OFFERED": YES if refused else NO}


def _questionnaire(during: list[Row], born: date, year: CollectionYear) -> dict[str, str]:
    latest = [row for row in during if row["kind"] == health.SDQ][-1:]
    if latest:
        score = latest[0]["score"]
        return {"SDQ_SCORE": "" if score is None else str(score),
                "SDQ_REASON": latest[0]["code"] or ""}
    if year.start < birthday(born, 4) or birthday(born, 17) <= year.end:
        return {"SDQ_REASON": TOO_YOUNG_OR_OLD}
    return {}


def _any(rows: list[Row], kind: str) -> str:
    return YES if any(row["kind"] == kind for row in rows) else NO


def _latest_answer(rows: list[Row], kind: str) -> str:
    answers = [row["answer"] for row in rows if row["kind"] == kind]
    if not answers:
        return ""
    return YES if answers[-1] else NO
