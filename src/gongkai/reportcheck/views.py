"""年报体检 in the staff workspace: upload published reports (files or a ZIP), see the findings beside
the tables, and keep a report as an agency's historical report."""

from __future__ import annotations

import io
import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import Agency
from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.batch import comparison_table
from gongkai.reportcheck.errors import ReportReadError
from gongkai.reportformats.definitions import FORMATS
from gongkai.reports.actions import report_store_imported

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ZIP_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 300
MAX_ZIP_TOTAL_BYTES = 300 * 1024 * 1024
READABLE_SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf", ".json"}
SESSION_KEY = "reportcheck_uploads"
SESSION_LIMIT = 300


@dataclass
class Checked:
    name: str
    token: str = ""
    report: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "error")


def _members(upload_name: str, data: bytes) -> list[tuple[str, bytes | None]]:
    """The files of an upload: itself, or the readable members of a ZIP (bounded in count and size).
    A member too large to check comes back with ``None`` instead of its bytes."""
    if not upload_name.lower().endswith(".zip"):
        return [(upload_name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [(upload_name, b"")]
    members: list[tuple[str, bytes | None]] = []
    total = 0
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.name.startswith((".", "__")) or path.suffix.lower() not in READABLE_SUFFIXES:
            continue
        if len(members) >= MAX_ZIP_MEMBERS or total + info.file_size > MAX_ZIP_TOTAL_BYTES:
            break
        if info.file_size > MAX_FILE_BYTES:
            members.append((path.name, None))
            continue
        total += info.file_size
        members.append((path.name, archive.read(info)))
    return members


def _check(name: str, data: bytes | None) -> tuple[Checked, bytes]:
    if data is None:
        return Checked(name=name, error="文件超过 50 MB，无法检查"), b""
    if not data:
        return Checked(name=name, error="文件为空或无法解压"), data
    try:
        result = parse_bytes(data, name)
    except ReportReadError as exc:
        return Checked(name=name, error=str(getattr(exc, "message", exc))), data
    return Checked(name=name, report=result.report, findings=[f.as_dict() for f in result.findings]), data


def _storable_agencies(user: Any):  # type: ignore[no-untyped-def]
    return (agencies_with(user, Perm.OVERSEE) | agencies_with(user, Perm.MANAGE_AGENCY)).distinct().order_by("path")


def _guess_agency(report: dict[str, Any], choices: list[Agency]) -> Agency | None:
    name = (report.get("agency") or "").strip()
    return next((a for a in choices if name and (a.name == name or a.name in name or name in a.name)), None)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    results: list[Checked] = []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "请选择要检查的年度报告文件（TXT、HTML、DOCX、PDF、JSON 或 ZIP）。")
        stash: dict[str, Any] = request.session.get(SESSION_KEY, {})
        for upload_file in uploads:
            is_zip = upload_file.name.lower().endswith(".zip")
            if upload_file.size > (MAX_ZIP_UPLOAD_BYTES if is_zip else MAX_FILE_BYTES):
                limit = "200 MB" if is_zip else "50 MB"
                results.append(Checked(name=upload_file.name, error=f"文件超过 {limit}，无法检查"))
                continue
            for name, data in _members(upload_file.name, upload_file.read()):
                checked, original = _check(name, data)
                if checked.report is not None:
                    checked.token = secrets.token_urlsafe(12)
                    path = default_storage.save(f"reports/tmp/{checked.token}", ContentFile(original))
                    stash[checked.token] = {"name": name, "path": path, "report": checked.report}
                results.append(checked)
        # Keep the newest uploads only: the session is not an archive.
        request.session[SESSION_KEY] = dict(list(stash.items())[-SESSION_LIMIT:])
    choices = list(_storable_agencies(request.user))
    rows = [
        {
            "checked": c,
            "tables": report_tables(c.report) if c.report else [],
            "agency": _guess_agency(c.report, choices) if c.report else None,
        }
        for c in results
    ]
    parsed = [c.report for c in results if c.report]
    comparison = comparison_table(parsed) if len(parsed) >= 2 else None
    return render(request, "reportcheck/upload.html", {"rows": rows, "agencies": choices, "comparison": comparison})


@login_required
@require_POST
def store(request: HttpRequest) -> HttpResponse:
    stash = request.session.get(SESSION_KEY, {})
    entry = stash.get(request.POST.get("token", ""))
    if entry is None:
        messages.error(request, "该报告的检查结果已过期，请重新上传。")
        return redirect("reportcheck:upload")
    agency = Agency.objects.filter(code=request.POST.get("agency", "")).first()
    year_text = request.POST.get("year", "").strip()
    if agency is None or not year_text.isdigit():
        messages.error(request, "请选择机构并填写年度（四位数字）。")
        return redirect("reportcheck:upload")
    try:
        with default_storage.open(entry["path"]) as handle:
            original = handle.read()
        stored = report_store_imported(
            agency=agency,
            year=int(year_text),
            report=entry["report"],
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
    default_storage.delete(entry["path"])
    stash.pop(request.POST["token"], None)
    request.session[SESSION_KEY] = stash
    messages.success(
        request,
        f"已保存为{stored.agency.name}{stored.year}年的历史年报"
        f"（错误 {stored.error_count} 项，提示 {stored.warning_count} 项）。",
    )
    return redirect("reportcheck:upload")


def report_tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's tables as plain rows for display: title, column labels, rows of (label, cells)."""
    fmt = FORMATS.get(str(report.get("format")))
    tables: list[dict[str, Any]] = []
    if fmt is not None:
        for table in fmt.tables:
            values = report.get(table.json_key) or {}
            rows = []
            for row in table.rows:
                cells = values.get(row.key) or {}
                rows.append(
                    {
                        "label": row.label,
                        "level": row.level,
                        "cells": [cells.get(col.key) if isinstance(cells, dict) else None for col in table.columns],
                    }
                )
            tables.append({"title": table.title, "columns": [c.label for c in table.columns], "rows": rows})
    legacy = report.get("legacy") or []
    if legacy:
        tables.append(
            {
                "title": "政府信息公开情况统计表",
                "columns": ["单位", "统计数", "历年累计"],
                "rows": [
                    {
                        "label": r.get("label"),
                        "level": len(r.get("path") or []),
                        "cells": [r.get("unit"), r.get("value"), r.get("cumulative")],
                    }
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
                    {"label": key, "level": 0, "cells": [f.get("value"), f.get("unit"), f.get("source")]}
                    for key, f in facts.items()
                ],
            }
        )
    return tables
