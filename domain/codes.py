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

# The SSDA903 placement types of 2025-26 (the DfE's validator's list): H5 and P2 are gone, K3 is
# supported accommodation, and "other placement" (Z1) is split into Z11-Z14. Checked when a
# placement is recorded, never on replay: a placement stored under an older code still loads.
PLACEMENT_TYPES: Mapping[str, str] = {
    "U1": "foster: relative or friend, long term",
    "U2": "foster: relative or friend, FFA",
    "U3": "foster: relative or friend, other",
    "U4": "foster: other carer, long term",
    "U5": "foster: other carer, FFA",
    "U6": "foster: other carer, other",
    "K1": "secure children's home",
    "K2": "children's home",
    "K3": "supported accommodation (16 and over)",
    "R1": "residential care home",
    "R2": "NHS/health trust",
    "R3": "family centre",
    "R5": "young offender institution",
    "P1": "placed with parents",
    "P3": "residential employment",
    "S1": "residential school",
    "T0": "temporary: all",
    "T1": "temporary: school",
    "T2": "temporary: hospital",
    "T3": "temporary: holiday",
    "T4": "temporary: other",
    # The DfE's codes: A3 and A5 are with the child's current foster carers, A5 and A6 under a
    # placement order (SSDA903 rules 335 and 408).
    "A3": "placed for adoption with consent, with current foster carers",
    "A4": "placed for adoption with consent, not with current foster carers",
    "A5": "placed for adoption under a placement order, with current foster carers",
    "A6": "placed for adoption under a placement order, not with current foster carers",
    # The DfE's guide says which kind of other placement each is; the return treats them alike
    # (no provider, no Ofsted URN).
    "Z11": "other placement (Z11)",
    "Z12": "other placement (Z12)",
    "Z13": "other placement (Z13)",
    "Z14": "other placement (Z14)",
}

# Placement types the return took until 2024-25: a placement stored under one keeps it, and a
# correction of such a placement may give one (what was right at the time); a new one may not.
RETIRED_PLACEMENT_TYPES: Mapping[str, str] = {
    "P2": "independent living (until 2024-25)",
    "H5": "semi-independent living (until 2024-25)",
    "Z1": "other placement (until 2024-25)",
}

# Who provides a placement (SSDA903 PLACE_PROVIDER).
PLACEMENT_PROVIDERS: Mapping[str, str] = {
    "PR0": "parents or another person with parental responsibility",
    "PR1": "the authority's own provision",
    "PR2": "another local authority",
    "PR3": "another public sector body",
    "PR4": "a private provider",
    "PR5": "a voluntary or third sector provider",
}

# Whether a child who starts to be looked after had a permanence arrangement before, that has
# ended (SSDA903 PrevPerm, PREV_PERM).
PREVIOUS_PERMANENCE: Mapping[str, str] = {
    "P1": "adoption",
    "P2": "special guardianship order",
    "P3": "child arrangements order (or residence order) naming with whom the child lives",
    "P4": "not known",
    "Z1": "none of these",
}

# Where a previous permanence arrangement was made (SSDA903 LA_PERM): a local authority's DfE
# number, another nation of the UK, or not known (the DfE's validator's list).
_AUTHORITY_NUMBERS = """
    800 889 822 301 304 303 330 825 837 302 846 370 350 890 867 380 305 801 351 873 823 895 896
    381 909 202 908 331 306 841 830 831 878 371 835 332 840 307 308 811 881 845 390 916 203 876
    850 311 204 884 312 205 313 805 919 310 309 420 921 206 207 886 810 382 314 340 888 208 856
    383 855 209 925 341 201 821 352 806 887 826 315 929 812 391 926 892 813 802 928 891 392 316
    815 353 931 879 836 851 874 807 354 317 870 318 372 857 333 935 343 803 373 342 893 356 355
    871 394 334 933 882 936 861 852 319 860 808 393 866 210 357 894 883 880 358 211 937 869 320
    359 865 384 335 336 212 868 872 885 344 877 213 938 816 999"""
PERMANENCE_AUTHORITIES = frozenset([*_AUTHORITY_NUMBERS.split(), "WAL", "SCO", "NIR", "NUK"])

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

