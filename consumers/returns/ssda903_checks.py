"""Our own checks of an SSDA903 return before it goes to the DfE, each reported with the child
and the DfE rule it anticipates: emergency legal statuses held too long (police protection over
72 hours), placements the law does not allow, review participation against the child's age,
UPNs, changes of social worker, and the facts the return asks for that Casetrail does not record
(placement providers and postcodes, Ofsted URNs, motherhood, the health outcomes of children
looked after for a year, previous permanence)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from consumers.returns.issues import ERROR, Issue
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import Ssda903

REPORT = "903"
# The longest each emergency legal status may run, in days (Children Act 1989).
EMERGENCY_LIMITS = {"L1": (3, "361", "police protection", "72 hours"),
                    "L2": (21, "362", "an emergency protection order", "21 days"),
                    "L3": (7, "363", "a child assessment order", "7 days")}
SHORT_BREAKS = frozenset({"V3", "V4"})
SUPPORTED = "K3"  # supported accommodation, for young people of 16 and over
GUARDIANSHIP = frozenset({"E45", "E46"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
NO_PROVIDER = TEMPORARY | {"Z11", "Z12", "Z13", "Z14"}
NO_URN = NO_PROVIDER | {"P1", "P3", "R1", "R2", "R5"}
Row = dict[str, str]


@dataclass(frozen=True)
class ChildReturn:
    """One child's rows in every file of the return."""

    child: str
    header: Row
    episodes: list[Row]
    reviews: list[Row]
    workers: list[Row]


Found = Iterator[Issue]
Check = Callable[[ChildReturn, CollectionYear], Found]


def ssda903_checks(found: Ssda903) -> list[Issue]:
    return [issue for child in _by_child(found) for check in CHECKS
            for issue in check(child, found.year)]


def _emergency_orders(child: ChildReturn, year: CollectionYear) -> Found:
    run: list[Row] = []
    for episode in [*child.episodes, {}]:
        status = episode.get("LS")
        if run and (status != run[-1]["LS"] or episode.get("DECOM") != run[-1]["DEC"]):
            limit, rule, what, words = EMERGENCY_LIMITS[run[-1]["LS"]]
            began, ended = _day(run[0]["DECOM"]), _day(run[-1]["DEC"]) or year.end
            if began and (ended - began).days > limit:
                yield _error(child, rule, f"{what} from {began} lasted {(ended - began).days} "
                             f"days, more than the {words} the law allows")
            run = []
        if status in EMERGENCY_LIMITS:
            run.append(episode)


def _category_of_need(child: ChildReturn, year: CollectionYear) -> Found:
    if any(not e["CIN"] for e in child.episodes):
        yield _error(child, "504", "the category of need (the episode's primary need, N1-N8) "
                     "is not stated")


def _placements(child: ChildReturn, year: CollectionYear) -> Found:
    born = _day(child.header["DOB"])
    previous: Row | None = None
    for episode in child.episodes:
        began = _day(episode["DECOM"])
        if episode["PLACE"] == "P1" and episode["LS"] == "V2":
            yield _error(child, "378", f"placed with parents (P1) from {episode['DECOM']} while "
                         "accommodated under section 20 (V2)")
        if episode["PLACE"] == SUPPORTED and born and began and began < _birthday(born, 16):
            yield _error(child, "371", f"in supported accommodation (K3) from {began}, before "
                         "the age of 16")
        if episode["REC"] in GUARDIANSHIP and episode["PLACE"] not in FOSTER:
            yield _error(child, "516", f"left care on {episode['DEC']} to special guardianship "
                         f"({episode['REC']}) from a placement ({episode['PLACE']}) that was not "
                         "with foster carers")
        if episode["RNE"] == "T" and previous is not None and previous["LS"] != episode["LS"]:
            yield _error(child, "435", f"placement and legal status both changed on {began} (T): "
                         "right, but the DfE's validator flags it under rule 435; ask for a "
                         "bypass")
        previous = episode


def _reviews(child: ChildReturn, year: CollectionYear) -> Found:
    for review in child.reviews:
        held, born = _day(review["REVIEW"]), _day(review["DOB"])
        if held is None or born is None:
            continue
        fourth = _birthday(born, 4)
        if review["REVIEW_CODE"] == "PN0" and held > fourth:
            yield _error(child, "440", f"review on {held} recorded as for a child under 4 "
                         "(PN0), but the child was 4 or over")
        if review["REVIEW_CODE"] not in ("", "PN0") and held < fourth:
            yield _error(child, "441", f"review on {held} recorded with participation "
                         f"{review['REVIEW_CODE']}, but the child was under 4 (PN0)")


