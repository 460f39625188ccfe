"""Our checks of one child's adoption in an SSDA903 return, each naming the DfE rule it
anticipates: AD1 for a child adopted in the year and for no other, every item of it present (a
blank one is a fact not recorded) and of the right code, the adopters' sexes fitting their
number and legal status; the dates in order (decision, match, placement, adoption order); the
placement for adoption and the placement order held to the decision (PlacedAdoption); and a
decision reversed, with its reason, for a child who left care any other way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from itertools import pairwise

from consumers.returns.issues import Finding
from consumers.returns.period import CollectionYear
from domain import codes
from domain.calendar import birthday
from domain.episode.adoption import SEXES_BY_LEGAL_STATUS, SINGLE_SEXES

Row = dict[str, str]
AD1_ITEMS: dict[str, str] = {
    "DATE_INT": "the date of the decision that the child should be placed for adoption",
    "DATE_MATCH": "the date the child was matched with the adopters",
    "FOSTER_CARE": "whether the adopters were the child's foster carers",
    "NB_ADOPTR": "the number of adopters",
    "SEX_ADOPTR": "the adopters' sexes",
    "LS_ADOPTR": "the adopters' legal status",
}
PLACED = codes.PLACED_FOR_ADOPTION
WITH_FOSTER_CARERS = codes.PLACED_WITH_FOSTER_CARERS_FOR_ADOPTION
# A child placed for adoption with consent (A3, A4) comes from foster care or another placement
# for adoption (rule 336).
BEFORE_PLACED_WITH_CONSENT = PLACED | {"U1", "U2", "U3", "U4", "U5", "U6"}
SHORT_BREAKS = frozenset({"V3", "V4"})


def adoption_findings(
    header: Row, episodes: list[Row], ad1: list[Row], placed: list[Row], year: CollectionYear
) -> Iterator[Finding]:
    """What is wrong with one child's AD1 and PlacedAdoption rows, given their episodes."""
    ordered = sorted(episodes, key=lambda e: _sortable(e["DECOM"]))
    adopted = [e for e in ordered if e["REC"] in codes.ADOPTED and _in(e["DEC"], year)]
    if len(ad1) > 1:
        yield Finding("INT31", f"{len(ad1)} rows in AD1 instead of one")
    for row in [*ad1, *placed]:
        if row["DOB"] != header["DOB"]:
            yield Finding("INT11" if row in ad1 else "INT12",
                          f"the date of birth ({row['DOB']}) is not the header's "
                          f"({header['DOB']})")
    for row in ad1:
        yield from _ad1(row, ordered, adopted)
    if adopted and not ad1:
        yield Finding("601", f"adopted on {adopted[-1]['DEC']}, but not in AD1",
                      not_recorded=True)
    yield from _episodes(ordered)
    yield from _placed(header, ordered, ad1, placed, year)


