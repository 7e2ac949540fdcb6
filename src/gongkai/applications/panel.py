from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.selectors import filter_view, visible_cases
from gongkai.common.panels import Todo


def workspace_panel(user: Any) -> list[Todo]:
    cases = visible_cases(user)
    today = services.today()
    listing = reverse("applications:cases")
    return [
        Todo(
            "已超过答复期限的申请",
            filter_view(cases, "overdue", user, today).count(),
            f"{listing}?view=overdue",
            urgent=True,
        ),
        Todo("3个工作日内到期的申请", filter_view(cases, "due_soon", user, today).count(), f"{listing}?view=due_soon"),
        Todo("待补正的申请", filter_view(cases, "correction", user, today).count(), f"{listing}?view=correction"),
        Todo(
            "申请人已在线补正、待确认收到",
            filter_view(cases, "correction", user, today).exclude(correction_submitted_on=None).count(),
            f"{listing}?view=correction",
            urgent=True,
        ),
    ]
