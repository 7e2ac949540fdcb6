"""年报体检 in the staff workspace: upload published reports (files or a ZIP), see the findings beside
the tables, and keep a report as an agency's historical report."""

from __future__ import annotations

import datetime as dt
import io
import secrets
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.agencies.models import Agency
from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.batch import comparison_table
from gongkai.reportcheck.errors import ReportReadError
from gongkai.reportcheck.limits import (
    MAX_COMPRESSION_RATIO,
    MIB,
    ZIP_MAX_MEMBERS,
    report_max_bytes,
    size_label,
    zip_max_bytes,
    zip_max_expanded_bytes,
)
from gongkai.reportformats.definitions import FORMATS
from gongkai.reportformats.validate import validate_report_json
from gongkai.reports.actions import report_store_imported

READABLE_SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf", ".json"}
SESSION_KEY = "reportcheck_uploads"
SESSION_LIMIT = 300
TMP_PREFIX = "reports/tmp/"
# A checked file waits this long to be stored; then it and its session entry expire.
TMP_TTL = dt.timedelta(hours=24)


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


@dataclass
class Member:
    """One file of an upload: its bytes, or why it cannot be checked."""

    name: str
    data: bytes = b""
    error: str = ""


def _zip_member_error(info: zipfile.ZipInfo, total: int) -> str:
    """Why a ZIP member is not even read, judged from its declared sizes before expanding it."""
    limit = report_max_bytes()
    if info.flag_bits & 0x1:
        return "文件已加密，无法读取"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return f"使用了不支持的压缩方式（{info.compress_type}），请用普通 ZIP 压缩后重新上传"
    if info.file_size > limit:
        return f"解压后为 {size_label(info.file_size)}，超过单个文件 {size_label(limit)} 的上限，无法检查"
    if info.file_size > MIB and info.file_size > MAX_COMPRESSION_RATIO * max(1, info.compress_size):
        return f"压缩比异常（解压后为 {size_label(info.file_size)}），可能是压缩炸弹，已拒绝"
    if total + info.file_size > zip_max_expanded_bytes():
        return f"ZIP 解压后的总大小超过 {size_label(zip_max_expanded_bytes())}，此文件未检查"
    return ""


def _read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Member:
    name = PurePosixPath(info.filename).name
    try:
        with archive.open(info) as handle:
            # Never more than the declared size (already checked) plus one byte to tell a lying header.
            data = handle.read(info.file_size + 1)
    except zipfile.BadZipFile as exc:
        return Member(name, error=f"文件已损坏，无法解压（{exc}）")
    except NotImplementedError:
        return Member(name, error="使用了不支持的压缩方式，请用普通 ZIP 压缩后重新上传")
    except RuntimeError:
        return Member(name, error="文件已加密，无法读取")
    except (zlib.error, EOFError, OSError, ValueError) as exc:
        return Member(name, error=f"文件无法解压（{type(exc).__name__}）")
    if len(data) > info.file_size:
        return Member(name, error="文件已损坏（实际大小与 ZIP 记录不符）")
    return Member(name, data)


def _members(upload_name: str, data: bytes) -> list[Member]:
    """The files of an upload: itself, or the readable members of a ZIP.  Every member is bounded in
    size as declared and as expanded, and the ZIP in count and total; a member that cannot be read
    gets its own message and the others are still checked."""
    if not upload_name.lower().endswith(".zip"):
        return [Member(upload_name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        return [Member(upload_name, error=f"ZIP 文件已损坏，无法解压（{exc}）")]
    members: list[Member] = []
    total = 0
    for info in infos:
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.name.startswith((".", "__")) or path.suffix.lower() not in READABLE_SUFFIXES:
            continue
        if len(members) >= ZIP_MAX_MEMBERS:
            members.append(Member(upload_name, error=f"ZIP 中的报告超过 {ZIP_MAX_MEMBERS} 份，其余的未检查"))
            break
        error = _zip_member_error(info, total)
        if error:
            members.append(Member(path.name, error=error))
            continue
        total += info.file_size
        members.append(_read_zip_member(archive, info))
    return members


def _check(member: Member) -> Checked:
    if member.error:
        return Checked(name=member.name, error=member.error)
    if not member.data:
        return Checked(name=member.name, error="文件为空")
    try:
        result = parse_bytes(member.data, member.name)
    except ReportReadError as exc:
        return Checked(name=member.name, error=str(getattr(exc, "message", exc)))
    return Checked(name=member.name, report=result.report, findings=[f.as_dict() for f in result.findings])


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


def purge_expired_uploads(now: dt.datetime | None = None) -> int:
    """Delete checked files left in temporary storage longer than ``TMP_TTL`` (a session that
    expired, an upload never stored); returns how many.  Run on every upload, and callable from a
    periodic task."""
    now = now or timezone.now()
    removed = 0
    try:
        _, files = default_storage.listdir(TMP_PREFIX.rstrip("/"))
    except (FileNotFoundError, NotImplementedError, OSError):
        return 0
    for name in files:
        path = TMP_PREFIX + name
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
        if now - modified >= TMP_TTL:
            default_storage.delete(path)
            removed += 1
    return removed


def _storable_agencies(user: Any) -> QuerySet[Agency]:
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
        now = timezone.now()
        purge_expired_uploads(now)
        stash: dict[str, Any] = request.session.get(SESSION_KEY, {})
        for upload_file in uploads:
            # An uploaded file always has a name and a size; the stubs allow None for files in general.
            upload_name, upload_size = upload_file.name or "", upload_file.size or 0
            limit = zip_max_bytes() if upload_name.lower().endswith(".zip") else report_max_bytes()
            if upload_size > limit:
                results.append(Checked(name=upload_name, error=f"文件超过 {size_label(limit)}，无法检查"))
                continue
            for member in _members(upload_name, upload_file.read()):
                checked = _check(member)
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
    limits = {"report": size_label(report_max_bytes()), "zip": size_label(zip_max_bytes())}
    return render(
        request,
        "reportcheck/upload.html",
        {"rows": rows, "agencies": choices, "comparison": comparison, "limits": limits},
    )


@login_required
@require_POST
def store(request: HttpRequest) -> HttpResponse:
    stash = request.session.get(SESSION_KEY, {})
    entry = stash.get(request.POST.get("token", ""))
    if entry is not None and not _fresh(entry, timezone.now()):
        _delete_stashed([stash.pop(request.POST["token"])])
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