def _identity(child: ChildReturn, year: CollectionYear) -> Found:
    in_care = [e for e in child.episodes if e["LS"] not in SHORT_BREAKS]
    if in_care and not child.header["UPN"]:
        yield _error(child, "442", "no UPN, and no reason it is unknown (UN1-UN5)")
    if in_care and child.header["SEX"] == "F" and not child.header["MOTHER"]:
        ceased = any(e["REC"] not in ("", "X1") and _day(e["DEC"]) in year for e in in_care)
        yield _error(child, "393", "whether the young person is a mother is not recorded",
                     ("607",) if ceased else (), not_recorded=True)


def _social_workers(child: ChildReturn, year: CollectionYear) -> Found:
    previous: Row | None = None
    for worker in sorted(child.workers, key=lambda w: (_day(w["SW_DECOM"]) or year.end)):
        if worker["SW_ID"][:2] not in ("SW", "XX") or len(worker["SW_ID"]) < 4:
            yield _error(child, "SW02STG1", f"the worker from {worker['SW_DECOM']} has no Social "
                         "Work England number (SW...) or XX code", not_recorded=True)
        began, ended = _day(worker["SW_DECOM"]), _day(worker["SW_DEC"])
        if began and ended and (ended - began).days < 3:
            yield _error(child, "SW09STG2", f"a social worker held the case for under 3 days "
                         f"({began} to {ended})")
        if previous is not None and worker["SW_REASON"] != "FCONTA":
            before = _day(previous["SW_DEC"])
            if began and before and abs((began - before).days) > 7:
                yield _error(child, "SW10aSTG2", f"no social worker from {before} to {began}",
                             ("SW10STG2",))
        if ended and year.end - timedelta(days=5) <= ended <= year.end:
            yield _error(child, "SW11bSTG2", f"a social worker's episode ended on {ended}, in the "
                         "last five days of the year: the DfE's validator may take it for one "
                         "with no successor")
        previous = worker


def _not_recorded(child: ChildReturn, year: CollectionYear) -> Found:
    """Facts of every placement the return asks for and Casetrail does not record."""
    episodes = [e for e in child.episodes if e["LS"] not in SHORT_BREAKS]
    if any(not e["HOME_POST"] or not e["PL_POST"] for e in episodes):
        yield _error(child, "392b", "the child's home and placement postcodes are not recorded",
                     ("169", "179", "392a"), not_recorded=True)
    if any(not e["PLACE_PROVIDER"] and e["PLACE"] not in NO_PROVIDER for e in child.episodes):
        yield _error(child, "526", "the placement provider (PR0-PR5) is not recorded",
                     not_recorded=True)
    if any(not e["URN"] and e["PLACE"] not in NO_URN and _still_running(e, 2015)
           for e in child.episodes):
        yield _error(child, "218", "the Ofsted URN of the placement is not recorded",
                     not_recorded=True)
    if _continuously_looked_after(child, year):
        yield _error(child, "191", "the health outcomes of a child looked after for 12 months "
                     "(OC2) are not recorded", not_recorded=True)
    if any(e["RNE"] == "S" and (_day(e["DECOM"]) or year.end) >= year.start
           for e in child.episodes):
        yield _error(child, "630", "any previous permanence arrangement (PrevPerm) is not "
                     "recorded", not_recorded=True)


def _continuously_looked_after(child: ChildReturn, year: CollectionYear) -> bool:
    """As the DfE defines it: looked after throughout the year, short breaks aside."""
    for e in child.episodes:
        began, ended = _day(e["DECOM"]), _day(e["DEC"])
        if e["RNE"] == "S" and began and year.start < began <= year.end:
            return False
        if e["REC"] not in ("", "X1") and ended and year.start <= ended < year.end:
            return False
        if e["LS"] in SHORT_BREAKS:
            return False
    return bool(child.episodes)


def _still_running(episode: Row, year: int) -> bool:
    ended = _day(episode["DEC"])
    return ended is None or ended > date(year, 3, 31)


def _by_child(found: Ssda903) -> list[ChildReturn]:
    def of(name: str, child: str) -> list[Row]:
        return [row for row in found.rows(name) if row["CHILD"] == child]

    return [
        ChildReturn(header["CHILD"], header, of("episodes.csv", header["CHILD"]),
                    of("reviews.csv", header["CHILD"]), of("sw_episodes.csv", header["CHILD"]))
        for header in found.rows("header.csv")
    ]


def _error(child: ChildReturn, rule: str, message: str, related: tuple[str, ...] = (),
           not_recorded: bool = False) -> Issue:
    return Issue(REPORT, child.child, rule, ERROR, message, not_recorded, related)


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return date(born.year + years, 3, 1)


CHECKS: tuple[Check, ...] = (
    _identity, _category_of_need, _emergency_orders, _placements, _reviews, _social_workers,
    _not_recorded,
)