def _ad1(row: Row, episodes: list[Row], adopted: list[Row]) -> Iterator[Finding]:
    blank = [item for item in AD1_ITEMS if not row[item]]
    if blank and adopted:
        yield Finding("601", "not recorded for a child adopted in the year: "
                      + "; ".join(AD1_ITEMS[item] for item in blank),
                      ("151",) if len(blank) < len(AD1_ITEMS) else (), not_recorded=True)
    elif blank and len(blank) < len(AD1_ITEMS):
        yield Finding("151", f"{', '.join(blank)} blank while other adoption items are given")
    if not adopted and len(blank) < len(AD1_ITEMS):
        yield Finding("602", "adoption details given, but the child was not adopted in the year")
    yield from _codes(row)
    decided, matched = _day(row["DATE_INT"]), _day(row["DATE_MATCH"])
    if matched and (decided is None or decided > matched):
        yield Finding("333", f"matched with the adopters on {matched}, before the decision "
                      f"that the child should be placed for adoption ({row['DATE_INT']})")
    started = [e for e in episodes if e["RNE"] == "S"]
    if decided and started and decided < (began := _day(started[-1]["DECOM"]) or decided):
        yield Finding("334", f"the decision to place for adoption ({decided}) is before the "
                      f"child started to be looked after ({began})")
    for episode in episodes:
        if episode["PLACE"] in PLACED and decided and decided > (
            _day(episode["DECOM"]) or decided
        ):
            yield Finding("521", f"placed for adoption on {episode['DECOM']}, before the "
                          f"decision to place for adoption ({decided})")
        if episode["REC"] not in ("E1", *codes.ADOPTED):
            continue
        if episode["REC"] in codes.ADOPTED and matched:
            placed_on = _day(episode["DECOM"])
            if placed_on and matched > placed_on:
                yield Finding("331", f"matched with the adopters on {matched}, after being "
                              f"placed with them ({placed_on})")
            if _day(episode["DEC"]) == matched:
                yield Finding("582", f"adopted on the day of the match ({matched})")
        carers = row["FOSTER_CARE"]
        if (episode["PLACE"] in ("A2", "A3", "A5") and carers == "0") or (
            episode["PLACE"] in ("A1", "A4", "A6") and carers == "1"
        ):
            yield Finding("335", f"adopted from a placement of type {episode['PLACE']}, but "
                          f"FOSTER_CARE is {carers}")


def _codes(row: Row) -> Iterator[Finding]:
    number, sexes, status = row["NB_ADOPTR"], row["SEX_ADOPTR"], row["LS_ADOPTR"]
    for item, rule, allowed in (
        ("FOSTER_CARE", "114", ("0", "1")), ("NB_ADOPTR", "175", ("1", "2")),
        ("SEX_ADOPTR", "176", tuple(codes.ADOPTER_SEXES)),
        ("LS_ADOPTR", "177", tuple(codes.ADOPTER_LEGAL_STATUSES)),
    ):
        if row[item] and row[item] not in allowed:
            yield Finding(rule, f"{item} {row[item]!r} is not one of {', '.join(allowed)}")
    if number == "2" and sexes in SINGLE_SEXES:
        yield Finding("511", f"two adopters, but their sexes are given as {sexes}")
    rules = {"L0": "514", "L11": "520", "L12": "524", "L2": "519", "L3": "517", "L4": "518"}
    if status in SEXES_BY_LEGAL_STATUS and sexes and sexes not in SEXES_BY_LEGAL_STATUS[status]:
        yield Finding(rules[status], f"adopters of legal status {status} cannot be {sexes}")


def _episodes(episodes: list[Row]) -> Iterator[Finding]:
    previous: Row | None = None
    for episode in episodes:
        place = episode["PLACE"]
        if episode["REC"] in codes.ADOPTED and place not in PLACED:
            yield Finding("390", f"adopted on {episode['DEC']} from a placement of type {place}, "
                          "not placed for adoption")
        if place in ("A5", "A6") and episode["LS"] != "E1":
            yield Finding("408", f"placed for adoption under a placement order ({place}) from "
                          f"{episode['DECOM']}, but the legal status is {episode['LS']}")
        if place in WITH_FOSTER_CARERS and episode["RNE"] not in ("S", "T", "U"):
            yield Finding("217", f"placed for adoption with foster carers ({place}) from "
                          f"{episode['DECOM']} with reason for new episode {episode['RNE']}")
        if (place in ("A3", "A4") and previous is not None
                and previous["PLACE"] not in BEFORE_PLACED_WITH_CONSENT):
            yield Finding("336", f"placed for adoption ({place}) on {episode['DECOM']} from a "
                          f"placement of type {previous['PLACE']}, not foster care")
        previous = episode


