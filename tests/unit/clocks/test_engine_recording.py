"""How clocks follow the record: late recording, corrections, entries in error, extensions,
closure, and the days left. Dates are in 2025 unless said."""

import random
from datetime import date, datetime

from domain.clocks import ClockSettings, ClockStatus, child_clocks
from domain.envelope import LONDON
from domain.episode.everyday import VisitRecorded
from domain.episode.protection import InitialConferenceHeld
from domain.rules import Jurisdiction
from tests.unit.clocks.casebook import Case, at
from tests.unit.clocks.test_engine import on_a_protection_plan, referred_for_strategy

# E8 on the plan from 25 March is due 8 April (10 working days).


def test_a_visit_recorded_late_meets_the_clock_on_the_day_it_happened() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7), recorded=date(2025, 4, 11)).record_visit(True, True)
    first, _ = case.clocks_of("E8", date(2025, 4, 11))
    assert (first.met_on, first.status) == (date(2025, 4, 7), ClockStatus.MET)


def test_clocks_as_known_at_a_moment_use_only_what_was_recorded_by_then() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7), recorded=date(2025, 4, 11)).record_visit(True, True)
    known_on_10th = at(date(2025, 4, 10), hour=12)
    (then,) = case.clocks_of("E8", known_on_10th, recorded_by=known_on_10th)
    # Due Tue 8 April; on Thu 10 April the visit was not yet recorded: 2 working days overdue.
    assert (then.status, then.days_left) == (ClockStatus.OVERDUE, -2)
    first, _ = case.clocks_of("E8", date(2025, 4, 11))
    assert first.status is ClockStatus.MET


def test_a_corrected_initial_conference_date_moves_the_first_review() -> None:
    case = referred_for_strategy()
    case.on(date(2025, 3, 25)).hold_initial_conference(True, "NEG", ["POLICE"], ["POLICE"])
    (before,) = case.clocks_of("E6", date(2025, 3, 26))
    version = case.version_of(InitialConferenceHeld)
    case.on(date(2025, 3, 26)).correct(
        version, {"occurred_at": at(date(2025, 3, 20))}, "the conference was on the 20th"
    )
    (after,) = case.clocks_of("E6", date(2025, 3, 26))
    # 25 March + 3 months = 25 June; corrected to 20 March: 20 June.
    assert (before.due, after.due) == (date(2025, 6, 25), date(2025, 6, 20))
    assert after.started_on == date(2025, 3, 20)


def test_a_visit_struck_out_as_entered_in_error_no_longer_meets_the_clock() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7)).record_visit(True, True)
    case.on(date(2025, 4, 10)).strike(case.version_of(VisitRecorded), "wrong child's record")
    (clock,) = case.clocks_of("E8", date(2025, 4, 10))
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 4, 8), None, ClockStatus.OVERDUE)
    assert clock.days_left == -2  # 8 and 9 April have passed


def test_the_events_may_come_in_any_order() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7)).record_visit(True, True)
    case.on(date(2025, 4, 9)).hold_core_group(["POLICE"], ["POLICE"])
    events = case.events()
    settings = ClockSettings(Jurisdiction.ENGLAND)
    now = at(date(2025, 4, 20))
    expected = child_clocks(events, now, settings)
    random.Random(7).shuffle(events)
    assert child_clocks(events, now, settings) == expected


# Days left and overdue


def test_days_left_count_working_days_across_the_easter_bank_holidays() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 9)).record_visit(True, True)
    _, clock = case.clocks_of("E8", date(2025, 4, 17))
    # From Wed 9 April + 10 WD: 10, 11, 14-17, 22-25: Fri 25 April. On Thu 17 April: 22, 23, 24,
    # 25 are left (Good Friday, the weekend and Easter Monday are not), though 8 days remain.
    assert clock.due == date(2025, 4, 25)
    assert clock.days_left == 4


def test_an_overdue_clock_counts_the_working_days_since_it_fell_due() -> None:
    case = Case(date(2025, 3, 3))
    (clock,) = case.clocks_of("E1", date(2025, 3, 10))
    # Due Tue 4 March; on Mon 10 March the working days 4 to 7 March have passed (the
    # calendar counts the due day, not today): 4 working days overdue.
    assert (clock.status, clock.days_left) == (ClockStatus.OVERDUE, -4)


def test_a_clock_due_today_has_no_days_left_and_is_not_overdue() -> None:
    case = Case(date(2025, 3, 3))
    (clock,) = case.clocks_of("E1", date(2025, 3, 4))
    assert (clock.status, clock.days_left) == (ClockStatus.RUNNING, 0)


# Closure and death


