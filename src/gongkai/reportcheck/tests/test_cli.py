"""The command-line entry points and the management commands: output and exit status."""

from __future__ import annotations

import csv
import importlib
import json
from pathlib import Path

import pytest

from gongkai.reportcheck import cli
from gongkai.reportcheck.batch import comparison_table
from gongkai.testing import reportdata as fd

TAB = fd.FIXTURES / "zechuan-2022-tab.txt"
HTML = fd.FIXTURES / "yunling-2023.html"


def test_parse_one_file_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main_parse([str(TAB)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "gongkai.annual-report/1"
    assert report["applications"]["new_received"]["total"] == 70


def test_parse_several_files_needs_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main_parse([str(TAB), str(HTML)])
    assert exc.value.code == 2
    assert cli.main_parse([str(TAB), str(HTML), "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["yunling-2023.json", "zechuan-2022-tab.json"]
    assert json.loads((tmp_path / "out" / "yunling-2023.json").read_text(encoding="utf-8"))["year"] == 2023


def test_check_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main_check([str(TAB)]) == 0
    assert "0 项发现" in capsys.readouterr().out
    assert cli.main_check([str(HTML)]) == 1
    out = capsys.readouterr().out
    assert "[C2] 错误" in out
    unreadable = tmp_path / "empty.txt"
    unreadable.write_bytes(b"")
    assert cli.main_check([str(TAB), str(unreadable)]) == 2
    assert "[empty]" in capsys.readouterr().err
    assert cli.main_check([str(tmp_path / "missing.pdf")]) == 2


def test_check_reads_canonical_json_and_previous_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main_parse([str(TAB)]) == 0
    report = json.loads(capsys.readouterr().out)
    report["year"] = 2023
    report["source"]["published"] = None
    report["applications"]["carried_over"]["natural_person"] = 4
    report["applications"]["carried_over"]["total"] = 4
    current = tmp_path / "2023.json"
    current.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    assert cli.main_check([str(current), "--previous", str(TAB), "--json"]) == 1
    results = json.loads(capsys.readouterr().out)
    codes = [f["code"] for f in results[0]["findings"]]
    assert codes.count("cross_year") == 2 and "C1" in codes
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "other"}', encoding="utf-8")
    assert cli.main_check([str(bad)]) == 2


def test_batch_summary_and_comparison(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for source in fd.FIXTURES.iterdir():
        (folder / source.name).write_bytes(source.read_bytes())
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    summary, compare = tmp_path / "summary.csv", tmp_path / "compare.xlsx"
    status = cli.main_batch([str(folder), "--summary", str(summary), "--compare", str(compare), "--no-progress"])
    assert status == 2  # one input could not be read
    with summary.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    by_file = {r["文件"]: r for r in rows}
    assert len(rows) == 7
    assert by_file["broken.pdf"]["状态"].startswith("无法读取")
    assert by_file["yunling-2023.html"]["发现代码"] == "C2"
    assert by_file["yunling-2023.html"]["机关"] == "云岭市人民政府"
    assert by_file["zechuan-2022-tab.txt"]["状态"] == "通过"
    from openpyxl import load_workbook

    sheet = load_workbook(compare).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "项目" and "云岭市人民政府 2023" in header
    lines = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    column = header.index("云岭市人民政府 2023") - 1
    assert lines["本年新收申请（总计）"][column] == 445
    assert "共 7 份" in capsys.readouterr().err


def test_batch_xlsx_summary_and_clean_status(tmp_path: Path) -> None:
    summary = tmp_path / "s.xlsx"
    assert cli.main_batch([str(TAB), "--summary", str(summary), "--no-progress"]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(summary).active
    assert [c.value for c in sheet[2]][:5] == ["zechuan-2022-tab.txt", "泽川县人民政府", 2022, "2021", "通过"]


def test_comparison_uses_legacy_rows_and_facts() -> None:
    from gongkai.reportcheck.api import parse_report

    fujian = parse_report((fd.FIXTURES / "qingxi-2016-fujian.txt").read_bytes(), "f.txt")
    modern = parse_report(TAB.read_bytes(), "t.txt")
    header, rows = comparison_table([modern, fujian])
    assert header == ["项目", "泽川县人民政府 2022", "青溪县 2016"]
    lines = {r[0]: r[1:] for r in rows}
    assert lines["本年新收申请（总计）"] == [70, 9]
    assert lines["主动公开政府信息数"] == [None, 1325]


def test_parse_bytes_unpacks_to_report_and_findings() -> None:
    from gongkai.reportcheck.api import parse_bytes

    report, findings = parse_bytes(HTML.read_bytes(), HTML.name)
    assert report["agency"] == "云岭市人民政府"
    assert [f.code for f in findings] == ["C2", "C2"]


def test_progress_bar_draws_on_a_stream() -> None:
    import io

    stream = io.StringIO()
    bar = cli.Progress(2, stream=stream, enabled=True)
    bar.step("a.txt")
    bar.step("b.txt")
    assert "2/2" in stream.getvalue() and stream.getvalue().endswith("\n")


@pytest.mark.parametrize(
    ("name", "args", "status"),
    [
        ("report-check", [str(TAB)], 0),
        ("report-check", [str(HTML)], 1),
        ("report-parse", ["/nonexistent/file.txt"], 2),
    ],
)
def test_management_commands_exit_with_the_cli_status(
    name: str, args: list[str], status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    module = importlib.import_module(f"gongkai.reportcheck.management.commands.{name}")
    with pytest.raises(SystemExit) as exc:
        module.Command().run_from_argv(["gongkai", name, *args])
    assert exc.value.code == status
