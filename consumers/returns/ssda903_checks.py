"""Our own checks of an SSDA903 return before it goes to the DfE, each reported with the child
and the DfE rule it anticipates: emergency legal statuses held too long (police protection over
72 hours), placements the law does not allow, review participation against the child's age,
UPNs, motherhood, unaccompanied asylum-seeking children, changes of social worker, and the facts
the return asks for that Casetrail does not record (placement providers and postcodes, Ofsted
URNs, previous permanence); the health outcomes of children looked after for a year are checked
in ssda903_health_checks, care leavers' information in ssda903_care_leaver_checks, and
adoption (AD1, PlacedAdoption) in ssda903_adoption_checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from consumers.returns.issues import ERROR, Finding, Issue
from consumers.returns.period import CollectionYear
from consumers.returns.ssda903 import Ssda903
from consumers.returns.ssda903_adoption_checks import adoption_findings
from consumers.returns.ssda903_care_leaver_checks import oc3_findings
from consumers.returns.ssda903_health_checks import oc2_findings
from consumers.returns.ssda903_placement_checks import (
    placement_findings,
    previous_permanence_findings,
)
from domain.calendar import birthday

REPORT = "903"
# The longest each emergency legal status may run, in days (Children Act 1989).
EMERGENCY_LIMITS = {"L1": (3, "361", "police protection", "72 hours"),
                    "L2": (21, "362", "an emergency protection order", "21 days"),
                    "L3": (7, "363", "a child assessment order", "7 days")}
SHORT_BREAKS = frozenset({"V3", "V4"})
SUPPORTED = "K3"  # supported accommodation, for young people of 16 and over
GUARDIANSHIP = frozenset({"E45", "E46"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
Row = dict[str, str]


@dataclass(frozen=True)
class ChildReturn:
    """One child's rows in every file of the return."""

    child: str
    header: Row
    episodes: list[Row]
    reviews: list[Row]
    workers: list[Row]
    uasc: list[Row] = field(default_factory=list)
    oc2: list[Row] = field(default_factory=list)
    previous_permanence: list[Row] = field(default_factory=list)
    oc3: list[Row] = field(default_factory=list)
    ad1: list[Row] = field(default_factory=list)
    placed_for_adoption: list[Row] = field(default_factory=list)

    @property
    def unaccompanied(self) -> bool:
        """An unaccompanied asylum-seeking child at some time in the year (in uasc.csv): the
        DfE's validator then expects no home postcode, and no distance (392a, 392b, 406)."""
        return bool(self.uasc)


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
    for episode in child.episodes:
        began = _day(episode["DECOM"])
        if episode["PLACE"] == "P1" and episode["LS"] == "V2":
            yield _error(child, "378", f"placed with parents (P1) from {episode['DECOM']} while "
                         "accommodated under section 20 (V2)")
        if episode["PLACE"] == SUPPORTED and born and began and began < birthday(born, 16):
            yield _error(child, "371", f"in supported accommodation (K3) from {began}, before "
                         "the age of 16")
        if episode["REC"] in GUARDIANSHIP and episode["PLACE"] not in FOSTER:
            yield _error(child, "516", f"left care on {episode['DEC']} to special guardianship "
                         f"({episode['REC']}) from a placement ({episode['PLACE']}) that was not "
                         "with foster carers")


def _reviews(child: ChildReturn, year: CollectionYear) -> Found:
    for review in child.reviews:
        held, born = _day(review["REVIEW"]), _day(review["DOB"])
        if held is None or born is None:
            continue
        fourth = birthday(born, 4)
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


def _motherhood(child: ChildReturn, year: CollectionYear) -> Found:
    """MOTHER and MC_DOB: given (0 or 1) for every girl looked after other than on short breaks
    and for no one else, a first child's date of birth exactly when she is a mother, on a date
    the DfE's validator accepts."""
    header = child.header
    mother, first_born, born = header["MOTHER"], _day(header["MC_DOB"]), _day(header["DOB"])
    in_care = [e for e in child.episodes if e["LS"] not in SHORT_BREAKS]
    if header["SEX"] != "F" or not in_care:
        if mother or first_born:
            yield _error(child, "174" if header["SEX"] == "M" else "399",
                         "motherhood is given for a child not asked about it (a boy, or a child "
                         "looked after only on short breaks)", ("165", "399", "174"))
        return
    if mother not in ("0", "1"):
        ceased = any(e["REC"] not in ("", "X1") and _day(e["DEC"]) in year for e in in_care)
        yield _error(child, "393", "whether the young person is a mother is not given",
                     ("165", "607") if ceased else ("165",))
        return
    if (mother == "1") != (first_born is not None):
        given = "not given" if first_born is None else "given"
        yield _error(child, "611" if mother == "1" else "612",
                     f"MOTHER is {mother} but her first child's date of birth is {given}")
    if mother == "1" and born is not None and birthday(born, 11) > year.start:
        yield _error(child, "620", f"recorded as a mother, but she was under 11 on {year.start}: "
                     "check her date of birth")
    if first_born is None:
        return
    if born is not None and first_born <= born:
        yield _error(child, "621", f"her first child's date of birth ({first_born}) is not after "
                     f"her own ({born})")
    ended = [day for day in (_day(e["DEC"]) for e in child.episodes) if day is not None]
    if first_born > year.end or (ended and first_born > max(ended)):
        yield _error(child, "625", f"her first child was born on {first_born}, after the end of "
                     "the year or of her latest episode that ended (the DfE's validator compares "
                     "with that even while a later episode runs: ask for a bypass)")


