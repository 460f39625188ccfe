"""Shared fixtures for the clock tests: the calendar that ships with Casetrail."""

import pytest

from domain.calendar import WorkingDayCalendar, load_england_and_wales


@pytest.fixture(scope="session")
def calendar() -> WorkingDayCalendar:
    return load_england_and_wales()
