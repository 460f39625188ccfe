"""The timescale rules as data: as the reference gives them, findable, and locally adjustable."""

import re
from datetime import date

import pytest

from domain.calendar import WorkingDayCalendar
from domain.clocks import IntervalOutOfRange, due_date
from domain.rules import (
    RULES,
    Jurisdiction,
    LocalTimescales,
    NationalTimescale,
    Period,
    Unit,
    UnknownRule,
    WrongJurisdiction,
    rule,
    rules_for,
    set_by_plan,
)

WD, DAYS, WEEKS, MONTHS, HOURS = (
    Unit.WORKING_DAYS,
    Unit.CALENDAR_DAYS,
    Unit.WEEKS,
    Unit.MONTHS,
    Unit.HOURS,
)

# Copied by hand from the reference table: each rule's intervals in order.
REFERENCE = {
    "E1": [(1, WD)],
    "E2": [(1, WD)],
    "E3": [(45, WD)],
    "E4": [(15, WD)],
    "E5": [(10, WD)],
    "E6": [(3, MONTHS)],
    "E7": [(6, MONTHS)],
    "E8": [(10, WD), (10, WD)],
    "E9": [(3, MONTHS), (3, MONTHS)],
    "E10": [(10, WD)],
    "E11": [(20, WD)],
    "E12": [(3, MONTHS)],
    "E13": [(6, MONTHS)],
    "E14": [(1, WEEKS), (6, WEEKS), (3, MONTHS), (6, WEEKS)],
    "E14a": [(1, WEEKS), (1, WEEKS), (6, WEEKS)],
    "E14b": [(1, WEEKS), (1, WEEKS), (4, WEEKS)],
    "E15": [(3, MONTHS)],
    "E16": [(6, MONTHS)],
    "E17": [(7, DAYS), (2, MONTHS)],
    "E18": [(72, HOURS)],
    "E19": [(5, WD)],
    "E20": [(15, WD)],
    "W1": [(1, WD)],
    "W2": [(1, WD)],
    "W3": [(15, WD)],
    "W4": [(5, WD)],
    "W5": [(10, WD), (1, MONTHS), (6, WEEKS)],
    "W6": [(42, WD)],
    "W7": [(3, MONTHS), (6, MONTHS)],
    "W8": [(10, WD)],
    "W9": [(1, WEEKS), (6, WEEKS), (3, MONTHS), (6, WEEKS)],
    "W10": [(20, WD), (3, MONTHS), (6, MONTHS)],
}


def test_there_is_a_rule_for_every_line_of_the_reference_and_no_more() -> None:
    assert list(RULES) == list(REFERENCE)


@pytest.mark.parametrize(("rule_id", "intervals"), REFERENCE.items())
def test_each_rule_runs_for_the_periods_in_the_reference(
    rule_id: str, intervals: list[tuple[int, Unit]]
) -> None:
    found = RULES[rule_id]
    assert [(i.period.amount, i.period.unit) for i in found.intervals] == intervals
    assert (found.amount, found.unit) == intervals[0]
    assert found.id == rule_id
    expected = Jurisdiction.ENGLAND if rule_id.startswith("E") else Jurisdiction.WALES
    assert found.jurisdiction is expected
    assert found.title and found.basis
    for trigger in (found.starts_on, found.met_by, *(i.counted_from for i in found.intervals)):
        assert re.fullmatch(r"[a-z0-9_]+", trigger.key) and trigger.words


def test_only_the_timescales_without_a_national_number_are_local() -> None:
    assert {r.id for r in RULES.values() if r.local} == {"E2", "E5", "E8", "E9", "W2"}


def test_reviews_in_separate_rules_name_the_rule_that_follows() -> None:
    chains = {r.id: r.followed_by for r in RULES.values() if r.followed_by}
    assert chains == {"E6": "E7", "E11": "E12", "E12": "E13"}


def test_w10_says_it_is_still_to_be_confirmed() -> None:
    assert "to be confirmed" in RULES["W10"].basis
    assert RULES["W10"].unit_label == "mixed"


def test_rule_lookup_ignores_case() -> None:
    assert rule("e14A") is RULES["E14a"]
    assert rule(" w10 ") is RULES["W10"]


def test_an_unknown_rule_is_refused_with_the_valid_ids() -> None:
    with pytest.raises(UnknownRule, match=r"unknown rule 'E21'; valid rules: E1, E2, .* W10"):
        rule("E21")


