"""Reports built from the records: build, check, publish (with a confirmed reason when in error),
lock, the portal pages and downloads, the API, the oversight table and the command."""

import datetime as dt
import io
import itertools
import json
from urllib.parse import quote

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gongkai.applications.models import Appeal, Application
from gongkai.audit.models import Event
from gongkai.disclosure.models import AgencyFigures
from gongkai.reports import actions
from gongkai.reports.builder import build_report
from gongkai.reports.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db
D = dt.date
_serial = itertools.count(1)


def case(agency, received, answered=None, outcome="", applicant_type="natural_person"):
    number = next(_serial)
    return Application.objects.create(
        agency=agency,
        receipt_number=f"T-{number}",
        channel="online",
        applicant_kind="person",
        applicant_type=applicant_type,
        applicant_name="张三",
        applicant_key=f"k{number}",
        description="某文件",
        received_on=received,
        answered_on=answered,
        outcome=outcome,
        status="closed" if answered else "processing",
    )


@pytest.fixture
def records(county):
    case(county.dept_a, D(2023, 12, 20), D(2024, 1, 15), "granted")  # carried over
    case(county.dept_a, D(2024, 3, 1), D(2024, 3, 20), "granted", "commercial")
    case(county.dept_a, D(2024, 5, 1), D(2024, 6, 1), "partial")
    lapsed = case(county.dept_a, D(2024, 6, 1), D(2024, 7, 1), "other_no_correction", "legal_services")
    case(county.dept_a, D(2024, 12, 25))  # carried forward
    case(county.dept_b, D(2024, 4, 1), D(2024, 4, 10), "unable_not_held")
    Appeal.objects.create(
        application=lapsed,
        kind="review",
        filed_on=D(2024, 8, 1),
        body="县人民政府",
        result="upheld",
        decided_on=D(2024, 10, 1),
    )
    AgencyFigures.objects.create(
        agency=county.dept_a, year=2024, licensing=12, punishment=3, enforcement=1, fees_wan_yuan="1.2500"
    )
    return county


def test_built_report_counts_the_records_and_passes_the_checker(records):
    report = build_report(records.dept_a, 2024)
    apps = report["applications"]
    assert apps["new_received"]["total"] == 4 and apps["carried_over"]["total"] == 1
    assert apps["granted"] == {**apps["granted"], "natural_person": 1, "commercial": 1, "total": 2}
    assert apps["other_no_correction"]["legal_services"] == 1
    assert apps["total_processed"]["total"] == 4 and apps["carried_forward"]["total"] == 1
    assert report["appeals"]["review"]["upheld"] == 1
    assert report["proactive"]["licensing"] == {"decisions": 12}
    assert report["proactive"]["fees"] == {"amount_wan_yuan": "1.25"}
    stored = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    assert stored.error_count == 0, stored.findings


def test_government_report_sums_its_subtree(records):
    county_report = build_report(records.gov, 2024)
    assert county_report["applications"]["new_received"]["total"] == 5
    assert county_report["applications"]["unable_not_held"]["total"] == 1
    own = build_report(records.gov, 2024, include_subtree=False)
    assert own["applications"]["new_received"]["total"] == 0


def test_publish_needs_a_reviewer_and_a_reason_when_in_error(records):
    report = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    with pytest.raises(PermissionDenied):
        actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.clerk_a)
    broken = json.loads(json.dumps(report.data))
    broken["applications"]["granted"]["total"] = 99
    AnnualReport.objects.filter(pk=report.pk).update(data=broken)
    with pytest.raises(ValidationError, match="理由"):
        actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a)
    published = actions.report_publish(
        report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a, confirm_reason="原始台账如此，已核实"
    )
    assert published.status == ReportStatus.PUBLISHED and published.error_count > 0
    event = Event.objects.get(action="report.publish")
    assert event.reason == "原始台账如此，已核实" and event.actor == records.reviewer_a
    with pytest.raises(ValidationError):
        actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)


