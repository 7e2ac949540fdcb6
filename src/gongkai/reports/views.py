"""Annual report pages: the staff workspace (build, check, edit, publish, lock, oversee) and the
portal (each agency's 年度报告 column, the report itself, downloads, the year-over-year view)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, has_perm
from gongkai.agencies.models import Agency
from gongkai.common.web import download_response, run_action
from gongkai.reportformats.definitions import FORMATS
from gongkai.reports import actions
from gongkai.reports.actions import EDITABLE_SECTIONS
from gongkai.reports.builder import build_report
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.export import SUFFIXES, export
from gongkai.reports.export.html import render_fragment
from gongkai.reports.figures import KEY_FIGURES, chart, key_figures
from gongkai.reports.models import AnnualReport, ReportStatus, YearLock
from gongkai.reports.rollup import breakdown, breakdown_labels
from gongkai.reports.selectors import published_reports, reporting_agencies

CONTENT_TYPES = {
    ".json": "application/json; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
}


def _default_year() -> int:
    return timezone.localdate().year - 1


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and 2008 <= int(text) <= 2100 else _default_year()


def _download(report: dict, suffix: str, filename: str) -> HttpResponse:
    if suffix not in SUFFIXES:
        raise Http404("不支持的格式")
    return download_response(
        export(report, suffix), filename + suffix, CONTENT_TYPES[suffix], inline=suffix in {".html", ".pdf"}
    )


# --- staff -----------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every agency in the user's scope for a year: built, checked, published, on time (监督)."""
    year = _year(request)
    agencies = reporting_agencies(request.user, Perm.VIEW_INTERNAL).filter(is_active=True).order_by("path")
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(year=year, agency__in=agencies)}
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        deadline = report_deadline(is_government=agency.is_government, year=year)
        published = report.published_on if report and report.status == ReportStatus.PUBLISHED else None
        rows.append(
            {
                "agency": agency,
                "report": report,
                "deadline": deadline,
                "published": published,
                "on_time": (published <= deadline) if published else (None if today <= deadline else False),
            }
        )
    summary = {
        "total": len(rows),
        "built": sum(1 for r in rows if r["report"]),
        "clean": sum(1 for r in rows if r["report"] and not r["report"].error_count),
        "published": sum(1 for r in rows if r["published"]),
        "late": sum(1 for r in rows if r["on_time"] is False),
    }
    years = range(_default_year() + 1, _default_year() - 6, -1)
    return render(request, "reports/overview.html", {"rows": rows, "year": year, "years": years, "summary": summary})


def _staff_agency(request: HttpRequest, code: str) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, agency):
        raise Http404("没有找到该机构")
    return agency


@login_required
def staff_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = _staff_agency(request, code)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    # The per-agency figures are oversight data (监督): visible with VIEW_INTERNAL alone they would
    # show a clerk of the county every department's counts.
    can_oversee = has_perm(request.user, Perm.OVERSEE, agency)
    if request.GET.get("breakdown") and not can_oversee:
        raise PermissionDenied("查看各机构分项数据需要监督指导权限")
    context = {
        "agency": agency,
        "year": year,
        "report": report,
        # render_fragment escapes every value it prints, so its markup is safe to embed.
        "tables": mark_safe(render_fragment(report.data, heading_level=3)) if report else "",
        "deadline": report_deadline(is_government=agency.is_government, year=year),
        "locked": YearLock.objects.filter(agency=agency, year=year).first(),
        "can_edit": has_perm(request.user, Perm.EDIT, agency),
        "can_review": has_perm(request.user, Perm.REVIEW, agency),
        "can_lock": has_perm(request.user, Perm.MANAGE_AGENCY, agency) or can_oversee,
        "can_oversee": can_oversee,
        "suffixes": SUFFIXES,
        "breakdown": _breakdown(agency, year)
        if report and agency.is_government and request.GET.get("breakdown")
        else None,
        "breakdown_labels": breakdown_labels(report.format) if report else {},
        "sections": _editable_sections(report) if report else [],
    }
    return render(request, "reports/staff_detail.html", context)


