"""The files of an upload and their check: one report, or the members of a ZIP, each bounded in size
as declared and as expanded (docs/report-import.md).  Used by the upload page for single files and by
the background batch for a ZIP."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.errors import ReportReadError
from gongkai.reportcheck.findings import present_findings
from gongkai.reportcheck.limits import (
    MAX_COMPRESSION_RATIO,
    MIB,
    ZIP_MAX_MEMBERS,
    report_max_bytes,
    size_label,
    zip_max_expanded_bytes,
)

READABLE_SUFFIXES = {".txt", ".htm", ".html", ".docx", ".pdf", ".json"}


@dataclass
class Checked:
    """One checked file as the pages show it; ``findings`` are dicts of ``Finding.as_dict()``."""

    name: str
    token: str = ""
    report: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""
    # Where the original lies inside a ZIP upload (to store it later), "" for a single file.
    member: str = ""

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "error")

    @property
    def warning_count(self) -> int:
        return len(self.findings) - self.error_count

    @property
    def verdict(self) -> str:
        """The count of findings by kind, in words ("错误 1 项，提醒 2 项"; "未发现问题")."""
        parts = [f"{label} {count} 项" for label, count in (("错误", self.error_count), ("提醒", self.warning_count))]
        shown = [part for part, count in zip(parts, (self.error_count, self.warning_count), strict=True) if count]
        return "，".join(shown) or "未发现问题"

    @property
    def presented(self) -> list[dict[str, Any]]:
        return present_findings(self.report or {}, self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "report": self.report,
            "findings": self.findings,
            "error": self.error,
            "member": self.member,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], token: str = "") -> Checked:
        return cls(
            name=str(data.get("name") or ""),
            token=token,
            report=data.get("report"),
            findings=list(data.get("findings") or []),
            error=str(data.get("error") or ""),
            member=str(data.get("member") or ""),
        )


@dataclass
class Member:
    """One file of an upload: its bytes, or why it cannot be checked."""

    name: str
    data: bytes = b""
    error: str = ""
    path: str = ""


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


def read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Member:
    name = PurePosixPath(info.filename).name
    try:
        with archive.open(info) as handle:
            # Never more than the declared size (already checked) plus one byte to tell a lying header.
            data = handle.read(info.file_size + 1)
    except zipfile.BadZipFile as exc:
        return Member(name, error=f"文件已损坏，无法解压（{exc}）", path=info.filename)
    except NotImplementedError:
        return Member(name, error="使用了不支持的压缩方式，请用普通 ZIP 压缩后重新上传", path=info.filename)
    except RuntimeError:
        return Member(name, error="文件已加密，无法读取", path=info.filename)
    except (zlib.error, EOFError, OSError, ValueError) as exc:
        return Member(name, error=f"文件无法解压（{type(exc).__name__}）", path=info.filename)
    if len(data) > info.file_size:
        return Member(name, error="文件已损坏（实际大小与 ZIP 记录不符）", path=info.filename)
    return Member(name, data, path=info.filename)


def report_infos(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of a ZIP that may be reports (no folders, no hidden or __MACOSX files)."""
    infos = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.name.startswith((".", "__")) or path.suffix.lower() not in READABLE_SUFFIXES:
            continue
        if any(part.startswith("__") for part in path.parts[:-1]):
            continue
        infos.append(info)
    return infos


def open_zip(data: bytes | io.BufferedIOBase | Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)


def iter_zip_members(upload_name: str, archive: zipfile.ZipFile) -> Iterator[Member]:
    """The readable members of a ZIP one at a time (a batch of hundreds is never all in memory);
    a member that cannot be read gets its own message and the others are still read."""
    total = 0
    for count, info in enumerate(report_infos(archive)):
        if count >= ZIP_MAX_MEMBERS:
            yield Member(upload_name, error=f"ZIP 中的报告超过 {ZIP_MAX_MEMBERS} 份，其余的未检查")
            return
        error = _zip_member_error(info, total)
        if error:
            yield Member(PurePosixPath(info.filename).name, error=error, path=info.filename)
            continue
        total += info.file_size
        yield read_zip_member(archive, info)


def zip_member_count(archive: zipfile.ZipFile) -> int:
    """How many results a ZIP gives (its reports, at most the limit, and one line for the rest)."""
    count = len(report_infos(archive))
    return count if count <= ZIP_MAX_MEMBERS else ZIP_MAX_MEMBERS + 1


def members(upload_name: str, data: bytes) -> list[Member]:
    """The files of an upload: itself, or the readable members of a ZIP."""
    if not upload_name.lower().endswith(".zip"):
        return [Member(upload_name, data)]
    try:
        archive = open_zip(data)
        archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        return [Member(upload_name, error=f"ZIP 文件已损坏，无法解压（{exc}）")]
    return list(iter_zip_members(upload_name, archive))


def check_member(member: Member) -> Checked:
    if member.error:
        return Checked(name=member.name, error=member.error, member=member.path)
    if not member.data:
        return Checked(name=member.name, error="文件为空", member=member.path)
    try:
        result = parse_bytes(member.data, member.name)
    except ReportReadError as exc:
        return Checked(name=member.name, error=str(getattr(exc, "message", exc)), member=member.path)
    return Checked(
        name=member.name, report=result.report, findings=[f.as_dict() for f in result.findings], member=member.path
    )
