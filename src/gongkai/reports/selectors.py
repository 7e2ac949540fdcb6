"""The reads of the annual reports that the pages, the API and the workspace panel share."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import NON_REPORTING_KINDS, Agency
from gongkai.reports.models import AnnualReport, ReportStatus, ReportVersion


def published_reports() -> QuerySet[AnnualReport]:
    """The reports the public may read, with their agency: published ones, and one reopened for a
    correction (its published versions stay public until the next version replaces them)."""
    has_version = Exists(ReportVersion.objects.filter(report=OuterRef("pk")))
    return AnnualReport.objects.filter(Q(status=ReportStatus.PUBLISHED) | Q(has_version)).select_related("agency")


def public_version(report: AnnualReport) -> ReportVersion | None:
    """The latest published version of a report (None: an imported report, published without one)."""
    return report.versions.order_by("-number").first()


def reporting_agencies(user: Any, perm: Perm) -> QuerySet[Agency]:
    """The agencies where the user holds ``perm`` that owe an annual report (not 内设机构 and the like)."""
    return agencies_with(user, perm).exclude(kind__in=NON_REPORTING_KINDS)
