"""Reminders before the annual report's deadline (条例 第四十九条), and 督办 after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import NON_REPORTING_KINDS, Agency
from gongkai.common.tasks import send_email
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import AnnualReport, ReportReminder, ReportStatus

DEFAULT_DAYS_BEFORE = 10


@dataclass
class ReminderResult:
    sent: int = 0
    skipped: int = 0


def _emails(agencies: list[Agency], roles: set[Role]) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(agency__in=agencies, role__in=roles, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send_report_reminders(*, today: dt.date, days_before: int = DEFAULT_DAYS_BEFORE) -> ReminderResult:
    """Emails each agency whose report for last year is unpublished when the deadline is near, and
    after it also the supervisors above it. One reminder per agency, year and day."""
    year = today.year - 1
    result = ReminderResult()
    published = set(
        AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).values_list("agency_id", flat=True)
    )
    owing = Agency.objects.filter(is_active=True).exclude(kind__in=NON_REPORTING_KINDS)
    for agency in owing.exclude(pk__in=published).order_by("path"):
        deadline = report_deadline(is_government=agency.is_government, year=year)
        overdue = today > deadline
        if not overdue and (deadline - today).days > days_before:
            continue
        recipients = _emails([agency], {Role.HEAD, Role.REVIEWER, Role.CLERK})
        if overdue:
            recipients += _emails(list(agency.ancestors()), {Role.SUPERVISOR})
        if not recipients:
            result.skipped += 1
            continue
        try:
            with transaction.atomic():
                ReportReminder.objects.create(agency=agency, year=year, sent_on=today, overdue=overdue)
                subject = (
                    f"【督办】{agency.name}{year}年度政府信息公开工作年度报告已逾期未公布"
                    if overdue
                    else f"【提醒】{agency.name}{year}年度政府信息公开工作年度报告应于{deadline:%Y年%m月%d日}前公布"
                )
                body = (
                    f"{agency.name}：\n\n根据《中华人民共和国政府信息公开条例》第四十九条，"
                    f"{year}年度政府信息公开工作年度报告应于{deadline:%Y年%m月%d日}前向社会公布。"
                    f"{'截至今日尚未公布，请尽快办理。' if overdue else '请及时生成、审核并发布。'}\n"
                )
                unique = sorted(set(recipients))
                transaction.on_commit(
                    lambda s=subject, b=body, r=unique: send_email.enqueue(subject=s, body=b, recipients=r)
                )
        except IntegrityError:
            result.skipped += 1  # already reminded today
            continue
        result.sent += 1
    return result