def test_a_clock_overdue_when_the_episode_closed_stays_overdue_as_of_the_closure() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 10)).close("RC7")
    (clock,) = case.clocks_of("E1", date(2025, 6, 1))
    assert (clock.status, clock.stopped_on, clock.days_left) == (
        ClockStatus.OVERDUE,
        date(2025, 3, 10),
        -4,
    )
    assert "Stopped" in clock.explanation


def test_a_clock_not_yet_due_when_the_episode_closed_is_dropped() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("ASSESSMENT", "needs assessing")
    case.on(date(2025, 3, 20)).close("RC7")
    assert case.clocks_of("E3", date(2025, 6, 1)) == []
    assert [c.status for c in case.clocks_of("E1", date(2025, 6, 1))] == [ClockStatus.MET]


def test_the_childs_death_stops_the_casework_clocks() -> None:
    case = on_a_protection_plan()
    case.child_on(date(2025, 4, 1)).record_death()
    assert case.clocks_of("E8", date(2025, 5, 1)) == []  # due 8 April, after the death
    assert case.clocks_of("E3", date(2025, 6, 1)) == []


# Extensions (E3 from the referral on 3 March is due 8 May)


def extended_assessment() -> Case:
    case = referred_for_strategy()
    case.on(date(2025, 5, 1)).extend_clock(
        "E3", date(2025, 5, 22), "Team manager", "the family were abroad for 3 weeks"
    )
    return case


def test_an_extended_clock_shows_its_original_and_extended_due_dates() -> None:
    (clock,) = extended_assessment().clocks_of("E3", date(2025, 5, 12))
    assert (clock.original_due, clock.due) == (date(2025, 5, 8), date(2025, 5, 22))
    assert clock.status is ClockStatus.EXTENDED
    assert clock.days_left == 8  # 13-16, 19-22 May
    (extension,) = clock.extensions
    assert (extension.new_due, extension.approved_by, extension.extended_on) == (
        date(2025, 5, 22),
        "Team manager",
        date(2025, 5, 1),
    )
    assert extension.reason == "the family were abroad for 3 weeks"
    assert "Extended: to 2025-05-22" in clock.explanation


def test_a_clock_met_after_its_original_but_by_its_extended_due_date_is_met() -> None:
    case = extended_assessment()
    case.on(date(2025, 5, 20)).complete_assessment(["2A"], "CIN_PLAN")
    (clock,) = case.clocks_of("E3", date(2025, 5, 21))
    assert clock.status is ClockStatus.MET
    assert clock.original_due == date(2025, 5, 8)


def test_a_clock_met_after_its_extended_due_date_is_met_late() -> None:
    case = extended_assessment()
    case.on(date(2025, 5, 23)).complete_assessment(["2A"], "CIN_PLAN")
    (clock,) = case.clocks_of("E3", date(2025, 5, 23))
    assert clock.status is ClockStatus.MET_LATE


def test_an_extended_clock_past_its_extended_date_is_overdue() -> None:
    (clock,) = extended_assessment().clocks_of("E3", date(2025, 5, 27))
    assert (clock.status, clock.days_left) == (
        ClockStatus.OVERDUE,
        -2,
    )  # 22, 23 May passed; 26th a holiday


def test_the_latest_extension_governs_and_all_are_kept_in_order() -> None:
    case = extended_assessment()
    case.on(date(2025, 5, 20)).extend_clock("e3", date(2025, 6, 5), "Head of service", "illness")
    (clock,) = case.clocks_of("E3", date(2025, 5, 21))
    assert clock.due == date(2025, 6, 5)
    assert [e.new_due for e in clock.extensions] == [date(2025, 5, 22), date(2025, 6, 5)]


def test_an_extension_with_no_running_clock_of_its_rule_is_ignored() -> None:
    case = referred_for_strategy()
    case.on(date(2025, 3, 6)).extend_clock("E1", date(2025, 3, 20), "Team manager", "late")
    case.on(date(2025, 3, 6)).extend_clock("E9", date(2025, 3, 20), "Team manager", "no plan")
    clocks = case.clocks(date(2025, 3, 7))
    assert all(c.extensions == () for c in clocks)


def test_police_protection_cannot_be_extended() -> None:
    case = Case(date(2025, 6, 2))
    case.on(datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)).become_looked_after("L1", "U4")
    case.on(date(2025, 6, 3)).extend_clock("E18", date(2025, 6, 9), "Team manager", "court")
    (clock,) = case.clocks_of("E18", date(2025, 6, 6))
    assert (clock.due, clock.extensions, clock.status) == (
        date(2025, 6, 5),
        (),
        ClockStatus.OVERDUE,
    )