def test_lock_and_unlock_are_recorded(records):
    report = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    with pytest.raises(ValidationError, match="尚未发布"):
        actions.year_lock(agency=records.dept_a, year=2024, actor=records.head_a)
    actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a)
    with pytest.raises(PermissionDenied):
        actions.year_lock(agency=records.dept_a, year=2024, actor=records.clerk_a)
    actions.year_lock(agency=records.dept_a, year=2024, actor=records.head_a)
    with pytest.raises(ValidationError, match="已发布并锁定"):
        actions.ensure_year_open(records.dept_a, D(2024, 5, 1))
    actions.ensure_year_open(records.dept_a, D(2025, 1, 2), None)  # another year stays open
    actions.ensure_year_open(records.dept_b, D(2024, 5, 1))  # and so does another agency
    with pytest.raises(ValidationError, match="理由"):
        actions.year_unlock(agency=records.dept_a, year=2024, reason=" ", actor=records.head_a)
    actions.year_unlock(agency=records.dept_a, year=2024, reason="更正案件答复日期", actor=records.head_a)
    actions.ensure_year_open(records.dept_a, D(2024, 5, 1))
    assert Event.objects.get(action="report.year_unlock").reason == "更正案件答复日期"


def test_locking_a_government_year_locks_its_departments(records):
    report = actions.report_build(agency=records.gov, year=2024, actor=records.admin)
    actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.admin)
    actions.year_lock(agency=records.gov, year=2024, actor=records.supervisor)
    with pytest.raises(ValidationError):
        actions.ensure_year_open(records.dept_b, D(2024, 4, 1))


def test_staff_pages_build_edit_and_publish(records, client):
    client.force_login(records.clerk_a)
    assert client.post("/workspace/reports/GOV-A/2024/build/").status_code == 302
    page = client.get("/workspace/reports/GOV-A/2024/").content.decode()
    assert "本年新收政府信息公开申请数量" in page and "未发现问题" in page
    client.post(
        "/workspace/reports/GOV-A/2024/sections/",
        {"section_一": "总体情况文字", "section_五": "问题", "section_六": "其他"},
    )
    assert AnnualReport.objects.get().data["sections"]["一"] == "总体情况文字"
    assert client.get("/workspace/reports/GOV-B/2024/").status_code == 404
    client.force_login(records.reviewer_a)
    client.post("/workspace/reports/GOV-A/2024/publish/", {"confirmed": list(actions.CHECKLIST)})
    assert AnnualReport.objects.get().status == ReportStatus.PUBLISHED
    docx = client.get("/workspace/reports/GOV-A/2024/report.docx")
    assert docx.status_code == 200 and docx.getvalue()[:2] == b"PK"
    assert docx["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        f"{records.dept_a.name}2024年政府信息公开工作年度报告.docx"
    )


def test_portal_lists_published_reports_with_year_over_year(records, client):
    for year in (2023, 2024):
        report = actions.report_build(agency=records.dept_a, year=year, actor=records.clerk_a)
        actions.report_publish(
            report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a, published_on=D(year + 1, 1, 20)
        )
    page = client.get("/agencies/GOV-A/reports/").content.decode()
    assert "2024年政府信息公开工作年度报告" in page and "<svg" in page
    assert "（+3）" in page  # new applications: 1 in 2023, 4 in 2024
    detail = client.get("/agencies/GOV-A/reports/2024/").content.decode()
    assert "予以公开" in detail and "张三" not in detail
    assert client.get("/agencies/GOV-A/reports/2024/report.xlsx").getvalue()[:2] == b"PK"
    html = client.get("/agencies/GOV-A/reports/2024/report.html")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Disposition"].startswith("inline; filename*=utf-8''")  # opens in the browser
    assert quote("2024年政府信息公开工作年度报告.html") in html["Content-Disposition"]
    assert client.get("/agencies/GOV-B/reports/2024/").status_code == 404