def _unaccompanied(child: ChildReturn, year: CollectionYear) -> Found:
    """UASC: the date it ceased falls in or after the year and by the 18th birthday; such a
    child is at least 11 (or the DfE asks); their episodes give no home postcode."""
    for row in child.uasc:
        ceased, born = _day(row["DUC"]), _day(row["DOB"])
        if ceased is not None and ceased < year.start:
            yield _error(child, "104", f"UASC status ceased on {ceased}, before the year began")
        if ceased is not None and born is not None and ceased > birthday(born, 18):
            yield _error(child, "304", f"UASC status ceased on {ceased}, after the 18th birthday")
        if born is not None and birthday(born, 11) > year.end:
            yield _error(child, "231", "an unaccompanied asylum-seeking child under 11 at the end "
                         "of the year: the DfE asks to confirm the date of birth (a bypass)")
    if child.unaccompanied and any(e["HOME_POST"] and e["PL_POST"] for e in child.episodes):
        yield _error(child, "406", "an unaccompanied asylum-seeking child's episode gives both "
                     "postcodes, so a distance from home is worked out")


def _social_workers(child: ChildReturn, year: CollectionYear) -> Found:
    """SWEpisodes as the DfE's validator reads them: rows in order of start (then end), each
    after the first within a week of the previous one's end unless it is a first contact."""
    workers = sorted(child.workers, key=lambda w: (_day(w["SW_DECOM"]) or year.end,
                                                    _day(w["SW_DEC"]) or date.max))
    previous: Row | None = None
    for n, worker in enumerate(workers):
        yield from _social_worker_id(child, worker)
        began, ended = _day(worker["SW_DECOM"]), _day(worker["SW_DEC"])
        if began and ended and (ended - began).days < 3:
            yield _error(child, "SW09STG2", f"a social worker held the case for under 3 days "
                         f"({began} to {ended})")
        if previous is not None and worker["SW_REASON"] != "FCONTA":
            before = _day(previous["SW_DEC"])
            if before is None:
                yield _error(child, "SW10aSTG2", f"a new social worker from {began} while the "
                             "previous one's episode has no end", ("SW10STG2",))
            elif began and abs((began - before).days) > 7:
                yield _error(child, "SW10aSTG2", f"no social worker from {before} to {began}",
                             ("SW10STG2",))
        # The validator takes an episode ending in the last five days of the year for one with
        # no successor when it is the child's only one or not their first (SW11bSTG2).
        if (ended and year.end - timedelta(days=5) <= ended <= year.end
                and (len(workers) == 1 or n > 0)):
            yield _error(child, "SW11bSTG2", f"a social worker's episode ended on {ended}, in the "
                         "last five days of the year: the DfE's validator takes it for one with "
                         "no successor even when there is one (ask for a bypass)")
        if previous is not None and worker["SW_DECOM"] == previous["SW_DECOM"]:
            yield _error(child, "SW19STG2", f"two social workers' episodes began on {began}")
        last = n == len(workers) - 1
        if ended is None and not last:
            yield _error(child, "SW08STG2", f"the social worker's episode from {began} has no "
                         "end, yet another began after it")
        if ended is not None and last:
            yield _error(child, "SW17STG2", f"the latest social worker's episode ended on {ended}: "
                         "none is open at the end of the year")
        previous = worker


def _workers_over_the_year(child: ChildReturn, year: CollectionYear) -> Found:
    """SW12STG2 as the DfE's validator runs it: every social worker's episode must begin on or
    after the start (S) of each of the child's periods of care that runs on (X1 or open), and
    on or before the end of each episode that ends a period. A child who left care and came back
    in the year breaks it whatever is reported, though its message asks for every worker of the
    year: such a child needs a bypass. (By the time the rule runs, an earlier rule of the
    validator has filled in an open episode's end with the last day of the year.)"""
    starts = [_day(w["SW_DECOM"]) for w in child.workers] or [None]
    for episode in child.episodes:
        if episode["LS"] in SHORT_BREAKS or (episode["RNE"] != "S" and episode["REC"] == "X1"):
            continue
        began, ended = _day(episode["DECOM"]), _day(episode["DEC"]) or year.end
        for start in starts:
            before_end = (start is not None and ended is not None and start <= ended
                          and episode["REC"] != "X1")
            after_start = (start is not None and began is not None and start >= began
                           and episode["RNE"] == "S")
            if start is None:
                yield _error(child, "SW12STG2", "no social worker's episode is given for the "
                             f"period of care around the episode from {began}")
            elif not (before_end or after_start):
                yield _error(child, "SW12STG2", f"a social worker's episode from {start} falls "
                             f"outside the period of care around the episode from {began}: the "
                             "DfE's validator expects none (a child who left care and came back "
                             "in the year: ask for a bypass)")
            else:
                continue
            break


