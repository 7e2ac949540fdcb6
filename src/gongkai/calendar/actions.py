"""State changes of the working-day calendar. Each checks permission (系统管理), runs in one
transaction, validates, writes, is audited, and makes the deadlines that depend on the changed years
recompute after commit (the task in ``gongkai.calendar.tasks``).

``actor=None`` is the system itself (the seed command, the demo set-up); it is never a web request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import Perm, require
from gongkai.audit import labels
from gongkai.audit.actions import diff, record
from gongkai.calendar.cache import invalidate
from gongkai.calendar.holidays_package import PackageData, read_package
from gongkai.calendar.models import CalendarDay, CalendarYear, DayKind, DayRow, YearStatus
from gongkai.calendar.tasks import recompute_calendar_dependents

labels.register(
    {
        "calendar.seed": "从 holidays 数据初始化工作日历",
        "calendar.import_year": "导入年度放假安排",
        "calendar.save_year": "修改年度放假安排",
        "calendar.set_day": "修改工作日历中的一天",
        "calendar.delete_year": "删除工作日历年度",
    }
)

MIN_YEAR, MAX_YEAR = 1950, 2100
WEEKDAY_NAMES = "一二三四五六日"
MANUAL_SOURCE = "人工录入"


@dataclass
class SeedResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # imported or edited by hand: left as they are
    newly_confirmed: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _require(actor: Any) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)


def _fixed_statutory_dates(year: int) -> dict[dt.date, str]:
    """The solar-calendar statutory holidays of 《全国年节及纪念日放假办法》 第二条 that every confirmed
    year must list: 元旦 1月1日, 劳动节 5月1日 (and 5月2日 from 2025, the 2024-11-10 revision),
    国庆节 10月1日至3日. The lunar ones move and are not checked here."""
    fixed = {dt.date(year, 1, 1): "元旦", dt.date(year, 5, 1): "劳动节"}
    if year >= 2025:
        fixed[dt.date(year, 5, 2)] = "劳动节"
    fixed.update({dt.date(year, 10, d): "国庆节" for d in (1, 2, 3)})
    return fixed


def validate_days(year: int, days: Sequence[DayRow], *, confirmed: bool = True) -> None:
    """Raises ValidationError listing every problem with a year's days (all at once, in Chinese)."""
    errors: list[str] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(f"年份{year}超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    seen: dict[dt.date, DayKind] = {}
    for day, kind, name in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            errors.append(f"“{day}”不是日期")
            continue
        try:
            kind = DayKind(kind)
        except ValueError:
            errors.append(f"{day.isoformat()}：类型“{kind}”无效，应为“休”或“班”")
            continue
        if day.year != year:
            errors.append(f"{day.isoformat()} 不在{year}年内")
        if day in seen:
            if seen[day] != kind:
                errors.append(f"{day.isoformat()} 同时被列为休息日和调休上班日")
            else:
                errors.append(f"{day.isoformat()} 重复出现")
            continue
        seen[day] = kind
        if kind == DayKind.WORKDAY and day.weekday() < 5:
            errors.append(
                f"{day.isoformat()} 是星期{WEEKDAY_NAMES[day.weekday()]}，调休上班日应为周六或周日"
                "（周一至周五本来就是工作日）"
            )
        if len(name) > 100:
            errors.append(f"{day.isoformat()}：名称过长（最多100字）")
    if confirmed and not errors:
        missing = [
            f"{d.isoformat()}（{n}）" for d, n in _fixed_statutory_dates(year).items() if seen.get(d) != DayKind.HOLIDAY
        ]
        if missing:
            errors.append("缺少法定节假日（《全国年节及纪念日放假办法》第二条）：" + "、".join(missing))
    if not days:
        errors.append(f"{year}年没有任何节假日或调休日")
    if errors:
        raise ValidationError(errors)


def _state(year: CalendarYear | None) -> dict[str, Any]:
    """A year and its days as one flat dict, so diff() reports exactly the days that changed."""
    if year is None or year._state.adding:
        return {}
    state: dict[str, Any] = {"status": year.status, "source": year.source}
    for day in year.days.order_by("date"):
        state[day.date.isoformat()] = f"{day.get_kind_display()} {day.name}".rstrip()
    return state


def _replace_days(year: CalendarYear, days: Iterable[DayRow]) -> bool:
    """Makes the year's rows exactly ``days``; returns whether any row changed."""
    wanted = {d: (DayKind(k), n) for d, k, n in days}
    existing = {row.date: row for row in year.days.all()}
    stale = [row.pk for d, row in existing.items() if d not in wanted]
    changed = bool(stale)
    if stale:
        CalendarDay.objects.filter(pk__in=stale).delete()
    new_rows = []
    for d, (kind, name) in wanted.items():
        row = existing.get(d)
        if row is None:
            new_rows.append(CalendarDay(date=d, kind=kind, name=name, year=year))
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            row.save(update_fields=["kind", "name"])
            changed = True
    if new_rows:
        CalendarDay.objects.bulk_create(new_rows)
        changed = True
    return changed


def _after_change(years: Iterable[int]) -> None:
    """Fresh calendar now (this transaction) and after commit (this process), then the recompute."""
    changed = sorted(set(years))
    invalidate()

    def enqueue() -> None:
        invalidate()
        recompute_calendar_dependents.enqueue(changed)

    transaction.on_commit(enqueue)


def _set_status(year: CalendarYear, status: YearStatus) -> None:
    if status == YearStatus.CONFIRMED and year.status != YearStatus.CONFIRMED:
        year.confirmed_at = timezone.now()
    elif status == YearStatus.PROVISIONAL:
        year.confirmed_at = None
    year.status = status


def calendar_seed(
    *, actor: Any = None, years: Iterable[int] | None = None, package: PackageData | None = None
) -> SeedResult:
    """Fills the table from the ``holidays`` package. Idempotent: a second run changes nothing; a
    year imported or edited by hand is skipped; a provisional seeded year becomes confirmed when a
    newer package has its 调休 data.

    ``package`` gives the rows to seed instead of reading the installed package (the test suite seeds
    its fixed calendar this way); ``years`` then keeps only those of its years."""
    _require(actor)
    if package is None:
        package = read_package(years)
    elif years is not None:
        wanted = set(years)
        package = replace(package, days_by_year={y: d for y, d in package.days_by_year.items() if y in wanted})
    result = SeedResult()
    with transaction.atomic():
        existing = {y.year: y for y in CalendarYear.objects.filter(year__in=list(package.days_by_year))}
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for number, days in sorted(package.days_by_year.items()):
            status = YearStatus.CONFIRMED if number in package.confirmed_years else YearStatus.PROVISIONAL
            year = existing.get(number)
            if year is not None and year.edited_by_hand:
                result.skipped.append(number)
                continue
            if year is None:
                year = CalendarYear(year=number, status=YearStatus.PROVISIONAL, source=package.source)
                _set_status(year, status)
                year.save()
                _replace_days(year, days)
                result.created.append(number)
                after[str(number)] = f"{year.get_status_display()}，{len(days)}天"
                continue
            was = f"{year.get_status_display()}，{year.days.count()}天"
            days_changed = _replace_days(year, days)
            if days_changed or year.status != status or year.source != package.source:
                if status == YearStatus.CONFIRMED and year.status != YearStatus.CONFIRMED:
                    result.newly_confirmed.append(number)
                _set_status(year, status)
                year.source = package.source
                year.save()
                result.updated.append(number)
                before[str(number)] = was
                after[str(number)] = f"{year.get_status_display()}，{len(days)}天"
            else:
                result.unchanged.append(number)
        if result.changed:
            record(
                action="calendar.seed",
                actor=actor,
                before=before,
                after=after,
                reason=f"来源：{package.source}",
            )
            _after_change(result.updated + result.created)
    return result


def calendar_save_year(
    *,
    year: int,
    days: Sequence[DayRow],
    source: str,
    status: YearStatus | str,
    actor: Any,
    reason: str = "",
    action: str = "calendar.save_year",
) -> CalendarYear:
    """Replaces a year's days and status at once (the admin screen's save)."""
    _require(actor)
    status = YearStatus(status)
    source = source.strip()
    if status == YearStatus.CONFIRMED and not source:
        raise ValidationError("确认年度放假安排时必须填写来源（国务院办公厅通知文号）")
    validate_days(year, days, confirmed=status == YearStatus.CONFIRMED)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = _state(row)
        if row is None:
            row = CalendarYear(year=year)
        _set_status(row, status)
        row.source = source[:200]
        row.edited_by_hand = True
        row.save()
        _replace_days(row, days)
        old, new = diff(before, _state(row))
        record(action=action, actor=actor, target=row, before=old, after=new, reason=reason)
        _after_change([year])
    return row


def calendar_import_year(*, year: int, days: list[DayRow], source: str, actor: Any, reason: str = "") -> CalendarYear:
    """Enters a newly announced year's arrangement (the 国务院办公厅 notice): replaces that year's days
    atomically and marks it confirmed, so deadlines computed into it stop being 暂定."""
    return calendar_save_year(
        year=year,
        days=days,
        source=source,
        status=YearStatus.CONFIRMED,
        actor=actor,
        reason=reason,
        action="calendar.import_year",
    )


def calendar_set_day(*, day: dt.date, kind: DayKind | str | None, name: str, actor: Any, reason: str = "") -> None:
    """Marks one date as a holiday or make-up workday; ``kind=None`` removes the entry (the date is
    then an ordinary weekday or weekend day)."""
    _require(actor)
    name = name.strip()
    if kind is not None:
        kind = DayKind(kind)
        if kind == DayKind.WORKDAY and day.weekday() < 5:
            raise ValidationError(f"{day.isoformat()} 是星期{WEEKDAY_NAMES[day.weekday()]}，调休上班日应为周六或周日")
        if len(name) > 100:
            raise ValidationError("名称过长（最多100字）")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"年份{day.year}超出范围（{MIN_YEAR}–{MAX_YEAR}）")
    with transaction.atomic():
        year = CalendarYear.objects.select_for_update().filter(year=day.year).first()
        if year is None:
            if kind is None:
                return
            year = CalendarYear(year=day.year, status=YearStatus.PROVISIONAL, source=MANUAL_SOURCE)
        existing = CalendarDay.objects.filter(date=day).first()
        if (existing is None and kind is None) or (
            existing is not None and kind is not None and (existing.kind, existing.name) == (kind, name)
        ):
            return  # nothing to change, nothing to record
        key = day.isoformat()
        before = {key: str(existing) if existing is not None else None}
        year.edited_by_hand = True
        year.save()  # also moves updated_at, which tells other processes to reload
        if kind is None:
            assert existing is not None  # removing a day that is not there returned above
            existing.delete()
            after: dict[str, str | None] = {key: None}
        else:
            row, _ = CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "year": year})
            after = {key: str(row)}
        record(action="calendar.set_day", actor=actor, target=year, before=before, after=after, reason=reason)
        _after_change([day.year])


def calendar_delete_year(*, year: int, actor: Any, reason: str = "") -> None:
    """Removes a year and its days; computations into it become 暂定 (an unknown year)."""
    _require(actor)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            raise ValidationError(f"{year}年不在工作日历中")
        before = _state(row)
        record(action="calendar.delete_year", actor=actor, target=row, before=before, after={}, reason=reason)
        row.delete()
        _after_change([year])
