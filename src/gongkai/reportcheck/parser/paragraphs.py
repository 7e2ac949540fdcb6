"""What the report's paragraphs say outside the tables: title (agency, year), the numbered sections,
the 信息处理费 charged and the publication date."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.reportformats.definitions import FormatDefinition
from gongkai.reportformats.normalize import chinese_numeral, compact, decimal_string, squeeze, to_chinese_numeral

_TITLE = re.compile(
    r"(?P<agency>[^\d，。,；;：:《》<>»|/\\]{0,60}?)(?P<year>(?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)"
    r"(?:[^，。,；;]{0,12}?报告)?"
)


def find_title(paragraphs: list[str]) -> tuple[str | None, int | None, str]:
    """Agency and year from the title (which may be split over two lines, after navigation text)."""
    lines = [squeeze(p) for p in paragraphs[:8]]
    for i, line in enumerate(lines):
        for candidate in (line, line + (lines[i + 1] if i + 1 < len(lines) else "")):
            # A title is a short line; a sentence naming a year's work is not one.
            if len(candidate) > 80:
                continue
            match = _TITLE.search(candidate)
            if not match:
                continue
            agency = match.group("agency").strip()
            if not agency and i > 0 and 2 <= len(lines[i - 1]) <= 30 and not re.search(r"\d", lines[i - 1]):
                agency = lines[i - 1]
            return (
                agency or None,
                int(match.group("year")),
                (agency if not match.group("agency") else "") + match.group(0),
            )
    return None, None, ""


_PERIOD = re.compile(r"((?:19|20)\d{2})年1月1日[起至到—\-－~]*((?:19|20)\d{2})?年?12月31日")
_ISSUER = re.compile(r"《([^《》]{2,40}?)(?:办公室|督查室|办公厅)?关于(?:印发|做好|开展|组织)?\1")


def find_year(text: str) -> int | None:
    match = _PERIOD.search(text)
    if match:
        return int(match.group(1))
    match = re.search(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开)工作", text)
    return int(match.group(1)) if match else None


def find_agency_fallback(paragraphs: list[str]) -> str | None:
    """No title: the body that issues the agency's own documents (《X办公室关于印发X…》), else the
    signature above the date at the end."""
    counts: dict[str, int] = {}
    for paragraph in paragraphs:
        for match in _ISSUER.finditer(squeeze(paragraph)):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    if counts:
        return max(counts.items(), key=lambda item: item[1])[0]
    tail = [squeeze(p) for p in paragraphs[-12:]]
    for i, line in enumerate(tail):
        if _DATE_LINE.match(line) and i > 0 and 2 <= len(tail[i - 1]) <= 30:
            return tail[i - 1]
    return None


_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]\s*(.{1,60})$")


def find_sections(paragraphs: list[str], fmt: FormatDefinition) -> dict[str, str]:
    """Text of each numbered section: headings must come in order (一, 二, …); for the national
    formats a heading must also name its section (variants: docs/domain.md §1.2)."""
    by_numeral = {s.numeral: s for s in fmt.sections}
    sections: dict[str, list[str]] = {}
    expected = 1
    current: str | None = None
    for paragraph in paragraphs:
        line = squeeze(paragraph)
        match = _HEADING.match(line)
        if match and len(line) <= 60 and not line.endswith("。") and not line[-1].isdigit():
            number = chinese_numeral(match.group(1))
            if number is not None and expected <= number <= expected + 1:
                numeral = to_chinese_numeral(number)
                spec = by_numeral.get(numeral)
                if (not fmt.sections) or (spec and any(k in line for k in spec.keywords)):
                    current = numeral
                    sections[current] = []
                    expected = number + 1
                    continue
        if current is not None:
            sections[current].append(paragraph.strip())
    return {k: "\n".join(v).strip() for k, v in sections.items()}


_FEE = re.compile(r"信息处理费[^。；;]{0,30}?(\d+(?:\.\d+)?)(万元|元)")
_FEE_NONE = re.compile(r"(?:未|没有|无)[^。；;]{0,12}信息处理费|信息处理费[^。；;]{0,8}(?:为0|为零|0元)")


def find_fees_yuan(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs:
        text = compact(paragraph)
        if "信息处理费" not in text:
            continue
        match = _FEE.search(text)
        if match:
            amount = Decimal(match.group(1))
            if match.group(2) == "万元":
                amount = amount * 10000
            return decimal_string(amount)
        if _FEE_NONE.search(text):
            return "0"
    return None


_DATE_LINE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$")
_META_DATE = re.compile(
    r"(?:发布日期|发布时间|成文日期|公开日期|发文日期)[:：]?((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})"
)


def find_publication_date(paragraphs: list[str], meta: dict[str, str], year: int | None) -> date | None:
    candidates: list[date] = []
    for paragraph in paragraphs:
        text = compact(paragraph)
        match = _META_DATE.search(text)
        if match:
            found = _date(match.groups())
            if found:
                return found
    if "published" in meta:
        match = re.search(r"((?:19|20)\d{2})\D(\d{1,2})\D(\d{1,2})", meta["published"])
        if match and (found := _date(match.groups())):
            return found
    for paragraph in paragraphs:
        match = _DATE_LINE.match(compact(paragraph))
        if match and (found := _date(match.groups())):
            candidates.append(found)
    if year is not None:
        candidates = [d for d in candidates if year <= d.year <= year + 2]
    return candidates[0] if candidates else None


def _date(parts: tuple[str | Any, ...]) -> date | None:
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, TypeError):
        return None
