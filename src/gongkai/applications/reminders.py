"""Daily deadline reminders: handlers hear of cases due within N working days and overdue ones; the
supervising office (主管部门) hears of overdue ones (督办). One reminder per case, recipient kind and
day: the ReminderSent row and the queued email are written in one transaction, so running twice, or
again after a crash, sends nothing twice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.models import Application, ReminderSent, Status
from gongkai.calendar.cache import get_calendar
from gongkai.common.tasks import send_email


@dataclass
class ReminderSummary:
    handler: int = 0
    supervisor: int = 0
    skipped: int = 0


def _handlers(application: Application) -> list[str]:
    if application.handler_id and application.handler.email:
        return [application.handler.email]
    # No handler yet: the agency's clerks, reviewers and heads.
    users = User.objects.filter(
        is_active=True,
        memberships__agency=application.agency,
        memberships__role__in=[Role.CLERK, Role.REVIEWER, Role.HEAD],
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _supervisors(agency: Agency) -> list[str]:
    prefixes = [agency.path[: i + 1] for i, ch in enumerate(agency.path) if ch == "/" and i > 0]
    users = User.objects.filter(
        is_active=True, memberships__role=Role.SUPERVISOR, memberships__agency__path__in=prefixes
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _send_once(
    application: Application, day: dt.date, kind: str, recipients: list[str], subject: str, body: str
) -> bool:
    if not recipients:
        return False
    try:
        with transaction.atomic():
            ReminderSent.objects.create(application=application, day=day, kind=kind)
            send_email.enqueue(subject=subject, body=body, recipients=recipients)
    except IntegrityError:
        return False
    return True


def send_reminders(today: dt.date | None = None) -> ReminderSummary:
    today = today or services.today()
    days = int(services.setting("GONGKAI_APPLICATIONS_REMIND_DAYS"))
    limit = get_calendar().add_working_days(today, days).date
    site = getattr(settings, "GONGKAI_SITE_URL", "")
    summary = ReminderSummary()
    cases = (
        Application.objects.exclude(status__in=[Status.CLOSED, Status.ANSWERED])
        .filter(due_on__isnull=False, due_on__lte=limit)
        .select_related("agency", "handler")
    )
    for application in cases.iterator():
        overdue = application.due_on < today
        due = application.due_on.isoformat() + ("（暂定）" if application.due_provisional else "")
        link = f"{site}/workspace/applications/{application.pk}/"
        state = f"已逾期（答复期限{due}）" if overdue else f"将于{due}到期"
        body = (
            f"政府信息公开申请 {application.receipt_number}（{application.agency.name}）{state}，"
            f"当前状态：{application.get_status_display()}。\n{link}"
        )
        if _send_once(
            application,
            today,
            "handler",
            _handlers(application),
            f"【期限提醒】{application.receipt_number}{'已逾期' if overdue else '即将到期'}",
            body,
        ):
            summary.handler += 1
        else:
            summary.skipped += 1
        if overdue and _send_once(
            application,
            today,
            "supervisor",
            _supervisors(application.agency),
            f"【督办】{application.agency.name} {application.receipt_number} 已逾期",
            body,
        ):
            summary.supervisor += 1
    return summary
