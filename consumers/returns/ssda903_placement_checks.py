"""Our checks of one child's placements and previous permanence in an SSDA903 return, each
naming the DfE rule it anticipates: the type of placement is one of the year's; the provider,
the Ofsted URN and the postcodes are given where the return asks for them (a blank one is a fact
not recorded) and fit the type of placement; PrevPerm is there for a child who started to be
looked after in the year, with the date of the arrangement before the child's first episode.

What needs the ONS postcode directory (whether a postcode exists, in which authority it lies,
and so rules 169, 179 and 392c on an unknown postcode, 1015 and 241) is left to the DfE's
validator: Casetrail checks the form of a postcode when it is recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime

from consumers.returns.issues import Finding
from consumers.returns.period import CollectionYear
from domain import codes
from domain.episode.placement_details import (
    FOSTERING_OR_ADOPTION,
    NOT_PROVIDED_BY,
    PARENTS,
    PLACED_WITH_PARENTS,
    UNREGISTERED_URN,
    WITHOUT_PROVIDER,
    WITHOUT_URN,
)

Row = dict[str, str]
SHORT_BREAKS = frozenset({"V3", "V4"})
# The rule a provider breaks when it cannot go with a placement (placed with parents, or one it
# does not provide).
PROVIDER_RULES = {"PR0": "550", "PR1": "527", "PR2": "528", "PR3": "529", "PR4": "530",
                  "PR5": "531"}
# Postcode areas wholly in Scotland, Wales or Northern Ireland: a placement there has no Ofsted
# URN (rules 218 and 243). Areas that cross a border are left out.
OUTSIDE_ENGLAND = frozenset({
    "AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE",
    "CF", "LD", "LL", "NP", "SA", "BT",
})
DATE_NOT_KNOWN = "ZZ/ZZ/ZZZZ"


def placement_findings(
    episodes: list[Row], unaccompanied: bool, year: CollectionYear
) -> Iterator[Finding]:
    """What is wrong with the placements of one child's episodes."""
    missing: dict[str, list[str]] = {}
    for episode in episodes:
        began = episode["DECOM"]
        for gap in _gaps(episode, unaccompanied, year):
            missing.setdefault(gap, []).append(began)
        if (episode["LS"] in SHORT_BREAKS and not episode["URN"]
                and episode["PLACE"] not in WITHOUT_URN):
            yield Finding("218", f"the DfE's validator asks for the Ofsted URN of the short break "
                          f"from {began} though its rule 214 wants none: ask for a bypass")
        yield from _provider(episode)
        yield from _urn(episode)
        if episode["PLACE"] not in codes.PLACEMENT_TYPES:
            yield Finding("146", f"the placement from {began} is of type {episode['PLACE']}, no "
                          "longer a type of the return: correct it to the year's type")
        if (episode["HOME_POST"] and episode["HOME_POST"] == episode["PL_POST"]
                and episode["PLACE"] != PLACED_WITH_PARENTS):
            yield Finding("392d", f"the placement from {began} is at the child's home postcode, "
                          "but the child is not placed with parents (P1)")
    for gap, days in missing.items():
        what, rules = GAPS[gap]
        yield Finding(rules[0], f"{what} is not recorded (episodes from {', '.join(days)})",
                      rules[1:], not_recorded=True)


GAPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "provider": ("the placement provider (PR0-PR5)", ("526",)),
    "urn": ("the Ofsted URN of the placement", ("218",)),
    "placement_postcode": ("the placement's postcode", ("169", "179", "392a", "392b")),
    "placement_postcode_unaccompanied": ("the placement's postcode", ("169", "179")),
    "home_postcode": ("the child's home postcode", ("392b", "392a")),
}


def _gaps(episode: Row, unaccompanied: bool, year: CollectionYear) -> Iterator[str]:
    """The facts the episode should give and does not (as the return was made)."""
    place = episode["PLACE"]
    if not episode["PLACE_PROVIDER"] and place not in WITHOUT_PROVIDER:
        yield "provider"
    short_break = episode["LS"] in SHORT_BREAKS
    ended = _day(episode["DEC"])
    if (not episode["URN"] and not short_break and place not in WITHOUT_URN
            and not _outside_england(episode["PL_POST"])
            and (ended is None or ended >= year.start)):
        yield "urn"
    if short_break:
        return  # a short break's placement is not located for the DfE
    if not episode["PL_POST"]:
        yield "placement_postcode_unaccompanied" if unaccompanied else "placement_postcode"
    elif not episode["HOME_POST"] and not unaccompanied:
        yield "home_postcode"


def _provider(episode: Row) -> Iterator[Finding]:
    provider, place, began = episode["PLACE_PROVIDER"], episode["PLACE"], episode["DECOM"]
    if not provider:
        return
    if provider not in codes.PLACEMENT_PROVIDERS:
        yield Finding("178", f"the provider of the placement from {began} ({provider}) is not a "
                      "code of the return")
    elif place in WITHOUT_PROVIDER:
        yield Finding("213", f"a placement of type {place} (from {began}) has no provider, but "
                      f"{provider} is given", ("178",))
    elif (provider == PARENTS) != (place == PLACED_WITH_PARENTS) or (
            place in NOT_PROVIDED_BY.get(provider, frozenset())):
        yield Finding(PROVIDER_RULES[provider], f"{provider} does not provide a placement of "
                      f"type {place} (from {began})")


def _urn(episode: Row) -> Iterator[Finding]:
    urn, place, began = episode["URN"], episode["PLACE"], episode["DECOM"]
    if not urn:
        return
    if urn == UNREGISTERED_URN:
        if place not in FOSTERING_OR_ADOPTION:
            yield Finding("242", f"{UNREGISTERED_URN} is given as the URN of a placement of type "
                          f"{place} (from {began}): it is only for fostering and adoption")
        return
    if place in WITHOUT_URN:
        yield Finding("222", f"a placement of type {place} (from {began}) has no Ofsted URN, but "
                      f"{urn} is given")
    if _outside_england(episode["PL_POST"]):
        yield Finding("243", f"the placement from {began} is outside England, where Ofsted "
                      f"registers no one, but has the URN {urn}")


def previous_permanence_findings(
    episodes: list[Row], previous: list[Row], year: CollectionYear
) -> Iterator[Finding]:
    """PrevPerm for a child who started to be looked after in the year, and its date."""
    starts = [day for e in episodes if e["RNE"] == "S"
              if (day := _day(e["DECOM"])) is not None and day >= year.start]
    if starts and not previous:
        yield Finding("630", "whether the child had a permanence arrangement before starting to "
                      f"be looked after on {max(starts)} (PrevPerm) is not recorded",
                      not_recorded=True)
    first = min((day for e in episodes if (day := _day(e["DECOM"])) is not None), default=None)
    for row in previous:
        made = _day(row["DATE_PERM"]) if row["DATE_PERM"] != DATE_NOT_KNOWN else None
        if made is not None and first is not None and made >= first:
            yield Finding("632", f"the previous permanence arrangement ({made}) is dated on or "
                          f"after the child's first episode of the year ({first})")


def _outside_england(postcode: str) -> bool:
    area = re.match(r"[A-Z]+", postcode)
    return area is not None and area.group() in OUTSIDE_ENGLAND


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None
