"""Checks a ZIP-based office file (DOCX, XLSX) or an uploaded ZIP before anything is expanded.

A few kilobytes of ZIP can expand into gigabytes of XML (a decompression bomb): python-docx and
openpyxl would read it whole, for minutes and gigabytes of memory. The sizes each member declares
bound what ``zipfile`` will ever read from it (a member that lies fails its CRC check), so checking
the declarations first bounds the work of every reader after it.
"""

from __future__ import annotations

import io
import zipfile

# Real office files of a government office are far below these: a 300-page DOCX has a document.xml
# of a few megabytes; a ledger XLSX of 100,000 rows a sheet of about 30 MB.
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
# Text compresses well, but not by more than this; a member above it is a bomb, whatever its size.
MAX_RATIO = 200
RATIO_APPLIES_ABOVE = 1024 * 1024


class ZipBombError(ValueError):
    """The file would expand beyond the limits; the message is in Chinese, for the user."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_archive(data: bytes, *, what: str = "文件") -> None:
    """Raises ZipBombError when the ZIP in ``data`` would expand beyond the limits; a file that is not a
    ZIP at all passes (its reader reports it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ZipBombError(f"{what}包含的部件过多（{len(infos)} 个），无法读取")
        total = 0
        for info in infos:
            if info.file_size > MAX_MEMBER_BYTES:
                raise ZipBombError(f"{what}解压后过大（{_mb(info.file_size)}，上限 {_mb(MAX_MEMBER_BYTES)}），无法读取")
            if info.file_size > RATIO_APPLIES_ABOVE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ZipBombError(f"{what}的压缩比异常（疑似压缩炸弹），无法读取")
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ZipBombError(f"{what}解压后过大（{_mb(total)}，上限 {_mb(MAX_TOTAL_BYTES)}），无法读取")
