"""Hand-checked due dates for every rule, worked out from a printed calendar, not from the code.

Each case's comment is the count done by hand: (n) marks the n-th working day, [..] a skipped day.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.calendar import StartDayConvention, WorkingDayCalendar
from domain.clocks import StartTimeNeeded, due_date
from domain.rules import RULES, Jurisdiction

LONDON = ZoneInfo("Europe/London")
ZERO = StartDayConvention.START_DAY_IS_DAY_ZERO
ONE = StartDayConvention.START_DAY_IS_DAY_ONE


Case = tuple[str, date, StartDayConvention, int, date]


def case(
    rule_id: str,
    started: date,
    expected: date,
    convention: StartDayConvention = ZERO,
    index: int = 0,
) -> Case:
    return (rule_id, started, convention, index, expected)


CASES = [
    # --- Christmas and New Year, with substitute days ---
    # Fri 24 Dec 2021; [25 Sat, 26 Sun, 27 Mon sub, 28 Tue sub]; (1) Wed 29.
    case("E1", date(2021, 12, 24), date(2021, 12, 29)),
    # Day one: Fri 24 Dec is a working day, so it is day 1 and the decision is due that day.
    case("E1", date(2021, 12, 24), date(2021, 12, 24), ONE),
    # Wales uses the same calendar: (1) Wed 29 Dec 2021.
    case("W1", date(2021, 12, 24), date(2021, 12, 29)),
    # Thu 23 Dec 2021: (1) Fri 24, [25-28], (2) 29, (3) 30, (4) 31, [1 Sat, 2 Sun, 3 Mon sub],
    # (5) Tue 4 Jan.
    case("E19", date(2021, 12, 23), date(2022, 1, 4)),
    # Day one: (1) Thu 23, (2) Fri 24, (3) 29, (4) 30, (5) Fri 31 Dec.
    case("E19", date(2021, 12, 23), date(2021, 12, 31), ONE),
    # A Saturday start (Christmas Day 2021) is never day 1: [26, 27, 28]; (1) Wed 29.
    case("E1", date(2021, 12, 25), date(2021, 12, 29), ONE),
    # A start on a substitute bank holiday (Mon 27 Dec 2021) is not day 1 either: [28]; (1) Wed 29.
    case("E1", date(2021, 12, 27), date(2021, 12, 29), ONE),
    # Fri 23 Dec 2022: [24 Sat, 25 Sun, 26 Mon Boxing Day, 27 Tue sub for Christmas]; (1) Wed 28.
    case("E1", date(2022, 12, 23), date(2022, 12, 28)),
    # Fri 23 Dec 2022: (1) 28, (2) 29, (3) 30, [31, 1 Jan Sun, 2 Mon sub], (4) Tue 3, (5) Wed 4 Jan.
    case("E19", date(2022, 12, 23), date(2023, 1, 4)),
    # Thu 24 Dec 2020: [25 Fri, 26 Sat, 27 Sun, 28 Mon sub for Boxing Day]; (1) Tue 29.
    case("E1", date(2020, 12, 24), date(2020, 12, 29)),
    # Thu 31 Dec 2020: [1 Jan Fri, 2, 3]; (1) Mon 4 Jan 2021.
    case("E1", date(2020, 12, 31), date(2021, 1, 4)),
    # Fri 22 Dec 2023: [23, 24, 25 Mon, 26 Tue]; (1) Wed 27.
    case("E1", date(2023, 12, 22), date(2023, 12, 27)),
    # Wed 20 Dec 2023: (1) 21, (2) 22, [25, 26], (3) 27, (4) 28, (5) 29, [1 Jan], (6) 2 .. (9) 5,
    # (10) Mon 8 Jan.
    case("E5", date(2023, 12, 20), date(2024, 1, 8)),
    # Day one: (1) Wed 20, (2) 21, (3) 22, (4) 27, (5) 28, (6) 29, (7) 2 Jan, (8) 3, (9) 4,
    # (10) Fri 5 Jan.
    case("E5", date(2023, 12, 20), date(2024, 1, 5), ONE),
    # Tue 24 Dec 2024: [25 Wed, 26 Thu]; (1) Fri 27.
    case("E1", date(2024, 12, 24), date(2024, 12, 27)),
    # Tue 31 Dec 2024: [1 Jan Wed]; (1) Thu 2 Jan 2025.
    case("W1", date(2024, 12, 31), date(2025, 1, 2)),
    # Fri 30 Dec 2022: [31, 1 Jan Sun, 2 Mon sub]; (1) Tue 3 Jan 2023.
    case("E2", date(2022, 12, 30), date(2023, 1, 3)),
    # Day one: Fri 30 Dec 2022 is a working day, so the strategy discussion is due that day.
    case("W2", date(2022, 12, 30), date(2022, 12, 30), ONE),
    # Mon 19 Dec 2022: (1) 20 .. (4) 23, [26, 27], (5) 28, (6) 29, (7) 30, [2 Jan], (8) 3, (9) 4,
    # (10) Thu 5 Jan.
    case("W5", date(2022, 12, 19), date(2023, 1, 5)),
    # Mon 2 Dec 2024: (1)-(4) 3-6, (5)-(9) 9-13, (10)-(14) 16-20, (15) 23, (16) 24, [25, 26],
    # (17) 27, (18) 30, (19) 31, [1 Jan], (20) Thu 2 Jan 2025.
    case("W10", date(2024, 12, 2), date(2025, 1, 2)),
    # Day one moves it back one working day: Tue 31 Dec 2024.
    case("W10", date(2024, 12, 2), date(2024, 12, 31), ONE),
    # Thu 23 Dec 2021, day one: (1) 23, (2) 24, [25-28], (3)-(5) 29-31, [1-3 Jan], (6)-(9) 4-7,
    # (10)-(14) 10-14, (15) Mon 17 Jan.
    case("W3", date(2021, 12, 23), date(2022, 1, 17), ONE),
    # --- Easter ---
    # Thu 28 Mar 2024: [29 Good Friday, 30, 31, 1 Apr Easter Monday]; (1) Tue 2 Apr.
    case("E1", date(2024, 3, 28), date(2024, 4, 2)),
    # Day one: Thu 28 Mar 2024 is a working day.
    case("E1", date(2024, 3, 28), date(2024, 3, 28), ONE),
    # Wed 27 Mar 2024: (1) 28, [29 GF, 30, 31, 1 EM], (2) 2, (3) 3, (4) 4, (5) Fri 5 Apr.
    case("E19", date(2024, 3, 27), date(2024, 4, 5)),
    # Mon 25 Mar 2024: (1)-(3) 26-28, [GF, EM], (4)-(7) 2-5 Apr, then whole weeks to (27) Fri 3 May,
    # [6 May], (28)-(31) 7-10, (32)-(36) 13-17, (37)-(41) 20-24, [27 May], (42)-(45) 28-31 May.
    case("E3", date(2024, 3, 25), date(2024, 5, 31)),
    # Day one counts Mon 25 Mar as (1), so (45) is a working day earlier: Thu 30 May.
    case("E3", date(2024, 3, 25), date(2024, 5, 30), ONE),
    # Mon 14 Apr 2025: (1)-(3) 15-17, [18 GF, 21 EM], (4)-(7) 22-25, (8)-(12) 28 Apr-2 May, [5 May],
    # (13)-(16) 6-9, (17)-(26) 12-23 May, [26 May], (27)-(30) 27-30, (31)-(40) 2-13 Jun,
    # (41) 16, (42) Tue 17 Jun.
    case("W6", date(2025, 4, 14), date(2025, 6, 17)),
    # Wed 5 Apr 2023: (1) 6, [7 GF, 10 EM], (2)-(5) 11-14, (6)-(10) 17-21, (11)-(15) 24-28 Apr.
    case("E4", date(2023, 4, 5), date(2023, 4, 28)),
    # Day one: (1) 5, (2) 6, (3)-(6) 11-14, (7)-(11) 17-21, (12)-(15) 24-27 Apr.
    case("E4", date(2023, 4, 5), date(2023, 4, 27), ONE),
    # Thu 14 Apr 2022: [15 GF, 16, 17, 18 EM], (1)-(4) 19-22, (5) Mon 25 Apr.
    case("W4", date(2022, 4, 14), date(2022, 4, 25)),
    # Thu 17 Apr 2025: [18 GF, 21 EM], (1)-(4) 22-25, (5)-(9) 28 Apr-2 May, [5 May], (10)-(13) 6-9,
    # (14) 12, (15) Tue 13 May.
    case("E20", date(2025, 4, 17), date(2025, 5, 13)),
    # --- Early May and spring bank holidays ---
    # Fri 3 May 2024: [4, 5, 6 May early May bank holiday]; (1) Tue 7.
    case("E1", date(2024, 5, 3), date(2024, 5, 7)),
    # Fri 24 May 2024: [25, 26, 27 spring bank holiday]; (1) Tue 28.
    case("E1", date(2024, 5, 24), date(2024, 5, 28)),
    # Thu 22 May 2025: (1) 23, [26 spring], (2)-(5) 27-30, (6)-(10) 2-6 Jun.
    case("E10", date(2025, 5, 22), date(2025, 6, 6)),
    # Day one: (1) 22, (2) 23, (3)-(6) 27-30, (7)-(10) 2-5 Jun.
    case("E10", date(2025, 5, 22), date(2025, 6, 5), ONE),
    # Thu 1 May 2025: (1) 2, [5 May], (2)-(5) 6-9, (6)-(10) 12-16 May.
    case("W8", date(2025, 5, 1), date(2025, 5, 16)),
    # Wed 1 May 2024: (1) 2, (2) 3, [6], (3)-(6) 7-10, (7)-(11) 13-17, (12)-(16) 20-24, [27],
    # (17)-(20) 28-31 May.
    case("E11", date(2024, 5, 1), date(2024, 5, 31)),
    # Day one: Wed 1 May is (1), so (20) is Thu 30 May.
    case("E11", date(2024, 5, 1), date(2024, 5, 30), ONE),
    # Mon 19 Aug 2024: (1)-(4) 20-23, [26 Aug summer bank holiday], (5)-(8) 27-30, (9) 2 Sep,
    # (10) Tue 3 Sep.
    case("E8", date(2024, 8, 19), date(2024, 9, 3)),
    # E8's later visits count the same way from the previous visit; day one: (1) 19 .. (10) 2 Sep.
    case("E8", date(2024, 8, 19), date(2024, 9, 2), ONE, index=1),
    # --- One-off bank holidays ---
    # Thu 28 Apr 2011: [29 royal wedding, 30, 1 May, 2 May early May]; (1) Tue 3 May.
    case("E1", date(2011, 4, 28), date(2011, 5, 3)),
    # Thu 21 Apr 2011: [22 GF, 25 EM], (1)-(3) 26-28, [29 wedding, 2 May], (4) 3, (5) Wed 4 May.
    case("E19", date(2011, 4, 21), date(2011, 5, 4)),
    # Fri 1 Jun 2012: [4 Jun spring bank holiday (moved), 5 Jun Diamond Jubilee]; (1) Wed 6.
    case("E1", date(2012, 6, 1), date(2012, 6, 6)),
    # Fri 25 May 2012: Mon 28 May was a working day that year (spring moved to June); (1) 28.
    case("E1", date(2012, 5, 25), date(2012, 5, 28)),
    # Thu 7 May 2020: [8 VE day (early May moved), 9, 10]; (1) Mon 11.
    case("E1", date(2020, 5, 7), date(2020, 5, 11)),
    # Fri 1 May 2020: Mon 4 May was a working day that year; (1) 4.
    case("E1", date(2020, 5, 1), date(2020, 5, 4)),
    # Wed 1 Jun 2022: [2 Jun spring (moved), 3 Jun Platinum Jubilee, 4, 5]; (1) Mon 6.
    case("E1", date(2022, 6, 1), date(2022, 6, 6)),
    # Fri 27 May 2022: Mon 30 May was a working day that year; (1) 30.
    case("E1", date(2022, 5, 27), date(2022, 5, 30)),
    # Thu 26 May 2022: (1) 27, (2) 30, (3) 31, (4) 1 Jun, [2, 3], (5)-(9) 6-10, (10)-(14) 13-17,
    # (15) Mon 20 Jun.
    case("E4", date(2022, 5, 26), date(2022, 6, 20)),
    # Fri 16 Sep 2022: [17, 18, 19 Queen's funeral]; (1) Tue 20.
    case("E1", date(2022, 9, 16), date(2022, 9, 20)),
    # Mon 12 Sep 2022: (1)-(4) 13-16, [19], (5)-(8) 20-23, (9)-(13) 26-30, (14) 3 Oct,
    # (15) Tue 4 Oct.
    case("W3", date(2022, 9, 12), date(2022, 10, 4)),
    # Fri 5 May 2023: [6, 7, 8 coronation]; (1) Tue 9.
    case("E1", date(2023, 5, 5), date(2023, 5, 9)),
    # Fri 28 Apr 2023: [1 May early May], (1)-(4) 2-5, [8 coronation], (5) Tue 9.
    case("E19", date(2023, 4, 28), date(2023, 5, 9)),
    # Thu 4 May 2023, day one: (1) 4, (2) 5, [8], (3)-(6) 9-12, (7)-(11) 15-19, (12)-(15) 22-25.
    case("E20", date(2023, 5, 4), date(2023, 5, 25), ONE),
    # Day zero: one working day later, Fri 26 May 2023.
    case("E20", date(2023, 5, 4), date(2023, 5, 26)),
    # --- Months: same day, clamped to the end of a shorter month; leap years ---
    # 30 Nov 2023 + 3 months: 30 Feb does not exist; 2024 is a leap year, so 29 Feb.
    case("E6", date(2023, 11, 30), date(2024, 2, 29)),
    # 30 Nov 2022 + 3 months: 2023 is not a leap year, so 28 Feb.
    case("E6", date(2022, 11, 30), date(2023, 2, 28)),
    # 31 Jan 2024 + 3 months: 31 Apr does not exist, so 30 Apr.
    case("E15", date(2024, 1, 31), date(2024, 4, 30)),
    # 30 Nov 2024 + 3 months: 28 Feb 2025. The day-one setting has no effect on months.
    case("E9", date(2024, 11, 30), date(2025, 2, 28), ONE),
    # E9's later reviews also run 3 months: 31 Aug 2024 + 3 months = 30 Nov 2024 (a Saturday).
    case("E9", date(2024, 8, 31), date(2024, 11, 30), index=1),
    # 31 Aug 2023 + 6 months: 29 Feb 2024 (leap year).
    case("E7", date(2023, 8, 31), date(2024, 2, 29)),
    # 31 Aug 2024 + 6 months: 28 Feb 2025.
    case("E13", date(2024, 8, 31), date(2025, 2, 28)),
    # 29 Feb 2024 + 6 months: 29 Aug 2024.
    case("E16", date(2024, 2, 29), date(2024, 8, 29)),
    # 31 May 2024 + 3 months: 31 Aug 2024, a Saturday; calendar time, so it stays there.
    case("E12", date(2024, 5, 31), date(2024, 8, 31)),
    # Wales review conferences: 30 Nov 2023 + 3 months = 29 Feb 2024 ...
    case("W7", date(2023, 11, 30), date(2024, 2, 29)),
    # ... then every 6 months: 31 Aug 2023 + 6 months = 29 Feb 2024.
    case("W7", date(2023, 8, 31), date(2024, 2, 29), index=1),
    # Wales second review: 30 Nov 2024 + 3 months = 28 Feb 2025; later ones 6 months.
    case("W10", date(2024, 11, 30), date(2025, 2, 28), index=1),
    case("W10", date(2024, 8, 31), date(2025, 2, 28), index=2),
    # Personal adviser, later visits: 31 Dec 2023 + 2 months = 29 Feb 2024;
    # 31 Dec 2024 + 2 months = 28 Feb 2025.
    case("E17", date(2023, 12, 31), date(2024, 2, 29), index=1),
    case("E17", date(2024, 12, 31), date(2025, 2, 28), index=1),
    # --- Weeks and calendar days: weekends and bank holidays count ---
    # 24 Dec 2024 + 1 week = Tue 31 Dec, straight through Christmas.
    case("E14", date(2024, 12, 24), date(2024, 12, 31)),
    # 31 Jan 2024 + 6 weeks: +29 days to 29 Feb (leap), +13 to Wed 13 Mar.
    case("E14", date(2024, 1, 31), date(2024, 3, 13), index=1),
    # After the first year, intended to last to 18: 31 Jan 2024 + 3 months = 30 Apr 2024.
    case("E14", date(2024, 1, 31), date(2024, 4, 30), index=2),
    # After the first year, otherwise: 20 Dec 2024 + 6 weeks: +11 to 31 Dec, +31 to Fri 31 Jan 2025.
    case("E14", date(2024, 12, 20), date(2025, 1, 31), index=3),
    # Good Friday 18 Apr 2025 + 1 week = Fri 25 Apr.
    case("E14a", date(2025, 4, 18), date(2025, 4, 25)),
    # After the first review: 29 Feb 2024 + 6 weeks: +31 to 31 Mar, +11 to Thu 11 Apr.
    case("E14a", date(2024, 2, 29), date(2024, 4, 11), index=2),
    # Weekly until the first review: Mon 18 Dec 2023 + 1 week = Christmas Day; it does not move.
    case("E14b", date(2023, 12, 18), date(2023, 12, 25), index=1),
    # After the first review: Wed 4 Dec 2024 + 4 weeks = Wed 1 Jan 2025 (New Year's Day).
    case("E14b", date(2024, 12, 4), date(2025, 1, 1), index=2),
    # Fri 24 Dec 2021 + 7 days = Fri 31 Dec.
    case("E17", date(2021, 12, 24), date(2021, 12, 31)),
    # Wales visits, as E14: Mon 12 Sep 2022 + 1 week = Mon 19 Sep, the Queen's funeral; no move.
    case("W9", date(2022, 9, 12), date(2022, 9, 19)),
    # 30 Nov 2023 + 3 months = 29 Feb 2024.
    case("W9", date(2023, 11, 30), date(2024, 2, 29), index=2),
    # W5 later core groups: expected monthly (31 Jan 2024 -> 29 Feb) ...
    case("W5", date(2024, 1, 31), date(2024, 2, 29), index=1),
    # ... and never more than 6 weeks apart (31 Jan 2024 -> Wed 13 Mar).
    case("W5", date(2024, 1, 31), date(2024, 3, 13), index=2),
]


@pytest.mark.parametrize(
    ("rule_id", "started", "convention", "index", "expected"),
    CASES,
    ids=[f"{c[0]}[{c[3]}]-{c[1]}-{c[2].value}" for c in CASES],
)
def test_due_date_matches_the_hand_count(
    calendar: WorkingDayCalendar,
    rule_id: str,
    started: date,
    convention: StartDayConvention,
    index: int,
    expected: date,
) -> None:
    jurisdiction = Jurisdiction.ENGLAND if rule_id.startswith("E") else Jurisdiction.WALES
    result = due_date(rule_id, started, jurisdiction, calendar, convention, index)
    assert result.due == expected


HOURS_CASES = [
    # 10:00 GMT Fri 29 Mar 2024 + 72 h; the clocks go forward at 01:00 on Sun 31 Mar, so 72 real
    # hours end at 10:00 UTC on Mon 1 Apr, which is 11:00 BST.
    pytest.param(
        datetime(2024, 3, 29, 10, 0, tzinfo=LONDON),
        datetime(2024, 4, 1, 11, 0, tzinfo=LONDON),
        id="E18-clocks-go-forward",
    ),
    # 20:00 BST Fri 25 Oct 2024 (19:00 UTC) + 72 h = 19:00 UTC Mon 28 Oct, after the clocks went
    # back on the 27th: 19:00 GMT.
    pytest.param(
        datetime(2024, 10, 25, 20, 0, tzinfo=LONDON),
        datetime(2024, 10, 28, 19, 0, tzinfo=LONDON),
        id="E18-clocks-go-back",
    ),
    # 23:30 BST Wed 12 Jun 2024: no change of the clocks; 23:30 Sat 15 Jun.
    pytest.param(
        datetime(2024, 6, 12, 23, 30, tzinfo=LONDON),
        datetime(2024, 6, 15, 23, 30, tzinfo=LONDON),
        id="E18-summer",
    ),
    # Noon UTC Tue 27 Feb 2024: 28 Feb, 29 Feb (leap day), noon Fri 1 Mar.
    pytest.param(
        datetime(2024, 2, 27, 12, 0, tzinfo=UTC),
        datetime(2024, 3, 1, 12, 0, tzinfo=UTC),
        id="E18-leap-day",
    ),
    # A time with no zone is plain arithmetic; bank holidays do not stop the hours:
    # 18:00 Mon 30 Dec 2024 + 72 h = 18:00 Thu 2 Jan 2025.
    pytest.param(
        datetime(2024, 12, 30, 18, 0),
        datetime(2025, 1, 2, 18, 0),
        id="E18-naive-over-new-year",
    ),
]


@pytest.mark.parametrize(("started", "expected"), HOURS_CASES)
def test_police_protection_ends_72_real_hours_later(
    calendar: WorkingDayCalendar, started: datetime, expected: datetime
) -> None:
    result = due_date("E18", started, Jurisdiction.ENGLAND, calendar)
    assert result.due_at == expected
    assert result.due_at.utcoffset() == expected.utcoffset()
    assert result.due == expected.date()


def test_an_hours_rule_needs_the_time_it_started(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(StartTimeNeeded, match=r"E18 .* counted in hours"):
        due_date("E18", date(2024, 6, 12), Jurisdiction.ENGLAND, calendar)


def test_the_tables_cover_every_rule_and_both_conventions() -> None:
    rules_in_table = {c[0] for c in CASES} | {"E18"}
    conventions = {c[2] for c in CASES}
    assert rules_in_table == set(RULES)
    assert conventions == {ZERO, ONE}
    assert len(CASES) + len(HOURS_CASES) >= 60
