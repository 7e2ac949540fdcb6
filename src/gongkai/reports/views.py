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
from gongkai.reports import actions
from gongkai.reports.actions import CHECKLIST, EDITABLE_SECTIONS
from gongkai.reports.builder import build_report
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.export import SUFFIXES, export
from gongkai.reports.export.html import render_fragment, table_html
from gongkai.reports.export.layout import layout
from gongkai.reports.figures import KEY_FIGURES, chart, key_figures
from gongkai.reports.models import AnnualReport, ReportArtefact, ReportStatus, YearLock
from gongkai.reports.rollup import breakdown, breakdown_labels
from gongkai.reports.selectors import public_version, published_reports, reporting_agencies

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
    agencies = reporting_agencies(request.user, Perm.VIEW_INTERNAL).filter(is_active=True).order_by("sort_path")
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
        "blocks": _section_blocks(report) if report else [],
        "checklist": CHECKLIST,
        "versions": list(report.versions.prefetch_related("artefacts")) if report else [],
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
    }
    return render(request, "reports/staff_detail.html", context)


def _section_blocks(report: AnnualReport) -> list[dict]:
    """The report section by section, each section's text beside its table(s) (the edit form and the
    reviewer's checklist follow the same order). Table markup comes from table_html, which escapes."""
    view = layout(report.data)
    texts = report.data.get("sections") or {}
    blocks = []
    for section in view.sections:
        key = section.numeral
        blocks.append(
            {
                "key": key,
                "heading": section.heading,
                "text": texts.get(key, ""),
                "editable": key in EDITABLE_SECTIONS,
                "tables": mark_safe("\n".join(table_html(grid, heading=section.heading) for grid in section.grids)),
                "check": CHECKLIST.get(key, ""),
            }
        )
    return blocks


def _breakdown(agency: Agency, year: int) -> list[dict]:
    """The county's figures per agency: itself (own records) and each agency directly under it."""
    reports = [build_report(agency, year, include_subtree=False)]
    reports += [build_report(child, year) for child in agency.children.filter(is_active=True).order_by("sort_path")]
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
        # A section absent from the form keeps its text (a form may show only some of them).
        sections = {
            key: request.POST[f"section_{key}"] for key in EDITABLE_SECTIONS if f"section_{key}" in request.POST
        }
        actions.report_edit_sections(report=report, sections=sections, actor=request.user)
        return "报告文字已保存。"

    return _act(request, code, year, run)


@login_required
@require_POST
def publish(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        report = get_object_or_404(AnnualReport, agency=agency, year=year)
        actions.report_publish(
            report=report,
            actor=request.user,
            confirmed=request.POST.getlist("confirmed"),
            confirm_reason=request.POST.get("confirm_reason", ""),
        )
        return f"{year}年度报告已发布。"

    return _act(request, code, year, run)


@login_required
@require_POST
def reopen(request: HttpRequest, code: str, year: int) -> HttpResponse:
    def run(agency: Agency) -> str:
        report = get_object_or_404(AnnualReport, agency=agency, year=year)
        actions.report_reopen(report=report, actor=request.user, reason=request.POST.get("reason", ""))
        return f"{year}年度报告已重新打开：修改后再次发布将成为新的版本，已发布的版本仍然公开。"

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
    figures = [key_figures(_public_data(r)) for r in reports]
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
    chart_data = chart(years, figures) if reports else None
    context = {
        "agency": agency,
        "reports": list(reversed(reports)),
        "labels": [label for _, label in KEY_FIGURES],
        "changes": list(reversed(changes)),
        "chart": chart_data,
        # The chart's figures as a table too: readable without the picture and by screen readers.
        "chart_rows": [
            {"year": year, "values": [bar.value for bar in bars]}
            for year, *bars in zip(years, *(s.bars for s in chart_data["series"]), strict=True)
        ]
        if chart_data
        else [],
    }
    return render(request, "reports/public_list.html", context)


def _published(code: str, year: int) -> AnnualReport:
    return get_object_or_404(published_reports(), agency__code=code, year=year)


def _public_data(report: AnnualReport) -> dict:
    version = public_version(report)
    return version.data if version else report.data


def public_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    report = _published(code, year)
    versions = list(report.versions.prefetch_related("artefacts").order_by("-number"))
    context = {
        "report": report,
        "agency": report.agency,
        "version": versions[0] if versions else None,
        "earlier_versions": versions[1:],
        "published_on": versions[0].published_on if versions else report.published_on,
        "tables": mark_safe(render_fragment(versions[0].data if versions else report.data, heading_level=2)),
        "suffixes": SUFFIXES,
    }
    return render(request, "reports/public_detail.html", context)


def _stored(artefact: ReportArtefact, filename: str) -> HttpResponse:
    response = download_response(
        artefact.file.open("rb"),
        filename + artefact.suffix,
        CONTENT_TYPES[artefact.suffix],
        inline=artefact.suffix in {".html", ".pdf"},
    )
    response["X-Content-SHA256"] = artefact.sha256
    return response


def public_download(request: HttpRequest, code: str, year: int, suffix: str, number: int | None = None) -> HttpResponse:
    """The bytes stored at publication (the latest version, or version ``number``); an imported report,
    which has no stored files, is rendered from its data."""
    report = _published(code, year)
    filename = f"{report.agency.name}{year}年政府信息公开工作年度报告"
    versions = report.versions.order_by("-number")
    version = versions.filter(number=number).first() if number is not None else versions.first()
    if number is not None and version is None:
        raise Http404("没有该版本")
    if version is None:
        return _download(report.data, f".{suffix}", filename)
    artefact = version.artefacts.filter(suffix=f".{suffix}").first()
    if artefact is None:
        raise Http404("不支持的格式")
    return _stored(artefact, filename if number is None else f"{filename}（第{version.number}版）")
