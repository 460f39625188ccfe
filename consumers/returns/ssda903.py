"""The SSDA903 return (children looked after, England, DfE) for one collection year, as its CSV
files: every child looked after at some time in the year, their episodes (a new one at each
change of legal status or placement), reviews, missing episodes and, for those looked after on
31 March, their social workers over the year (SWEpisodes); whether each girl is a mother, and
the unaccompanied asylum-seeking children (UASC); the health outcomes of those looked after
continuously for 12 months (OC2); any previous permanence arrangement of those who started
to be looked after in the year (PrevPerm); the care leavers of 17 to 21 (OC3); the children
adopted in the year, with the decision that they should be placed for adoption and the adopters
they were matched with (AD1), and every decision that a child looked after in the year should
be placed for adoption that stood in the year, with its reversal (PlacedAdoption, written as
placed_for_adoption_errors.csv, the name the DfE's validator takes). A fact Casetrail does not
hold is left blank: the pre-submission checks say what is missing."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from consumers.returns.casebook import Casebook, ChildFacts, EpisodeFacts, Row
from consumers.returns.continuous_care import SHORT_BREAKS, continuously_looked_after
from consumers.returns.period import CollectionYear, of_school_age
from consumers.returns.ssda903_adoption import adoption_rows, placed_for_adoption_rows
from consumers.returns.ssda903_care_leavers import care_leaver_row
from consumers.returns.ssda903_health import health_outcomes
from domain.workforce import REGISTERED_ROLES

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
# Every previous permanence but none (Z1) is given with the authority that made it and when
# (rule 630): where they are not known (always, for P4 "not known"), as the DfE writes that.
WITH_AUTHORITY_AND_DATE = frozenset({"P1", "P2", "P3", "P4"})
AUTHORITY_NOT_KNOWN = "NUK"
DATE_NOT_KNOWN = "ZZ/ZZ/ZZZZ"
# Casetrail's reasons for a change of worker (every one of them) -> the SSDA903's SW_REASON
# codes. The first worker of each period of care is a first contact (FCONTA). Only "other", "not
# known" and a closure (which ends an allocation and never starts one) have no code of their own.
SW_REASONS = {
    "MANAGE": "MANAGE", "TRANSFER": "TSPROC", "FCONTACT": "PCCHAN", "CHILDRQ": "PCCHAN",
    "CHCHANGE": "CHCHAN", "ORGRESTRUCT": "ORGRST", "WORKERLEFT": "LEFTRL", "ABSENT": "ABSENC",
    "WORKERDIED": "SWDIED", "CLOSED": "OTHERS", "OTHERRS": "OTHERS", "UNKNOWN": "OTHERS",
}
FIRST_CONTACT = "FCONTA"
# "XX" and a local identifier stands for a worker with no Social Work England registration to
# give (SW02STG1): one whose role does not need it, such as a personal adviser.
UNREGISTERED = "XX"
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
        care_leaver = care_leaver_row(child, episodes, year)
        found.files["oc3.csv"] += [care_leaver] if care_leaver else []
        if child.date_of_birth is None or not care:
            if care_leaver:
                # Not looked after in the year: a header, and nothing else (rules 628, 1012).
                found.files["header.csv"].append(_header(child, year, "", None))
            continue
        dob = _day(child.date_of_birth)
        mother, first_born = _motherhood(child, [row for _, row in care], year)
        found.files["header.csv"].append(_header(child, year, mother, first_born))
        uasc = _uasc_row(child, year)
        found.files["uasc.csv"] += [uasc] if uasc else []
        episode_rows = [
            _episode_row(child, episode, row, year)
            for episode, row in sorted(care, key=lambda c: c[1]["started_on"])
        ]
        if uasc:
            # The home of an unaccompanied asylum-seeking child is not in England: no home
            # postcode, and so no distance from it (rule 406).
            episode_rows = [{**row, "HOME_POST": ""} for row in episode_rows]
        found.files["episodes.csv"] += episode_rows
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
        found.files["previous_permanence.csv"] += _previous_permanence(child, episodes, year)
        found.files["ad1.csv"] += adoption_rows(child, episodes, year)
        found.files["placed_for_adoption_errors.csv"] += placed_for_adoption_rows(
            child, episodes, year)
        if continuously_looked_after(episode_rows, year):
            found.files["oc2.csv"].append(health_outcomes(child, episodes, year))
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
        "PLACE_PROVIDER": row["placement_provider"] or "",
        "DEC": _day(ended), "REC": row["ended_reason"] if ended else "",
        "REASON_PLACE_CHANGE": (row["placement_change_reason"] or "") if ended else "",
        # A short break's placement is not located for the DfE (rules 214, 398 and 420).
        **({"HOME_POST": "", "PL_POST": "", "URN": ""} if row["legal_status"] in SHORT_BREAKS
           else {"HOME_POST": row["home_postcode"] or "", "PL_POST": row["placement_postcode"]
                 or "", "URN": row["urn"] or ""}),
    }


def _previous_permanence(
    child: ChildFacts, episodes: list[EpisodeFacts], year: CollectionYear
) -> list[dict[str, str]]:
    """PrevPerm, for a child who started to be looked after in the year, from the latest such
    start where it was recorded (none, where it was not: the checks say so)."""
    started = sorted(
        (period for episode in episodes for period in episode.rows("care_periods")
         if period["started_on"] in year),
        key=lambda period: period["started_on"],
    )
    if not started or started[-1]["previous_permanence"] is None:
        return []
    period = started[-1]
    kind = period["previous_permanence"]
    named = kind in WITH_AUTHORITY_AND_DATE
    return [{
        "CHILD": child.la_child_id, "DOB": _day(child.date_of_birth), "PREV_PERM": kind,
        "LA_PERM": (period["previous_permanence_authority"] or AUTHORITY_NOT_KNOWN) if named
        else "",
        "DATE_PERM": (_day(period["previous_permanence_on"]) or DATE_NOT_KNOWN) if named else "",
    }]


def _social_workers(
    child: ChildFacts, episodes: list[EpisodeFacts], book: Casebook, year: CollectionYear
) -> list[dict[str, str]]:
    """The social workers of each period of care running in the year, as the validator reads
    SWEpisodes: each allocation cut to the period of care (a worker allocated before the child
    came into care counts from that day), with no end date when the worker was still allocated
    when the period ended or on 31 March; the first of each period is a first contact. A worker
    still allocated when a period ended that is followed by another in the year ends with it:
    the validator takes an open episode followed by another for a mistake (SW08STG2)."""
    periods = sorted(
        ((episode, period) for episode in episodes for period in episode.rows("care_periods")
         if year.overlaps(period["started_on"], period["ceased_on"])),
        key=lambda found: found[1]["started_on"])
    found = []
    for n, (episode, period) in enumerate(periods):
        began, ceased = period["started_on"], period["ceased_on"]
        first = True
        for change in episode.rows("worker_changes"):
            start = max(change["started_on"], began)
            end = change["ended_on"]
            if ceased is not None and (end is None or end >= ceased):
                # Still this child's worker when the period of care ended.
                end = ceased if n + 1 < len(periods) else None
            if ceased is not None and start >= ceased:
                continue
            if end is not None and (end <= start or end < year.start):
                continue  # over before the period or the year: not a worker in care
            if start > year.end:
                continue
            worker = book.workers.get(change["worker_id"])
            reason = FIRST_CONTACT if first else SW_REASONS[change["start_reason"]]
            first = False
            found.append({
                "CHILD": child.la_child_id, "DOB": _day(child.date_of_birth),
                "SW_ID": _social_worker_id(worker), "SW_DECOM": _day(start),
                "SW_DEC": _day(_until(end, year.end)), "SW_REASON": reason,
            })
    return found


def _social_worker_id(worker: Row | None) -> str:
    """The worker as the DfE knows them (SW_ID): their Social Work England registration number;
    "XX" and their staff id when their role needs no registration; blank when a registered
    role's number is not recorded (the checks say so)."""
    if worker is None:
        return ""
    if worker["registration_number"]:
        return str(worker["registration_number"])
    if worker["role"] not in REGISTERED_ROLES:
        return UNREGISTERED + "".join(c for c in str(worker["staff_id"]) if c.isalnum())
    return ""


