"""The 年报体检 pages: upload (files or ZIP), findings beside the tables, store as a historical report."""

import io
import zipfile

import pytest

from gongkai.audit.models import Event
from gongkai.reportcheck.tests.helpers import report_json, upload
from gongkai.reports.models import AnnualReport, ReportSource

pytestmark = pytest.mark.django_db


def test_upload_shows_findings_beside_tables(county, client):
    client.force_login(county.supervisor)
    page = upload(client, ("bad.json", report_json(granted=4)), ("junk.pdf", b"%PDF-1.4 garbage")).content.decode()
    assert "本年新收政府信息公开申请数量" in page  # the table is shown
    assert "C2" in page  # a granted row that does not add up to the total
    assert "无法读取" in page  # the unreadable PDF gets a clear error, not a crash


def test_zip_upload_checks_every_member(county, client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/2022.json", report_json(year=2022))
        archive.writestr("a/2023.json", report_json(year=2023, granted=4))
        archive.writestr("__MACOSX/._2023.json", b"junk")
    client.force_login(county.supervisor)
    page = upload(client, ("reports.zip", buffer.getvalue())).content.decode()
    assert "2022.json" in page and "2023.json" in page and "._2023" not in page
    assert "未发现问题" in page
    assert "主要数据对比" in page and "测试县甲局 2022" in page and "测试县甲局 2023" in page


def test_supervisor_stores_a_historical_report_with_cross_year_check(county, client):
    client.force_login(county.supervisor)
    upload(client, ("2023.json", report_json(year=2023)))
    token = next(iter(client.session["reportcheck_uploads"]))
    response = client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2023"})
    assert response.status_code == 302
    stored = AnnualReport.objects.get(agency=county.dept_a, year=2023)
    assert stored.source == ReportSource.IMPORTED and stored.error_count == 0
    assert stored.original_file.read().startswith(b"{")
    assert Event.objects.filter(action="report.import", agency=county.dept_a).exists()
    # The next year carries over a number that does not match: a cross-year warning.
    upload(client, ("2024.json", report_json(year=2024, carried_over=2)))
    token = [t for t in client.session["reportcheck_uploads"] if t != token][-1]
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2024"})
    later = AnnualReport.objects.get(agency=county.dept_a, year=2024)
    assert later.error_count == 0
    assert [f["code"] for f in later.findings].count("cross_year") == 2  # 自然人 and 总计 columns
    # Storing the same year again needs "replace".
    upload(client, ("2023b.json", report_json(year=2023)))
    newest = list(client.session["reportcheck_uploads"])[-1]
    client.post("/workspace/report-audit/store/", {"token": newest, "agency": "GOV-A", "year": "2023"})
    assert AnnualReport.objects.filter(agency=county.dept_a, year=2023).count() == 1
    messages = [str(m) for m in client.get("/workspace/report-audit/").context["messages"]]
    assert any("已有导入的年度报告" in m for m in messages)


def test_clerk_cannot_store_for_another_agency(county, client):
    client.force_login(county.clerk_a)
    upload(client, ("2023.json", report_json()))
    token = next(iter(client.session["reportcheck_uploads"]))
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-B", "year": "2023"})
    assert not AnnualReport.objects.exists()


def test_storing_run_together_text_lets_last_years_stored_report_decide_its_rows(county, client):
    """The upload is checked before the agency is known; once it is chosen, its stored report of the
    year before decides the rows the run-together text left ambiguous (the cross-year rule)."""
    import copy

    from gongkai.testing import reportdata as fd

    previous = copy.deepcopy(fd.DATASET_A)
    previous["year"] = fd.DATASET_A["year"] - 1
    previous["proactive"]["normative_documents"]["in_force"] = 23
    AnnualReport.objects.create(
        agency=county.dept_a, year=previous["year"], format="2021", source=ReportSource.IMPORTED, data=previous
    )
    flat = fd.render_run_together(fd.DATASET_A, fd.PROSE_A).replace("\n", "").replace("\t", "").encode()
    client.force_login(county.supervisor)
    upload(client, ("flat.txt", flat))
    token = next(iter(client.session["reportcheck_uploads"]))
    checked = client.session["reportcheck_uploads"][token]["report"]
    assert set(checked["proactive"]["normative_documents"].values()) == {None}  # "3125": three readings
    year = str(fd.DATASET_A["year"])
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": year})
    stored = AnnualReport.objects.get(agency=county.dept_a, year=fd.DATASET_A["year"])
    assert stored.data["proactive"]["normative_documents"] == {"issued": 3, "abolished": 1, "in_force": 25}
