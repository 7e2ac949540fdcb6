"""The reads of the annual reports that the pages, the API and the workspace panel share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import NON_REPORTING_KINDS, Agency
from gongkai.reports.models import AnnualReport, ReportStatus


def published_reports() -> QuerySet[AnnualReport]:
    """The reports the public may read, with their agency."""
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")


def reporting_agencies(user: Any, perm: Perm) -> QuerySet[Agency]:
    """The agencies where the user holds ``perm`` that owe an annual report (not 内设机构 and the like)."""
    return agencies_with(user, perm).exclude(kind__in=NON_REPORTING_KINDS)
