"""Dispatch on the file's extension, as ``gongkai report-build … --out FILE`` will use it."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest

from gongkai.reports.export import ExportError, export, export_to, suffix_of
from gongkai.reports.export.layout import layout


@pytest.mark.parametrize(
    ("given", "suffix"),
    [
        ("report.DOCX", ".docx"),
        (Path("/tmp/a.b/report.xlsx"), ".xlsx"),
        (".json", ".json"),
        ("html", ".html"),
        ("out/2024.pdf", ".pdf"),
    ],
)
def test_suffix_of(given: str | Path, suffix: str) -> None:
    assert suffix_of(given) == suffix


def test_each_format_has_its_signature(r2021: dict[str, Any]) -> None:
    assert export(r2021, ".json").startswith(b"{")
    assert export(r2021, ".html").startswith(b"<!DOCTYPE html>")
    for suffix, member in ((".docx", "word/document.xml"), (".xlsx", "xl/workbook.xml")):
        with zipfile.ZipFile(BytesIO(export(r2021, suffix))) as archive:
            assert member in archive.namelist()


def test_unknown_extension_is_refused(r2021: dict[str, Any]) -> None:
    with pytest.raises(ExportError, match="不支持的导出格式"):
        export(r2021, "report.odt")


def test_export_to_writes_the_file(r2021: dict[str, Any], tmp_path: Path) -> None:
    target = export_to(r2021, tmp_path / "report.json")
    assert target.read_bytes() == export(r2021, ".json")


def test_unknown_format_is_refused(r2021: dict[str, Any]) -> None:
    r2021["format"] = "2030"
    with pytest.raises(ExportError, match="未知的年报格式"):
        export(r2021, ".html")


def test_counts_must_be_integers(r2021: dict[str, Any]) -> None:
    r2021["applications"]["granted"]["total"] = "12"
    with pytest.raises(ExportError, match="数量应为整数"):
        export(r2021, ".html")


def test_province_rows_are_printed(r2021: dict[str, Any]) -> None:
    r2021["proactive"]["extra"] = [
        {
            "table": "第二十条第（一）项",
            "label": "其他主动公开文件",
            "values": {"本年制发件数": 5, "本年废止件数": None, "现行有效件数": 9},
        }
    ]
    grid = next(g for g in layout(r2021).grids() if g.key == "article20_1")
    assert grid.rows == 5
    assert [grid.at(4, c).text for c in range(4)] == ["其他主动公开文件", "5", "", "9"]


def test_legacy_report_as_its_printed_table() -> None:
    report = {
        "format": "legacy",
        "year": 2015,
        "agency": "某县人民政府",
        "sections": {"一": "概述。"},
        "legacy": [
            {"label": "主动公开政府信息数", "unit": "条", "value": 3243, "path": []},
            {
                "label": "政府网站公开政府信息数",
                "unit": "条",
                "value": 11946,
                "path": ["主动公开政府信息数"],
                "cumulative": "120.5",
            },
        ],
    }
    grid = next(layout(report).grids())
    assert [grid.at(0, c).text for c in range(4)] == ["统计指标", "单位", "统计数", "历年累计"]
    assert [grid.at(2, c).text for c in range(4)] == ["政府网站公开政府信息数", "条", "11946", "120.5"]
    document = docx.Document(BytesIO(export(report, ".docx")))
    assert [c.text for c in document.tables[0].rows[2].cells] == ["政府网站公开政府信息数", "条", "11946", "120.5"]
    html = export(report, ".html").decode("utf-8")
    assert "政府网站公开政府信息数" in html and "概述。" in html
