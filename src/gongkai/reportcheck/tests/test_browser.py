"""Browser test: the findings beside the table with the cells at fault highlighted (screenshot), the
page passing axe-core, and a background batch's progress polled by htmx under the strict CSP."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.reportcheck import tasks
from gongkai.reportcheck.models import ReportBatch
from gongkai.reportcheck.tests.helpers import report_json
from gongkai.testing.helpers import PASSWORD, axe_violations, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def log_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/workspace/")


def test_cells_at_fault_highlighted_beside_the_findings(page: Any, county: Any, tmp_path: Path) -> None:
    report = tmp_path / "云岭县甲局2023.json"
    report.write_bytes(report_json(granted=4))
    log_in(page, "supervisor")
    page.goto("/workspace/report-audit/")
    page.get_by_label("年度报告文件").set_input_files(str(report))
    page.get_by_role("button", name="开始检查").click()
    table = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况")
    flagged = table.locator("td.flagged")
    expect(flagged).to_have_count(2)
    assert flagged.first.inner_text().startswith("5")
    # The row at fault, its cell and the finding it links to.
    row = table.get_by_role("row").filter(has_text="（七）总计")
    assert "flagged-row" in (row.get_attribute("class") or "")
    flagged.first.get_by_role("link").click()
    finding = page.locator("li.finding:target")
    expect(finding).to_contain_text("三（七）总计 = 5，但（一）至（六）之和 = 4（自然人列）")
    expect(finding).to_contain_text("办理结果总计与各项之和不符")
    expect(finding).to_contain_text("C2")
    expect(table.get_by_role("rowheader", name="（三）不予公开")).to_have_count(1)
    # No column header wraps one character a line: every line of every header has three characters
    # or more (a header of up to five stays on one line).
    for header in table.get_by_role("columnheader").all():
        lines = header.evaluate(
            "h => { const r = document.createRange(); r.selectNodeContents(h);"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
        )
        text = header.inner_text()
        assert lines == 1 if len(text) <= 5 else len(text) / lines >= 3, text
    assert axe_violations(page) == []
    save_screenshot(page, "reportcheck-highlighted-cells")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_background_batch_progress_is_polled_then_shown(page: Any, county: Any) -> None:
    batch = ReportBatch.objects.create(
        owner=county.supervisor, name="reports.zip", expires=timezone.now() + dt.timedelta(hours=1)
    )
    data = _zip({f"{year}.json": report_json(year=year) for year in (2021, 2022, 2023)})
    batch.upload = default_storage.save(f"reports/batches/{batch.pk}.zip", ContentFile(data))
    batch.save()
    log_in(page, "supervisor")
    page.goto(f"/workspace/report-audit/batches/{batch.pk}/")
    expect(page.locator("progress")).to_be_visible()
    assert axe_violations(page) == []
    tasks.check_batch.call(str(batch.pk))  # the worker
    # htmx polls the progress and reloads the page when the batch is done.
    page.get_by_role("table", name="各文件的检查结果").wait_for(timeout=10_000)
    expect(page.locator("progress")).to_have_count(0)
    expect(page.get_by_role("link", name="Excel（XLSX）")).to_have_count(2)  # findings and comparison
    save_screenshot(page, "reportcheck-batch-done")
