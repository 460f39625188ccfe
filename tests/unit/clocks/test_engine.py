"""Each rule's clocks, from events made by the real aggregates, with hand-counted due dates.

Dates are in 2025 unless said. Bank holidays that matter here: Good Friday 18 April, Easter
Monday 21 April, 5 May, 26 May, 25 August.
"""

from datetime import date, datetime

from domain.clocks import ClockStatus
from domain.envelope import LONDON
from domain.rules import Jurisdiction, LocalTimescales, Period, Unit
from tests.unit.clocks.casebook import Case

MET, MET_LATE, RUNNING, OVERDUE = (
    ClockStatus.MET,
    ClockStatus.MET_LATE,
    ClockStatus.RUNNING,
    ClockStatus.OVERDUE,
)


def referred_for_strategy() -> Case:
    """Referral Mon 3 March, decided STRATEGY Tue 4 March, discussion starting s47 Wed 5 March."""
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("STRATEGY", "bruising")
    case.on(date(2025, 3, 5)).hold_strategy_discussion(True, ["POLICE"])
    case.on(date(2025, 3, 5)).start_section47()
    case.on(date(2025, 3, 5)).start_assessment()
    return case


def on_a_protection_plan(conference: date = date(2025, 3, 25)) -> Case:
    """The above, then an initial conference that makes a plan, and the plan, on Tue 25 March."""
    case = referred_for_strategy()
    case.on(conference).hold_initial_conference(True, "NEG", ["POLICE", "HEALTH"], ["POLICE"])
    case.on(conference).start_protection_plan("NEG")
    return case


def looked_after(
    since: date | datetime = date(2025, 6, 2),
    regime: str = "E14",
    until_18: bool = False,
    legal_status: str = "C2",
    date_of_birth: date = date(2015, 6, 1),
) -> Case:
    """Referral Thu 1 May; looked after from (by default) Mon 2 June."""
    case = Case(date(2025, 5, 1), date_of_birth=date_of_birth)
    case.on(date(2025, 5, 1)).decide_referral("ASSESSMENT", "neglect")
    case.on(since).become_looked_after(legal_status, "U4", regime, until_18)
    return case


# E1 decision on a referral: 1 working day


def test_a_referral_decided_the_next_working_day_meets_e1() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("ASSESSMENT", "needs assessing")
    (clock,) = case.clocks_of("E1", date(2025, 3, 10))
    # Mon 3 March + 1 working day = Tue 4 March.
    assert (clock.started_on, clock.due, clock.met_on) == (
        date(2025, 3, 3),
        date(2025, 3, 4),
        date(2025, 3, 4),
    )
    assert clock.status is MET
    assert clock.days_left is None
    assert clock.title.startswith("Decision on a referral")
    assert clock.basis == "Working Together"
    assert clock.episode_id == case.episode_id
    assert clock.child_id == case.child.id
    assert clock.explanation.splitlines()[0] == "2025-03-04"


def test_a_referral_before_easter_is_due_after_the_bank_holidays() -> None:
    case = Case(date(2025, 4, 17))
    case.on(date(2025, 4, 23)).decide_referral("NFA", "no concerns")
    (clock,) = case.clocks_of("E1", date(2025, 4, 23))
    # Thu 17 April + 1 WD: Good Friday, the weekend and Easter Monday skipped: Tue 22 April.
    assert clock.due == date(2025, 4, 22)
    assert clock.status is MET_LATE


# E2 strategy discussion: local default 1 working day


def test_a_decision_for_a_strategy_discussion_starts_e2() -> None:
    case = referred_for_strategy()
    (clock,) = case.clocks_of("E2", date(2025, 3, 10))
    # Tue 4 March + 1 WD = Wed 5 March; held that day.
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 3, 5), date(2025, 3, 5), MET)


