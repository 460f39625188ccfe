"""The settings turned into the policies the domain and the views take: how clocks are counted
and which thresholds mark a risk."""

from __future__ import annotations

import re

from domain.calendar import StartDayConvention, load_england_and_wales
from domain.clocks import ClockSettings
from domain.rules import Jurisdiction as RuleJurisdiction
from domain.rules import LocalTimescales
from domain.rules.model import Period, Unit
from runtime.settings import Settings

_PERIOD = re.compile(r"^\s*(\d+)\s+(working days?|calendar days?|days?|weeks?|months?)\s*$")


def parse_period(text: str) -> Period:
    """"10 working days", "4 weeks", "3 months" -> a Period; anything else is refused."""
    match = _PERIOD.match(text.lower())
    if not match:
        raise ValueError(
            f"'{text}' is not a period: write e.g. '10 working days', '4 weeks' or '3 months'"
        )
    amount, unit = int(match.group(1)), match.group(2).rstrip("s")
    units = {"working day": Unit.WORKING_DAYS, "calendar day": Unit.CALENDAR_DAYS,
             "day": Unit.CALENDAR_DAYS, "week": Unit.WEEKS, "month": Unit.MONTHS}
    return Period(amount, units[unit])


def local_timescales(settings: Settings) -> LocalTimescales:
    def period(text: str | None) -> Period | None:
        return parse_period(text) if text else None

    return LocalTimescales(
        strategy_discussion=period(settings.local_strategy_discussion),
        first_core_group=period(settings.local_first_core_group),
        protection_plan_visits=period(settings.local_protection_plan_visits),
        child_in_need_plan_reviews=period(settings.local_child_in_need_plan_reviews),
    )


def clock_settings(settings: Settings) -> ClockSettings:
    return ClockSettings(
        jurisdiction=RuleJurisdiction(settings.jurisdiction.value),
        convention=StartDayConvention(settings.start_day.value),
        local=local_timescales(settings),
        calendar=load_england_and_wales(),
    )
