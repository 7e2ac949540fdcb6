"""Staff pages of the working-day calendar: a year as 12 month grids, and a working-day calculator
that answers through htmx (a fragment) or, with JavaScript off, as an ordinary GET of the full page."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.permissions import is_system_admin
from gongkai.calendar.cache import get_calendar
from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, YearStatus
from gongkai.calendar.rules import WorkDate

WEEKDAY_HEADERS = [
    ("一", "星期一"),
    ("二", "星期二"),
    ("三", "星期三"),
    ("四", "星期四"),
    ("五", "星期五"),
    ("六", "星期六"),
    ("日", "星期日"),
]
MAX_CALC_DAYS = 1000


class CalculatorForm(forms.Form):
    start = forms.DateField(label="起算日（当日不计入）", widget=forms.DateInput(attrs={"type": "date"}))
    n = forms.IntegerField(label="工作日数", min_value=0, max_value=MAX_CALC_DAYS, initial=20)


@dataclass(frozen=True)
class Cell:
    date: dt.date | None
    css: str
    mark: str
    title: str


def _month(year: int, month: int, days: dict[dt.date, CalendarDay]) -> dict[str, Any]:
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        row = []
        for d in week:
            if d.month != month:
                row.append(Cell(None, "", "", ""))
                continue
            entry = days.get(d)
            if entry is not None and entry.kind == DayKind.WORKDAY:
                row.append(Cell(d, "day-workday", "班", entry.name or "调休上班"))
            elif entry is not None:
                row.append(Cell(d, "day-holiday", "休", entry.name or "休息日"))
            elif d.weekday() >= 5:
                row.append(Cell(d, "day-weekend", "", "周末"))
            else:
                row.append(Cell(d, "", "", ""))
        weeks.append(row)
    return {"number": month, "weeks": weeks}


def _calculation(form: CalculatorForm) -> WorkDate | None:
    if not form.is_bound or not form.is_valid():
        return None
    return get_calendar().add_working_days(form.cleaned_data["start"], form.cleaned_data["n"])


def _year_context(year: int) -> dict[str, Any]:
    row = CalendarYear.objects.filter(year=year).first()
    days = {d.date: d for d in CalendarDay.objects.filter(date__year=year)}
    holidays = sorted((d for d in days.values() if d.kind == DayKind.HOLIDAY), key=lambda d: d.date)
    workdays = sorted((d for d in days.values() if d.kind == DayKind.WORKDAY), key=lambda d: d.date)
    return {
        "year": year,
        "year_row": row,
        "provisional": row is None or row.status != YearStatus.CONFIRMED,
        "months": [_month(year, m, days) for m in range(1, 13)],
        "weekday_headers": WEEKDAY_HEADERS,
        "years": list(CalendarYear.objects.values_list("year", "status")),
        "holiday_count": len(holidays),
        "weekday_holiday_count": sum(1 for d in holidays if d.date.weekday() < 5),
        "workdays": workdays,
        "previous_year": year - 1,
        "next_year": year + 1,
    }


def _requested_year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and 1950 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """One year's calendar and the calculator (the form posts back here as GET without JavaScript)."""
    form = CalculatorForm(request.GET if "start" in request.GET else None)
    result = _calculation(form)
    context = _year_context(_requested_year(request))
    context.update({"form": form, "result": result, "can_manage": is_system_admin(request.user)})
    return render(request, "calendar/overview.html", context)


@login_required
def calculate(request: HttpRequest) -> HttpResponse:
    """The calculator's result: a fragment for htmx, the whole page otherwise."""
    if request.headers.get("HX-Request") != "true":
        return overview(request)
    form = CalculatorForm(request.GET)
    return render(request, "calendar/_result.html", {"form": form, "result": _calculation(form)})