def test_an_assessment_ending_in_strategy_starts_e2_at_its_completion() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("ASSESSMENT", "needs assessing")
    case.on(date(2025, 3, 4)).start_assessment()
    case.on(date(2025, 3, 14)).complete_assessment(["2A"], "STRATEGY")
    case.on(date(2025, 3, 19)).hold_strategy_discussion(False, ["POLICE"])
    (clock,) = case.clocks_of("E2", date(2025, 3, 20))
    # Fri 14 March + 1 WD = Mon 17 March; held Wed 19 March: late.
    assert (clock.started_on, clock.due, clock.status) == (
        date(2025, 3, 14),
        date(2025, 3, 17),
        MET_LATE,
    )


# E3 child and family assessment: 45 working days from the referral


def test_an_assessment_is_due_45_working_days_after_the_referral() -> None:
    case = referred_for_strategy()
    (clock,) = case.clocks_of("E3", date(2025, 3, 10))
    # From Mon 3 March: 20 WD in March, 18 in April (Good Friday and Easter Monday skipped),
    # 1-2 May make 40, 5 May is a bank holiday, 6-8 May make 45: Thu 8 May.
    assert (clock.started_on, clock.due, clock.status) == (
        date(2025, 3, 3),
        date(2025, 5, 8),
        RUNNING,
    )


def test_a_referral_decided_as_no_further_action_has_no_assessment_clock() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("NFA", "no concerns")
    assert case.clocks_of("E3", date(2025, 3, 10)) == []


def test_a_referral_awaiting_its_decision_has_no_assessment_clock_yet() -> None:
    case = Case(date(2025, 3, 3))
    assert case.clocks_of("E3", date(2025, 3, 3)) == []


# E4 initial conference: 15 working days from the strategy discussion that started s47


def test_the_initial_conference_is_due_15_working_days_after_the_strategy_discussion() -> None:
    case = on_a_protection_plan(conference=date(2025, 3, 25))
    (clock,) = case.clocks_of("E4", date(2025, 3, 26))
    # Wed 5 March + 15 WD = Wed 26 March; held Tue 25 March.
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 3, 26), date(2025, 3, 25), MET)


def test_a_strategy_discussion_that_starts_no_enquiry_starts_no_conference_clock() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("STRATEGY", "bruising")
    case.on(date(2025, 3, 4)).hold_strategy_discussion(False, ["POLICE"])
    assert case.clocks_of("E4", date(2025, 3, 10)) == []


def test_an_enquiry_that_needs_no_conference_cancels_the_conference_clock() -> None:
    case = referred_for_strategy()
    case.on(date(2025, 4, 2)).conclude_section47(False)
    # Due 26 March, so overdue by 2 April, yet no conference was needed: no clock at all.
    assert case.clocks_of("E4", date(2025, 4, 10)) == []


# E5 first core group: 10 working days; E6 first review: 3 months; E7 later reviews: 6 months


def test_the_first_core_group_is_due_10_working_days_after_the_conference() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 9)).hold_core_group(["POLICE"], ["POLICE"])
    (clock,) = case.clocks_of("E5", date(2025, 4, 10))
    # Tue 25 March + 10 WD: 26, 27, 28, 31 March, 1, 2, 3, 4, 7, 8 April: Tue 8 April.
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 4, 8), date(2025, 4, 9), MET_LATE)


def test_review_conferences_follow_at_3_then_6_months() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 6, 20)).hold_review_conference(True, "NEG", ["POLICE"], ["POLICE"])
    (first,) = case.clocks_of("E6", date(2025, 7, 1))
    (later,) = case.clocks_of("E7", date(2025, 7, 1))
    # 25 March + 3 months = 25 June (held 20 June); 20 June + 6 months = 20 December.
    assert (first.due, first.status) == (date(2025, 6, 25), MET)
    assert (later.started_on, later.due, later.status) == (
        date(2025, 6, 20),
        date(2025, 12, 20),
        RUNNING,
    )
    assert later.days_unit == "calendar days"
    assert later.days_left == (date(2025, 12, 20) - date(2025, 7, 1)).days


