"""The code lists of the statutory returns, so that the record speaks the returns' language.

Sources: the DfE CIN census and SSDA903 guidance as summarised in the project's reference notes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from domain.errors import InvalidValue

# The type of an event's `code_lists`: which code list each coded fact comes from.
CodeLists = Mapping[str, Collection[str]]

REFERRAL_SOURCES: Mapping[str, str] = {
    "1A": "individual: family member",
    "1B": "individual: acquaintance",
    "1C": "individual: self",
    "1D": "individual: other",
    "2A": "schools",
    "2B": "education services",
    "3A": "GP",
    "3B": "health visitor",
    "3C": "school nurse",
    "3D": "other primary health services",
    "3E": "A&E",
    "3F": "other health services",
    "4": "housing",
    "5A": "LA services: social care",
    "5B": "LA services: other internal",
    "5C": "LA services: another authority",
    "5D": "LA services: early help",
    "6": "police",
    "7": "other legal agency",
    "8": "other",
    "9": "anonymous",
    "10": "unknown",
}

PRIMARY_NEEDS: Mapping[str, str] = {
    "N0": "not stated",
    "N1": "abuse or neglect",
    "N2": "child's disability or illness",
    "N3": "parental illness or disability",
    "N4": "family in acute stress",
    "N5": "family dysfunction",
    "N6": "socially unacceptable behaviour",
    "N7": "low income",
    "N8": "absent parenting",
    "N9": "cases other than children in need",
}

CLOSURE_REASONS: Mapping[str, str] = {
    "RC1": "adopted",
    "RC2": "died",
    "RC3": "child arrangements order",
    "RC4": "special guardianship order",
    "RC5": "transferred to another local authority",
    "RC6": "transferred to adult social care",
    "RC7": "services ceased for any other reason",
    "RC8": "case closed after assessment, no further action",
    "RC9": "case closed after assessment, referred to early help",
}
CLOSURES_NEEDING_ASSESSMENT = frozenset({"RC8", "RC9"})

ABUSE_CATEGORIES: Mapping[str, str] = {
    "NEG": "neglect",
    "PHY": "physical abuse",
    "SAB": "sexual abuse",
    "EMO": "emotional abuse",
    "MUL": "multiple categories",
}

DISABILITIES: Mapping[str, str] = {
    "NONE": "no disability",
    "MOB": "mobility",
    "HAND": "hand function",
    "PC": "personal care",
    "INC": "incontinence",
    "COMM": "communication",
    "LD": "learning",
    "HEAR": "hearing",
    "VIS": "vision",
    "BEH": "behaviour",
    "CON": "consciousness",
    "AUT": "autism or Asperger syndrome",
    "DDA": "other DDA",
}

ETHNICITIES = frozenset(
    [
        "WBRI",
        "WIRI",
        "WIRT",
        "WOTH",
        "WROM",
        "MWBC",
        "MWBA",
        "MWAS",
        "MOTH",
        "AIND",
        "APKN",
        "ABAN",
        "AOTH",
        "BCRB",
        "BAFR",
        "BOTH",
        "CHNE",
        "OOTH",
        "REFU",
        "NOBT",
    ]
)

SEXES: Mapping[str, str] = {"M": "male", "F": "female", "U": "not known"}

UPN_UNKNOWN = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"})

REFERRAL_DECISIONS: Mapping[str, str] = {
    "NFA": "no further action",
    "ASSESSMENT": "child and family assessment",
    "STRATEGY": "strategy discussion",
    "EARLY_HELP": "early help",
}

LEGAL_STATUSES: Mapping[str, str] = {
    "C1": "interim care order",
    "C2": "full care order",
    "D1": "freeing order",
    "E1": "placement order",
    "V2": "accommodated under section 20",
    "V3": "short breaks (single)",
    "V4": "short breaks (series)",
    "L1": "police protection",
    "L2": "emergency protection order",
    "L3": "child assessment order",
    "J1": "remanded to LA accommodation",
    "J2": "PACE transfer",
    "J3": "youth justice order",
}

PLACEMENT_TYPES: Mapping[str, str] = {
    "U1": "foster: relative or friend, long term",
    "U2": "foster: relative or friend, FFA",
    "U3": "foster: relative or friend, other",
    "U4": "foster: other carer, long term",
    "U5": "foster: other carer, FFA",
    "U6": "foster: other carer, other",
    "K1": "secure children's home",
    "K2": "children's home",
    "K3": "children's home (other)",
    "R1": "residential care home",
    "R2": "NHS/health trust",
    "R3": "family centre",
    "R5": "young offender institution",
    "P1": "placed with parents",
    "P3": "independent living",
    "H5": "semi-independent living",
    "S1": "residential school",
    "T0": "temporary: all",
    "T1": "temporary: school",
    "T2": "temporary: hospital",
    "T3": "temporary: holiday",
    "T4": "temporary: other",
    "A3": "placed for adoption (consent)",
    "A4": "placed for adoption (order)",
    "A5": "placed for adoption with foster carer (consent)",
    "A6": "placed for adoption with foster carer (order)",
    "Z1": "other placement",
}

# Which visiting regime of the Care Planning Regulations a placement falls under (rules E14/E14a/b).
VISIT_REGIMES: Mapping[str, str] = {
    "E14": "regulation 28(2): standard placement",
    "E14a": "regulation 28(3): placed with a parent before assessment is complete",
    "E14b": "regulation 28(4): connected person with temporary approval",
}

CEASED_REASONS: Mapping[str, str] = {
    "E11": "adopted (application unopposed)",
    "E12": "adopted (application opposed)",
    "E13": "left care to live with parents or relatives",
    "E14": "accommodation on remand ended",
    "E15": "age assessment: over 18",
    "E16": "child moved abroad",
    "E17": "aged 18",
    "E2": "died",
    "E3": "care transferred to another LA",
    "E41": "residence order",
    "E45": "special guardianship order (former carer)",
    "E46": "special guardianship order (other)",
    "E47": "child arrangements order (former carer)",
    "E48": "child arrangements order (other)",
    "E4A": "returned home, not planned",
    "E4B": "returned home, planned",
    "E5": "moved to independent living",
    "E6": "sentenced to custody",
    "E7": "moved to residential care",
    "E8": "period of care ceased for another reason",
    "E9": "sentenced to custody (remand)",
}

PLACEMENT_CHANGE_REASONS: Mapping[str, str] = {
    "CARPL": "change to, or implementation of, the care plan",
    "CLOSE": "provider closed",
    "ALLEG": "allegation (section 47)",
    "STAND": "standards of care concern",
    "APPRR": "approval removed",
    "CREQB": "carer requested (behaviour)",
    "CREQO": "carer requested (other)",
    "CHILD": "child requested",
    "LAREQ": "responsible or area authority requested",
    "PLACE": "change in the status of the placement only",
    "CUSTOD": "custody arrangement",
    "OTHER": "other",
}

# Reasons for a change of social worker (SSDA903 SWEpisodes, SW_REASON).
WORKER_CHANGE_REASONS: Mapping[str, str] = {
    "MANAGE": "management decision",
    "FCONTACT": "family or child request",
    "CHILDRQ": "child requested",
    "CHCHANGE": "change in the child's circumstances",
    "ORGRESTRUCT": "organisational restructure",
    "WORKERLEFT": "worker left or was absent",
    "CLOSED": "episode closed",
    "OTHERRS": "other",
    "UNKNOWN": "not known",
}

AGENCIES: Mapping[str, str] = {
    "POLICE": "police",
    "HEALTH": "health",
    "EDUCATION": "education",
    "SOCIAL_CARE": "children's social care",
    "PROBATION": "probation",
    "HOUSING": "housing",
    "ADULT_SERVICES": "adult services",
    "EARLY_YEARS": "early years",
    "VOLUNTARY": "voluntary sector",
    "FAMILY": "family",
    "OTHER": "other",
}

RESTRICTION_KINDS: Mapping[str, str] = {
    "STAFF": "a member of staff or their relative",
    "HIGH_PROFILE": "a high-profile child",
    "ADOPTION": "an adoption record",
    "OTHER": "other reason",
}

ABSENCE_KINDS: Mapping[str, str] = {
    "SICKNESS": "sickness",
    "ANNUAL_LEAVE": "annual leave",
    "TRAINING": "training",
    "PARENTAL": "parental leave",
    "OTHER": "other",
}

ASSESSMENT_FACTORS = frozenset([f"{n}{s}" for n in range(1, 25) for s in ("A", "B", "C")] + ["21"])
ASSESSMENT_OUTCOMES: Mapping[str, str] = {
    "NFA": "no further action",
    "CIN_PLAN": "child in need plan",
    "STRATEGY": "strategy discussion",
    "LOOKED_AFTER": "become looked after",
    "EARLY_HELP": "early help",
    "PROTECTION": "child protection conference (enquiries already under way)",
}

REVIEW_PARTICIPATION = frozenset({"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"})


def check_code(field: str, value: str, codes: Mapping[str, str] | frozenset[str]) -> str:
    if value not in codes:
        raise InvalidValue(field, f"'{value}' is not a known code; expected one of {_list(codes)}")
    return value


def check_codes(
    field: str, values: Iterable[str], codes: Mapping[str, str] | frozenset[str]
) -> list[str]:
    return [check_code(field, v, codes) for v in values]


def _list(codes: Iterable[str]) -> str:
    return ", ".join(sorted(codes))
