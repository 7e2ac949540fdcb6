"""Batches in the background: a ZIP is checked by the worker (at once under the test settings' immediate
backend), its progress polled by htmx, its result kept for the uploader (not in the session) for
GONGKAI_REPORTCHECK_KEEP_HOURS and then purged; findings and the comparison export to XLSX and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from gongkai.reportcheck import tasks, views
from gongkai.reportcheck.models import BatchStatus, ReportBatch
from gongkai.reportcheck.tests.helpers import report_json, upload
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _post_zip(client: Any, data: bytes, name: str = "reports.zip") -> Any:
    buffer = io.BytesIO(data)
    buffer.name = name
    return client.post("/workspace/report-audit/", {"files": [buffer]})


class _Queue:
    """A task queue no worker reads: what the request enqueues stays queued."""

    def __init__(self, queued: list[str]) -> None:
        self.queued = queued

    def enqueue(self, batch_id: str) -> None:
        self.queued.append(batch_id)


def _three() -> bytes:
    return _zip({"2022.json": report_json(year=2022), "2023.json": report_json(year=2023, granted=4), "x.txt": b""})


def test_zip_is_checked_by_the_worker_not_in_the_request(county: Any, client: Any, monkeypatch: Any) -> None:
    queued: list[str] = []
    monkeypatch.setattr(views, "check_batch", _Queue(queued))
    client.force_login(county.supervisor)
    response = _post_zip(client, _three())
    batch = ReportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/workspace/report-audit/batches/{batch.pk}/"
    assert queued == [str(batch.pk)] and batch.status == BatchStatus.QUEUED and batch.results == []
    assert not client.session.get(views.SESSION_KEY)  # nothing of the batch in the session
    assert default_storage.exists(batch.upload)
    page = client.get(response["Location"]).content.decode()
    # The page polls the progress (htmx attributes, no inline script).
    assert 'hx-get="/workspace/report-audit/batches/' in page and 'hx-trigger="every 2s"' in page
    assert "<progress" in page and "<script>" not in page
    # The worker runs it: progress on every file, results at the end.
    assert tasks.check_batch.call(str(batch.pk)) == 3
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done) == (BatchStatus.DONE, 3, 3)
    progress = client.get(f"/workspace/report-audit/batches/{batch.pk}/progress/", headers={"HX-Request": "true"})
    assert progress["HX-Refresh"] == "true" and "已完成" in progress.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and "2022.json" in page and "文件为空" in page
    assert "错误 2 项" in page and "办理结果总计与各项之和不符" in page


def test_progress_while_running(county: Any, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "check_batch", _Queue([]))
    client.force_login(county.supervisor)
    _post_zip(client, _three())
    batch = ReportBatch.objects.get()
    ReportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, total=4, done=1)
    fragment = client.get(f"/workspace/report-audit/batches/{batch.pk}/progress/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "HX-Refresh" not in fragment and "已检查 1 / 4 份" in text and 'value="25"' in text
    assert "reports.zip" in client.get("/workspace/report-audit/").content.decode()  # under 最近的检查


def test_batch_page_and_exports(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    members = {"2022.json": report_json(year=2022), "2023.json": report_json(year=2023, granted=4)}
    page = upload(client, ("=HYPERLINK.zip", _zip(members))).content.decode()
    batch = ReportBatch.objects.get()
    assert "导出全部问题" in page and "导出对比" in page
    base = f"/workspace/report-audit/batches/{batch.pk}"

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/findings.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:7] == ("文件", "机关", "年度", "格式", "严重程度", "问题", "代码")
    assert (rows[1][0], rows[1][5]) == ("2022.json", "未发现问题")
    assert rows[2][4:7] == ("错误", "办理结果总计与各项之和不符", "C2")
    assert workbook.active.column_dimensions["F"].width >= 20  # headers and titles do not wrap

    response = client.get(f"{base}/findings.csv?report=1")
    assert response["Content-Type"].startswith("text/csv") and response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {line[0] for line in lines[1:]} == {"2023.json"} and len(lines) == 3

    comparison = list(csv.reader(io.StringIO(client.get(f"{base}/comparison.csv").content.decode("utf-8-sig"))))
    assert comparison[0] == ["项目", "测试县甲局 2022", "测试县甲局 2023"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/comparison.xlsx").content))
    assert next(workbook.active.iter_rows(values_only=True))[0] == "项目"


def test_exports_escape_formulas(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    upload(client, ("a.zip", _zip({"=cmd|calc.json": report_json(), "b.json": report_json(year=2022)})))
    batch = ReportBatch.objects.get()
    text = client.get(f"/workspace/report-audit/batches/{batch.pk}/findings.csv").content.decode("utf-8-sig")
    assert "'=cmd|calc.json" in text


def test_single_files_export_too(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    page = upload(client, ("bad.json", report_json(granted=4))).content.decode()
    batch = ReportBatch.objects.get()
    assert batch.upload == "" and f"/workspace/report-audit/batches/{batch.pk}/findings.xlsx" in page
    assert client.get(f"/workspace/report-audit/batches/{batch.pk}/findings.csv").status_code == 200
    assert client.get(f"/workspace/report-audit/batches/{batch.pk}/comparison.csv").status_code == 404


def test_a_batch_is_its_uploaders_alone(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    upload(client, ("a.zip", _three()))
    batch = ReportBatch.objects.get()
    client.force_login(county.clerk_a)
    for path in ("", "progress/", "findings.xlsx", "comparison.csv"):
        assert client.get(f"/workspace/report-audit/batches/{batch.pk}/{path}").status_code == 404, path
    token = f"{batch.pk}:0"
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2022"})
    assert not AnnualReport.objects.exists()


def test_store_a_report_of_a_batch_with_its_original(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    page = upload(client, ("a.zip", _three())).content.decode()
    batch = ReportBatch.objects.get()
    assert f'value="{batch.pk}:0"' in page
    client.post("/workspace/report-audit/store/", {"token": f"{batch.pk}:0", "agency": "GOV-A", "year": "2022"})
    stored = AnnualReport.objects.get(agency=county.dept_a, year=2022)
    assert stored.original_file.read() == report_json(year=2022)


def test_kept_for_the_configured_hours_then_purged(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    with override_settings(GONGKAI_REPORTCHECK_KEEP_HOURS=2):
        upload(client, ("a.zip", _three()))
    batch = ReportBatch.objects.get()
    assert dt.timedelta(hours=1, minutes=59) < batch.expires - timezone.now() <= dt.timedelta(hours=2)
    call_command("report-purge", stdout=io.StringIO())
    assert ReportBatch.objects.filter(pk=batch.pk).exists()
    ReportBatch.objects.filter(pk=batch.pk).update(expires=timezone.now() - dt.timedelta(seconds=1))
    # Past its time it is gone from the page at once, and from the database and storage at the purge.
    assert client.get(f"/workspace/report-audit/batches/{batch.pk}/").status_code == 404
    out = io.StringIO()
    call_command("report-purge", stdout=out)
    assert "已删除过期批次 1 个" in out.getvalue()
    assert not ReportBatch.objects.exists() and not default_storage.exists(batch.upload)


def test_a_clean_file_says_so_once_and_a_contradiction_is_not_zero_errors(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    page = upload(client, ("clean.json", report_json())).content.decode()
    assert page.count("未发现问题") == 1 and "<h3>问题</h3>" not in page
    page = upload(client, ("bad.json", report_json(granted=4))).content.decode()
    assert "错误 2 项" in page and "错误 0 项" not in page
    assert 'class="num flagged"' in page and "（三）不予公开" in page