def test_no_review_clock_runs_after_a_review_ends_the_plan() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 6, 20)).hold_review_conference(False, None, ["POLICE"], ["POLICE"])
    case.on(date(2025, 6, 20)).end_protection_plan()
    assert case.clocks_of("E7", date(2026, 3, 1)) == []
    assert [c.status for c in case.clocks_of("E6", date(2026, 3, 1))] == [MET]


# E8 visits on a protection plan: local default 10 working days


def test_protection_plan_visits_run_from_the_plan_then_from_each_visit_with_the_child_seen() -> (
    None
):
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7)).record_visit(True, True)
    case.on(date(2025, 4, 14)).record_visit(False, False)  # child not seen: meets nothing
    first, second = case.clocks_of("E8", date(2025, 4, 14))
    # 25 March + 10 WD = 8 April (met 7 April); 7 April + 10 WD: 8-11, 14-17, then 22, 23
    # (Good Friday and Easter Monday skipped): Wed 23 April. On 14 April: 15, 16, 17, 22, 23 left.
    assert (first.due, first.status) == (date(2025, 4, 8), MET)
    assert (second.started_on, second.due, second.status) == (
        date(2025, 4, 7),
        date(2025, 4, 23),
        RUNNING,
    )
    assert (second.days_left, second.days_unit) == (5, "working days")


def test_protection_plan_visits_follow_the_authoritys_own_frequency() -> None:
    case = on_a_protection_plan()
    local = LocalTimescales(protection_plan_visits=Period(4, Unit.WEEKS))
    (clock,) = case.clocks_of("E8", date(2025, 3, 26), local=local)
    assert clock.due == date(2025, 4, 22)  # 25 March + 4 weeks


def test_visit_clocks_stop_when_the_plan_ends() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 4, 7)).record_visit(True, True)
    case.on(date(2025, 4, 10)).end_protection_plan()
    # The clock from 7 April (due 23 April) was not yet due when the plan ended: dropped.
    assert [c.status for c in case.clocks_of("E8", date(2025, 6, 1))] == [MET]


# E9 child in need plan reviews: local default 3 months


def test_child_in_need_plan_reviews_run_from_the_start_then_from_each_review() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 4)).decide_referral("ASSESSMENT", "needs assessing")
    case.on(date(2025, 3, 10)).start_cin_plan()
    case.on(date(2025, 6, 2)).review_cin_plan()
    first, second = case.clocks_of("E9", date(2025, 6, 3))
    # 10 March + 3 months = 10 June (met 2 June); 2 June + 3 months = 2 September.
    assert (first.due, first.status) == (date(2025, 6, 10), MET)
    assert (second.due, second.status) == (date(2025, 9, 2), RUNNING)


# E10 care plan: 10 working days from the first placement


def test_a_care_plan_is_due_10_working_days_after_the_first_placement() -> None:
    case = looked_after()
    case.on(date(2025, 6, 13)).prepare_care_plan()
    (clock,) = case.clocks_of("E10", date(2025, 6, 20))
    # Mon 2 June + 10 WD: 3-6, 9-13, 16: Mon 16 June.
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 6, 16), date(2025, 6, 13), MET)


def test_a_care_plan_prepared_before_the_placement_meets_the_clock() -> None:
    case = Case(date(2025, 5, 1))
    case.on(date(2025, 5, 1)).decide_referral("ASSESSMENT", "neglect")
    case.on(date(2025, 5, 30)).prepare_care_plan()
    case.on(date(2025, 6, 2)).become_looked_after("C2", "U4")
    (clock,) = case.clocks_of("E10", date(2025, 6, 20))
    assert (clock.met_on, clock.status) == (date(2025, 5, 30), MET)


# E11 first review: 20 working days; E12 second: 3 months; E13 later: 6 months


