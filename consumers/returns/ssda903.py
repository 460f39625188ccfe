"""The SSDA903 return (children looked after, England, DfE) for one collection year, as its CSV
files: every child looked after at some time in the year, their episodes (a new one at each
change of legal status or placement), reviews, missing episodes and, for those looked after on
31 March, their social workers over the year (SWEpisodes). Files for which Casetrail records
nothing (UASC, OC2, OC3, AD1, placed for adoption, previous permanence) are written with their
header row only: the pre-submission checks say what is missing."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts, Row
from consumers.returns.period import CollectionYear, of_school_age

# The files and their columns, as the DfE's specification (and its validator) name them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "header.csv": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes.csv": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                     "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "reviews.csv": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "uasc.csv": ("CHILD", "SEX", "DOB", "DUC"),
    "oc2.csv": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "oc3.csv": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1.csv": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                "SEX_ADOPTR", "LS_ADOPTR"),
    "placed_for_adoption_errors.csv": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                       "REASON_PLACED_CEASED"),
    "previous_permanence.csv": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "missing.csv": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "sw_episodes.csv": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}

# Categories of need an SSDA903 episode may carry (N0 "not stated" and N9 may not).
CATEGORIES_OF_NEED = frozenset({"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})
# The UPN codes for "not known" the SSDA903 takes (UN6 and UN7 are the CIN census's own).
UPN_UNKNOWN_903 = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})
# Placed with parents is, by definition, provided by the parents (PR0).
PROVIDER_OF_PLACEMENT = {"P1": "PR0"}
# Casetrail's reasons for a change of worker -> the SSDA903's SW_REASON codes. The first worker
# of an episode of need is a first contact (FCONTA); "family or child requested" and "child
# requested" have no code of their own.
SW_REASONS = {
    "MANAGE": "MANAGE", "WORKERLEFT": "LEFTRL", "ORGRESTRUCT": "ORGRST",
    "CHCHANGE": "CHCHAN", "FCONTACT": "OTHERS", "CHILDRQ": "OTHERS", "OTHERRS": "OTHERS",
    "UNKNOWN": "OTHERS",
}
FIRST_CONTACT = "FCONTA"
MISSING = "M"


@dataclass
class Ssda903:
    """The rows of each file (values as written), and which children are in the return."""

    year: CollectionYear
    files: dict[str, list[dict[str, str]]] = field(
        default_factory=lambda: {name: [] for name in COLUMNS}
    )

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.files[name]

    def csv(self, name: str) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(self.files[name])
        return out.getvalue().encode()

    def zip(self) -> bytes:
        """Every file, in one zip archive."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in COLUMNS:
                archive.writestr(name, self.csv(name))
        return buffer.getvalue()


def ssda903(book: Casebook, year: CollectionYear) -> Ssda903:
    found = Ssda903(year)
    for child in sorted(book.children.values(), key=lambda c: c.la_child_id):
        episodes = book.episodes_of(child.child_id)
        care = [
            (episode, row) for episode in episodes for row in episode.rows("care_episodes")
            if year.overlaps(row["started_on"], row["ended_on"])
        ]
        if not care or child.date_of_birth is None:
            continue
        dob = _day(child.date_of_birth)
        found.files["header.csv"].append({
            "CHILD": child.la_child_id, "SEX": child.sex, "DOB": dob,
            "ETHNIC": child.ethnicity, "UPN": _upn(child, year) or "", "MOTHER": "",
            "MC_DOB": "",
        })
        found.files["episodes.csv"] += [
            _episode_row(child, episode, row, year)
            for episode, row in sorted(care, key=lambda c: c[1]["started_on"])
        ]
        found.files["reviews.csv"] += [
            {"CHILD": child.la_child_id, "DOB": dob, "REVIEW": _day(review["held_on"]),
             "REVIEW_CODE": review["participation"] or ""}
            for episode in episodes for review in episode.rows("reviews")
            if review["kind"] == "looked_after" and review["held_on"] in year
        ]
        found.files["missing.csv"] += [
            {"CHILD": child.la_child_id, "DOB": dob, "MISSING": MISSING,
             "MIS_START": _day(went["started_on"]),
             "MIS_END": _day(_until(went["returned_on"], year.end))}
            for episode in episodes for went in episode.rows("missing_episodes")
            if year.overlaps(went["started_on"], went["returned_on"])
        ]
        found.files["sw_episodes.csv"] += _social_workers(child, episodes, book, year)
    return found


def _episode_row(
    child: ChildFacts, episode: EpisodeFacts, row: Row, year: CollectionYear
) -> dict[str, str]:
    ended = _until(row["ended_on"], year.end)
    need = episode.row["primary_need"]
    return {
        "CHILD": child.la_child_id, "DECOM": _day(row["started_on"]),
        "RNE": row["new_episode_reason"], "LS": row["legal_status"],
        "CIN": need if need in CATEGORIES_OF_NEED else "", "PLACE": row["placement_type"],
        "PLACE_PROVIDER": PROVIDER_OF_PLACEMENT.get(row["placement_type"], ""),
        "DEC": _day(ended), "REC": row["ended_reason"] if ended else "",
        "REASON_PLACE_CHANGE": (row["placement_change_reason"] or "") if ended else "",
        "HOME_POST": "", "PL_POST": "", "URN": "",
    }


def _social_workers(
    child: ChildFacts, episodes: list[EpisodeFacts], book: Casebook, year: CollectionYear
) -> list[dict[str, str]]:
    """The social workers of each period of care running in the year, as the validator reads
    SWEpisodes: each allocation cut to the period of care (a worker allocated before the child
    came into care counts from that day), with no end date when the worker was still allocated
    when the period ended or on 31 March; the first of each period is a first contact."""
    found = []
    for episode in episodes:
        for period in episode.rows("care_periods"):
            began, ceased = period["started_on"], period["ceased_on"]
            if not year.overlaps(began, ceased):
                continue
            first = True
            for change in episode.rows("worker_changes"):
                start = max(change["started_on"], began)
                end = change["ended_on"]
                if ceased is not None and end is not None and end >= ceased:
                    end = None  # still this child's worker when the period of care ended
                if ceased is not None and start >= ceased:
                    continue
                if end is not None and (end <= start or end < year.start):
                    continue  # over before the period or the year: not a worker in care
                if start > year.end:
                    continue
                worker = book.workers.get(change["worker_id"])
                reason = FIRST_CONTACT if first else SW_REASONS.get(change["start_reason"],
                                                                    "OTHERS")
                first = False
                found.append({
                    "CHILD": child.la_child_id, "DOB": _day(child.date_of_birth),
                    "SW_ID": worker["staff_id"] if worker else "", "SW_DECOM": _day(start),
                    "SW_DEC": _day(_until(end, year.end)), "SW_REASON": reason,
                })
    return found


def _upn(child: ChildFacts, year: CollectionYear) -> str | None:
    """The recorded UPN (or reason it is unknown); UN1 ("not of school age") for a child not yet
    of school age, as the DfE counts it, when nothing is recorded."""
    if child.upn:
        return child.upn
    return None if of_school_age(child.date_of_birth, year) else "UN1"


def _until(day: date | None, end: date) -> date | None:
    return day if day is not None and day <= end else None


def _day(day: date | None) -> str:
    return "" if day is None else day.strftime("%d/%m/%Y")
