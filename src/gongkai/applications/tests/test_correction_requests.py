"""更正申请 (第四十一条, issue 12 point 12), the query code and address on the 受理回执 (issue 13 point 2),
the agencies offered to applicants (issue 12 point 11) and the query-code helpers left in services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import actions, ledger, querycode, services
from gongkai.applications.forms import OnlineForm
from gongkai.applications.models import Application, LetterKind, RequestKind, Status, allowed_transitions
from gongkai.calendar.cache import get_calendar
from gongkai.reports.builder import case_records
from gongkai.testing.helpers import PASSWORD, at, person

D = dt.date
pytestmark = pytest.mark.django_db
CORRECTION = RequestKind.CORRECTION_REQUEST


def _correction_request(county, day: dt.date, **values: object) -> Application:
    with at(day):
        application, _ = actions.register(
            agency=county.dept_a,
            actor=county.clerk_a,
            data=person(description="本人低保审批表中的出生年份登记错误", **values),
            channel="in_person",
            submitted_on=day,
            request_kind=CORRECTION,
        )
    return Application.objects.get(pk=application.pk)


# --- A. 更正申请: registration, deadline, answers, report -----------------------------------------


def test_correction_request_registered_at_the_counter_runs_on_its_own_setting(county, seeded, settings) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    assert a.request_kind == CORRECTION and a.status == Status.REGISTERED
    # 第四十一条 sets no time limit: the documented default is 20 working days (第三十三条 by analogy).
    assert services.DEFAULTS["GONGKAI_APPLICATIONS_CORRECTION_REQUEST_DAYS"] == 20
    assert a.due_on == get_calendar().add_working_days(D(2025, 3, 3), 20).date
    receipt = a.letters.get(kind=LetterKind.RECEIPT)
    assert receipt.title == "政府信息更正申请受理回执"
    assert "第四十一条" in receipt.body and "第三十三条" not in receipt.body
    settings.GONGKAI_APPLICATIONS_CORRECTION_REQUEST_DAYS = 10
    b = _correction_request(county, D(2025, 3, 3))
    assert b.due_on == get_calendar().add_working_days(D(2025, 3, 3), 10).date
    assert "10个工作日内" in b.letters.get(kind=LetterKind.RECEIPT).body
    disclosure = actions.register(
        agency=county.dept_a, actor=county.clerk_a, data=person(), channel="in_person", submitted_on=D(2025, 3, 3)
    )[0]
    assert disclosure.due_on == get_calendar().add_working_days(D(2025, 3, 3), 20).date  # unchanged


def test_correction_request_online_through_the_form_and_the_api(client, county, seeded) -> None:
    assert dict(OnlineForm().fields["request_kind"].choices)[CORRECTION] == "更正申请（第四十一条）"
    challenge = client.get("/api/applications/challenge").json()
    a, b = (int(x) for x in challenge["question"].split(" 等于")[0].split(" 加 "))
    body = {
        "agency": county.dept_a.code,
        "request_kind": CORRECTION,
        "applicant_kind": "person",
        "applicant_name": "钱七",
        "id_type": "passport",
        "id_number": "E1",
        "description": "本人社保缴费记录中的单位名称有误",
        "phone": "1",
        "info_form": "paper",
        "delivery": "pickup",
        "challenge": challenge["token"],
        "answer": a + b,
    }
    made = client.post("/api/applications", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    application = Application.objects.get(receipt_number=made.json()["receipt_number"])
    assert application.request_kind == CORRECTION and application.status == Status.SUBMITTED


def test_correction_request_has_only_its_own_steps(county, seeded) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    allowed = allowed_transitions(a.status, a.request_kind)
    assert "answer_correction_request" in allowed
    assert not {"answer", "request_correction", "transfer", "fee_notice", "extend"} & set(allowed)
    assert "answer_correction_request" not in allowed_transitions(Status.REGISTERED)  # not on a disclosure case
    with at(D(2025, 3, 5)), pytest.raises(ValidationError) as refused:
        actions.answer(application=a, actor=county.clerk_a, outcome="granted", text="x")
    assert "更正申请" in refused.value.message_dict["status"][0]


def test_correction_request_corrected_letter_says_what_was_corrected(client, county, seeded) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.answer_correction_request(
            application=a, actor=county.clerk_a, result="corrected", text="已将出生年份由1962年更正为1961年。"
        )
        actions.deliver(application=a, actor=county.clerk_a, method="post")
    a.refresh_from_db()
    letter = a.letters.get(kind=LetterKind.CORRECTED)
    assert letter.title == "政府信息更正告知书"
    assert "更正的内容：已将出生年份由1962年更正为1961年。" in letter.body and "第四十一条" in letter.body
    assert a.status == Status.CLOSED and a.outcome == "" and a.answered_on == D(2025, 3, 10)
    with at(D(2025, 3, 11)):
        client.login(username="clerk_a", password=PASSWORD)
        page = client.get(reverse("applications:case", args=[a.pk])).content.decode()
    assert "审核属实，予以更正" in page and "更正申请（第四十一条）" in page


def test_correction_request_not_the_agencys_is_forwarded_to_the_named_agency(county, seeded) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        with pytest.raises(ValidationError) as unnamed:
            actions.answer_correction_request(application=a, actor=county.clerk_a, result="forwarded")
        assert "有权更正的行政机关" in unnamed.value.message_dict["competent_agency"][0]
        actions.answer_correction_request(
            application=a,
            actor=county.clerk_a,
            result="forwarded",
            competent_agency="测试县自然资源局",
            competent_contact="0000-1234567",
        )
    letter = a.letters.get(kind=LetterKind.CORRECTION_FORWARDED)
    assert "不属于本机关职能范围" in letter.body
    assert "转送有权更正的测试县自然资源局处理（联系方式：0000-1234567）" in letter.body


def test_correction_request_refused_states_the_reasons_and_the_remedies(county, seeded) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        with pytest.raises(ValidationError):
            actions.answer_correction_request(application=a, actor=county.clerk_a, result="refused")
        actions.answer_correction_request(
            application=a, actor=county.clerk_a, result="refused", text="该记录与原始档案一致"
        )
    body = a.letters.get(kind=LetterKind.CORRECTION_REFUSED).body
    assert "经审核，该记录与原始档案一致。" in body and "不予更正" in body
    assert "行政复议" in body and "应当先申请行政复议" not in body  # no 复议前置: no 不予公开 decision


def test_correction_request_letters_use_the_safe_placeholders_only(county) -> None:
    from gongkai.accounts.models import Role
    from gongkai.testing.helpers import make_user

    head = make_user("head_x", (county.dept_a, Role.HEAD))
    actions.letter_template_save(
        agency=county.dept_a, actor=head, kind=LetterKind.CORRECTION_FORWARDED, body="转送{{ competent_agency }}。"
    )
    with pytest.raises(ValidationError):
        actions.letter_template_save(
            agency=county.dept_a, actor=head, kind=LetterKind.CORRECTED, body="{{ application.id_number }}"
        )


def test_the_report_does_not_count_correction_requests(county, seeded) -> None:
    _correction_request(county, D(2025, 3, 3))
    with at(D(2025, 3, 3)):
        actions.register(
            agency=county.dept_a, actor=county.clerk_a, data=person(), channel="in_person", submitted_on=D(2025, 3, 3)
        )
    assert len(case_records(county.dept_a, 2025)) == 1
    assert [c.request_kind for c in ledger.year_cases(county.dept_a, 2025)] == [RequestKind.DISCLOSURE]  # 台账


def test_withdrawn_correction_request_gets_no_report_row(county, seeded) -> None:
    a = _correction_request(county, D(2025, 3, 3))
    with at(D(2025, 3, 4)):
        actions.withdraw(application=a, actor=county.clerk_a, reason="申请人撤回")
    a.refresh_from_db()
    assert a.status == Status.CLOSED and a.outcome == ""


# --- B. The 受理回执 prints the site's address and, for staff registrations, the query code -------


def test_receipt_of_a_staff_registration_prints_the_code_and_the_site(county, seeded, settings) -> None:
    settings.GONGKAI_SITE_URL = "https://gongkai.example.cn"
    with at(D(2025, 3, 3)):
        application, code = actions.register(
            agency=county.dept_a, actor=county.clerk_a, data=person(), channel="in_person", submitted_on=D(2025, 3, 3)
        )
    body = application.letters.get(kind=LetterKind.RECEIPT).body
    assert f"您的查询码：{code}" in body and querycode.find_by_code(code) == application
    assert f"https://gongkai.example.cn{reverse('applications:status')}" in body


def test_receipt_of_an_online_application_says_the_code_was_given_at_submission(county, seeded, settings) -> None:
    settings.GONGKAI_SITE_URL = "https://gongkai.example.cn"
    with at(D(2025, 3, 3)):
        application, code = actions.submit_online(agency=county.dept_a, data=person())
        actions.confirm(application=application, actor=county.clerk_a)
    body = application.letters.get(kind=LetterKind.RECEIPT).body
    assert "查询码已在您提交申请时告知" in body and code not in body
    assert "https://gongkai.example.cn" in body


# --- C. Only agencies that may be applied to are offered -------------------------------------


def test_village_committee_is_not_offered_in_the_form_or_the_api(client, county) -> None:
    offered = list(OnlineForm().fields["agency"].queryset)
    assert county.dept_a in offered and county.village not in offered
    codes = [row["code"] for row in client.get("/api/applications/agencies").json()]
    assert county.dept_a.code in codes and county.village.code not in codes


# --- D. The query-code helpers replaced by querycode.py are gone ------------------------------


def test_services_no_longer_carries_the_old_query_code_helpers() -> None:
    assert not hasattr(services, "new_query_code") and not hasattr(services, "find_by_code")