def test_looked_after_reviews_run_20_working_days_then_3_then_6_months() -> None:
    case = looked_after()
    case.on(date(2025, 6, 27)).hold_looked_after_review()
    case.on(date(2025, 9, 25)).hold_looked_after_review()
    now = date(2025, 10, 1)
    (first,) = case.clocks_of("E11", now)
    (second,) = case.clocks_of("E12", now)
    (later,) = case.clocks_of("E13", now)
    # 2 June + 20 WD: 16 June is the 10th, then 17-20, 23-27, 30: Mon 30 June.
    assert (first.due, first.status) == (date(2025, 6, 30), MET)
    assert (second.started_on, second.due, second.status) == (
        date(2025, 6, 27),
        date(2025, 9, 27),
        MET,
    )
    assert (later.started_on, later.due, later.status) == (
        date(2025, 9, 25),
        date(2026, 3, 25),
        RUNNING,
    )


# E14, E14a, E14b statutory visits to a looked-after child


def test_the_first_visit_is_due_a_week_after_the_placement_then_every_6_weeks() -> None:
    case = looked_after()
    case.on(date(2025, 6, 6)).record_visit(True, True)
    first, second = case.clocks_of("E14", date(2025, 6, 10))
    # Mon 2 June + 1 week = Mon 9 June (met Fri 6 June); 6 June + 6 weeks = Fri 18 July.
    assert (first.due, first.status) == (date(2025, 6, 9), MET)
    assert (second.due, second.status) == (date(2025, 7, 18), RUNNING)
    assert second.days_unit == "calendar days"


def test_visits_restart_at_each_placement() -> None:
    case = looked_after()
    case.on(date(2025, 6, 6)).record_visit(True, True)
    case.on(date(2025, 7, 1)).change_placement("U5", "CARPL")
    clocks = case.clocks_of("E14", date(2025, 7, 2))
    # The first placement's clock from 6 June (due 18 July) was not due when it ended: dropped.
    # The new placement's first visit: Tue 1 July + 1 week = Tue 8 July.
    assert [(c.started_on, c.due, c.status) for c in clocks] == [
        (date(2025, 6, 2), date(2025, 6, 9), MET),
        (date(2025, 7, 1), date(2025, 7, 8), RUNNING),
    ]


def test_a_visit_overdue_when_the_placement_ended_stays_overdue() -> None:
    case = looked_after()
    case.on(date(2025, 6, 12)).change_placement("U5", "CARPL")
    first, second = case.clocks_of("E14", date(2025, 6, 13))
    # Due 9 June, unmet when the placement ended on 12 June: 3 days overdue then, and it stays so.
    assert (first.due, first.status, first.stopped_on) == (
        date(2025, 6, 9),
        OVERDUE,
        date(2025, 6, 12),
    )
    assert first.days_left == -3
    assert (second.started_on, second.due) == (date(2025, 6, 12), date(2025, 6, 19))


def test_a_visit_on_the_day_of_the_move_counts_for_the_new_placement() -> None:
    case = looked_after()
    case.on(date(2025, 6, 6)).record_visit(True, True)
    case.on(date(2025, 7, 1)).change_placement("U5", "CARPL")
    case.on(date(2025, 7, 1)).record_visit(True, True)
    clocks = [
        c for c in case.clocks_of("E14", date(2025, 7, 2)) if c.started_on >= date(2025, 7, 1)
    ]
    # The new placement's first visit met on its first day; the next is due 6 weeks on: 12 August.
    assert [(c.due, c.status) for c in clocks] == [
        (date(2025, 7, 8), MET),
        (date(2025, 8, 12), RUNNING),
    ]


def test_a_child_placed_with_parents_is_visited_weekly_until_the_first_review() -> None:
    case = looked_after(regime="E14a")
    for day in (date(2025, 6, 6), date(2025, 6, 13)):
        case.on(day).record_visit(True, True)
    case.on(date(2025, 6, 18)).hold_looked_after_review()
    case.on(date(2025, 6, 20)).record_visit(True, True)
    clocks = case.clocks_of("E14a", date(2025, 6, 21))
    # 2 June + 1 week = 9 June; weekly from 6 June (13 June) and 13 June (20 June); after the
    # first review (18 June), 6 weeks from 20 June = 1 August.
    assert [(c.started_on, c.due, c.status) for c in clocks] == [
        (date(2025, 6, 2), date(2025, 6, 9), MET),
        (date(2025, 6, 6), date(2025, 6, 13), MET),
        (date(2025, 6, 13), date(2025, 6, 20), MET),
        (date(2025, 6, 20), date(2025, 8, 1), RUNNING),
    ]


