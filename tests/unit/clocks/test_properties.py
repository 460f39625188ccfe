"""Properties that must hold for any date and count, not just the hand-checked ones."""

import calendar as stdlib_calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import StartDayConvention, add_months, load_england_and_wales
from domain.clocks import due_date
from domain.rules import RULES, Jurisdiction, TimescaleRule, Unit

CALENDAR = load_england_and_wales()
# Leave room for a year of working days at either end of the data.
DAYS = st.dates(min_value=date(2011, 1, 1), max_value=date(2034, 12, 31))
COUNTS = st.integers(min_value=1, max_value=200)
CONVENTIONS = st.sampled_from(StartDayConvention)
WORKING_DAY_RULES = st.sampled_from([r for r in RULES.values() if r.unit is Unit.WORKING_DAYS])


@given(DAYS, COUNTS, CONVENTIONS)
def test_a_working_day_deadline_is_never_a_weekend_or_bank_holiday(
    start: date, n: int, convention: StartDayConvention
) -> None:
    due = CALENDAR.add_working_days(start, n, convention)
    assert due.weekday() < 5
    assert due not in CALENDAR.bank_holidays


@given(DAYS, WORKING_DAY_RULES, CONVENTIONS)
def test_a_working_day_rule_is_due_on_a_working_day_not_before_it_started(
    start: date, chosen: TimescaleRule, convention: StartDayConvention
) -> None:
    result = due_date(chosen, start, chosen.jurisdiction, CALENDAR, convention)
    assert CALENDAR.is_working_day(result.due)
    assert result.due >= start
    assert all(not CALENDAR.is_working_day(s.day) for s in result.skipped)


@given(DAYS, COUNTS, COUNTS, CONVENTIONS)
def test_more_working_days_is_never_earlier(
    start: date, n: int, m: int, convention: StartDayConvention
) -> None:
    low, high = sorted((n, m))
    assert CALENDAR.add_working_days(start, low, convention) <= CALENDAR.add_working_days(
        start, high, convention
    )
    if low < high:
        assert CALENDAR.add_working_days(start, low, convention) < CALENDAR.add_working_days(
            start, high, convention
        )


@given(DAYS, DAYS, COUNTS, CONVENTIONS)
def test_a_later_start_is_never_due_earlier(
    a: date, b: date, n: int, convention: StartDayConvention
) -> None:
    early, late = sorted((a, b))
    assert CALENDAR.add_working_days(early, n, convention) <= CALENDAR.add_working_days(
        late, n, convention
    )


@given(DAYS, st.integers(min_value=-200, max_value=200))
def test_working_days_between_undoes_add_working_days_from_day_zero(start: date, n: int) -> None:
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@given(DAYS, COUNTS)
def test_day_one_is_day_zero_less_a_day_when_the_start_is_a_working_day(
    start: date, n: int
) -> None:
    day_one = CALENDAR.add_working_days(start, n, StartDayConvention.START_DAY_IS_DAY_ONE)
    day_zero = CALENDAR.add_working_days(start, n - 1 if CALENDAR.is_working_day(start) else n)
    assert day_one == day_zero


@given(DAYS, DAYS)
def test_working_days_between_is_signed_by_direction(a: date, b: date) -> None:
    between = CALENDAR.working_days_between(a, b)
    assert (between > 0 and b > a) or (between < 0 and b < a) or between == 0


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=-600, max_value=600),
)
def test_add_months_lands_in_the_right_month_and_never_on_a_later_day(start: date, n: int) -> None:
    result = add_months(start, n)
    months = (result.year - start.year) * 12 + result.month - start.month
    assert months == n
    assert result.day <= start.day
    month_length = stdlib_calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, month_length)


@given(DAYS, st.sampled_from([r for r in RULES.values() if r.unit is Unit.MONTHS]))
def test_a_monthly_rule_is_due_in_the_right_month(start: date, chosen: TimescaleRule) -> None:
    result = due_date(chosen, start, chosen.jurisdiction, CALENDAR)
    assert (result.due.year - start.year) * 12 + result.due.month - start.month == result.amount
    assert result.rule.jurisdiction in (Jurisdiction.ENGLAND, Jurisdiction.WALES)
