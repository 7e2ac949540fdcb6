"""Calendar actions: seeding, importing a year, editing a day; permission, validation, audit, recompute."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.labels import label
from gongkai.audit.models import Event
from gongkai.calendar import actions, cache, rules, workdays
from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.calendar.recompute import register_recompute, unregister_recompute
from gongkai.testing.calendar_fixture import fixture_package, seed_fixture_calendar

D = dt.date
HOLIDAY, WORKDAY = DayKind.HOLIDAY, DayKind.WORKDAY


def arrangement_2027() -> list[tuple[dt.date, DayKind, str]]:
    """A plausible 2027 notice: fixed statutory days, a Spring Festival break and one 调休 Sunday."""
    days = [(D(2027, 1, 1), HOLIDAY, "元旦")]
    days += [(D(2027, 2, 5) + dt.timedelta(days=i), HOLIDAY, "春节") for i in range(9)]
    days += [(D(2027, 2, 20), WORKDAY, "春节调休上班")]
    days += [(D(2027, 5, 1), HOLIDAY, "劳动节"), (D(2027, 5, 2), HOLIDAY, "劳动节")]
    days += [(D(2027, 10, d), HOLIDAY, "国庆节") for d in range(1, 8)]
    return days


def test_seed_statuses_and_idempotence(seeded):
    assert seeded.created == [2024, 2025, 2026, 2027, 2028]
    statuses = dict(CalendarYear.objects.values_list("year", "status"))
    assert statuses[2026] == YearStatus.CONFIRMED
    assert statuses[2027] == statuses[2028] == YearStatus.PROVISIONAL
    assert CalendarYear.objects.get(year=2026).source == fixture_package().source
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == WORKDAY
    again = seed_fixture_calendar()
    assert not again.changed and len(again.unchanged) == 5
    assert Event.objects.filter(action="calendar.seed").count() == 1
    assert label("calendar.seed") != "calendar.seed"


def test_seed_keeps_years_edited_by_hand(seeded, sysadmin):
    actions.calendar_set_day(day=D(2026, 12, 31), kind=HOLIDAY, name="测试休假", actor=sysadmin)
    result = seed_fixture_calendar(years=[2026])
    assert result.skipped == [2026]
    assert CalendarDay.objects.get(date=D(2026, 12, 31)).name == "测试休假"


def test_seed_confirms_a_provisional_year_once_the_package_knows_it(seeded):
    year = CalendarYear.objects.get(year=2026)
    year.status = YearStatus.PROVISIONAL
    year.save()
    result = seed_fixture_calendar(years=[2026])
    assert result.newly_confirmed == [2026]
    assert CalendarYear.objects.get(year=2026).is_confirmed


def test_provisional_computation_becomes_final_after_import(seeded, sysadmin, django_capture_on_commit_callbacks):
    calls: list[list[int]] = []
    register_recompute(calls.append)
    try:
        before = workdays.add_working_days(D(2027, 1, 20), 20)
        assert before.provisional
        with django_capture_on_commit_callbacks(execute=True):
            year = actions.calendar_import_year(
                year=2027, days=arrangement_2027(), source="国办发明电〔2026〕9号", actor=sysadmin
            )
        assert calls == [[2027]]
    finally:
        unregister_recompute(calls.append)
    assert year.status == YearStatus.CONFIRMED and year.confirmed_at is not None and year.edited_by_hand
    after = workdays.add_working_days(D(2027, 1, 20), 20)
    assert not after.provisional
    # 01-21 … 02-04 are 11 working days; 02-05..13 off; 02-20 (Saturday) is worked.
    assert after.date == D(2027, 2, 24)
    assert str(after) == "2027-02-24"
    # The seeded estimate's 2027 days that the notice does not list are gone.
    assert not CalendarDay.objects.filter(date=D(2027, 10, 4), name__contains="补假").exists()
    event = Event.objects.get(action="calendar.import_year")
    assert event.actor == sysadmin
    assert event.after["status"] == "confirmed"
    assert event.after["2027-02-20"] == "班 春节调休上班"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda days: [*days, (D(2026, 12, 31), HOLIDAY, "")], "不在2027年内"),
        (lambda days: [*days, days[0]], "重复出现"),
        (lambda days: [*days, (D(2027, 1, 1), WORKDAY, "")], "同时被列为休息日和调休上班日"),
        (lambda days: [*days, (D(2027, 3, 3), WORKDAY, "")], "调休上班日应为周六或周日"),
        (lambda days: [d for d in days if d[0] != D(2027, 10, 2)], "缺少法定节假日"),
    ],
)
def test_import_refuses_bad_data_and_writes_nothing(seeded, sysadmin, change, message):
    before = list(CalendarDay.objects.filter(year_id=2027).values_list("date", "kind", "name"))
    with pytest.raises(ValidationError) as info:
        actions.calendar_import_year(year=2027, days=change(arrangement_2027()), source="测试", actor=sysadmin)
    assert any(message in m for m in info.value.messages)
    assert list(CalendarDay.objects.filter(year_id=2027).values_list("date", "kind", "name")) == before
    assert CalendarYear.objects.get(year=2027).status == YearStatus.PROVISIONAL
    assert not Event.objects.filter(action="calendar.import_year").exists()


def test_import_needs_a_source(seeded, sysadmin):
    with pytest.raises(ValidationError, match="来源"):
        actions.calendar_import_year(year=2027, days=arrangement_2027(), source=" ", actor=sysadmin)


def test_non_admin_is_refused_everything(seeded, clerk):
    refused = "您没有在系统系统管理的权限"
    with pytest.raises(PermissionDenied, match=refused):
        actions.calendar_import_year(year=2027, days=arrangement_2027(), source="x", actor=clerk)
    with pytest.raises(PermissionDenied, match=refused):
        actions.calendar_set_day(day=D(2027, 3, 3), kind=HOLIDAY, name="x", actor=clerk)
    with pytest.raises(PermissionDenied, match=refused):
        actions.calendar_seed(actor=clerk)
    with pytest.raises(PermissionDenied, match=refused):
        actions.calendar_delete_year(year=2027, actor=clerk)
    assert not CalendarDay.objects.filter(date=D(2027, 3, 3)).exists()
    assert CalendarYear.objects.filter(year=2027).exists()


def test_set_day_adds_and_removes_with_audit(seeded, sysadmin):
    cal = cache.get_calendar()
    assert cal.is_working_day(D(2026, 12, 31))
    actions.calendar_set_day(day=D(2026, 12, 31), kind=HOLIDAY, name="临时放假", actor=sysadmin)
    assert not cache.get_calendar().is_working_day(D(2026, 12, 31))
    actions.calendar_set_day(day=D(2026, 12, 31), kind=None, name="", actor=sysadmin)
    assert cache.get_calendar().is_working_day(D(2026, 12, 31))
    events = list(Event.objects.filter(action="calendar.set_day").order_by("pk"))
    assert [e.after for e in events] == [{"2026-12-31": "2026-12-31 休 临时放假"}, {"2026-12-31": None}]
    # Removing what is not there changes nothing and records nothing.
    actions.calendar_set_day(day=D(2026, 12, 30), kind=None, name="", actor=sysadmin)
    assert Event.objects.filter(action="calendar.set_day").count() == 2
    with pytest.raises(ValidationError, match="周六或周日"):
        actions.calendar_set_day(day=D(2026, 12, 30), kind=WORKDAY, name="", actor=sysadmin)


def test_delete_year_is_audited_and_makes_it_unknown(seeded, sysadmin):
    actions.calendar_delete_year(year=2028, actor=sysadmin)
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert Event.objects.get(action="calendar.delete_year").before["status"] == "provisional"
    assert workdays.add_working_days(D(2028, 1, 1), 1).provisional


def test_workdays_functions_use_the_site_calendar(seeded):
    # docs/domain.md §7.1: receipt on 2025-09-25; the make-up Sunday 09-28 and Saturday 10-11 count.
    assert workdays.add_working_days(D(2025, 9, 25), 20) == rules.WorkDate(D(2025, 10, 29), False)
    assert workdays.working_days_between(D(2025, 9, 25), D(2025, 10, 29)) == rules.WorkCount(20, False)


def test_cache_notices_changes_from_another_process(seeded, settings):
    settings.GONGKAI_CALENDAR_RECHECK_SECONDS = 3600.0
    cal = cache.get_calendar()
    assert cache.get_calendar() is cal  # cached, no query
    # Another process writes (no invalidate() here) and moves updated_at; after the recheck period
    # this process reloads.
    CalendarDay.objects.create(date=D(2026, 12, 30), kind=HOLIDAY, name="x", year_id=2026)
    CalendarYear.objects.get(year=2026).save()
    assert cache.get_calendar() is cal
    settings.GONGKAI_CALENDAR_RECHECK_SECONDS = 0.0
    fresh = cache.get_calendar()
    assert not fresh.is_working_day(D(2026, 12, 30))
    assert cache.get_calendar() is fresh  # the signature matches: the same object again


def test_rules_module_does_not_touch_the_database():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(rules))
    top_level = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    names = [alias.name for node in top_level for alias in node.names] + [
        node.module or "" for node in top_level if isinstance(node, ast.ImportFrom)
    ]
    assert not [n for n in names if n.startswith(("django", "gongkai"))]


def test_package_seed_agrees_with_chinese_calendar_2008_to_2026(db):
    # The one database test that seeds from the installed package itself: the reader's check.
    cache.invalidate()
    actions.calendar_seed()
    cal = cache.load_calendar()
    day, disagreements = D(2008, 1, 1), []
    while day <= D(2026, 12, 31):
        if cal.is_working_day(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []
    assert set(range(2008, 2027)) <= cal.confirmed_years
    cache.invalidate()