def test_api_serves_published_reports_only(records, client):
    draft = actions.report_build(agency=records.dept_b, year=2024, actor=records.clerk_b)
    report = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a)
    listing = client.get("/api/reports?agency=GOV-A&year=2024").json()
    assert [r["id"] for r in listing] == [report.pk]
    assert client.get("/api/reports?agency=GOV-B").json() == []
    data = client.get(f"/api/reports/{report.pk}").json()
    assert data["schema"] == "gongkai.annual-report/1" and data["applications"]["new_received"]["total"] == 4
    assert client.get(f"/api/reports/{draft.pk}").status_code == 404
    client.force_login(records.clerk_b)
    assert client.get(f"/api/reports/{draft.pk}").status_code == 200


def test_oversight_table_flags_late_and_missing(records, client):
    report = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    actions.report_publish(
        report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a, published_on=D(2025, 2, 3)
    )
    client.force_login(records.supervisor)
    with time_machine.travel(dt.datetime(2025, 4, 10, 9, tzinfo=dt.UTC)):
        page = client.get("/workspace/reports/?year=2024").content.decode()
    assert page.count("逾期") >= 2  # GOV-A published after 1月31日; the others never did
    assert "已发布 1 个" in page and "测试县乙局" in page
    assert "某村民委员会" not in page  # villages owe no annual report
    client.force_login(records.clerk_a)
    page = client.get("/workspace/reports/?year=2024").content.decode()
    assert "测试县乙局" not in page


def test_report_build_command_writes_by_extension(records, tmp_path):
    out = io.StringIO()
    call_command("report-build", "--agency", "GOV-A", "--year", "2024", "--out", str(tmp_path / "r.json"), stdout=out)
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["applications"]["new_received"]["total"] == 4 and "错误 0 项" in out.getvalue()
    call_command("report-build", "--agency", "GOV", "--year", "2024", "--out", str(tmp_path / "r.docx"), stdout=out)
    assert (tmp_path / "r.docx").read_bytes()[:2] == b"PK"


def test_deadline_reminders_are_sent_once_a_day_and_escalate_when_overdue(
    records, mailoutbox, django_capture_on_commit_callbacks
):
    from gongkai.accounts.models import User
    from gongkai.reports.reminders import send_report_reminders as send_now

    def send_report_reminders(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_now(**kwargs)

    User.objects.filter(username="clerk_a").update(email="clerk_a@example.cn")
    User.objects.filter(username="supervisor").update(email="boss@example.cn")
    # Far from the deadline: nothing.
    assert send_report_reminders(today=D(2025, 1, 2)).sent == 0
    # Ten days before 1月31日: the department is reminded, the supervisor is not.
    result = send_report_reminders(today=D(2025, 1, 25))
    assert result.sent >= 1
    to_a = [m for m in mailoutbox if "测试县甲局" in m.subject]
    assert to_a[0].to == ["clerk_a@example.cn"] and "提醒" in to_a[0].subject
    # Run again the same day: nothing new.
    before = len(mailoutbox)
    send_report_reminders(today=D(2025, 1, 25))
    assert len(mailoutbox) == before
    # Overdue: the supervisor above is told too (督办); a published report stops the reminders.
    send_report_reminders(today=D(2025, 2, 3))
    overdue = [m for m in mailoutbox[before:] if "测试县甲局" in m.subject]
    assert "督办" in overdue[0].subject and "boss@example.cn" in overdue[0].to
    report = actions.report_build(agency=records.dept_a, year=2024, actor=records.clerk_a)
    actions.report_publish(report=report, confirmed=actions.CHECKLIST, actor=records.reviewer_a)
    count = len(mailoutbox)
    send_report_reminders(today=D(2025, 2, 4))
    assert not [m for m in mailoutbox[count:] if "测试县甲局" in m.subject]
