"""No input makes the importer crash or hang: every unreadable input is a ReportReadError (exit 2)."""

from __future__ import annotations

import contextlib
import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.reportcheck import cli
from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.errors import ReportReadError
from gongkai.reportcheck.parser import MAX_BYTES
from gongkai.testing import reportdata as fd


def refuse(data: bytes, filename: str) -> ReportReadError:
    with pytest.raises(ReportReadError) as exc:
        parse_bytes(data, filename)
    assert exc.value.message and any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    return exc.value


def test_empty() -> None:
    assert refuse(b"", "a.txt").code == "empty"
    assert refuse(b"  \n\t ", "a.txt").code == "empty"


def test_binary_and_garbage() -> None:
    assert refuse(bytes(range(256)) * 40, "a.txt").code in {"binary", "encoding"}
    assert refuse(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "image.png").code == "binary"
    assert refuse(b"hello world, this is not a report at all\n" * 50, "a.txt").code == "encoding"
    assert (
        refuse("只是一段中文文字，不是什么年度报告，也没有任何表格或者数字。".encode() * 3, "a.txt").code
        == "not_a_report"
    )


def test_wrongly_encoded_file() -> None:
    text = (fd.FIXTURES / "zechuan-2022-tab.txt").read_text(encoding="utf-8")
    # UTF-8 bytes read as Latin-1 and saved again as UTF-8: mojibake without any Chinese character.
    mojibake = text.encode("utf-8").decode("latin-1").encode("utf-8")
    assert refuse(mojibake, "a.txt").code == "encoding"


def test_too_large() -> None:
    big = b"a" * (MAX_BYTES + 1)
    assert refuse(big, "big.txt").code == "too_large"


def test_fifty_megabytes_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # one byte over the default limit
    started = time.monotonic()
    assert cli.main_check([str(path)]) == 2
    assert time.monotonic() - started < 10
    assert "文件过大" in capsys.readouterr().err


def test_deeply_nested_html_is_read_without_recursion() -> None:
    markup = "<html><body>" + "<div>" * 100_000 + "泽川县人民政府2022年政府信息公开工作年度报告" + "</div>" * 100_000
    started = time.monotonic()
    with contextlib.suppress(ReportReadError):
        parse_bytes(markup.encode(), "deep.html")
    assert time.monotonic() - started < 20


def test_html_with_absurd_spans() -> None:
    markup = '<table><tr><td rowspan="999999999" colspan="999999">统计指标</td></tr></table>' * 20
    try:
        parse_bytes(("泽川县2022年政府信息公开工作年度报告" + markup).encode(), "x.html")
    except ReportReadError as exc:
        assert exc.code == "html"


def test_pdf_without_text_layer_needs_ocr() -> None:
    from weasyprint import HTML

    pdf = HTML(string="<html><body><div style='width:200px;height:200px;background:#333'></div></body></html>")
    assert refuse(pdf.write_pdf(), "scan.pdf").code == "needs_ocr"


def test_damaged_pdf_docx_and_old_word() -> None:
    assert refuse(b"%PDF-1.7\n" + b"\x00garbage" * 100, "x.pdf").code == "unsupported"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not word")
    assert refuse(buffer.getvalue(), "x.docx").code == "unsupported"
    assert refuse(b"PK\x03\x04" + b"\x00" * 100, "x.docx").code == "unsupported"
    assert refuse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "x.doc").code == "old_office"


def _mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, delete, insert in edits:
        if not out:
            break
        at = position % len(out)
        out[at : at + delete] = insert
    return bytes(out)


SOURCES = [p for p in sorted(fd.FIXTURES.iterdir()) if p.suffix in {".txt", ".html"}]
EDITS = st.lists(
    st.tuples(
        st.integers(0, 10**6),
        st.integers(0, 40),
        st.sampled_from(
            [
                b"",
                b"\t",
                b"\n",
                b"0",
                b"123",
                "—".encode(),
                "一、".encode(),
                b"\xff\xfe",
                b"<td rowspan=3>",
                b"\x00",
                "（七）总计".encode(),
            ]
        ),
    ),
    max_size=12,
)


def _mangled_inputs() -> st.SearchStrategy[tuple[Path, bytes]]:
    return st.sampled_from(SOURCES).flatmap(
        lambda path: st.tuples(st.just(path), EDITS.map(lambda edits: _mutate(path.read_bytes(), edits)))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mangled_inputs(), st.integers(0, 3000))
def test_mangled_fixtures_never_crash(case: tuple[Path, bytes], cut: int) -> None:
    path, data = case
    for blob in (data, data[: len(data) - cut]):
        started = time.monotonic()
        try:
            result = parse_bytes(blob, path.name)
        except ReportReadError:
            continue
        assert time.monotonic() - started < 10
        assert result.report["schema"] == "gongkai.annual-report/1"
        assert all(f.code.isascii() and f.severity in {"error", "warning"} for f in result.findings)


# ``samples`` is a constant path, so sharing it across examples is safe.
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        [
            "000_66ed5f1199e71e49.txt",
            "001_a3a9e4e4210ae2db.txt",
            "002_9f79b915d46473d6.txt",
            "003_19a69fc2833c1675.txt",
            "004_9a8277e23c733257.txt",
        ]
    ),
    EDITS,
)
def test_mangled_samples_never_crash(samples: Path, name: str, edits: list) -> None:
    data = _mutate((samples / name).read_bytes(), edits)
    try:
        result = parse_bytes(data, name)
    except ReportReadError:
        return
    assert isinstance(result.findings, list)
