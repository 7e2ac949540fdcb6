"""The DOCX export opened by an office suite: LibreOffice converts it to PDF, and the PDF shows the
report's headings and figures in its tables. (The other DOCX tests read the XML; this one checks
that a real word processor renders what they read.)"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from gongkai.reports.export import export
from gongkai.testing.helpers import ARTIFACTS

from .factories import report_2021

SOFFICE = shutil.which("soffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("CI") != "true",
    reason="waits for LibreOffice (Debian libreoffice-writer-nogui; `make test` installs it when run as root)",
)


def render(docx: bytes, folder: Path) -> bytes:
    assert SOFFICE, "LibreOffice (soffice) is part of the CI environment: scripts/system-packages.sh"
    source = folder / "report.docx"
    source.write_bytes(docx)
    # A profile of its own, so parallel test workers never share LibreOffice's lock.
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return (folder / "report.pdf").read_bytes()


def test_libreoffice_renders_the_docx_with_its_tables(tmp_path: Path) -> None:
    report = report_2021()
    pdf = render(export(report, ".docx"), tmp_path)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        tables = [table for page in document.pages for table in page.extract_tables()]
    compact = "".join(text.split())
    assert "测试县人民政府2024年政府信息公开工作年度报告" in compact
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        assert heading in compact
    raw = [cell or "" for table in tables for row in table for cell in row]
    # Every figure on one line, the five- and six-digit totals of section 三 included.
    wrapped = [cell for cell in raw if "\n" in cell and "".join(cell.split()).isdigit()]
    assert wrapped == []
    assert any(len(cell) >= 6 and cell.isdigit() for cell in raw)
    cells = {"".join(cell.split()) for cell in raw}
    for figure in (
        "447228",
        "24252.311082",
        str(report["applications"]["new_received"]["total"]),
        str(report["appeals"]["litigation_after_review"]["total"]),
    ):
        assert figure in cells, figure
    assert "行政规范性文件" in cells and "申请人情况" in cells
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-docx-libreoffice.pdf").write_bytes(pdf)
