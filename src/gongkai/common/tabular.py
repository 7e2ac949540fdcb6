"""Reading CSV and XLSX uploads as rows of text, for every importer (agencies, calendar, ledgers, figures)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError

from gongkai.common.spreadsheets import unquote_cell
from gongkai.common.zipguard import ZipBombError, check_archive

MAX_ROWS = 100_000


def _decode(data: bytes) -> str:
    # Excel on Chinese Windows saves CSV as GB18030 (GBK); everything else should be UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 XLSX 文件")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return unquote_cell(str(value).strip()).strip()


def read_rows(data: bytes, filename: str) -> Iterator[tuple[int, list[str]]]:
    """Yields (row number as a spreadsheet user counts it, cells) for every non-empty row."""
    suffix = Path(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            check_archive(data, what="该 XLSX 文件")
        except ZipBombError as exc:
            raise ValidationError(str(exc)) from exc
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise ValidationError(f"无法读取 XLSX 文件：{exc}") from exc
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise ValidationError(f"文件超过{MAX_ROWS}行")
            cells = [_cell(v) for v in row]
            if any(cells):
                yield number, cells
        workbook.close()
    elif suffix in {".csv", ".txt", ""}:
        text = _decode(data)
        for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
            if number > MAX_ROWS:
                raise ValidationError(f"文件超过{MAX_ROWS}行")
            cells = [unquote_cell(c.strip()).strip() for c in cells]
            if any(cells):
                yield number, cells
    else:
        raise ValidationError(f"不支持的文件类型“{suffix}”，请上传 CSV 或 XLSX 文件")


def read_table(
    data: bytes, filename: str, columns: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> list[tuple[int, dict[str, str]]]:
    """Reads a file whose first row is a header. ``columns`` maps each key to its accepted header
    texts (Chinese and English); returns (row number, {key: text}) for every data row."""
    rows = read_rows(data, filename)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise ValidationError("文件为空") from None
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        norm = text.strip().lower()
        for key, names in columns.items():
            if norm in {n.lower() for n in names}:
                positions[key] = index
    missing = [columns[k][0] for k in required if k not in positions]
    if missing:
        raise ValidationError(f"第{header_line}行（表头）缺少列：{'、'.join(missing)}")
    return [
        (number, {key: (cells[i] if i < len(cells) else "") for key, i in positions.items()}) for number, cells in rows
    ]