# Reasons for a change of social worker: each of the SSDA903's SW_REASON codes (SWEpisodes) can
# be recorded, as one of these or more finely. "First contact" (FCONTA) is not among them: it is
# where a child's first worker of a period of care comes in, which the return works out itself.
# Codes are never renamed or removed: stored allocations keep the code they were recorded with.
WORKER_CHANGE_REASONS: Mapping[str, str] = {
    "MANAGE": "management decision",
    "TRANSFER": "transfer to another team as part of the usual process",
    "FCONTACT": "the family (a parent or carer) asked for a change",
    "CHILDRQ": "the child asked for a change",
    "CHCHANGE": "change in the child's circumstances",
    "ORGRESTRUCT": "organisational restructure",
    "WORKERLEFT": "the worker left the role",
    "ABSENT": "the worker is absent (sickness, leave)",
    "WORKERDIED": "the worker died",
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

# Adoption (SSDA903 AD1 and PlacedAdoption): the prospective adopters matched with a child, and
# why a decision that a child should be placed for adoption was reversed.
ADOPTER_SEXES: Mapping[str, str] = {
    "M1": "a single man", "F1": "a single woman", "MM": "a male couple",
    "FF": "a female couple", "MF": "a couple of a man and a woman",
}
ADOPTER_LEGAL_STATUSES: Mapping[str, str] = {
    "L0": "a single person",
    "L11": "a married couple of different sexes",
    "L12": "a married couple of the same sex",
    "L2": "a couple in a civil partnership",
    "L3": "an unmarried couple of different sexes",
    "L4": "an unmarried couple of the same sex",
}
ADOPTION_REVERSAL_REASONS: Mapping[str, str] = {
    "RD1": "the child's needs changed after the decision",
    "RD2": "the court did not make a placement order",
    "RD3": "prospective adopters could not be found",
    "RD4": "another reason",
}
# Placements for adoption, and those with the child's current foster carers.
PLACED_FOR_ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
PLACED_WITH_FOSTER_CARERS_FOR_ADOPTION = frozenset({"A3", "A5"})
# Legal statuses that authorise placing a child for adoption (a freeing order before 2005).
PLACEMENT_ORDERS = frozenset({"E1", "D1"})
ADOPTED = frozenset({"E11", "E12"})

# Why a Strengths and Difficulties Questionnaire was not scored (the SSDA903's SDQ_REASON).
SDQ_NOT_SCORED_REASONS: Mapping[str, str] = {
    "SDQ1": "the child was under 4 or over 16 at the date of the latest assessment",
    "SDQ2": "the carers refused to complete and return the questionnaire",
    "SDQ3": "not possible because of the severity of the child's disability",
    "SDQ4": "other",
    "SDQ5": "the child or young person refused to allow it",
}
SDQ_HIGHEST_SCORE = 40  # the total difficulties score runs from 0 to 40

# What a young person was convicted of or cautioned with (the SSDA903's CONVICTED counts any);
# final warnings and reprimands were replaced by youth cautions in April 2013.
YOUTH_JUSTICE_OUTCOMES: Mapping[str, str] = {
    "CONVICTION": "convicted of an offence",
    "YOUTH_CAUTION": "youth caution",
    "YOUTH_CONDITIONAL_CAUTION": "youth conditional caution",
    "FINAL_WARNING": "final warning",
    "REPRIMAND": "reprimand",
}

# Why a child stopped being an unaccompanied asylum-seeking child before their 18th birthday (at
# 18 it ends by itself). A decision on the asylum claim is not one of them: the DfE counts a
# child as UASC until 18 whatever the Home Office decided.
UASC_CEASED_REASONS: Mapping[str, str] = {
    "REUNITED": "now cared for by a parent, or an adult responsible for them in law or custom",
    "NOT_SEEKING_ASYLUM": "no longer seeking asylum (the claim was withdrawn, or never made)",
}

# What a care leaver is mainly doing (SSDA903 OC3, ACTIV).
CARE_LEAVER_ACTIVITIES: Mapping[str, str] = {
    "F1": "full time in higher education",
    "P1": "part time in higher education",
    "F2": "full time in education other than higher education",
    "P2": "part time in education other than higher education",
    "F4": "full time in an apprenticeship",
    "P4": "part time in an apprenticeship",
    "F5": "full time in training or employment (not an apprenticeship)",
    "P5": "part time in training or employment (not an apprenticeship)",
    "G4": "not in education, employment or training: illness or disability",
    "G5": "not in education, employment or training: other circumstances",
    "G6": "not in education, employment or training: pregnancy or parenting",
}
# Where a care leaver lives (SSDA903 OC3, ACCOM, without its suitability digit).
CARE_LEAVER_ACCOMMODATION: Mapping[str, str] = {
    "B": "with parents or relatives",
    "C": "community home or other residential care (an NHS establishment, say)",
    "D": "semi-independent, transitional accommodation (a supported hostel, trainer flats)",
    "E": "supported lodgings (a host family giving formal advice and support)",
    "G": "gone abroad",
    "H": "deported",
    "K": "ordinary lodgings, without formal support",
    "R": "residence not known",
    "S": "no fixed abode or homeless",
    "T": "foyer or similar, with education, training or employment",
    "U": "independent living (a tenancy, a flat, a college or university room)",
    "V": "emergency accommodation (a night shelter, an emergency hostel)",
    "W": "bed and breakfast",
    "X": "in custody",
    "Y": "other accommodation",
    "Z": "with former foster carers, staying put after 18",
}
# Accommodation that is never suitable.
UNSUITABLE_ACCOMMODATION = frozenset({"S", "X"})


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
