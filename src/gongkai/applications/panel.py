"""What waits for the user in 依申请公开, for the workspace's 待办 panel: each queue with its count and
how long its oldest item has waited, so a new online application or an incoming 转办 is seen the day
it arrives (the legal clock runs from 确认收到)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.urls import reverse

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.applications import services
from gongkai.applications.models import Consultation, Status
from gongkai.applications.selectors import filter_view, incoming_transfers, visible_cases
from gongkai.common.panels import Todo


def waited(oldest: dt.date | None, today: dt.date) -> str:
    """How long the oldest item has waited, in calendar days."""
    if oldest is None:
        return ""
    days = (today - oldest).days
    return "最早一件今天到达" if days <= 0 else f"最早一件已等待 {days} 天"


def count_and_oldest(items: QuerySet[Any], date_field: str) -> tuple[int, dt.date | None]:
    """One query: how many ``items`` there are and the earliest ``date_field`` among them."""
    found = items.aggregate(count=Count("pk", distinct=True), oldest=Min(date_field))
    return found["count"], found["oldest"]


def workspace_panel(user: Any) -> list[Todo]:
    cases = visible_cases(user)
    # The queues only the handling agency works off (a supervisor does not confirm receipts).
    handled = cases.filter(agency__in=agencies_with(user, Perm.EDIT))
    today = services.today()
    listing = reverse("applications:cases")

    def aged(label: str, items: QuerySet[Any], date_field: str, view: str, *, urgent: bool = False) -> Todo:
        count, oldest = count_and_oldest(items, date_field)
        return Todo(label, count, f"{listing}?view={view}" if view else listing, urgent, oldest, waited(oldest, today))

    correction = filter_view(cases, "correction", user, today)
    overdue, most_overdue = count_and_oldest(filter_view(cases, "overdue", user, today), "due_on")
    due_soon, first_due = count_and_oldest(filter_view(cases, "due_soon", user, today), "due_on")
    _, first_correction_due = count_and_oldest(correction, "correction_deadline")
    consultations = Consultation.objects.filter(
        application__in=handled.filter(status=Status.CONSULTING), replied_on=None
    )
    return [
        aged(
            "待确认收到的在线申请",
            filter_view(handled, "submitted", user, today),
            "submitted_on",
            "submitted",
            urgent=True,
        ),
        # Listed at the top of the case list, whatever the view.
        aged("待接收的转办", incoming_transfers(user), "sent_on", "", urgent=True),
        aged(
            "申请人已在线补正、待确认收到",
            correction.exclude(correction_submitted_on=None),
            "correction_submitted_on",
            "correction",
            urgent=True,
        ),
        Todo(
            "已超过答复期限的申请",
            overdue,
            f"{listing}?view=overdue",
            True,
            most_overdue,
            f"最久已逾期 {(today - most_overdue).days} 天" if most_overdue else "",
        ),
        Todo(
            "3个工作日内到期的申请",
            due_soon,
            f"{listing}?view=due_soon",
            False,
            first_due,
            f"最早一件 {first_due:%Y-%m-%d} 到期" if first_due else "",
        ),
        Todo(
            "待补正的申请",
            correction.count(),
            f"{listing}?view=correction",
            False,
            first_correction_due,
            f"最早一件补正期限 {first_correction_due:%Y-%m-%d}" if first_correction_due else "",
        ),
        aged("征求意见待回复", consultations, "sent_on", "consulting"),
        aged("待申请人缴费", filter_view(handled, "fee_pending", user, today), "fee_notice_on", "fee_pending"),
    ]
