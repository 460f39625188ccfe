"""Timescales with no national number: an authority's settings and a plan's own frequency."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from domain.rules.model import Period, TimescaleRule


@dataclass(frozen=True)
class LocalTimescales:
    """The periods an authority has chosen in place of the local defaults; None keeps a default.

    One setting may cover a rule in each nation (the strategy discussion is E2 in England and W2
    in Wales), since an authority works under one of them.
    """

    strategy_discussion: Period | None = None
    first_core_group: Period | None = None
    protection_plan_visits: Period | None = None
    child_in_need_plan_reviews: Period | None = None

    def period_for(self, rule_id: str) -> Period | None:
        """The authority's period for `rule_id`, or None where it keeps the default."""
        by_rule = {
            "E2": self.strategy_discussion,
            "W2": self.strategy_discussion,
            "E5": self.first_core_group,
            "E8": self.protection_plan_visits,
            "E9": self.child_in_need_plan_reviews,
        }
        return by_rule.get(rule_id)


class NationalTimescale(ValueError):
    """A plan tried to change a timescale that the law or national guidance sets."""

    def __init__(self, rule: TimescaleRule) -> None:
        super().__init__(
            f"{rule.id} ({rule.title}) is a national timescale ({rule.basis}); "
            "only a local timescale can be set by a plan or conference"
        )
        self.rule = rule


def with_period(rule: TimescaleRule, period: Period) -> TimescaleRule:
    """`rule` with every one of its intervals running for `period` instead.

    The local rules repeat one period (E8: from the plan start, then from each visit), so a
    changed frequency applies to all of them.
    """
    then = tuple(dataclasses.replace(interval, period=period) for interval in rule.then)
    return dataclasses.replace(rule, amount=period.amount, unit=period.unit, then=then)


def apply_local(rule: TimescaleRule, local: LocalTimescales | None) -> TimescaleRule:
    """`rule` as the authority runs it: its own period where it set one for a local rule."""
    period = None if local is None else local.period_for(rule.id)
    return rule if period is None else with_period(rule, period)


def set_by_plan(rule: TimescaleRule, period: Period) -> TimescaleRule:
    """`rule` at the frequency a plan or conference set; refused for national timescales."""
    if not rule.local:
        raise NationalTimescale(rule)
    return with_period(rule, period)
