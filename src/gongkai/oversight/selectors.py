"""The reads of 督办: which a user may see (issued over the agencies they oversee, or received by an
agency they handle), the register's filters, and what the supervisor may put under 督办."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.selectors import filter_view, visible_cases
from gongkai.oversight.models import Supervision, SupervisionStatus
from gongkai.reports.models import AnnualReport, ReportStatus


def visible_supervisions(user: Any) -> QuerySet[Supervision]:
    return Supervision.objects.filter(
        Q(agency__in=agencies_with(user, Perm.OVERSEE)) | Q(agency__in=agencies_with(user, Perm.EDIT))
    ).select_related("agency", "application", "report", "issued_by", "replied_by")


def received(user: Any) -> QuerySet[Supervision]:
    """督办 waiting for a reply from an agency the user handles."""
    return Supervision.objects.filter(status=SupervisionStatus.ISSUED, agency__in=agencies_with(user, Perm.EDIT))


def overdue(supervisions: QuerySet[Supervision], today: dt.date) -> QuerySet[Supervision]:
    """Unanswered after their deadline."""
    return supervisions.filter(status=SupervisionStatus.ISSUED, due_on__lt=today)


def register(
    user: Any, *, today: dt.date, only_overdue: bool = False, agency: Agency | None = None, status: str = ""
) -> QuerySet[Supervision]:
    """The register of 督办 the user may see, newest first, filtered."""
    rows = visible_supervisions(user)
    if status in SupervisionStatus.values:
        rows = rows.filter(status=status)
    if only_overdue:
        rows = overdue(rows, today)
    if agency is not None:
        rows = rows.filter(agency=agency)
    return rows.order_by("-issued_on", "-id")


def register_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies the register can be filtered by: those the user oversees or handles."""
    return (agencies_with(user, Perm.OVERSEE) | agencies_with(user, Perm.EDIT)).distinct().order_by("sort_path")


def overdue_cases_to_supervise(user: Any, today: dt.date) -> QuerySet[Application]:
    """Overdue cases of the agencies the user oversees: the usual subjects of a 督办."""
    cases = visible_cases(user).filter(agency__in=agencies_with(user, Perm.OVERSEE))
    return filter_view(cases, "overdue", user, today).select_related("agency").order_by("due_on")


def reports_to_supervise(user: Any) -> QuerySet[AnnualReport]:
    """Last-year reports of the agencies the user oversees that are still drafts or carry errors."""
    return (
        AnnualReport.objects.filter(agency__in=agencies_with(user, Perm.OVERSEE))
        .filter(Q(status=ReportStatus.DRAFT) | Q(error_count__gt=0))
        .select_related("agency")
        .order_by("-year", "agency__path")
    )
