"""Pure working-day arithmetic, without the database, at the boundaries the 条例's deadlines meet.

The rule tests compute on the suite's fixed calendar (``cal``: 2024–2026 confirmed, 2027–2028
provisional), never on what the installed ``holidays`` package knows; the package reader has its own
tests at the end, and one test checks the fixed calendar against the package."""

from __future__ import annotations

import datetime as dt
import time

import chinese_calendar
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendar.holidays_package import read_package
from gongkai.calendar.rules import WorkCount, WorkDate, WorkingCalendar
from gongkai.testing.calendar_fixture import fixture_package

D = dt.date


# docs/domain.md §7.1: receipt on 2025-09-25; the make-up Sunday 09-28 and Saturday 10-11 count.
@pytest.mark.parametrize(
    ("n", "due"),
    [(20, D(2025, 10, 29)), (7, D(2025, 10, 11)), (40, D(2025, 11, 26)), (1, D(2025, 9, 26)), (2, D(2025, 9, 28))],
)
def test_domain_example_2025(cal, n, due):
    result = cal.add_working_days(D(2025, 9, 25), n)
    assert result == WorkDate(due, provisional=False)


def test_national_day_2026(cal):
    assert cal.add_working_days(D(2026, 9, 25), 20).date == D(2026, 10, 29)
    # The last working day before the break is 09-30; the next is 10-08 (10-01 to 10-07 off).
    assert cal.add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 8)
    assert all(not cal.is_working_day(D(2026, 10, d)) for d in range(1, 8))
    assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == WorkCount(1, False)


def test_make_up_weekend_days_count_as_working_days(cal):
    assert cal.is_working_day(D(2026, 10, 10))  # a Saturday (调休上班)
    assert cal.is_working_day(D(2026, 9, 20))  # a Sunday (调休上班)
    assert not cal.is_working_day(D(2026, 10, 17))  # an ordinary Saturday
    assert cal.add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)
    assert cal.add_working_days(D(2026, 9, 19), 1).date == D(2026, 9, 20)


def test_span_across_spring_festival_2026(cal):
    # 02-14 (Saturday) is worked; 02-15 to 02-23 are off; 02-28 (Saturday) is worked.
    assert cal.add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert cal.add_working_days(D(2026, 2, 14), 1).date == D(2026, 2, 24)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 28)).days == 6
    # 02-11..13 (3), 02-14 (4), 02-24..27 (8), 02-28 (9), 03-02..06 (14), 03-09..13 (19), 03-16 (20).
    assert cal.add_working_days(D(2026, 2, 10), 20).date == D(2026, 3, 16)
    assert chinese_calendar.find_workday(20, D(2026, 2, 10)) == D(2026, 3, 16)


def test_start_date_that_is_itself_a_holiday(cal):
    # Day 1 is still the first working day after the start (民法典 第二百零一条), not shifted further.
    assert cal.add_working_days(D(2026, 10, 1), 1).date == D(2026, 10, 8)
    assert cal.add_working_days(D(2026, 10, 3), 20).date == cal.add_working_days(D(2026, 10, 1), 20).date
    assert cal.add_working_days(D(2026, 10, 1), 0).date == D(2026, 10, 1)
    assert cal.working_days_between(D(2026, 10, 1), D(2026, 10, 7)).days == 0


def test_zero_and_negative(cal):
    assert cal.add_working_days(D(2026, 3, 2), 0) == WorkDate(D(2026, 3, 2), False)
    with pytest.raises(ValueError, match="负数"):
        cal.add_working_days(D(2026, 3, 2), -1)
    assert cal.working_days_between(D(2026, 3, 5), D(2026, 3, 2)).days == 0


def test_provisional_when_the_span_reaches_an_unconfirmed_year(cal):
    result = cal.add_working_days(D(2026, 12, 20), 20)
    assert result.date.year == 2027
    assert result.provisional
    assert str(result) == f"{result.date.isoformat()}（暂定）"
    final = cal.add_working_days(D(2026, 11, 2), 20)
    assert not final.provisional
    assert str(final) == final.date.isoformat()
    assert str(cal.working_days_between(D(2026, 12, 1), D(2027, 1, 8))).endswith("（暂定）")


def test_is_provisional_checks_every_year_of_the_span():
    cal = WorkingCalendar(confirmed_years=frozenset({2025, 2027}))
    assert not cal.is_provisional(D(2025, 1, 1), D(2025, 12, 31))
    assert cal.is_provisional(D(2025, 12, 1), D(2027, 1, 5))  # 2026 in the middle is unknown
    assert cal.is_provisional(D(2027, 1, 5), D(2025, 12, 1))


