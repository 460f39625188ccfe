"""Properties of the clock engine that must hold for any journey, not only the hand-checked ones."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import StartDayConvention, load_england_and_wales
from domain.clocks import ClockStatus
from domain.rules import Jurisdiction
from tests.unit.clocks.casebook import Case
from tests.unit.clocks.test_engine import on_a_protection_plan

CALENDAR = load_england_and_wales()
NOW = date(2025, 7, 1)


def busy_case() -> Case:
    """A protection plan from 25 March 2025, a visit on 7 April, and care from 2 June."""
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7)).record_visit(True, True)
    case.on(date(2025, 6, 2)).become_looked_after("C2", "U4", "E14a")
    return case


DAYS = st.dates(min_value=date(2025, 3, 3), max_value=NOW)
DELAYS = st.integers(min_value=0, max_value=30)
NOISE = st.sampled_from(
    ["case note", "concern", "visit, child not seen", "oversight", "decision", "missing"]
)


def add_noise(case: Case, kind: str, day: date, delay: int) -> None:
    """An event that meets no clock, on `day`, recorded `delay` days later (never after NOW)."""
    on = case.on(day, recorded=min(day + timedelta(days=delay), NOW))
    if kind == "case note":
        on.record_case_note("Spoke to the school")
    elif kind == "concern":
        on.raise_concern("EDUCATION", "Late to school again")
    elif kind == "visit, child not seen":
        on.record_visit(False, False, statutory=day.toordinal() % 2 == 0)
    elif kind == "oversight":
        on.record_management_oversight("Keep visiting weekly")
    elif kind == "decision":
        on.record_decision("Share with health", "consent given")
    elif day >= date(2025, 6, 2):
        on.record_missing_episode(day)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NOISE, DAYS, DELAYS), max_size=5))
def test_an_event_that_meets_no_clock_never_moves_a_due_date(
    noise: list[tuple[str, date, int]],
) -> None:
    case = busy_case()
    before = case.clocks(NOW)
    for kind, day, delay in noise:
        add_noise(case, kind, day, delay)
    after = case.clocks(NOW)
    assert after == before


EXTENDABLE = st.sampled_from(["E1", "E3", "E5", "E6", "E8", "E10", "E11", "E14a", "E18"])


@settings(max_examples=60, deadline=None)
@given(EXTENDABLE, DAYS, st.integers(min_value=1, max_value=90))
def test_an_extension_never_hides_the_original_due_date(rule: str, day: date, days: int) -> None:
    case = busy_case()
    before = {c.key: c for c in case.clocks(NOW)}
    case.on(day).extend_clock(rule, day + timedelta(days=days), "Team manager", "a reason")
    after = {c.key: c for c in case.clocks(NOW)}
    assert set(after) == set(before)
    for key, clock in after.items():
        assert clock.original_due == before[key].original_due
        if clock.extensions:
            assert clock.due == clock.extensions[-1].new_due
            assert clock.rule == rule
            assert clock.original_due.isoformat() in clock.explanation
        else:
            assert clock.due == clock.original_due


GAPS = st.lists(st.integers(min_value=0, max_value=25), min_size=8, max_size=8)


@settings(max_examples=80, deadline=None)
@given(
    st.dates(min_value=date(2011, 1, 1), max_value=date(2034, 6, 30)),
    GAPS,
    st.sampled_from(StartDayConvention),
    st.sampled_from(Jurisdiction),
)
def test_every_working_day_due_date_is_a_working_day(
    referred: date,
    gaps: list[int],
    convention: StartDayConvention,
    jurisdiction: Jurisdiction,
) -> None:
    days = [referred]
    for gap in gaps:
        days.append(days[-1] + timedelta(days=gap))
    case = Case(referred, date_of_birth=referred - timedelta(days=3000))
    case.on(days[1]).decide_referral("STRATEGY", "bruising")
    case.on(days[2]).hold_strategy_discussion(True, ["POLICE"])
    case.on(days[2]).start_section47()
    case.on(days[3]).hold_initial_conference(True, "NEG", ["POLICE"], ["POLICE"])
    case.on(days[3]).start_protection_plan("NEG")
    case.on(days[4]).record_visit(True, True)
    case.on(days[5]).become_looked_after("C2", "U4")
    case.on(days[6]).prepare_care_plan()
    case.on(days[7]).record_serious_incident("Injury")
    clocks = case.clocks(days[8], jurisdiction=jurisdiction, convention=convention)
    working = [c for c in clocks if c.days_unit == "working days"]
    assert working, "the journey starts working-day clocks"
    for clock in working:
        assert CALENDAR.is_working_day(clock.original_due), clock.key
        assert clock.original_due >= clock.started_on
        if clock.status is ClockStatus.OVERDUE and clock.stopped_on is None:
            assert clock.days_left is not None and clock.days_left < 0
