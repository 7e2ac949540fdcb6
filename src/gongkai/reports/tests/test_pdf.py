"""The PDF export: WeasyPrint renders it, page 1 becomes a PNG kept as a test artefact."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from gongkai.reports.export import export
from gongkai.testing.helpers import ARTIFACTS

from .factories import report_2021

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    # One rendering for the module: WeasyPrint takes a few seconds with the CJK fonts.
    return export(report_2021(), "report.pdf")


def test_pdf_text_has_title_headings_and_figures(pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        first = document.pages[0]
        # A4 in points.
        assert (round(first.width), round(first.height)) == (595, 842)
    compact = "".join(text.split())
    assert "测试县人民政府2024年政府信息公开工作年度报告" in compact
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert heading in compact
    report = report_2021()
    for figure in (
        "447228",
        "3985758",
        "24252.311082",
        str(report["applications"]["new_received"]["total"]),
        str(report["appeals"]["litigation_after_review"]["total"]),
    ):
        assert figure in text


def test_pdf_uses_cjk_fonts(pdf: bytes) -> None:
    # Chinese text must come from a Chinese font: the official ones where installed (仿宋, 黑体,
    # 小标宋), otherwise Noto CJK; a Latin font here would print empty boxes.
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {char["fontname"] for page in document.pages for char in page.chars if ord(char["text"][0]) > 0x2FFF}
    assert fonts
    assert all(any(word in name for word in ("CJK", "Song", "Fang", "Hei", "Kai", "GB")) for name in fonts), fonts


def test_page_one_as_png_artefact(pdf: bytes, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils (pdftoppm) is part of the test environment"
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", str(source), str(tmp_path / "page1")],
        check=True,
        timeout=60,
    )
    png = (tmp_path / "page1.png").read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    # Width and height from the IHDR chunk: A4 at 60 dpi is about 496 × 702 pixels.
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-page1.png").write_bytes(png)


def test_tables_fill_the_type_area_between_the_margins(pdf: bytes) -> None:
    # GB/T 9704: left margin 28 mm, right 26 mm on A4 (595.28 pt wide).
    left, right = 28 / 25.4 * 72, 595.28 - 26 / 25.4 * 72
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        edges = [(e["x0"], e["x1"]) for e in (*page.rects, *page.lines)]
    assert edges, "the tables of section 二 are on page 1"
    assert abs(min(x0 for x0, _ in edges) - left) < 1
    assert abs(max(x1 for _, x1 in edges) - right) < 1