def test_weekdays_only_without_data():
    cal = WorkingCalendar()
    assert cal.add_working_days(D(2030, 1, 4), 1) == WorkDate(D(2030, 1, 7), True)  # Friday → Monday
    assert cal.working_days_between(D(2030, 1, 1), D(2030, 1, 31)).days == 22


def test_forty_working_days_take_microseconds(cal):
    start = time.perf_counter()
    for _ in range(1000):
        cal.add_working_days(D(2025, 9, 25), 40)
    per_call = (time.perf_counter() - start) / 1000
    assert per_call < 0.001, f"{per_call * 1e6:.0f} µs per call"


dates = st.dates(min_value=D(2001, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=400))
def test_round_trip(cal, start, n):
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due.date).days == n
    assert n == 0 or cal.is_working_day(due.date)


@settings(max_examples=200, deadline=None)
@given(a=dates, span=st.integers(min_value=-10, max_value=800))
def test_between_agrees_with_counting_day_by_day(cal, a, span):
    b = a + dt.timedelta(days=span)
    expected = sum(1 for i in range(1, span + 1) if cal.is_working_day(a + dt.timedelta(days=i)))
    assert cal.working_days_between(a, b).days == expected


def test_seed_years_follow_today():
    # "Today" decides how far ahead provisional years go; the confirmed span comes from the package:
    # the years its 调休 data spans, which grows with each release (so no test here names the last one).
    with time_machine.travel(dt.datetime(2031, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        package = read_package()
    assert max(package.days_by_year) == 2033
    assert min(package.confirmed_years) == min(package.days_by_year)
    confirmed = sorted(package.confirmed_years)
    assert confirmed == list(range(confirmed[0], confirmed[-1] + 1))
    assert 2026 in package.confirmed_years and 2033 not in package.confirmed_years
    for year, rows in package.days_by_year.items():
        has_make_up_days = any(kind == "workday" for _, kind, _ in rows)
        assert year in package.confirmed_years or not has_make_up_days


def test_fixture_calendar_agrees_with_the_package(cal, package_calendar):
    # The fixed calendar the tests use was copied from the package; for every year both hold as
    # confirmed, the package must still give the same days. A failure here means a package release
    # changed a confirmed year: check it against the 国办 notice, then update calendar_fixture.json.
    fixture = fixture_package()
    package = read_package(fixture.days_by_year)
    both = sorted(fixture.confirmed_years & package.confirmed_years)
    assert both, "the package no longer confirms any year of the fixture"
    for year in both:
        assert package.days_by_year[year] == fixture.days_by_year[year], year
        day = D(year, 1, 1)
        while day.year == year:
            assert cal.is_working_day(day) == package_calendar.is_working_day(day), day
            day += dt.timedelta(days=1)
    # A year the fixture keeps provisional may be confirmed by a newer package; never the reverse.
    assert fixture.confirmed_years <= package.confirmed_years


def test_package_names_are_chinese_and_breaks_are_whole():
    days = {d: (k, n) for d, k, n in read_package([2026]).days_by_year[2026]}
    assert days[D(2026, 10, 4)] == ("holiday", "国庆节")  # the Sunday inside the break
    assert days[D(2026, 10, 10)] == ("workday", "国庆节调休上班")
    assert days[D(2026, 2, 22)][1] == "春节"
    assert all("休息日（由" not in name for _, name in days.values())


def test_calendar_modules_import_without_a_cycle():
    # rules is pure; the cache, the default-calendar functions, the recompute hooks and the package
    # reader each stand alone, so no module of the app imports one that imports it back.
    import ast
    from pathlib import Path

    from gongkai.calendar import rules

    app = Path(rules.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in app.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        module = ".".join(("gongkai", *path.relative_to(app.parent).with_suffix("").parts)).removesuffix(".__init__")
        imports: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):  # late imports count too
            if isinstance(node, ast.ImportFrom) and node.module == "gongkai.calendar":
                imports.update(f"gongkai.calendar.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gongkai.calendar."):
                imports.add(str(node.module))
        graph[module] = imports
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        for imported in graph.get(module, ()):
            assert imported not in path, " → ".join((*path, imported))
            if imported not in done:
                visit(imported, (*path, imported))
        done.add(module)

    for module in graph:
        visit(module, (module,))
