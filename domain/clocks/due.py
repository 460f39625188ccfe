"""When a statutory clock runs out, and why: the due date with reasoning people can check."""

from __future__ import annotations

from datetime import date, datetime

from domain.calendar import (
    StartDayConvention,
    WorkingDayCalendar,
    add_days,
    add_hours,
    add_months,
    add_weeks,
)
from domain.clocks.explain import format_due_explanation
from domain.clocks.result import DueDate, IntervalOutOfRange, SkippedDay, StartTimeNeeded
from domain.rules import (
    Jurisdiction,
    LocalTimescales,
    Period,
    TimescaleRule,
    Unit,
    WrongJurisdiction,
    apply_local,
    rule_in,
    set_by_plan,
)

__all__ = ["DueDate", "SkippedDay", "due_date", "format_due_explanation"]


def due_date(
    rule_id_or_rule: str | TimescaleRule,
    started: date | datetime,
    jurisdiction: Jurisdiction,
    calendar: WorkingDayCalendar,
    convention: StartDayConvention = StartDayConvention.START_DAY_IS_DAY_ZERO,
    interval_index: int = 0,
    local_overrides: LocalTimescales | None = None,
    *,
    plan_period: Period | None = None,
) -> DueDate:
    """When the clock of a rule, started at `started`, runs out in a case in `jurisdiction`.

    `interval_index` picks one of the rule's intervals (see `TimescaleRule.intervals`).
    `local_overrides` are the authority's settings; `plan_period` is a frequency that a plan or
    conference set for a local timescale, and wins over both. The start-day convention applies
    to working days only: "within 3 months" or "within 7 days" is counted on the calendar.
    """
    applied, setting = _applied_rule(rule_id_or_rule, jurisdiction, local_overrides, plan_period)
    if not 0 <= interval_index < len(applied.intervals):
        raise IntervalOutOfRange(applied, interval_index)
    interval = applied.intervals[interval_index]
    period = interval.period
    start_day = _date_of(started)
    due_at: datetime | None = None
    skipped: tuple[SkippedDay, ...] = ()
    start_not_working: str | None = None
    falls_on: str | None = None
    if period.unit is Unit.HOURS:
        if not isinstance(started, datetime):
            raise StartTimeNeeded(applied)
        due_at = add_hours(started, period.amount)
        due = due_at.date()
    elif period.unit is Unit.WORKING_DAYS:
        due = calendar.add_working_days(start_day, period.amount, convention)
        skipped = tuple(SkippedDay(d, why) for d, why in calendar.non_working_days(start_day, due))
        start_not_working = calendar.why_not_working(start_day)
    else:
        due = _add_calendar_time(start_day, period)
        # Outside the calendar only the warning is lost; the date itself needs no calendar.
        falls_on = calendar.why_not_working(due) if calendar.covers(due) else None
    return DueDate(
        rule=applied,
        interval_index=interval_index,
        interval=interval,
        started=started,
        due=due,
        due_at=due_at,
        convention=convention,
        setting=setting,
        skipped=skipped,
        start_not_working=start_not_working,
        falls_on=falls_on,
    )


def _applied_rule(
    rule_id_or_rule: str | TimescaleRule,
    jurisdiction: Jurisdiction,
    local: LocalTimescales | None,
    plan_period: Period | None,
) -> tuple[TimescaleRule, str]:
    """The rule with the period that governs it here, and where that period came from."""
    if isinstance(rule_id_or_rule, str):
        applied = rule_in(rule_id_or_rule, jurisdiction, local)
    elif rule_id_or_rule.jurisdiction is not jurisdiction:
        raise WrongJurisdiction(rule_id_or_rule, jurisdiction)
    else:
        applied = apply_local(rule_id_or_rule, local)
    if plan_period is not None:
        return set_by_plan(applied, plan_period), "set by the plan or conference"
    if not applied.local:
        return applied, "national"
    if local is not None and local.period_for(applied.id) is not None:
        return applied, "set by the authority"
    return applied, "local default; the authority may set its own"


def _add_calendar_time(start: date, period: Period) -> date:
    if period.unit is Unit.MONTHS:
        return add_months(start, period.amount)
    if period.unit is Unit.WEEKS:
        return add_weeks(start, period.amount)
    return add_days(start, period.amount)


def _date_of(moment: date | datetime) -> date:
    # A datetime is also a date, so the test must be this way round.
    return moment.date() if isinstance(moment, datetime) else moment
