"""The working-day calendar table: one row per year, one row per holiday or 调休 make-up workday.

Write through ``gongkai.calendar.actions`` only, so every change is checked, audited and makes the
deadlines that depend on it recompute.
"""

from __future__ import annotations

import datetime as dt

from django.db import models


class YearStatus(models.TextChoices):
    # Confirmed: the 国务院办公厅 notice of the year's arrangement (or data taken from it) is entered.
    CONFIRMED = "confirmed", "已确认"
    # Provisional: statutory dates estimated, no 调休 known; every computation into it is 暂定.
    PROVISIONAL = "provisional", "暂定"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休"
    WORKDAY = "workday", "班"


# One day as the importer, the package reader and the actions pass it around: (date, kind, name).
DayRow = tuple[dt.date, DayKind, str]


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    status = models.CharField("状态", max_length=16, choices=YearStatus.choices, default=YearStatus.PROVISIONAL)
    source = models.CharField(
        "来源", max_length=200, blank=True, help_text="国务院办公厅通知文号，或“holidays 0.109 数据”"
    )
    # Set once a person has imported or edited the year: re-seeding from the package must not undo it.
    edited_by_hand = models.BooleanField("人工维护", default=False)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{self.get_status_display()}）"

    @property
    def is_confirmed(self) -> bool:
        return self.status == YearStatus.CONFIRMED


class CalendarDay(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=16, choices=DayKind.choices)
    name = models.CharField("名称", max_length=100, blank=True, help_text="如“国庆节”“国庆节调休上班”")
    year = models.ForeignKey(CalendarYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days")

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日和调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".rstrip()
