"""督办 on the workspace's 待办 panel: received by the user's agency and waiting for its reply; and,
for the supervising office, replies to conclude and notices left unanswered."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.applications.panel import count_and_oldest, waited
from gongkai.common.panels import Todo
from gongkai.oversight.models import Supervision, SupervisionStatus
from gongkai.oversight.selectors import overdue, received


def workspace_panel(user: Any) -> list[Todo]:
    today = timezone.localdate()
    listing = reverse("oversight:register")
    issued = Supervision.objects.filter(agency__in=agencies_with(user, Perm.OVERSEE))
    rows: list[Todo] = []
    for label, items, field, query, urgent in (
        ("收到的督办待回复", received(user), "issued_on", "?status=issued", True),
        ("督办已回复、待办结", issued.filter(status=SupervisionStatus.REPLIED), "replied_on", "?status=replied", False),
        ("督办逾期未回复", overdue(issued, today), "due_on", "?overdue=1", True),
    ):
        count, oldest = count_and_oldest(items, field)
        rows.append(Todo(label, count, listing + query, urgent, oldest, waited(oldest, today)))
    return rows
