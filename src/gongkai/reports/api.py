"""The annual reports as JSON (the canonical document of docs/report-data.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema

from gongkai.accounts.permissions import Perm, has_perm
from gongkai.reports.export.json import canonical
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import public_version, published_reports

router = Router(tags=["年度报告"])


class ReportOut(Schema):
    id: int
    agency: str
    agency_code: str
    year: int
    format: str
    source: str
    published_on: dt.date | None
    errors: int
    warnings: int
    url: str


def _summary(report: AnnualReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "agency": report.agency.name,
        "agency_code": report.agency.code,
        "year": report.year,
        "format": report.format,
        "source": report.source,
        "published_on": report.published_on,
        "errors": report.error_count,
        "warnings": report.warning_count,
        "url": reverse("reports:public_detail", args=[report.agency.code, report.year]),
    }


@router.get("/reports", response=list[ReportOut], summary="已发布的年度报告")
def list_reports(request, agency: str | None = None, year: int | None = None):
    reports = published_reports()
    if agency:
        reports = reports.filter(agency__code=agency)
    if year:
        reports = reports.filter(year=year)
    return [_summary(r) for r in reports.order_by("agency__path", "-year")]


@router.get("/reports/{report_id}", summary="一份年度报告的年报数据（docs/report-data.md 的 JSON）")
def get_report(request, report_id: int) -> dict[str, Any]:
    report = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=report_id)
    if has_perm(request.user, Perm.VIEW_INTERNAL, report.agency):
        return {**canonical(report.data), "findings": report.findings}
    if not published_reports().filter(pk=report.pk).exists():
        raise Http404("没有找到该年度报告")
    # The public reads what was published: a report reopened for a correction shows its last version.
    version = public_version(report)
    return {**canonical(version.data if version else report.data), "findings": report.findings}