def test_a_connected_person_placement_is_visited_every_4_weeks_after_the_first_review() -> None:
    case = looked_after(regime="E14b")
    case.on(date(2025, 6, 6)).hold_looked_after_review()
    case.on(date(2025, 6, 6)).record_visit(True, True)
    *_, last = case.clocks_of("E14b", date(2025, 6, 7))
    assert (last.started_on, last.due) == (date(2025, 6, 6), date(2025, 7, 4))  # + 4 weeks


def test_after_the_first_year_a_placement_until_18_is_visited_every_3_months() -> None:
    for until_18, expected in ((True, date(2026, 9, 5)), (False, date(2026, 7, 17))):
        case = looked_after(until_18=until_18)
        visits = [date(2025, 6, 6), date(2025, 7, 15), date(2025, 8, 22), date(2025, 10, 3)]
        visits += [date(2025, 11, 14), date(2025, 12, 24), date(2026, 2, 4), date(2026, 3, 18)]
        visits += [date(2026, 4, 29), date(2026, 6, 5)]
        for day in visits:
            case.on(day).record_visit(True, True)
        clocks = case.clocks_of("E14", date(2026, 6, 6))
        assert all(c.status is MET for c in clocks[:-1])
        # 29 April 2026 is in the placement's first year: + 6 weeks = 10 June 2026.
        assert clocks[-2].due == date(2026, 6, 10)
        # 5 June 2026 is after it (from 2 June 2026): + 3 months = 5 September, or + 6 weeks.
        assert (clocks[-1].started_on, clocks[-1].due) == (date(2026, 6, 5), expected)


# E15 care leaver needs assessment: 3 months from becoming an eligible child


def test_the_needs_assessment_clock_starts_at_13_weeks_when_care_began_near_16() -> None:
    case = looked_after(since=date(2025, 6, 2), date_of_birth=date(2009, 7, 10))
    assert case.clocks_of("E15", date(2025, 8, 31)) == []
    (clock,) = case.clocks_of("E15", date(2025, 9, 2))
    # 16 on 10 July; 13 weeks in care on 2 June + 91 days = 1 September: due 1 December.
    assert (clock.started_on, clock.due, clock.status) == (
        date(2025, 9, 1),
        date(2025, 12, 1),
        RUNNING,
    )


def test_the_needs_assessment_clock_starts_on_the_16th_birthday_after_long_care() -> None:
    case = Case(date(2024, 1, 10), date_of_birth=date(2009, 7, 10))
    case.on(date(2024, 1, 10)).decide_referral("ASSESSMENT", "neglect")
    case.on(date(2024, 1, 10)).become_looked_after("C2", "U4")
    case.on(date(2025, 9, 1)).complete_needs_assessment()
    (clock,) = case.clocks_of("E15", date(2025, 9, 2))
    # In care since before 16, more than 13 weeks: eligible on 10 July 2025, due 10 October.
    assert (clock.started_on, clock.due, clock.status) == (
        date(2025, 7, 10),
        date(2025, 10, 10),
        MET,
    )


def test_a_needs_assessment_completed_before_eligibility_meets_the_clock_early() -> None:
    case = looked_after(since=date(2025, 6, 2), date_of_birth=date(2009, 7, 10))
    case.on(date(2025, 8, 1)).complete_needs_assessment()
    (clock,) = case.clocks_of("E15", date(2025, 9, 2))
    assert (clock.started_on, clock.met_on, clock.status) == (
        date(2025, 9, 1),
        date(2025, 8, 1),
        MET,
    )


def test_short_breaks_do_not_make_a_child_eligible() -> None:
    case = Case(date(2025, 1, 6), date_of_birth=date(2009, 7, 10))
    case.on(date(2025, 1, 6)).become_looked_after("V3", "U4")
    assert case.clocks_of("E15", date(2025, 9, 2)) == []


