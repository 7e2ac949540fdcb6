"""Exporters of a canonical annual report (docs/report-data.md): JSON, DOCX, PDF, XLSX and HTML.

``export(report, "out.docx")`` or ``export(report, ".docx")`` gives the bytes of that format;
``export_to(report, path)`` also writes them.  Every format draws the same layout (``layout.py``),
taken from the format definitions, so the tables match the national form in all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .layout import ExportError

Renderer = Callable[[dict[str, Any]], bytes]


def _renderers() -> dict[str, Renderer]:
    # Imported on demand: PDF pulls in WeasyPrint and Pango, which a JSON export does not need.
    from .docx import render_docx
    from .html import render_html
    from .json import render_json
    from .pdf import render_pdf
    from .xlsx import render_xlsx

    return {
        ".json": render_json,
        ".docx": render_docx,
        ".pdf": render_pdf,
        ".xlsx": render_xlsx,
        ".html": render_html,
        ".htm": render_html,
    }


SUFFIXES = (".json", ".docx", ".pdf", ".xlsx", ".html")


def suffix_of(path_or_suffix: str | Path) -> str:
    text = str(path_or_suffix).strip()
    if text.startswith(".") and "/" not in text and text.count(".") == 1:
        return text.lower()
    if "." not in Path(text).name and text.lower() in {s.lstrip(".") for s in SUFFIXES}:
        return "." + text.lower()
    return Path(text).suffix.lower()


def export(report: dict[str, Any], path_or_suffix: str | Path) -> bytes:
    """The report in the format named by a file name's extension (or the extension itself)."""
    suffix = suffix_of(path_or_suffix)
    renderer = _renderers().get(suffix)
    if renderer is None:
        raise ExportError(f"不支持的导出格式「{suffix or path_or_suffix}」：可选 {'、'.join(SUFFIXES)}")
    return renderer(report)


def export_to(report: dict[str, Any], path: str | Path) -> Path:
    target = Path(path)
    target.write_bytes(export(report, target))
    return target


__all__ = ["SUFFIXES", "ExportError", "export", "export_to", "suffix_of"]
