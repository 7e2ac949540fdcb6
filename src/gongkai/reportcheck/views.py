"""年报体检 in the staff workspace: upload published reports (files or a ZIP), see the findings beside
the tables, and keep a report as an agency's historical report."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.accounts.models import User
from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import Agency
from gongkai.reportcheck.api import ReportReadError, parse_bytes, stored_previous_year
from gongkai.reportcheck.batch import FINDINGS_HEADER, comparison_table, findings_rows, spreadsheet_bytes
from gongkai.reportcheck.limits import batch_keep_hours, report_max_bytes, size_label, zip_max_bytes
from gongkai.reportcheck.models import BatchStatus, ReportBatch
from gongkai.reportcheck.purge import TMP_PREFIX, TMP_TTL, purge_expired_uploads
from gongkai.reportcheck.tasks import check_batch
from gongkai.reportcheck.uploads import Checked, check_member, members, open_zip, read_zip_member
from gongkai.reportformats.definitions import FORMATS
from gongkai.reportformats.validate import validate_report_json
from gongkai.reports.actions import report_store_imported

SESSION_KEY = "reportcheck_uploads"
SESSION_LIMIT = 300
BATCH_PREFIX = "reports/batches/"


def _delete_stashed(entries: Iterable[dict[str, Any]]) -> None:
    for entry in entries:
        path = str(entry.get("path") or "")
        if path.startswith(TMP_PREFIX):
            default_storage.delete(path)


def _fresh(entry: dict[str, Any], now: dt.datetime) -> bool:
    try:
        saved = dt.datetime.fromisoformat(str(entry.get("saved")))
    except ValueError:
        return False
    return now - saved < TMP_TTL


def _storable_agencies(user: Any) -> QuerySet[Agency]:
    return (
        (agencies_with(user, Perm.OVERSEE) | agencies_with(user, Perm.MANAGE_AGENCY)).distinct().order_by("sort_path")
    )


def _guess_agency(report: dict[str, Any], choices: list[Agency]) -> Agency | None:
    name = (report.get("agency") or "").strip()
    return next((a for a in choices if name and (a.name == name or a.name in name or name in a.name)), None)


def _result_rows(results: list[Checked], choices: list[Agency]) -> list[dict[str, Any]]:
    rows = []
    for checked in results:
        presented = checked.presented if checked.report else []
        rows.append(
            {
                "checked": checked,
                "findings": presented,
                "tables": report_tables(checked.report, presented) if checked.report else [],
                "agency": _guess_agency(checked.report, choices) if checked.report else None,
            }
        )
    return rows


def _results_context(request: HttpRequest, results: list[Checked], batch: ReportBatch | None) -> dict[str, Any]:
    choices = list(_storable_agencies(request.user))
    parsed = [c.report for c in results if c.report]
    return {
        "rows": _result_rows(results, choices),
        "agencies": choices,
        "comparison": comparison_table(parsed) if len(parsed) >= 2 else None,
        "batch": batch,
        "summary": {
            "files": len(results),
            "unreadable": sum(1 for c in results if c.error),
            "errors": sum(1 for c in results if c.error_count),
            "warnings_only": sum(1 for c in results if c.findings and not c.error_count),
            "clean": sum(1 for c in results if c.report is not None and not c.findings),
        },
    }


def _uploader(request: HttpRequest) -> User:
    # Every view of this page is behind login_required.
    assert isinstance(request.user, User)
    return request.user


def _new_batch(request: HttpRequest, name: str, **fields: Any) -> ReportBatch:
    return ReportBatch.objects.create(
        owner=_uploader(request),
        name=name[:255],
        expires=timezone.now() + dt.timedelta(hours=batch_keep_hours()),
        **fields,
    )


def _start_zip_batch(request: HttpRequest, upload_name: str, data: bytes) -> ReportBatch:
    """Saves a ZIP for the worker and queues its check: hundreds of reports are not parsed inside the
    request, and their results are not kept in the session."""
    batch = _new_batch(request, upload_name)
    batch.upload = default_storage.save(f"{BATCH_PREFIX}{batch.pk}.zip", ContentFile(data))
    batch.save(update_fields=["upload"])
    check_batch.enqueue(str(batch.pk))
    return batch


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    results: list[Checked] = []
    batch: ReportBatch | None = None
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "请选择要检查的年度报告文件（TXT、HTML、DOCX、PDF、JSON 或 ZIP）。")
        now = timezone.now()
        purge_expired_uploads(now)
        stash: dict[str, Any] = request.session.get(SESSION_KEY, {})
        started: list[ReportBatch] = []
        for upload_file in uploads:
            # An uploaded file always has a name and a size; the stubs allow None for files in general.
            upload_name, upload_size = upload_file.name or "", upload_file.size or 0
            is_zip = upload_name.lower().endswith(".zip")
            limit = zip_max_bytes() if is_zip else report_max_bytes()
            if upload_size > limit:
                results.append(Checked(name=upload_name, error=f"文件超过 {size_label(limit)}，无法检查"))
                continue
            if is_zip:
                started.append(_start_zip_batch(request, upload_name, upload_file.read()))
                continue
            for member in members(upload_name, upload_file.read()):
                checked = check_member(member)
                if checked.report is not None:
                    checked.token = secrets.token_urlsafe(12)
                    path = default_storage.save(f"{TMP_PREFIX}{checked.token}", ContentFile(member.data))
                    stash[checked.token] = {
                        "name": member.name,
                        "path": path,
                        "report": checked.report,
                        "saved": now.isoformat(),
                    }
                results.append(checked)
        # Keep the newest fresh uploads only (the session is not an archive), and delete the files of
        # the entries dropped.
        entries = list(stash.items())
        kept = dict(entry for entry in entries if _fresh(entry[1], now))
        kept = dict(list(kept.items())[-SESSION_LIMIT:])
        _delete_stashed(entry for token, entry in entries if token not in kept)
        request.session[SESSION_KEY] = kept
        if started and not results:
            return redirect("reportcheck:batch", batch_id=started[-1].pk)
        for zip_batch in started:
            messages.info(request, f"{zip_batch.name} 已在后台检查，完成后可在“最近的检查”中查看。")
        if results:
            # Kept like a batch, so that its findings and the comparison can be exported.
            batch = _new_batch(
                request,
                "、".join(dict.fromkeys(c.name for c in results))[:255],
                status=BatchStatus.DONE,
                total=len(results),
                done=len(results),
                results=[c.as_dict() for c in results],
            )
    context = _results_context(request, results, batch)
    context["limits"] = {"report": size_label(report_max_bytes()), "zip": size_label(zip_max_bytes())}
    context["recent"] = _owned_batches(request).filter(upload__gt="")[:10]
    context["keep_hours"] = batch_keep_hours()
    return render(request, "reportcheck/upload.html", context)


def _owned_batches(request: HttpRequest) -> QuerySet[ReportBatch]:
    return ReportBatch.objects.filter(owner=_uploader(request), expires__gt=timezone.now())


def _owned_batch(request: HttpRequest, batch_id: uuid.UUID | str) -> ReportBatch:
    try:
        batch = _owned_batches(request).filter(pk=uuid.UUID(str(batch_id))).first()
    except ValueError:
        batch = None
    if batch is None:
        raise Http404("该检查结果不存在或已过期")
    return batch


def _batch_results(batch: ReportBatch) -> list[Checked]:
    # Only a ZIP kept in storage can give back the original of a report to store.
    return [
        Checked.from_dict(entry, f"{batch.pk}:{index}" if batch.upload and entry.get("report") else "")
        for index, entry in enumerate(batch.results)
    ]


@login_required
def batch_page(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = _owned_batch(request, batch_id)
    context = _results_context(request, _batch_results(batch) if batch.finished else [], batch)
    return render(request, "reportcheck/batch.html", context)


@login_required
def batch_progress(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The progress bar alone, polled by htmx; once the batch is finished the page reloads to show it."""
    batch = _owned_batch(request, batch_id)
    response = render(request, "reportcheck/_progress.html", {"batch": batch})
    if batch.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _spreadsheet(header: list[str], rows: list[list[Any]], sheet: str, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(spreadsheet_bytes(header, rows, sheet, kind), content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{kind}")
    return response


@login_required
def export_findings(request: HttpRequest, batch_id: str, kind: str) -> HttpResponse:
    """The findings of every report of a batch, or of one (``?report=N``, counted from 0)."""
    batch = _owned_batch(request, batch_id)
    results = list(batch.results)
    which = request.GET.get("report", "")
    if which.isdigit() and int(which) < len(results):
        results = [results[int(which)]]
    return _spreadsheet(FINDINGS_HEADER, findings_rows(results), "问题", kind, "年报体检-问题")


@login_required
def export_comparison(request: HttpRequest, batch_id: str, kind: str) -> HttpResponse:
    batch = _owned_batch(request, batch_id)
    parsed = [entry["report"] for entry in batch.results if entry.get("report")]
    if len(parsed) < 2:
        raise Http404("对比至少需要两份报告")
    header, rows = comparison_table(parsed)
    return _spreadsheet(header, rows, "对比", kind, "年报体检-对比")


def _batch_entry(request: HttpRequest, token: str) -> tuple[dict[str, Any], bytes] | None:
    """A report of a background batch to store (token ``<batch>:<index>``) and its original bytes."""
    batch_id, _, index = token.partition(":")
    try:
        batch = _owned_batches(request).filter(pk=uuid.UUID(batch_id)).first()
    except ValueError:
        return None
    if batch is None or not index.isdigit() or int(index) >= len(batch.results) or not batch.upload:
        return None
    entry = batch.results[int(index)]
    if not entry.get("report") or not entry.get("member"):
        return None
    with default_storage.open(batch.upload) as handle, open_zip(handle) as archive:
        try:
            member = read_zip_member(archive, archive.getinfo(entry["member"]))
        except KeyError:
            return None
    if member.error:
        return None
    return {"name": entry["name"], "report": entry["report"]}, member.data


def _decided_with_previous_year(
    report: dict[str, Any], original: bytes, name: str, agency: Agency, year: int
) -> dict[str, Any]:
    """Once the agency is known, its stored report of the year before may decide rows that run-together
    text left ambiguous (the cross-year rule): read the original again with it. Otherwise as checked."""
    previous = stored_previous_year(agency, year)
    if previous is None or not report.get("source", {}).get("damaged_rows"):
        return report
    try:
        return parse_bytes(original, name, previous=previous).report
    except ReportReadError:
        return report


@login_required
@require_POST
def store(request: HttpRequest) -> HttpResponse:
    token = request.POST.get("token", "")
    stash = request.session.get(SESSION_KEY, {})
    original: bytes | None = None
    if ":" in token:
        found = _batch_entry(request, token)
        entry, original = found if found is not None else (None, None)
    else:
        entry = stash.get(token)
        if entry is not None and not _fresh(entry, timezone.now()):
            _delete_stashed([stash.pop(token)])
            request.session[SESSION_KEY] = stash
            entry = None
    if entry is None:
        messages.error(request, "该报告的检查结果已过期，请重新上传。")
        return redirect("reportcheck:upload")
    agency = Agency.objects.filter(code=request.POST.get("agency", "")).first()
    year_text = request.POST.get("year", "").strip()
    if agency is None or not year_text.isdigit():
        messages.error(request, "请选择机构并填写年度（四位数字）。")
        return redirect("reportcheck:upload")
    problems = validate_report_json(entry["report"])
    if problems:
        messages.error(request, "年报数据的结构不正确，未保存：" + "；".join(problems))
        return redirect("reportcheck:upload")
    try:
        if original is None:
            with default_storage.open(entry["path"]) as handle:
                original = handle.read()
        stored = report_store_imported(
            agency=agency,
            year=int(year_text),
            report=_decided_with_previous_year(entry["report"], original, entry["name"], agency, int(year_text)),
            actor=request.user,
            original=original,
            original_name=entry["name"],
            replace=request.POST.get("replace") == "on",
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("reportcheck:upload")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reportcheck:upload")
    if ":" not in token:
        default_storage.delete(entry["path"])
        stash.pop(token, None)
        request.session[SESSION_KEY] = stash
    parts = [
        f"错误 {stored.error_count} 项" if stored.error_count else "",
        f"提醒 {stored.warning_count} 项" if stored.warning_count else "",
    ]
    verdict = "，".join(p for p in parts if p) or "未发现问题"
    messages.success(request, f"已保存为{stored.agency.name}{stored.year}年的历史年报（{verdict}）。")
    return redirect("reportcheck:upload")


def _marks(findings: list[dict[str, Any]]) -> dict[tuple[str, str, str | None], list[dict[str, Any]]]:
    """The findings at each cell (table, row, column) and whole row (column None)."""
    marks: dict[tuple[str, str, str | None], list[dict[str, Any]]] = {}
    for finding in findings:
        for cell in finding.get("cells") or []:
            entries = marks.setdefault((cell[0], cell[1], cell[2]), [])
            if finding not in entries:
                entries.append(finding)
    return marks


def _row(
    label: str, level: int, cells: list[Any], marks: list[list[dict[str, Any]]], row_marks: list[dict[str, Any]]
) -> dict[str, Any]:
    flagged = [{"value": value, "findings": found} for value, found in zip(cells, marks, strict=True)]
    return {
        "label": label,
        "level": min(level, 3),
        "cells": flagged,
        "findings": row_marks,
        "flagged": bool(row_marks or any(marks)),
    }


def report_tables(report: dict[str, Any], findings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The report's tables as plain rows for display: title, column labels, rows of (label, cells);
    group rows (（三）不予公开 …) in their place, and each cell with the findings about it."""
    marks = _marks(findings or [])
    fmt = FORMATS.get(str(report.get("format")))
    tables: list[dict[str, Any]] = []
    if fmt is not None:
        for table in fmt.tables:
            values = report.get(table.json_key) or {}
            rows: list[dict[str, Any]] = []
            for row in table.rows:
                rows.extend(
                    {"group": True, "label": g.label, "level": g.level} for g in table.groups if g.first == row.key
                )
                cells = values.get(row.key) or {}
                rows.append(
                    _row(
                        row.label,
                        row.level,
                        [cells.get(col.key) if isinstance(cells, dict) else None for col in table.columns],
                        [marks.get((table.json_key, row.key, col.key), []) for col in table.columns],
                        marks.get((table.json_key, row.key, None), []),
                    )
                )
            tables.append({"title": table.title, "columns": [c.label for c in table.columns], "rows": rows})
    legacy = report.get("legacy") or []
    if legacy:
        tables.append(
            {
                "title": "政府信息公开情况统计表",
                "columns": ["单位", "统计数", "历年累计"],
                "rows": [
                    _row(
                        str(r.get("label") or ""),
                        len(r.get("path") or []),
                        [r.get("unit"), r.get("value"), r.get("cumulative")],
                        [[], [], []],
                        marks.get(("legacy", str(r.get("label")), None), []),
                    )
                    for r in legacy
                ],
            }
        )
    facts = report.get("facts") or {}
    if facts:
        tables.append(
            {
                "title": "正文中的数字",
                "columns": ["数值", "单位", "原文"],
                "rows": [
                    _row(key, 0, [f.get("value"), f.get("unit"), f.get("source")], [[], [], []], [])
                    for key, f in facts.items()
                ],
            }
        )
    return tables
