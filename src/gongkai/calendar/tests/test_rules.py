"""Pure working-day arithmetic, without the database, at the boundaries the 条例's deadlines meet."""

from __future__ import annotations

import datetime as dt
import time

import chinese_calendar
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendar import rules
from gongkai.calendar.rules import WorkCount, WorkDate, WorkingCalendar
from gongkai.calendar.services import read_package

D = dt.date


# domain.md §7.1: receipt on 2025-09-25; the make-up Sunday 09-28 and Saturday 10-11 count.
@pytest.mark.parametrize(
    ("n", "due"),
    [(20, D(2025, 10, 29)), (7, D(2025, 10, 11)), (40, D(2025, 11, 26)), (1, D(2025, 9, 26)), (2, D(2025, 9, 28))],
)
def test_domain_example_2025(package_calendar, n, due):
    result = package_calendar.add_working_days(D(2025, 9, 25), n)
    assert result == WorkDate(due, provisional=False)


def test_national_day_2026(package_calendar):
    cal = package_calendar
    assert cal.add_working_days(D(2026, 9, 25), 20).date == D(2026, 10, 29)
    # The last working day before the break is 09-30; the next is 10-08 (10-01 to 10-07 off).
    assert cal.add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 8)
    assert all(not cal.is_working_day(D(2026, 10, d)) for d in range(1, 8))
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == WorkCount(1, False)


def test_make_up_weekend_days_count_as_working_days(package_calendar):
    cal = package_calendar
    assert cal.is_working_day(D(2026, 10, 10))  # a Saturday (调休上班)
    assert cal.is_working_day(D(2026, 9, 20))  # a Sunday (调休上班)
    assert not cal.is_working_day(D(2026, 10, 17))  # an ordinary Saturday
    assert cal.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)
    assert cal.add_working_days(D(2026, 9, 19), 1).date == D(2026, 9, 20)


def test_span_across_spring_festival_2026(package_calendar):
    cal = package_calendar
    # 02-14 (Saturday) is worked; 02-15 to 02-23 are off; 02-28 (Saturday) is worked.
    assert cal.add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert cal.add_working_days(D(2026, 2, 14), 1).date == D(2026, 2, 24)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 28)).days == 6
    # 02-11..13 (3), 02-14 (4), 02-24..27 (8), 02-28 (9), 03-02..06 (14), 03-09..13 (19), 03-16 (20).
    assert cal.add_working_days(D(2026, 2, 10), 20).date == D(2026, 3, 16)
    assert chinese_calendar.find_workday(20, D(2026, 2, 10)) == D(2026, 3, 16)


def test_start_date_that_is_itself_a_holiday(package_calendar):
    cal = package_calendar
    # Day 1 is still the first working day after the start (民法典 第二百零一条), not shifted further.
    assert cal.add_working_days(D(2026, 10, 1), 1).date == D(2026, 10, 8)
    assert cal.add_working_days(D(2026, 10, 3), 20).date == cal.add_working_days(D(2026, 10, 1), 20).date
    assert cal.add_working_days(D(2026, 10, 1), 0).date == D(2026, 10, 1)
    assert cal.working_days_between(D(2026, 10, 1), D(2026, 10, 7)).days == 0


def test_zero_and_negative(package_calendar):
    assert package_calendar.add_working_days(D(2026, 3, 2), 0) == WorkDate(D(2026, 3, 2), False)
    with pytest.raises(ValueError, match="负数"):
        package_calendar.add_working_days(D(2026, 3, 2), -1)
    assert package_calendar.working_days_between(D(2026, 3, 5), D(2026, 3, 2)).days == 0


def test_provisional_when_the_span_reaches_an_unconfirmed_year(package_calendar):
    result = package_calendar.add_working_days(D(2026, 12, 20), 20)
    assert result.date.year == 2027
    assert result.provisional
    assert str(result) == f"{result.date.isoformat()}（暂定）"
    final = package_calendar.add_working_days(D(2026, 11, 2), 20)
    assert not final.provisional
    assert str(final) == final.date.isoformat()
    assert str(package_calendar.working_days_between(D(2026, 12, 1), D(2027, 1, 8))).endswith("（暂定）")


def test_is_provisional_checks_every_year_of_the_span():
    cal = WorkingCalendar(confirmed_years=frozenset({2025, 2027}))
    assert not cal.is_provisional(D(2025, 1, 1), D(2025, 12, 31))
    assert cal.is_provisional(D(2025, 12, 1), D(2027, 1, 5))  # 2026 in the middle is unknown
    assert cal.is_provisional(D(2027, 1, 5), D(2025, 12, 1))


def test_weekdays_only_without_data():
    cal = WorkingCalendar()
    assert cal.add_working_days(D(2030, 1, 4), 1) == WorkDate(D(2030, 1, 7), True)  # Friday → Monday
    assert cal.working_days_between(D(2030, 1, 1), D(2030, 1, 31)).days == 22


def test_module_functions_take_an_explicit_calendar(package_calendar):
    assert rules.add_working_days(D(2025, 9, 25), 20, calendar=package_calendar).date == D(2025, 10, 29)
    assert rules.working_days_between(D(2025, 9, 25), D(2025, 10, 29), calendar=package_calendar).days == 20


def test_forty_working_days_take_microseconds(package_calendar):
    start = time.perf_counter()
    for _ in range(1000):
        package_calendar.add_working_days(D(2025, 9, 25), 40)
    per_call = (time.perf_counter() - start) / 1000
    assert per_call < 0.001, f"{per_call * 1e6:.0f} µs per call"


dates = st.dates(min_value=D(2001, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=400))
def test_round_trip(package_calendar, start, n):
    due = package_calendar.add_working_days(start, n)
    assert package_calendar.working_days_between(start, due.date).days == n
    assert n == 0 or package_calendar.is_working_day(due.date)


@settings(max_examples=200, deadline=None)
@given(a=dates, span=st.integers(min_value=-10, max_value=800))
def test_between_agrees_with_counting_day_by_day(package_calendar, a, span):
    b = a + dt.timedelta(days=span)
    expected = sum(1 for i in range(1, span + 1) if package_calendar.is_working_day(a + dt.timedelta(days=i)))
    assert package_calendar.working_days_between(a, b).days == expected


def test_seed_years_follow_today():
    # "Today" decides how far ahead provisional years go; the confirmed span comes from the package.
    with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        package = read_package()
    assert max(package.days_by_year) == 2033
    assert min(package.confirmed_years) == min(package.days_by_year)
    assert 2026 in package.confirmed_years
    assert 2027 not in package.confirmed_years
    assert not [d for d, k, _ in package.days_by_year[2030] if k == "workday"]  # no 调休 known


def test_seeded_names_are_chinese_and_breaks_are_whole():
    days = {d: (k, n) for d, k, n in read_package([2026]).days_by_year[2026]}
    assert days[D(2026, 10, 4)] == ("holiday", "国庆节")  # the Sunday inside the break
    assert days[D(2026, 10, 10)] == ("workday", "国庆节调休上班")
    assert days[D(2026, 2, 22)][1] == "春节"
    assert all("休息日（由" not in name for _, name in days.values())
