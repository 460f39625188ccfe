"""The details of a placement the SSDA903 return asks for (who provides it, its postcode, the
child's home postcode, its Ofsted URN) and of a previous permanence arrangement, with the rules
the DfE holds them to. Each fact may be None: not recorded (placements recorded before Casetrail
asked for them); a fact that is given must fit the placement.

The rules run when a placement is recorded and again when a correction re-examines the record,
never on replay: a placement stored under an older rule still loads.
"""

from __future__ import annotations

import re
from datetime import date

from domain import codes
from domain.errors import InvalidValue

PLACED_WITH_PARENTS = "P1"
PARENTS = "PR0"
# Temporary and "other" placements have no provider (SSDA903 rules 178, 213 and 526).
WITHOUT_PROVIDER = frozenset({"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})
# Placements no Ofsted-registered provider makes: they carry no URN (rules 218 and 222).
WITHOUT_URN = WITHOUT_PROVIDER | {"P1", "P3", "R1", "R2", "R5"}
# A fostering or adoption placement whose agency Ofsted does not register (a regional adoption
# agency, say) is given the URN "XXXXXXX" (rule 242); no other placement may be.
UNREGISTERED_URN = "XXXXXXX"
FOSTERING_OR_ADOPTION = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})
# Placements a provider may not make (rules 527 to 529): health and custody are not provided by
# a local authority, and another public body does not foster, place for adoption or run a
# children's home.
NOT_PROVIDED_BY: dict[str, frozenset[str]] = {
    "PR1": frozenset({"R2", "R5"}),
    "PR2": frozenset({"R2", "R5"}),
    "PR3": FOSTERING_OR_ADOPTION | {"K1", "K2"},
}
# An Ofsted URN: "SC" and six digits (social care providers), or six or seven digits (schools
# and newer registrations).
URN = re.compile(r"^(SC\d{6}|\d{6,7})$")
# A UK postcode as Royal Mail writes it: the outward code, one space, the inward code.
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?|GIR) (\d[A-Z]{2})$")
# Previous permanence that names an arrangement, whose authority and date may be known.
ARRANGEMENTS = frozenset({"P1", "P2", "P3"})


def postcode(field: str, value: str | None) -> str | None:
    """The postcode written as Royal Mail writes it ("tw91aa" -> "TW9 1AA"), or None."""
    if value is None:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    written = f"{compact[:-3]} {compact[-3:]}"
    if not POSTCODE.match(written):
        raise InvalidValue(field, f"'{value}' is not a UK postcode (like TW9 1AA)")
    return written


def check_postcode(field: str, value: str | None) -> None:
    """A stored postcode is written in full, as `postcode` writes it."""
    if value is not None and postcode(field, value) != value:
        raise InvalidValue(field, f"write the postcode as '{postcode(field, value)}'")


def provider_of(placement_type: str, provider: str | None) -> str | None:
    """The provider as recorded; placed with parents is provided by the parents (PR0) without
    saying so."""
    if provider is None and placement_type == PLACED_WITH_PARENTS:
        return PARENTS
    return provider


def check_placement(placement_type: str, provider: str | None, urn: str | None) -> None:
    """Refuse a provider or URN that cannot go with the type of placement."""
    if provider is not None:
        if provider not in codes.PLACEMENT_PROVIDERS:
            raise InvalidValue(
                "placement_provider",
                f"'{provider}' is not a known code; expected one of "
                f"{', '.join(sorted(codes.PLACEMENT_PROVIDERS))}",
            )
        if placement_type in WITHOUT_PROVIDER:
            raise InvalidValue(
                "placement_provider",
                f"a placement of type {placement_type} has no provider: leave it out",
            )
        if (provider == PARENTS) != (placement_type == PLACED_WITH_PARENTS):
            raise InvalidValue(
                "placement_provider",
                "placed with parents (P1) is provided by the parents (PR0), and only that is",
            )
        if placement_type in NOT_PROVIDED_BY.get(provider, frozenset()):
            raise InvalidValue(
                "placement_provider",
                f"{codes.PLACEMENT_PROVIDERS[provider]} ({provider}) does not provide a "
                f"placement of type {placement_type}",
            )
    if urn is None:
        return
    if placement_type in WITHOUT_URN:
        raise InvalidValue(
            "placement_urn", f"a placement of type {placement_type} has no Ofsted URN"
        )
    if urn == UNREGISTERED_URN:
        if placement_type not in FOSTERING_OR_ADOPTION:
            raise InvalidValue(
                "placement_urn",
                f"{UNREGISTERED_URN} is only for a fostering or adoption agency Ofsted does not "
                "register",
            )
    elif not URN.match(urn):
        raise InvalidValue(
            "placement_urn",
            f"'{urn}' is not an Ofsted URN (SC and six digits, six or seven digits, or "
            f"{UNREGISTERED_URN})",
        )


def check_previous_permanence(
    kind: str | None, authority: str | None, made_on: date | None, looked_after_on: date
) -> None:
    """Refuse an authority or date without an arrangement, or a date not before the child
    became looked after."""
    if kind is not None and kind not in codes.PREVIOUS_PERMANENCE:
        raise InvalidValue(
            "previous_permanence",
            f"'{kind}' is not a known code; expected one of "
            f"{', '.join(sorted(codes.PREVIOUS_PERMANENCE))}",
        )
    if authority is not None and authority not in codes.PERMANENCE_AUTHORITIES:
        raise InvalidValue(
            "previous_permanence_authority",
            f"'{authority}' is not a local authority's DfE number, WAL, SCO, NIR or NUK",
        )
    if kind not in ARRANGEMENTS:
        for name, value in (("previous_permanence_authority", authority),
                            ("previous_permanence_on", made_on)):
            if value is not None:
                raise InvalidValue(
                    name, "only an adoption, special guardianship or child arrangements order "
                    "(P1-P3) has an authority and a date",
                )
    if made_on is not None and made_on >= looked_after_on:
        raise InvalidValue(
            "previous_permanence_on",
            f"the previous arrangement must have been made before the child became looked "
            f"after ({looked_after_on})",
        )