def _editable_sections(report: AnnualReport) -> list[tuple[str, str, str]]:
    fmt = FORMATS.get(report.format)
    headings = {section.numeral: section.heading for section in fmt.sections} if fmt else {}
    texts = report.data.get("sections") or {}
    return [(key, headings.get(key, key), texts.get(key, "")) for key in EDITABLE_SECTIONS]


def _breakdown(agency: Agency, year: int) -> list[dict]:
    """The county's figures per agency: itself (own records) and each agency directly under it."""
    reports = [build_report(agency, year, include_subtree=False)]
    reports += [
        build_report(child, year) for child in agency.children.filter(is_active=True).order_by("sort_order", "code")
    ]
    return breakdown(reports)


def _act(request: HttpRequest, code: str, year: int, action) -> HttpResponse:
    agency = _staff_agency(request, code)
    # Each step returns its own success message.
    run_action(
        lambda: action(agency), request=request, success=lambda message: message, denied="您没有执行此操作的权限"
    )
    return redirect("reports:staff_detail", code=code, year=year)


@login_required
@require_POST
def build(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        report = actions.report_build(agency=agency, year=year, actor=request.user)
        return f"已生成{year}年度报告：错误 {report.error_count} 项，提示 {report.warning_count} 项。"

    return _act(request, code, year, run)


@login_required
@require_POST
def edit_sections(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        report = get_object_or_404(AnnualReport, agency=agency, year=year)
        sections = {key: request.POST.get(f"section_{key}", "") for key in EDITABLE_SECTIONS}
        actions.report_edit_sections(report=report, sections=sections, actor=request.user)
        return "报告文字已保存。"

    return _act(request, code, year, run)


@login_required
@require_POST
def publish(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        report = get_object_or_404(AnnualReport, agency=agency, year=year)
        actions.report_publish(report=report, actor=request.user, confirm_reason=request.POST.get("confirm_reason", ""))
        return f"{year}年度报告已发布。"

    return _act(request, code, year, run)


@login_required
@require_POST
def lock(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        if request.POST.get("unlock"):
            actions.year_unlock(agency=agency, year=year, reason=request.POST.get("reason", ""), actor=request.user)
            return f"已解除{year}年度的锁定（已记录理由）。"
        actions.year_lock(agency=agency, year=year, actor=request.user)
        return f"已锁定{year}年度：影响该年度统计的案件信息不能再修改。"

    return _act(request, code, year, run)


@login_required
def staff_download(request: HttpRequest, code: str, year: int, suffix: str) -> HttpResponse:
    agency = _staff_agency(request, code)
    report = get_object_or_404(AnnualReport, agency=agency, year=year)
    return _download(report.data, f".{suffix}", f"{agency.name}{year}年政府信息公开工作年度报告")


# --- public ----------------------------------------------------------------------------------


def public_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code, is_active=True)
    reports = list(published_reports().filter(agency=agency).order_by("year"))
    years = [r.year for r in reports]
    figures = [key_figures(r.data) for r in reports]
    changes = []
    for index, (report, current) in enumerate(zip(reports, figures, strict=True)):
        previous = figures[index - 1] if index else None
        changes.append(
            {
                "year": report.year,
                "cells": [
                    {
                        "value": current[key],
                        "delta": (current[key] - previous[key])
                        if previous and current[key] is not None and previous[key] is not None
                        else None,
                    }
                    for key, _ in KEY_FIGURES
                ],
            }
        )
    context = {
        "agency": agency,
        "reports": list(reversed(reports)),
        "labels": [label for _, label in KEY_FIGURES],
        "changes": list(reversed(changes)),
        "chart": chart(years, figures) if reports else None,
    }
    return render(request, "reports/public_list.html", context)


def _published(code: str, year: int) -> AnnualReport:
    return get_object_or_404(published_reports(), agency__code=code, year=year)


def public_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _published(code, year)
    context = {
        "report": report,
        "agency": report.agency,
        "tables": mark_safe(render_fragment(report.data, heading_level=2)),
        "suffixes": SUFFIXES,
    }
    return render(request, "reports/public_detail.html", context)


def public_download(request: HttpRequest, code: str, year: int, suffix: str) -> HttpResponse:
    report = _published(code, year)
    return _download(report.data, f".{suffix}", f"{report.agency.name}{year}年政府信息公开工作年度报告")