def _social_worker_id(child: ChildReturn, worker: Row) -> Found:
    """SW_ID: a Social Work England registration number (SW...), or XX and a local id for a
    worker whose role needs no registration."""
    given = worker["SW_ID"]
    if not given:
        yield _error(child, "SW02STG1", f"the social worker from {worker['SW_DECOM']} has no "
                     "Social Work England registration number recorded", not_recorded=True)
    elif given[:2] not in ("SW", "XX") or len(given) < 4:
        yield _error(child, "SW02STG1", f"the social worker from {worker['SW_DECOM']} is given "
                     f"as {given}, neither a Social Work England number (SW...) nor an XX code")


def _new_episode_reasons(child: ChildReturn, year: CollectionYear) -> Found:
    """Rule 435, as the DfE's validator runs it on each episode after a child's first (in order
    of start): a new episode for a change of placement (P) or of both placement and legal status
    (T) is an error when the legal status differs from the previous episode's, or when placement
    type, postcode, URN and provider are all the same as before. The first half is right for P
    and wrong for T (T says the legal status changed too): a T episode is always flagged."""
    episodes = sorted(child.episodes, key=lambda e: _day(e["DECOM"]) or year.end)
    for previous, episode in pairwise(episodes):
        if episode["RNE"] not in ("P", "T"):
            continue
        began = episode["DECOM"]
        if episode["LS"] != previous["LS"]:
            if episode["RNE"] == "T":
                yield _error(child, "435", f"placement and legal status both changed on {began} "
                             "(T): right, but the DfE's validator flags every T episode under "
                             "rule 435; ask for a bypass")
            else:
                yield _error(child, "435", f"a change of placement only (P) on {began}, yet the "
                             f"legal status changed from {previous['LS']} to {episode['LS']}")
        placement = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
        if all(episode[k] and episode[k] == previous[k] for k in placement):
            yield _error(child, "435", f"a change of placement on {began}, but its type, "
                         "postcode, URN and provider are all as before")


def _placement_details(child: ChildReturn, year: CollectionYear) -> Found:
    """Each placement's type, provider, URN and postcodes (ssda903_placement_checks), and any
    previous permanence arrangement."""
    yield from _reported(child, placement_findings(child.episodes, child.unaccompanied, year))
    yield from _reported(child, previous_permanence_findings(
        child.episodes, child.previous_permanence, year))


def _health_outcomes(child: ChildReturn, year: CollectionYear) -> Found:
    """OC2, for a child looked after continuously for 12 months and no other."""
    yield from _reported(child, oc2_findings(child.header, child.episodes, child.oc2, year))


def _care_leavers(child: ChildReturn, year: CollectionYear) -> Found:
    """OC3, for care leavers of 17 to 21 (ssda903_care_leaver_checks)."""
    yield from _reported(child, oc3_findings(child.header, child.episodes, child.oc3,
                                             child.uasc, child.oc2, year))


def _adoption(child: ChildReturn, year: CollectionYear) -> Found:
    """AD1 and PlacedAdoption (ssda903_adoption_checks)."""
    yield from _reported(child, adoption_findings(child.header, child.episodes, child.ad1,
                                                  child.placed_for_adoption, year))


def _reported(child: ChildReturn, findings: Iterable[Finding]) -> Found:
    """What a check module found of the child's rows, as the return's issues (all errors)."""
    for found in findings:
        yield _error(child, found.rule, found.message, found.related, found.not_recorded)


def _by_child(found: Ssda903) -> list[ChildReturn]:
    def of(name: str, child: str) -> list[Row]:
        return [row for row in found.rows(name) if row["CHILD"] == child]

    return [
        ChildReturn(header["CHILD"], header, of("episodes.csv", header["CHILD"]),
                    of("reviews.csv", header["CHILD"]), of("sw_episodes.csv", header["CHILD"]),
                    uasc=of("uasc.csv", header["CHILD"]), oc2=of("oc2.csv", header["CHILD"]),
                    oc3=of("oc3.csv", header["CHILD"]),
                    previous_permanence=of("previous_permanence.csv", header["CHILD"]),
                    ad1=of("ad1.csv", header["CHILD"]),
                    placed_for_adoption=of("placed_for_adoption_errors.csv", header["CHILD"]))
        for header in found.rows("header.csv")
    ]


def _error(child: ChildReturn, rule: str, message: str, related: tuple[str, ...] = (),
           not_recorded: bool = False) -> Issue:
    return Issue(REPORT, child.child, rule, ERROR, message, not_recorded, related)


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


CHECKS: tuple[Check, ...] = (
    _identity, _motherhood, _unaccompanied,
    _category_of_need, _emergency_orders, _placements, _new_episode_reasons, _reviews,
    _social_workers, _workers_over_the_year,
    _placement_details, _health_outcomes, _care_leavers, _adoption,
)