# E16 pathway plan reviews: 6 months


def test_pathway_plans_are_reviewed_every_6_months() -> None:
    case = looked_after()
    case.on(date(2025, 9, 1)).start_pathway_plan()
    case.on(date(2026, 2, 20)).review_pathway_plan()
    first, second = case.clocks_of("E16", date(2026, 2, 21))
    # 1 September + 6 months = 1 March 2026 (met 20 February); then 20 August 2026.
    assert (first.due, first.status) == (date(2026, 3, 1), MET)
    assert (second.due, second.status) == (date(2026, 8, 20), RUNNING)


# E17 personal adviser visits: 7 days, then 2 months


def test_a_care_leaver_is_visited_within_7_days_of_accommodation_then_every_2_months() -> None:
    case = looked_after()
    case.on(date(2025, 9, 1)).cease_to_be_looked_after("E13")
    case.on(date(2025, 9, 1)).provide_care_leaver_accommodation()
    case.on(date(2025, 9, 5)).record_personal_adviser_visit()
    first, second = case.clocks_of("E17", date(2025, 9, 6))
    assert (first.due, first.status) == (date(2025, 9, 8), MET)  # 1 September + 7 days
    assert (second.due, second.status) == (date(2025, 11, 5), RUNNING)  # 5 September + 2 months


# E18 police protection: 72 hours


def test_police_protection_ends_within_72_hours() -> None:
    taken = datetime(2025, 6, 2, 14, 30, tzinfo=LONDON)
    case = looked_after(since=taken, legal_status="L1")
    case.on(datetime(2025, 6, 5, 10, 0, tzinfo=LONDON)).change_legal_status("V2")
    (clock,) = case.clocks_of("E18", date(2025, 6, 6))
    assert clock.started_at is not None and clock.due_at is not None
    assert clock.due_at == datetime(2025, 6, 5, 14, 30, tzinfo=LONDON)
    assert (clock.due, clock.met_on, clock.status) == (date(2025, 6, 5), date(2025, 6, 5), MET)


def test_police_protection_counts_hours_left_and_overdue() -> None:
    taken = datetime(2025, 6, 2, 14, 30, tzinfo=LONDON)
    case = Case(date(2025, 6, 2))
    case.on(taken).become_looked_after("L1", "U4")
    (clock,) = case.clocks_of("E18", datetime(2025, 6, 4, 12, 0, tzinfo=LONDON))
    (late,) = case.clocks_of("E18", datetime(2025, 6, 5, 15, 0, tzinfo=LONDON))
    # Due 5 June 14:30: 26.5 hours left at 4 June noon; half an hour overdue at 15:00.
    assert (clock.status, clock.days_left, clock.days_unit) == (RUNNING, 26, "hours")
    assert (late.status, late.days_left) == (OVERDUE, -1)


def test_police_protection_counts_real_hours_across_the_change_of_the_clocks() -> None:
    taken = datetime(2025, 3, 28, 12, 0, tzinfo=LONDON)
    case = Case(date(2025, 3, 28))
    case.on(taken).become_looked_after("L1", "U4")
    (clock,) = case.clocks_of("E18", date(2025, 3, 29))
    # 72 elapsed hours from 12:00 GMT on 28 March is 13:00 BST on 31 March.
    assert clock.due_at == datetime(2025, 3, 31, 13, 0, tzinfo=LONDON)


def test_police_protection_taken_during_a_period_of_care_starts_the_clock() -> None:
    case = looked_after()
    case.on(datetime(2025, 6, 10, 9, 0, tzinfo=LONDON)).change_legal_status("L1")
    case.on(datetime(2025, 6, 11, 9, 0, tzinfo=LONDON)).cease_to_be_looked_after("E13")
    (clock,) = case.clocks_of("E18", date(2025, 6, 12))
    assert clock.started_at == datetime(2025, 6, 10, 9, 0, tzinfo=LONDON)
    assert (clock.met_on, clock.status) == (date(2025, 6, 11), MET)


# E19 serious incident notification: 5 working days; E20 rapid review: 15 working days


