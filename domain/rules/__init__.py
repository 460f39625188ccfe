"""Statutory and local timescales as data: what starts each clock, what meets it, how long.

The facts come from the reference on timescales (England: Working Together 2023 and the
regulations; Wales: the 2014 Act and the Wales Safeguarding Procedures).
"""

from domain.rules.catalogue import (
    RULES,
    UnknownRule,
    WrongJurisdiction,
    rule,
    rule_in,
    rules_for,
)
from domain.rules.local import (
    LocalTimescales,
    NationalTimescale,
    apply_local,
    set_by_plan,
    with_period,
)
from domain.rules.model import Interval, Jurisdiction, Period, TimescaleRule, Trigger, Unit

__all__ = [
    "RULES",
    "Interval",
    "Jurisdiction",
    "LocalTimescales",
    "NationalTimescale",
    "Period",
    "TimescaleRule",
    "Trigger",
    "Unit",
    "UnknownRule",
    "WrongJurisdiction",
    "apply_local",
    "rule",
    "rule_in",
    "rules_for",
    "set_by_plan",
    "with_period",
]
