"""Wales's timescales: the Social Services and Well-being (Wales) Act 2014 and its procedures.

Wales says "report" for referral and "care and support protection plan" for protection plan.
"""

from domain.rules import triggers as t
from domain.rules.england import LOOKED_AFTER_VISITS_AFTER_THE_FIRST
from domain.rules.model import Interval, Jurisdiction, Period, TimescaleRule, Unit

_WALES = Jurisdiction.WALES
_WD = Unit.WORKING_DAYS
_PROCEDURES = "Social Services and Well-being (Wales) Act 2014; Wales Safeguarding Procedures"

WALES_RULES = (
    TimescaleRule(
        id="W1",
        jurisdiction=_WALES,
        title="Decision on a report",
        basis=_PROCEDURES,
        starts_on=t.REPORT_RECEIVED,
        met_by=t.REPORT_DECIDED,
        amount=1,
        unit=_WD,
    ),
    TimescaleRule(
        id="W2",
        jurisdiction=_WALES,
        title="Strategy discussion",
        basis="no national number",
        starts_on=t.CHILD_AT_RISK_SUSPECTED,
        met_by=t.STRATEGY_DISCUSSION_HELD,
        amount=1,
        unit=_WD,
        local=True,
        note="1 working day is the local default",
    ),
    TimescaleRule(
        id="W3",
        jurisdiction=_WALES,
        title="Initial child protection conference",
        basis=_PROCEDURES,
        starts_on=t.STRATEGY_DISCUSSION_HELD,
        met_by=t.INITIAL_CONFERENCE_HELD,
        amount=15,
        unit=_WD,
    ),
    TimescaleRule(
        id="W4",
        jurisdiction=_WALES,
        title="Outline plan circulated",
        basis=_PROCEDURES,
        starts_on=t.INITIAL_CONFERENCE_HELD,
        met_by=t.OUTLINE_PLAN_CIRCULATED,
        amount=5,
        unit=_WD,
    ),
    TimescaleRule(
        id="W5",
        jurisdiction=_WALES,
        title="First core group, then later core groups",
        basis=_PROCEDURES,
        starts_on=t.INITIAL_CONFERENCE_HELD,
        met_by=t.CORE_GROUP_HELD,
        amount=10,
        unit=_WD,
        # "Monthly and no more than 6-weekly": both count from the previous core group; the
        # first is the expected date, the second the limit past which the meeting is late.
        then=(
            Interval(Period(1, Unit.MONTHS), t.PREVIOUS_CORE_GROUP, "expected: monthly"),
            Interval(Period(6, Unit.WEEKS), t.PREVIOUS_CORE_GROUP, "limit: no more than 6-weekly"),
        ),
        note="the first core group within 10 working days of the initial conference",
    ),
    TimescaleRule(
        id="W6",
        jurisdiction=_WALES,
        title="Section 47 (continuing) assessment",
        basis=_PROCEDURES,
        starts_on=t.ENQUIRIES_STARTED,
        met_by=t.SECTION_47_ASSESSMENT_COMPLETED,
        amount=42,
        unit=_WD,
    ),
    TimescaleRule(
        id="W7",
        jurisdiction=_WALES,
        title="Review conferences",
        basis=_PROCEDURES,
        starts_on=t.INITIAL_CONFERENCE_HELD,
        met_by=t.REVIEW_CONFERENCE_HELD,
        amount=3,
        unit=Unit.MONTHS,
        then=(Interval(Period(6, Unit.MONTHS), t.PREVIOUS_REVIEW_CONFERENCE, "each later review"),),
    ),
    TimescaleRule(
        id="W8",
        jurisdiction=_WALES,
        title="Care and support plan for a looked-after child",
        basis=_PROCEDURES,
        starts_on=t.FIRST_PLACEMENT,
        met_by=t.CARE_AND_SUPPORT_PLAN_PREPARED,
        amount=10,
        unit=_WD,
    ),
    TimescaleRule(
        id="W9",
        jurisdiction=_WALES,
        title="Statutory visits to a looked-after child",
        basis="reg 31 of the Wales regulations (as E14)",
        starts_on=t.PLACEMENT_STARTED,
        met_by=t.STATUTORY_VISIT,
        amount=1,
        unit=Unit.WEEKS,
        then=LOOKED_AFTER_VISITS_AFTER_THE_FIRST,
    ),
    TimescaleRule(
        id="W10",
        jurisdiction=_WALES,
        title="Looked-after reviews",
        basis="as E11 to E13 (to be confirmed against the Wales 2015 regulations)",
        starts_on=t.BECAME_LOOKED_AFTER,
        met_by=t.LOOKED_AFTER_REVIEW_HELD,
        amount=20,
        unit=_WD,
        then=(
            Interval(Period(3, Unit.MONTHS), t.FIRST_LOOKED_AFTER_REVIEW, "the second review"),
            Interval(Period(6, Unit.MONTHS), t.PREVIOUS_LOOKED_AFTER_REVIEW, "each later review"),
        ),
    ),
)