def test_a_serious_incident_is_notified_in_5_working_days_and_reviewed_in_15() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 3)).record_serious_incident("Head injury, abuse suspected")
    case.on(date(2025, 3, 7)).notify_serious_incident()
    (notified,) = case.clocks_of("E19", date(2025, 3, 10))
    (review,) = case.clocks_of("E20", date(2025, 3, 10))
    # Mon 3 March + 5 WD = Mon 10 March; Fri 7 March + 15 WD = Fri 28 March.
    assert (notified.due, notified.status) == (date(2025, 3, 10), MET)
    assert (review.due, review.status) == (date(2025, 3, 28), RUNNING)


def test_a_serious_incident_clock_runs_after_the_child_dies() -> None:
    case = Case(date(2025, 3, 3))
    case.on(date(2025, 3, 3)).decide_referral("NFA", "no concerns")
    case.child_on(date(2025, 3, 4)).record_death()
    case.on(date(2025, 3, 4)).record_serious_incident("Child died; neglect suspected")
    (clock,) = case.clocks_of("E19", date(2025, 3, 12))
    assert (clock.due, clock.status) == (date(2025, 3, 11), OVERDUE)


# Wales: W1 to W10


def test_wales_runs_its_own_rules_on_the_same_events() -> None:
    case = on_a_protection_plan()
    case.on(date(2025, 3, 31)).circulate_outline_plan()
    case.on(date(2025, 4, 7)).hold_core_group(["POLICE"], ["POLICE"])
    now = date(2025, 4, 8)
    clocks = {c.rule: c for c in case.clocks(now, jurisdiction=Jurisdiction.WALES)}
    assert set(clocks) <= {f"W{n}" for n in range(1, 11)}
    assert clocks["W1"].due == date(2025, 3, 4)
    assert (clocks["W2"].due, clocks["W2"].status) == (date(2025, 3, 5), MET)
    assert clocks["W3"].due == date(2025, 3, 26)
    # W4: Tue 25 March + 5 WD = Tue 1 April (circulated 31 March).
    assert (clocks["W4"].due, clocks["W4"].status) == (date(2025, 4, 1), MET)
    # W6: Wed 5 March + 42 WD = Wed 7 May (Good Friday, Easter Monday and 5 May skipped).
    assert clocks["W6"].due == date(2025, 5, 7)
    assert clocks["W7"].due == date(2025, 6, 25)
    w5 = case.clocks_of("W5", now, jurisdiction=Jurisdiction.WALES)
    # First core group by 8 April (met 7 April); the next within 6 weeks: 19 May.
    assert [(c.due, c.status) for c in w5] == [
        (date(2025, 4, 8), MET),
        (date(2025, 5, 19), RUNNING),
    ]


def test_wales_looked_after_reviews_and_visits() -> None:
    case = looked_after(regime="E14a")
    case.on(date(2025, 6, 27)).hold_looked_after_review()
    case.on(date(2025, 6, 6)).record_visit(True, True)
    now = date(2025, 6, 28)
    reviews = case.clocks_of("W10", now, jurisdiction=Jurisdiction.WALES)
    visits = case.clocks_of("W9", now, jurisdiction=Jurisdiction.WALES)
    assert [(c.due, c.status) for c in reviews] == [
        (date(2025, 6, 30), MET),
        (date(2025, 9, 27), RUNNING),
    ]
    # W9 is reg 31, as E14: 1 week, then 6 weeks in the first year, whatever the regime.
    assert [(c.due, c.status) for c in visits] == [
        (date(2025, 6, 9), MET),
        (date(2025, 7, 18), RUNNING),
    ]
    (plan,) = case.clocks_of("W8", now, jurisdiction=Jurisdiction.WALES)
    # No care plan: due 16 June; on Sat 28 June the working days 16 to 27 June have passed.
    assert (plan.due, plan.status, plan.days_left) == (date(2025, 6, 16), OVERDUE, -10)
    assert case.clocks_of("E11", now, jurisdiction=Jurisdiction.WALES) == []
