"""Issue 15, points 3, 11 and 12: the reviewer's checklist, the files fixed at publication with their
SHA-256 and kept per version, and the year-over-year chart that fits a phone and is also a table."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import Event
from gongkai.reports import actions
from gongkai.reports.export import SUFFIXES
from gongkai.reports.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db
D = dt.date


def built(county: Any, year: int = 2024) -> AnnualReport:
    return actions.report_build(agency=county.dept_a, year=year, actor=county.clerk_a)


def test_publishing_needs_every_section_confirmed_and_records_the_checklist(county: Any) -> None:
    report = built(county)
    with pytest.raises(ValidationError, match="第三部分"):
        actions.report_publish(report=report, actor=county.reviewer_a, confirmed=["一", "二", "四", "五", "六"])
    assert AnnualReport.objects.get().status == ReportStatus.DRAFT
    actions.report_publish(report=report, actor=county.reviewer_a, confirmed=list(actions.CHECKLIST))
    event = Event.objects.get(action="report.publish")
    assert set(event.after["checklist"]) == {"一", "二", "三", "四", "五", "六"}


def test_staff_page_puts_each_text_beside_its_table_with_its_confirmation(county: Any, client: Any) -> None:
    built(county)
    client.force_login(county.reviewer_a)
    page = client.get("/workspace/reports/GOV-A/2024/").content.decode()
    # Section 三's text box and checkbox come right after its heading, before section 四 begins.
    three, four = page.index("三、收到和处理政府信息公开申请情况"), page.index("四、政府信息公开行政复议")
    assert three < page.index('name="section_三"') < page.index('value="三" form="publish-form"') < four
    assert page.index('name="section_一"') < page.index("二、主动公开政府信息情况")
    refused = client.post("/workspace/reports/GOV-A/2024/publish/", {"confirmed": ["一"]})
    assert refused.status_code == 302 and AnnualReport.objects.get().status == ReportStatus.DRAFT
    client.post("/workspace/reports/GOV-A/2024/publish/", {"confirmed": list(actions.CHECKLIST)})
    assert AnnualReport.objects.get().status == ReportStatus.PUBLISHED


def test_published_files_are_stored_once_with_their_digest(county: Any, client: Any, monkeypatch: Any) -> None:
    report = built(county)
    actions.report_publish(report=report, actor=county.reviewer_a, confirmed=actions.CHECKLIST)
    version = AnnualReport.objects.get().versions.get()
    stored = {a.suffix: a for a in version.artefacts.all()}
    assert set(stored) == set(SUFFIXES)

    # Downloads serve the stored bytes: nothing is rendered again.
    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("rendered on download")

    monkeypatch.setattr("gongkai.reports.views.export", refuse)
    for suffix, artefact in stored.items():
        response = client.get(f"/agencies/GOV-A/reports/2024/report{suffix}")
        body = response.getvalue()
        assert hashlib.sha256(body).hexdigest() == artefact.sha256 == response["X-Content-SHA256"]
        assert len(body) == artefact.size
    page = client.get("/agencies/GOV-A/reports/2024/").content.decode()
    assert stored[".pdf"].sha256 in page


def test_republication_after_unlock_adds_a_version_and_keeps_the_old_one(county: Any, client: Any) -> None:
    report = built(county)
    actions.report_publish(
        report=report, actor=county.reviewer_a, confirmed=actions.CHECKLIST, published_on=D(2025, 1, 20)
    )
    actions.year_lock(agency=county.dept_a, year=2024, actor=county.head_a)
    with pytest.raises(ValidationError, match="已锁定"):
        actions.report_reopen(report=report, actor=county.reviewer_a, reason="更正数据")
    actions.year_unlock(agency=county.dept_a, year=2024, reason="发现统计差错", actor=county.head_a)
    actions.report_reopen(report=report, actor=county.reviewer_a, reason="更正第三部分数据")
    # While reopened the published version stays public.
    assert client.get("/agencies/GOV-A/reports/2024/").status_code == 200
    actions.report_edit_sections(report=report, sections={"五": "更正后的第五部分文字。"}, actor=county.clerk_a)
    actions.report_publish(
        report=report, actor=county.reviewer_a, confirmed=actions.CHECKLIST, published_on=D(2025, 3, 1)
    )
    first, second = AnnualReport.objects.get().versions.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert first.data["sections"]["五"] != second.data["sections"]["五"] == "更正后的第五部分文字。"
    assert first.artefacts.get(suffix=".json").sha256 != second.artefacts.get(suffix=".json").sha256
    page = client.get("/agencies/GOV-A/reports/2024/").content.decode()
    assert "此前发布的版本" in page and "/agencies/GOV-A/reports/2024/v1/report.pdf" in page
    old = client.get("/agencies/GOV-A/reports/2024/v1/report.json")
    assert hashlib.sha256(old.getvalue()).hexdigest() == first.artefacts.get(suffix=".json").sha256
    assert Event.objects.filter(action="report.reopen").get().reason == "更正第三部分数据"


def test_year_over_year_chart_scales_and_its_figures_are_a_table(county: Any, client: Any) -> None:
    for year in (2023, 2024):
        actions.report_publish(report=built(county, year), actor=county.reviewer_a, confirmed=actions.CHECKLIST)
    page = client.get("/agencies/GOV-A/reports/").content.decode()
    svg = page[page.index("<svg") : page.index(">", page.index("<svg"))]
    assert 'width="100%"' in svg and 'height="' not in svg.replace("height: auto", "")
    assert "图中数据" in page
    table = page[page.index('class="chart-data"') :]
    assert table.index("2023") < table.index("</table>") and "新收申请" in table[: table.index("</table>")]