def test_rules_for_a_nation_has_only_that_nations_rules() -> None:
    assert list(rules_for(Jurisdiction.WALES)) == [f"W{n}" for n in range(1, 11)]
    assert all(r.startswith("E") for r in rules_for(Jurisdiction.ENGLAND))


def test_an_authority_setting_changes_every_interval_of_its_local_rule() -> None:
    four_weeks = Period(4, Unit.WEEKS)
    local = LocalTimescales(protection_plan_visits=four_weeks)
    visits = rules_for(Jurisdiction.ENGLAND, local)["E8"]
    assert [i.period for i in visits.intervals] == [four_weeks, four_weeks]
    assert rules_for(Jurisdiction.ENGLAND, local)["E3"] is RULES["E3"]


def test_one_strategy_discussion_setting_serves_either_nation() -> None:
    local = LocalTimescales(strategy_discussion=Period(2, Unit.WORKING_DAYS))
    assert rules_for(Jurisdiction.ENGLAND, local)["E2"].amount == 2
    assert rules_for(Jurisdiction.WALES, local)["W2"].amount == 2


def test_a_plan_cannot_change_a_national_timescale() -> None:
    with pytest.raises(NationalTimescale, match=r"E14 .* national"):
        set_by_plan(RULES["E14"], Period(2, Unit.WEEKS))


def test_a_period_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Period(0, Unit.WEEKS)


def test_due_date_uses_the_authority_setting(calendar: WorkingDayCalendar) -> None:
    local = LocalTimescales(protection_plan_visits=Period(4, Unit.WEEKS))
    result = due_date(
        "E8", date(2024, 8, 19), Jurisdiction.ENGLAND, calendar, local_overrides=local
    )
    # Mon 19 Aug 2024 + 4 weeks = Mon 16 Sep.
    assert result.due == date(2024, 9, 16)
    assert result.setting == "set by the authority"


def test_due_date_uses_a_local_default_when_the_authority_has_none(
    calendar: WorkingDayCalendar,
) -> None:
    local = LocalTimescales(strategy_discussion=Period(2, Unit.WORKING_DAYS))
    result = due_date(
        "E5", date(2024, 8, 19), Jurisdiction.ENGLAND, calendar, local_overrides=local
    )
    assert result.setting.startswith("local default")


def test_a_frequency_set_by_the_plan_wins(calendar: WorkingDayCalendar) -> None:
    local = LocalTimescales(child_in_need_plan_reviews=Period(6, Unit.WEEKS))
    result = due_date(
        "E9",
        date(2024, 12, 20),
        Jurisdiction.ENGLAND,
        calendar,
        local_overrides=local,
        plan_period=Period(4, Unit.WEEKS),
    )
    # Fri 20 Dec 2024 + 4 weeks = Fri 17 Jan 2025.
    assert result.due == date(2025, 1, 17)
    assert result.setting == "set by the plan or conference"


def test_a_two_day_strategy_discussion_setting_counts_working_days(
    calendar: WorkingDayCalendar,
) -> None:
    local = LocalTimescales(strategy_discussion=Period(2, Unit.WORKING_DAYS))
    # Fri 24 Dec 2021: [25-28], (1) Wed 29, (2) Thu 30.
    result = due_date(
        "E2", date(2021, 12, 24), Jurisdiction.ENGLAND, calendar, local_overrides=local
    )
    assert result.due == date(2021, 12, 30)


def test_the_other_nations_rule_is_refused_naming_its_nation(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(WrongJurisdiction, match="W3 belongs to Wales, not England"):
        due_date("W3", date(2024, 1, 8), Jurisdiction.ENGLAND, calendar)
    with pytest.raises(WrongJurisdiction, match="E4 belongs to England, not Wales"):
        due_date(RULES["E4"], date(2024, 1, 8), Jurisdiction.WALES, calendar)


def test_a_rule_object_can_be_given_instead_of_its_id(calendar: WorkingDayCalendar) -> None:
    result = due_date(RULES["E1"], date(2024, 3, 28), Jurisdiction.ENGLAND, calendar)
    assert result.due == date(2024, 4, 2)


def test_an_interval_a_rule_does_not_have_points_to_the_next_rule(
    calendar: WorkingDayCalendar,
) -> None:
    with pytest.raises(IntervalOutOfRange, match=r"E6 has no interval 1.*rule E7"):
        due_date("E6", date(2024, 1, 8), Jurisdiction.ENGLAND, calendar, interval_index=1)
