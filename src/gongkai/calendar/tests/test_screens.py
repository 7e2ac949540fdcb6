"""The staff calendar page, the calculator (htmx and plain GET), the admin screen, the date filter."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.template import Context, Template

from gongkai.audit.models import Event
from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.rules import WorkDate

D = dt.date


def test_overview_needs_login(client, db):
    response = client.get("/workspace/calendar/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_confirmed_year_grid(client, seeded, clerk):
    client.force_login(clerk)
    page = client.get("/workspace/calendar/?year=2026").content.decode()
    assert "2026年工作日历" in page
    assert "2026年10月</caption>" in page
    assert 'class="day-workday" title="国庆节调休上班"' in page
    assert 'class="day-holiday" title="国庆节"' in page
    assert "badge-provisional" not in page.split("工作日计算")[0]
    assert "维护工作日历" not in page  # only for system administrators


def test_provisional_year_shows_badge_and_explanation(client, seeded, sysadmin):
    client.force_login(sysadmin)
    page = client.get("/workspace/calendar/?year=2027").content.decode()
    assert '<span class="badge badge-provisional">暂定</span>' in page
    assert "尚未确认" in page
    assert "维护工作日历" in page
    unknown = client.get("/workspace/calendar/?year=2035").content.decode()
    assert "没有该年度的数据" in unknown


def test_calculator_htmx_fragment_and_plain_get(client, seeded, clerk):
    client.force_login(clerk)
    fragment = client.get(
        "/workspace/calendar/calculate/", {"start": "2026-09-25", "n": "20"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="calc-result"')
    assert '<time datetime="2026-10-29">2026-10-29</time>' in fragment
    assert "暂定" not in fragment
    page = client.get("/workspace/calendar/calculate/", {"start": "2026-12-20", "n": "20"}).content.decode()
    assert "<html" in page and "2027-01-" in page
    assert 'badge badge-provisional" title=' in page
    error = client.get(
        "/workspace/calendar/calculate/", {"start": "不是日期", "n": "-1"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "errorlist" in error


def test_workdate_filter_and_include():
    template = Template(
        '{% load workcalendar %}{{ a|workdate }}|{{ b|workdate }}|{% include "calendar/workdate.html" with value=b %}'
    )
    html = template.render(Context({"a": WorkDate(D(2026, 10, 29), False), "b": WorkDate(D(2027, 2, 3), True)}))
    first, second, third = html.split("|")
    assert first == '<time datetime="2026-10-29">2026-10-29</time>'
    assert "暂定" in second and second.startswith('<time datetime="2027-02-03">')
    assert third.strip() == second


def test_admin_is_for_system_administrators_only(client, seeded, clerk):
    client.force_login(clerk)
    assert client.get("/admin/workcalendar/calendaryear/").status_code == 403
    assert client.get("/admin/workcalendar/calendaryear/2026/change/").status_code == 403


def _inline_post(year: CalendarYear, **overrides: str) -> dict[str, str]:
    days = list(year.days.order_by("date"))
    data = {
        "status": year.status,
        "source": year.source,
        "days-TOTAL_FORMS": str(len(days) + 1),
        "days-INITIAL_FORMS": str(len(days)),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, day in enumerate(days):
        data.update(
            {
                f"days-{i}-id": str(day.pk),
                f"days-{i}-year": str(year.pk),
                f"days-{i}-date": day.date.isoformat(),
                f"days-{i}-kind": day.kind,
                f"days-{i}-name": day.name,
            }
        )
    data[f"days-{len(days)}-year"] = str(year.pk)
    data.update(overrides)
    return data


@pytest.mark.parametrize("extra_date", ["2027-12-31"])
def test_admin_save_goes_through_the_action(client, seeded, sysadmin, extra_date):
    client.force_login(sysadmin)
    url = "/admin/workcalendar/calendaryear/2027/change/"
    assert client.get("/admin/workcalendar/calendaryear/").status_code == 200
    assert client.get(url).status_code == 200
    year = CalendarYear.objects.get(year=2027)
    last = year.days.count()
    data = _inline_post(
        year,
        status="confirmed",
        source="国办发明电〔2026〕9号",
        **{f"days-{last}-date": extra_date, f"days-{last}-kind": "holiday", f"days-{last}-name": "测试"},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.status == "confirmed" and year.edited_by_hand
    assert CalendarDay.objects.get(date=D(2027, 12, 31)).name == "测试"
    event = Event.objects.get(action="calendar.save_year")
    assert event.actor == sysadmin and event.after["2027-12-31"] == "休 测试"


def test_admin_shows_validation_errors_and_writes_nothing(client, seeded, sysadmin):
    client.force_login(sysadmin)
    year = CalendarYear.objects.get(year=2027)
    last = year.days.count()
    data = _inline_post(
        year, **{f"days-{last}-date": "2027-03-03", f"days-{last}-kind": "workday", f"days-{last}-name": ""}
    )
    response = client.post("/admin/workcalendar/calendaryear/2027/change/", data)
    assert response.status_code == 200
    assert "周六或周日" in response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2027, 3, 3)).exists()
    assert not Event.objects.filter(action="calendar.save_year").exists()


def test_admin_delete_goes_through_the_action(client, seeded, sysadmin):
    client.force_login(sysadmin)
    response = client.post("/admin/workcalendar/calendaryear/2028/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CalendarYear.objects.filter(year=2028).exists()
    assert Event.objects.filter(action="calendar.delete_year").count() == 1


def test_overview_defaults_to_this_year_in_china(client, seeded, clerk):
    # 2027-12-31 20:00 UTC is already 2028-01-01 in Asia/Shanghai.
    with time_machine.travel(dt.datetime(2027, 12, 31, 20, tzinfo=dt.UTC), tick=False):
        client.force_login(clerk)  # inside the frozen time, or the session would have expired
        page = client.get("/workspace/calendar/").content.decode()
    assert "<h1>2028年工作日历" in page
