from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.common.panels import Todo
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.selectors import reporting_agencies


def workspace_panel(user: Any) -> list[Todo]:
    year = timezone.localdate().year - 1
    owing = reporting_agencies(user, Perm.EDIT)
    published = AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED, agency__in=owing)
    drafts = AnnualReport.objects.filter(
        year=year, status=ReportStatus.DRAFT, agency__in=agencies_with(user, Perm.REVIEW)
    )
    overview = f"{reverse('reports:overview')}?year={year}"
    return [
        Todo(f"{year}年度报告尚未发布的机构", owing.count() - published.count(), overview, urgent=True),
        Todo(f"{year}年度报告待审核发布", drafts.count(), overview),
    ]