def _header(
    child: ChildFacts, year: CollectionYear, mother: str, first_born: date | None
) -> dict[str, str]:
    return {
        "CHILD": child.la_child_id, "SEX": child.sex, "DOB": _day(child.date_of_birth),
        "ETHNIC": child.ethnicity, "UPN": _upn(child, year) or "", "MOTHER": mother,
        "MC_DOB": _day(first_born),
    }


def _motherhood(
    child: ChildFacts, care: list[Row], year: CollectionYear
) -> tuple[str, date | None]:
    """MOTHER and MC_DOB: for a girl looked after in the year (short breaks aside), whether she
    had had a baby by 31 March or by the day she ceased to be looked after, whichever came first,
    and her first baby's date of birth; blank for boys and for children only on short breaks. With
    no birth on her record, none is known to the authority: 0."""
    if child.sex != "F" or all(row["legal_status"] in SHORT_BREAKS for row in care):
        return "", None
    last = max(care, key=lambda row: row["started_on"])
    by = _until(last["ended_on"], year.end) or year.end
    born = [day for day in child.babies_born_on if day <= by]
    return ("1", born[0]) if born else ("0", None)


def _uasc_row(child: ChildFacts, year: CollectionYear) -> dict[str, str] | None:
    """The child's UASC row if they were an unaccompanied asylum-seeking child at some time in
    the year. DUC is the day that ended or will end: the day recorded as ceasing, or else the
    18th birthday (as the DfE carries it from year to year, even before it comes)."""
    ends = child.uasc_ends_on
    if child.uasc_since is None or ends is None or not year.overlaps(child.uasc_since, ends):
        return None
    return {"CHILD": child.la_child_id, "SEX": child.sex, "DOB": _day(child.date_of_birth),
            "DUC": _day(ends)}


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
