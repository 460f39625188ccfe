"""Calendars for statutory clocks: England and Wales working days, month arithmetic, and
birthdays."""

from domain.calendar.birthdays import birthday
from domain.calendar.months import add_days, add_hours, add_months, add_weeks
from domain.calendar.working_days import (
    DateOutsideCalendar,
    StartDayConvention,
    WorkingDayCalendar,
    day_name,
    load_england_and_wales,
)

__all__ = [
    "DateOutsideCalendar",
    "StartDayConvention",
    "WorkingDayCalendar",
    "add_days",
    "add_hours",
    "add_months",
    "add_weeks",
    "birthday",
    "day_name",
    "load_england_and_wales",
]
