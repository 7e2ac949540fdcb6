from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.common.panels import Todo
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import Status


def workspace_panel(user: Any) -> list[Todo]:
    items = reverse("disclosure:staff_items")
    return [
        Todo(
            "待保密审查的政府信息",
            Item.objects.filter(agency__in=agencies_with(user, Perm.REVIEW), status=Status.SUBMITTED)
            .exclude(submitted_by=user)
            .count(),
            f"{items}?status=submitted",
        ),
        Todo(
            "被退回待修改的政府信息",
            Item.objects.filter(agency__in=agencies_with(user, Perm.EDIT), status=Status.RETURNED).count(),
            f"{items}?status=returned",
            urgent=True,
        ),
        Todo(
            "审查通过待发布的政府信息",
            Item.objects.filter(agency__in=agencies_with(user, Perm.EDIT), status=Status.APPROVED).count(),
            f"{items}?status=approved",
        ),
    ]