def _placed(
    header: Row, episodes: list[Row], ad1: list[Row], placed: list[Row], year: CollectionYear
) -> Iterator[Finding]:
    decisions = [(_day(r["DATE_PLACED"]), _day(r["DATE_PLACED_CEASED"]), r) for r in placed]
    for decided, ceased, row in decisions:
        if ceased and decided is None:
            yield Finding("563", "a decision reversed with no date of the decision itself")
        if bool(row["DATE_PLACED_CEASED"]) != bool(row["REASON_PLACED_CEASED"]):
            yield Finding("119", "the date a decision to place for adoption was reversed and "
                          "the reason go together")
        reason = row["REASON_PLACED_CEASED"]
        if reason and reason not in codes.ADOPTION_REVERSAL_REASONS:
            yield Finding("120", f"{reason!r} is not a reason for reversing a decision")
        for day in (decided, ceased):
            if day and day > year.end:
                yield Finding("117", f"a decision dated {day}, after the year")
        if ceased and ceased < year.start:
            yield Finding("118", f"a decision reversed on {ceased}, before the year")
        if ceased and any(r[item] for r in ad1 for item in AD1_ITEMS):
            yield Finding("525", f"the decision to place for adoption was reversed on {ceased}, "
                          "but the child was adopted in the year")
        for r in ad1:
            if decided and r["DATE_INT"] and _day(r["DATE_INT"]) != decided:
                yield Finding("523", f"the decision in AD1 ({r['DATE_INT']}) is not the one in "
                              f"PlacedAdoption ({row['DATE_PLACED']})")
    ordered = sorted(decisions, key=lambda d: d[0] or date.min)
    for (_, ceased, _), (later, _, _) in pairwise(ordered):
        if ceased is None or (later is not None and later < ceased):
            yield Finding("579", f"a decision made on {later} while an earlier one still stood")
    first_started = next((e for e in episodes if e["RNE"] == "S"), None)
    if first_started is not None:
        began = _day(first_started["DECOM"])
        for decided, _, _ in decisions:
            if decided and began and decided < began:
                yield Finding("1003", f"a decision to place for adoption ({decided}) before the "
                              f"child started to be looked after ({began})")
    last_decided = max((d for d, _, _ in decisions if d), default=None)
    placements = [e for e in episodes if e["PLACE"] in PLACED]
    if placements and last_decided is None:
        yield Finding("551", f"placed for adoption from {placements[0]['DECOM']} with no "
                      "decision that the child should be placed for adoption", ("552",))
    elif placements and last_decided and last_decided > (_day(placements[0]["DECOM"])
                                                         or last_decided):
        yield Finding("552", f"placed for adoption on {placements[0]['DECOM']}, before the "
                      f"decision to place for adoption ({last_decided})")
    orders = [e for e in episodes if e["LS"] == "E1"]
    if orders and not placed:
        yield Finding("553", f"under a placement order from {orders[0]['DECOM']} with no "
                      "decision that the child should be placed for adoption")
    if orders and any(not e["DEC"] for e in orders) and any(c for _, c, _ in decisions):
        yield Finding("553", "a decision to place for adoption reversed while the placement "
                      "order continues")
    if orders and any(d and d > (_day(orders[0]["DECOM"]) or d) for d, _, _ in decisions):
        yield Finding("554", f"a decision to place for adoption after the placement order of "
                      f"{orders[0]['DECOM']}")
    left = [e for e in episodes if (e["PLACE"] in PLACED or e["LS"] == "E1") and e["REC"]
            and e["REC"] not in (*codes.ADOPTED, "X1")]
    if left and (not placed or any(not r["DATE_PLACED_CEASED"] or not r["REASON_PLACED_CEASED"]
                                   for r in placed)):
        yield Finding("557", f"left care on {left[0]['DEC']} ({left[0]['REC']}), not adopted, "
                      "but the decision to place for adoption is not recorded as reversed")
    born = _day(header["DOB"])
    for episode in episodes:
        ended = _day(episode["DEC"])
        if episode["REC"] in codes.ADOPTED and born and ended and ended >= birthday(born, 18):
            yield Finding("386", f"adopted on {ended}, at 18 or over")


def _in(text: str, year: CollectionYear) -> bool:
    day = _day(text)
    return day is not None and day in year


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date() if text else None
    except ValueError:
        return None


def _sortable(text: str) -> str:
    return f"{text[6:]}{text[3:5]}{text[:2]}"
