"""The bank holiday data shipped with Casetrail, checked against what we know happened."""

import csv
import subprocess
import sys
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ROWS = list(
    csv.DictReader(
        resources.files("domain.calendar")
        .joinpath("bank_holidays_england_and_wales.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
)
HOLIDAYS = {date.fromisoformat(row["date"]): row["name"] for row in ROWS}

ONE_OFFS = {
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 4): "Spring bank holiday",  # moved from Mon 28 May for the jubilee
    date(2012, 6, 5): "Queen's Diamond Jubilee",
    date(2020, 5, 8): "Early May bank holiday (VE day)",  # moved from Mon 4 May
    date(2022, 6, 2): "Spring bank holiday",  # moved from Mon 30 May
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "Bank holiday for the State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Bank holiday for the coronation of King Charles III",
}


def test_the_csv_has_a_date_and_name_header_and_sorted_unique_dates() -> None:
    assert list(ROWS[0]) == ["date", "name"]
    dates = [row["date"] for row in ROWS]
    assert dates == sorted(set(dates))


def test_it_covers_2010_to_2035() -> None:
    assert min(HOLIDAYS) == date(2010, 1, 1)
    assert {d.year for d in HOLIDAYS} == set(range(2010, 2036))


@pytest.mark.parametrize(("day", "name"), ONE_OFFS.items(), ids=str)
def test_every_one_off_bank_holiday_is_there(day: date, name: str) -> None:
    assert HOLIDAYS[day] == name


@pytest.mark.parametrize("day", [date(2012, 5, 28), date(2020, 5, 4), date(2022, 5, 30)], ids=str)
def test_the_usual_dates_of_moved_holidays_are_not_there(day: date) -> None:
    assert day not in HOLIDAYS


@pytest.mark.parametrize(
    "day",
    [
        date(2010, 12, 27),  # Christmas 2010 on a Saturday
        date(2010, 12, 28),
        date(2016, 12, 27),  # Christmas 2016 on a Sunday; Boxing Day on the Monday
        date(2020, 12, 28),  # Boxing Day 2020 on a Saturday
        date(2021, 12, 27),
        date(2021, 12, 28),
        date(2022, 1, 3),
        date(2022, 12, 27),
        date(2023, 1, 2),
        date(2027, 12, 27),  # Christmas 2027 on a Saturday, as 2021
        date(2027, 12, 28),
    ],
    ids=str,
)
def test_substitute_days_are_there_when_a_holiday_falls_at_the_weekend(day: date) -> None:
    assert "substitute" in HOLIDAYS[day]


def test_only_weekdays_are_listed_because_the_substitute_day_is_the_bank_holiday() -> None:
    assert [d for d in HOLIDAYS if d.weekday() >= 5] == []


def test_every_year_has_eight_bank_holidays_plus_its_one_offs() -> None:
    extra = {2011: 1, 2012: 1, 2022: 2, 2023: 1}
    per_year = Counter(d.year for d in HOLIDAYS)
    assert {year: per_year[year] - extra.get(year, 0) for year in per_year} == {
        year: 8 for year in range(2010, 2036)
    }


def test_the_csv_is_what_the_generator_makes_today() -> None:
    pytest.importorskip("holidays")
    finished = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update-bank-holidays"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
