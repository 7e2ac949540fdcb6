"""Reminders, the API, the ledger and the letters."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications import actions, letters, services
from gongkai.applications.ledger import export_xlsx, import_ledger, template_xlsx
from gongkai.applications.models import Application, LetterKind, ReminderSent, Status
from gongkai.applications.reminders import send_reminders
from gongkai.testing.helpers import PASSWORD, RESIDENT_ID, at, in_person, person

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(county):
    for user, address in ((county.clerk_a, "a@x.cn"), (county.supervisor, "sup@x.cn"), (county.clerk_b, "b@x.cn")):
        user.email = address
        user.save(update_fields=["email"])
    return county


def test_reminders_due_soon_overdue_and_idempotent(emails, seeded) -> None:
    county = emails
    with at(D(2025, 3, 3)):
        late = in_person(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        soon = in_person(county, D(2025, 3, 10))
        far = in_person(county, D(2025, 3, 10))
    Application.objects.filter(pk=far.pk).update(due_on=D(2025, 6, 1))
    mail.outbox.clear()
    first = send_reminders(D(2025, 4, 3))  # late due 03-31 (overdue); soon due 04-08 (3 working days, 清明 skipped)
    assert (first.handler, first.supervisor) == (2, 1)
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("督办" in s and late.receipt_number in s for s in subjects)
    assert any(soon.receipt_number in s and "即将到期" in s for s in subjects)
    assert all(far.receipt_number not in s for s in subjects)
    assert {tuple(m.to) for m in mail.outbox} == {("a@x.cn",), ("sup@x.cn",)}
    again = send_reminders(D(2025, 4, 3))
    assert (again.handler, again.supervisor) == (0, 0) and len(mail.outbox) == 3
    assert ReminderSent.objects.count() == 3
    send_reminders(D(2025, 4, 7))
    assert ReminderSent.objects.filter(day=D(2025, 4, 7)).count() == 3


def test_reminder_command_output(emails, seeded) -> None:
    out = io.StringIO()
    call_command("send-reminders", "--date", "2025-04-03", stdout=out)
    assert "已提醒承办人 0 件" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("send-reminders", "--date", "2025/04/03")


def _answered_challenge(client) -> dict:
    challenge = client.get("/api/applications/challenge").json()
    a, b = (int(x) for x in challenge["question"].split(" 等于")[0].split(" 加 "))
    return {"challenge": challenge["token"], "answer": a + b}


def test_api_apply_and_status(client, county, seeded) -> None:
    cache.clear()
    body = {
        "agency": county.dept_a.code,
        "applicant_kind": "person",
        "applicant_name": "钱七",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "description": "某文件",
        "phone": "1",
        "address": "测试县某路1号",  # the default 获取方式 is 邮寄
        **_answered_challenge(client),
    }
    created = client.post("/api/applications", json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    code = created.json()["query_code"]
    status = client.post("/api/applications/status", json.dumps({"code": code}), content_type="application/json")
    assert status.json()["status"] == Status.SUBMITTED and "钱七" not in status.content.decode()
    bad = client.post(
        "/api/applications",
        json.dumps({**body, **_answered_challenge(client), "id_number": "110105194912310021"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "id_number" in bad.json()["errors"]
    wrong = client.post("/api/applications/status", json.dumps({"code": "x"}), content_type="application/json")
    assert wrong.status_code == 422
    cache.clear()


def test_api_staff_scope(client, county, seeded) -> None:
    a = in_person(county, services.today())
    assert client.get("/api/staff/applications").status_code == 401
    client.login(username="clerk_b", password=PASSWORD)
    assert client.get("/api/staff/applications").json()["items"] == []
    assert client.get(f"/api/staff/applications/{a.pk}").status_code == 404
    client.login(username="clerk_a", password=PASSWORD)
    items = client.get("/api/staff/applications?view=agency").json()["items"]
    assert [i["receipt_number"] for i in items] == [a.receipt_number]
    detail = client.get(f"/api/staff/applications/{a.pk}").json()
    assert detail["clock_state"] == "running" and detail["due_on"] == a.due_on.isoformat()
    assert client.get("/api/staff/applications?view=nope").status_code == 422
    schema = client.get("/api/schema").json()
    assert "/api/staff/applications" in schema["paths"] and "/api/applications" in schema["paths"]


LEDGER = (
    "受理编号,收到日期,申请人类型,申请人,申请方式,申请内容,答复日期,处理结果,是否延期,收费金额（元）,备注\n"
    "OLD-1,2024-03-01,自然人,张三,当面,文件甲,2024-03-20,（一）予以公开,否,,\n"
    "OLD-2,2024/12/20,商业企业,某公司,邮寄,文件乙,2025年1月10日,属于国家秘密,是,100,\n"
    ",2024-12-28,natural_person,李四,网络,文件丙,,,,,未办结\n"
)


def test_ledger_import_creates_historical_cases(county, seeded) -> None:
    count = import_ledger(agency=county.dept_a, data=LEDGER.encode(), filename="台账.csv", actor=county.clerk_a)
    assert count == 3
    cases = {a.applicant_name: a for a in Application.objects.all()}
    assert cases["张三"].outcome == "granted" and cases["张三"].status == Status.CLOSED
    assert cases["某公司"].outcome == "denied_state_secret" and cases["某公司"].extension_days == 20
    assert cases["某公司"].fee_amount == 100 and cases["某公司"].applicant_type == "commercial"
    assert cases["李四"].status == Status.PROCESSING and cases["李四"].due_on is not None
    assert cases["李四"].receipt_number == "GOV-A-2024-00001"
    # Report-style queries: received in 2024 / answered in 2025 / open at the end of 2024.
    assert Application.objects.filter(received_on__year=2024).count() == 3
    assert Application.objects.filter(answered_on__year=2025).values_list("outcome", flat=True).get() == (
        "denied_state_secret"
    )


def test_ledger_bad_rows_import_nothing(county, seeded) -> None:
    bad = LEDGER + "OLD-1,2024-02-30,外星人,,传呼,,2024-01-01,予以公开,也许,-5,\n"
    with pytest.raises(ValidationError, match="第5行：") as caught:
        import_ledger(agency=county.dept_a, data=bad.encode(), filename="x.csv", actor=county.clerk_a)
    messages = caught.value.messages
    assert messages[0].startswith("第5行：") and "日期" in messages[0] and "申请人类型" in messages[0]
    assert "受理编号“OLD-1”在文件中重复" in messages[0] and "是否延期" in messages[0]
    assert not Application.objects.exists()


def test_ledger_command_and_xlsx_round_trip(county, seeded, tmp_path) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes(LEDGER.encode("gb18030"))
    out = io.StringIO()
    call_command("ledger-import", "--agency", "GOV-A", str(path), stdout=out)
    assert "已导入 3 件" in out.getvalue()
    with pytest.raises(CommandError, match="已存在"):
        call_command("ledger-import", "--agency", "GOV-A", str(path))
    data = export_xlsx(county.dept_a, 2024)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:11] == (
        "受理编号",
        "收到日期",
        "申请人类型",
        "申请人",
        "申请方式",
        "申请内容",
        "答复日期",
        "处理结果",
        "是否延期",
        "收费金额（元）",
        "备注",
    )
    assert len(rows) == 4
    template = load_workbook(io.BytesIO(template_xlsx())).active
    assert next(template.iter_rows(values_only=True))[0] == "受理编号"


def test_letters_use_agency_template_and_render_docx(county, seeded) -> None:
    from gongkai.applications.models import LetterTemplate

    LetterTemplate.objects.create(
        agency=county.dept_a,
        kind=LetterKind.RECEIPT,
        body="本机关已收到{{ applicant_name }}的申请，编号{{ receipt_number }}。",
    )
    a = in_person(county, services.today())
    letter = a.letters.get()
    assert letter.body == f"本机关已收到张三的申请，编号{a.receipt_number}。"
    from docx import Document

    document = Document(io.BytesIO(letters.to_docx(letter)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "政府信息公开申请受理回执" and county.dept_a.name in texts
    assert document.sections[0].top_margin.mm == pytest.approx(37, abs=0.1)
    html = letters.to_html(letter)
    assert "Noto Serif CJK SC" in html and "方正小标宋简体" in html


@pytest.mark.parametrize(
    "outcome", ["granted", "denied_process_info", "unable_not_held", "rejected_repeat", "other_other"]
)
def test_answer_letter_per_outcome_states_remedies(county, seeded, outcome) -> None:
    a = in_person(county, services.today())
    actions.answer(application=a, actor=county.clerk_a, outcome=outcome, text="说明", not_held_reason="not_exist")
    body = a.letters.get(kind=LetterKind.ANSWER).body
    assert "行政复议" in body and "测试县人民政府" in body
    if outcome.startswith("denied"):
        assert "应当先申请行政复议" in body and "过程性信息" in body
    else:
        assert "六个月内向人民法院提起行政诉讼" in body


def test_online_email_each_step(county, seeded, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        a, _ = actions.submit_online(agency=county.dept_a, data=person(email="me@example.cn"))
        actions.confirm(application=a, actor=county.clerk_a)
        actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held", not_held_reason="not_exist")
    assert [m.to for m in mail.outbox] == [["me@example.cn"]] * 3
    assert "申请已答复" in mail.outbox[-1].subject


def test_report_tables_count_by_year_outcome_and_applicant_type(county, seeded) -> None:
    from gongkai.reports.builder import build_report

    def applications_table(agencies, year):
        return build_report(agencies[0], year)["applications"]

    def appeals_table(agencies, year):
        return build_report(agencies[0], year)["appeals"]

    import_ledger(agency=county.dept_a, data=LEDGER.encode(), filename="t.csv", actor=None)
    case = Application.objects.get(applicant_name="某公司")
    actions.appeal_create(
        application=case,
        actor=None,
        kind="review",
        filed_on=D(2025, 2, 1),
        body="测试县人民政府",
        result="upheld",
        decided_on=D(2026, 3, 1),
    )
    t24 = applications_table([county.dept_a], 2024)
    assert t24["new_received"]["total"] == 3 and t24["new_received"]["commercial"] == 1
    assert t24["granted"]["natural_person"] == 1 and t24["total_processed"]["total"] == 1
    assert t24["carried_forward"]["total"] == 2 and t24["carried_over"]["total"] == 0
    t25 = applications_table([county.dept_a], 2025)
    assert t25["carried_over"] == t24["carried_forward"]
    assert t25["denied_state_secret"]["commercial"] == 1 and t25["new_received"]["total"] == 0
    # C1: new_received + carried_over = total_processed + carried_forward, per column.
    for t in (t24, t25):
        for c in ["natural_person", "commercial", "total"]:
            assert t["new_received"][c] + t["carried_over"][c] == t["total_processed"][c] + t["carried_forward"][c]
    assert appeals_table([county.dept_a], 2025)["review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    # A review counts in the year it was filed (docs/reports.md), with its result at that year's end.
    assert appeals_table([county.dept_a], 2026)["review"]["total"] == 0


def test_close_lapsed_closes_the_day_after_the_deadline_and_is_idempotent(county, seeded) -> None:
    from gongkai.applications.lapses import close_lapsed

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        case = in_person(county, D(2026, 3, 2))
        case = actions.request_correction(application=case, actor=county.clerk_a, items="写明文件名称")
    deadline = Application.objects.get(pk=case.pk).correction_deadline
    with time_machine.travel(dt.datetime.combine(deadline, dt.time(10), tzinfo=dt.UTC)):
        assert close_lapsed(today=deadline).corrections == 0  # not yet lapsed on its last day
    after = deadline + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after, dt.time(10), tzinfo=dt.UTC)):
        assert close_lapsed(today=after).corrections == 1
        assert close_lapsed(today=after).corrections == 0
    closed = Application.objects.get(pk=case.pk)
    assert closed.status == Status.CLOSED and closed.outcome == "other_no_correction" and closed.answered_on == after
