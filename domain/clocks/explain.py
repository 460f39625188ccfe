"""A due date in words: the date first, then the reasoning a person can check line by line."""

from __future__ import annotations

from datetime import date, datetime

from domain.calendar import StartDayConvention, day_name
from domain.clocks.result import DueDate, SkippedDay, describe
from domain.rules import Unit

_COUNTING = {
    Unit.CALENDAR_DAYS: "calendar days; weekends and bank holidays count like any day",
    Unit.WEEKS: "the same day of the week",
    Unit.MONTHS: "the same day of the month, or the last day of a shorter month",
    Unit.HOURS: "elapsed time, to the minute",
}


def format_due_explanation(result: DueDate) -> str:
    """The due date alone as YYYY-MM-DD on the first line, then why, one fact per line.

    Scripts can read the first line; people read the rest: the rule, its basis, how it was
    counted, each day skipped and why, and (for rules in hours) the exact time.
    """
    rule = result.rule
    lines = [
        result.due.isoformat(),
        f"Rule: {rule.id} {rule.title} ({rule.jurisdiction.title})",
        f"Basis: {rule.basis}",
    ]
    if len(rule.intervals) > 1:
        lines.append(f"Interval {result.interval_index}: {describe(result.interval)}")
    lines.append(_starts_on(result))
    lines.append(f"Met by: {rule.met_by.words} [{rule.met_by.key}]")
    lines.append(f"Counting: {result.interval.period} ({result.setting}); {_counting(result)}")
    lines.extend(f"Skipped: {_skipped(s)}" for s in result.skipped)
    if result.due_at is not None:
        lines.append(f"Due at: {_moment(result.due_at)}")
        lines.extend(_clock_change(result.started, result.due_at))
    else:
        lines.append(f"Due: {result.due.isoformat()} ({day_name(result.due)})")
    if result.falls_on is not None:
        lines.append(
            f"Note: {result.falls_on} is not a working day, "
            "but this rule counts calendar time, so the date does not move"
        )
    if rule.note:
        lines.append(f"Note: {rule.note}")
    if rule.followed_by:
        lines.append(f"Next: once this is met, the clock of rule {rule.followed_by} starts")
    return "\n".join(lines)


def _counting(result: DueDate) -> str:
    if result.unit is not Unit.WORKING_DAYS:
        return _COUNTING[result.unit]
    if result.convention is StartDayConvention.START_DAY_IS_DAY_ZERO:
        return "the start day is day 0, so the count begins on the next working day"
    if result.start_not_working is not None:
        return "the start day would be day 1 but is not a working day, so it is not counted"
    return "the start day counts as day 1"


def _starts_on(result: DueDate) -> str:
    trigger = result.interval.counted_from
    line = f"Starts on: {trigger.words} [{trigger.key}], {_moment(result.started)}"
    if result.start_not_working is None:
        return line
    if result.start_not_working == day_name(result.start_day):
        return f"{line}; not a working day"
    return f"{line}; not a working day: {result.start_not_working}"


def _skipped(skipped: SkippedDay) -> str:
    weekday = day_name(skipped.day)
    if skipped.reason == weekday:
        return f"{skipped.day.isoformat()} {weekday}"
    return f"{skipped.day.isoformat()} {weekday}: {skipped.reason}"


def _moment(moment: date | datetime) -> str:
    if not isinstance(moment, datetime):
        return f"{moment.isoformat()} ({day_name(moment)})"
    zone = f" {moment.tzname()}" if moment.tzname() else ""
    return f"{moment.strftime('%Y-%m-%d %H:%M')}{zone} ({day_name(moment.date())})"


def _clock_change(started: date | datetime, due_at: datetime) -> list[str]:
    if not isinstance(started, datetime) or started.utcoffset() == due_at.utcoffset():
        return []
    return [
        "Note: the clocks change in this period; the hours are real elapsed time, "
        f"so the due time is {due_at.isoformat(timespec='minutes')}"
    ]
