"""The portal form, the status page, and the staff workspace pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import actions, services
from gongkai.applications.models import Application, Status
from gongkai.testing.helpers import PASSWORD, RESIDENT_ID, at, in_person, person

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _form(client, agency, **overrides):
    page = client.get(reverse("applications:apply")).content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    a, b = map(int, re.search(r"验证问题：(\d) 加 (\d) 等于几", page).groups())
    data = {
        "agency": agency.pk,
        "applicant_kind": "person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13800000000",
        "email": "li@example.cn",
        "description": "某路段改造工程批复文件",
        "info_form": "email",
        "delivery": "email",
        "challenge": token,
        "answer": a + b,
    }
    data.update(overrides)
    return data


def test_online_form_gives_receipt_number_and_query_code(client, county, seeded) -> None:
    response = client.post(reverse("applications:apply"), _form(client, county.dept_a), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    code = re.search(r'id="query-code">([^<]+)<', text).group(1)
    application = Application.objects.get()
    assert application.receipt_number in text and len(code.replace(" ", "")) == 16
    assert application.query_code_hash != code


def test_wrong_challenge_answer_stores_nothing(client, county, seeded) -> None:
    data = _form(client, county.dept_a)
    data["answer"] = data["answer"] + 1
    response = client.post(reverse("applications:apply"), data)
    assert "验证问题回答不正确" in response.content.decode()
    assert not Application.objects.exists()


def test_forged_challenge_is_refused(client, county, seeded) -> None:
    response = client.post(reverse("applications:apply"), _form(client, county.dept_a, challenge="1:2", answer=3))
    assert "验证问题已过期" in response.content.decode() and not Application.objects.exists()


def test_bad_id_number_shows_a_chinese_field_error(client, county, seeded) -> None:
    response = client.post(reverse("applications:apply"), _form(client, county.dept_a, id_number="110105194912310021"))
    assert "校验位不正确" in response.content.decode() and not Application.objects.exists()


def test_rate_limit_per_applicant(client, county, seeded, settings) -> None:
    settings.GONGKAI_APPLICATIONS_RATE_PER_APPLICANT = 2
    for _ in range(2):
        client.post(reverse("applications:apply"), _form(client, county.dept_a))
    response = client.post(reverse("applications:apply"), _form(client, county.dept_a))
    assert "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 2
    # Another applicant from the same address is still served (the address limit is higher).
    client.post(reverse("applications:apply"), _form(client, county.dept_a, id_type="passport", id_number="E1234"))
    assert Application.objects.count() == 3


def test_rate_limit_per_address(client, county, seeded, settings) -> None:
    settings.GONGKAI_APPLICATIONS_RATE_PER_IP = 1
    client.post(reverse("applications:apply"), _form(client, county.dept_a))
    response = client.post(
        reverse("applications:apply"), _form(client, county.dept_a, id_type="passport", id_number="E1")
    )
    assert "本网络地址提交过于频繁" in response.content.decode()


def _api_apply(client, agency, forwarded: str, id_number: str):
    challenge = client.get("/api/applications/challenge").json()
    a, b = (int(x) for x in challenge["question"].split(" 等于")[0].split(" 加 "))
    body = {
        "agency": agency.code,
        "applicant_kind": "person",
        "applicant_name": "钱七",
        "id_type": "passport",
        "id_number": id_number,
        "description": "某文件",
        "phone": "1",
        "address": "测试县某路1号",  # the default 获取方式 is 邮寄
        "challenge": challenge["token"],
        "answer": a + b,
    }
    return client.post(
        "/api/applications", json.dumps(body), content_type="application/json", HTTP_X_FORWARDED_FOR=forwarded
    )


def test_rate_limit_behind_proxy_counts_the_address_nginx_appended(client, county, seeded, settings) -> None:
    """Behind nginx each client address (the right-most X-Forwarded-For entry) has its own bucket, and
    what the client wrote to the left of it changes nothing; the form and the API count together."""
    settings.GONGKAI_BEHIND_PROXY = True
    settings.GONGKAI_APPLICATIONS_RATE_PER_IP = 1

    def submit(forwarded: str, id_number: str) -> str:
        data = _form(client, county.dept_a, id_type="passport", id_number=id_number)
        response = client.post(reverse("applications:apply"), data, HTTP_X_FORWARDED_FOR=forwarded, follow=True)
        return response.content.decode()

    assert 'id="query-code"' in submit("203.0.113.1", "E1")
    assert 'id="query-code"' in submit("203.0.113.2", "E2")  # another address, another bucket
    refused = submit("198.51.100.7, 203.0.113.1", "E3")  # a forged left-most entry does not help
    assert "本网络地址提交过于频繁" in refused
    assert Application.objects.count() == 2
    # The API reads the address the same way and shares the buckets with the form.
    assert _api_apply(client, county.dept_a, "203.0.113.3", "E4").status_code == 201
    for forwarded in ("203.0.113.3", "198.51.100.8, 203.0.113.2"):
        answer = _api_apply(client, county.dept_a, forwarded, "E5")
        assert answer.status_code == 422 and "本网络地址提交过于频繁" in answer.json()["errors"]["__all__"][0]
    assert Application.objects.count() == 3


def test_status_page_shows_this_case_only_without_personal_data(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        mine, code = actions.submit_online(agency=county.dept_a, data=person(applicant_name="王小明"))
        actions.submit_online(
            agency=county.dept_a, data=person(applicant_name="赵其他", id_type="passport", id_number="P9")
        )
        actions.confirm(application=mine, actor=county.clerk_a)
        response = client.post(reverse("applications:status"), {"code": code})
        letter = mine.letters.get()
        download = client.get(reverse("applications:public_letter", args=[mine.pk, letter.pk, "pdf"]))
    assert download.status_code == 200 and download.getvalue().startswith(b"%PDF")
    text = response.content.decode()
    assert mine.receipt_number in text and "2025-03-31" in text
    assert "王**" in text and "王小明" not in text
    for secret in (RESIDENT_ID, "13800000000", "zhang@example.cn", "赵其他", "clerk_a", "CLERK_A"):
        assert secret not in text


def test_wrong_code_and_no_session_reveal_nothing(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
    response = client.post(reverse("applications:status"), {"code": "not-a-code"})
    assert "查询码不正确" in response.content.decode()
    assert client.get(reverse("applications:status") + f"?case={a.pk}").content.decode().count(a.receipt_number) == 0
    letter = a.letters.get()
    assert client.get(reverse("applications:public_letter", args=[a.pk, letter.pk, "pdf"])).status_code == 404


def test_applicant_can_withdraw_from_the_status_page(client, county, seeded) -> None:
    a, code = actions.submit_online(agency=county.dept_a, data=person())
    client.post(reverse("applications:status"), {"code": code})
    client.post(reverse("applications:public_withdraw", args=[a.pk]), {"reason": "不需要了"})
    a.refresh_from_db()
    assert a.status == Status.CLOSED and a.outcome == "other_other"


def test_applicant_sends_the_correction_online_and_staff_confirm_its_receipt(client, county, seeded) -> None:
    from gongkai.site.panels import todos

    with at(D(2025, 3, 3)):
        a, code = actions.submit_online(agency=county.dept_a, data=person())
        actions.confirm(application=a, actor=county.clerk_a)
        actions.request_correction(application=a, actor=county.clerk_a, items="请说明所需文件的文号")
        client.post(reverse("applications:status"), {"code": code})
        page = client.get(reverse("applications:status") + f"?case={a.pk}").content.decode()
        assert "在线提交补正" in page
        url = reverse("applications:public_correction", args=[a.pk])
        refused = client.post(url, {"text": "  "}, follow=True).content.decode()
        assert "请填写补正内容或上传补正材料" in refused
    with at(D(2025, 3, 5)):
        client.post(reverse("applications:status"), {"code": code})  # a new visit, a new session
        sent = client.post(
            url,
            {"text": "文号为云溪发〔2024〕12号", "files": SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 test")},
            follow=True,
        ).content.decode()
    assert "补正材料已提交" in sent and "已于2025-03-05提交，等待工作机构确认收到" in sent
    assert "在线提交补正材料" in sent  # the public timeline
    a.refresh_from_db()
    assert a.status == Status.CORRECTION and a.correction_submitted_on == D(2025, 3, 5)
    assert a.files.filter(kind="correction").count() == 1
    with at(D(2025, 3, 5)):
        again = client.post(url, {"text": "再补一次"}, follow=True).content.decode()
    assert "请等待工作机构确认" in again

    # The office sees it waiting, with the day it was sent offered as the receipt day.
    with at(D(2025, 3, 7)):
        waiting = {t.label: t.count for t in todos(county.clerk_a)}
    assert waiting["申请人已在线补正、待确认收到"] == 1
    client.login(username="clerk_a", password=PASSWORD)
    with at(D(2025, 3, 7)):
        case = client.get(reverse("applications:case", args=[a.pk])).content.decode()
        assert 'id="online-correction"' in case and 'value="2025-03-05"' in case
        actions.receive_correction(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    # The correction is kept apart from the description (no internal marker in letters, issue 12 point 8).
    assert a.status == Status.PROCESSING and a.correction_text == "文号为云溪发〔2024〕12号"
    assert "【补正】" not in a.description
    # 20 working days from 2025-03-05, the day the correction arrived (第三十条).
    assert a.due_on == D(2025, 4, 2)


def test_staff_lists_and_case_page_scope(client, county, seeded) -> None:
    today = services.today()
    a = in_person(county, today)
    client.login(username="clerk_b", password=PASSWORD)
    assert client.get(reverse("applications:case", args=[a.pk])).status_code == 404
    assert a.receipt_number not in client.get(reverse("applications:cases")).content.decode()
    client.login(username="supervisor", password=PASSWORD)
    assert a.receipt_number in client.get(reverse("applications:cases") + "?view=subtree").content.decode()
    page = client.get(reverse("applications:case", args=[a.pk])).content.decode()
    assert a.receipt_number in page and 'id="actions"' not in page  # oversight, no handling buttons
    client.login(username="clerk_a", password=PASSWORD)
    page = client.get(reverse("applications:case", args=[a.pk])).content.decode()
    assert "form-accept" in page and "form-request_correction" in page and "form-extend" not in page
    assert a.receipt_number in client.get(reverse("applications:cases") + "?view=agency").content.decode()


def test_case_action_post_and_error_message(client, county, seeded) -> None:
    a = in_person(county, services.today())
    client.login(username="clerk_a", password=PASSWORD)
    response = client.post(reverse("applications:action", args=[a.pk, "deliver"]), {"method": "post"}, follow=True)
    assert "当前状态“已登记”下不能送达" in response.content.decode()
    client.post(reverse("applications:action", args=[a.pk, "accept"]))
    a.refresh_from_db()
    assert a.status == Status.PROCESSING and a.handler == county.clerk_a
    mine = client.get(reverse("applications:cases") + "?view=mine").content.decode()
    assert a.receipt_number in mine


def test_due_soon_and_overdue_views(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        late = in_person(county, D(2025, 3, 3))
    with at(D(2025, 3, 28)):
        soon = in_person(county, D(2025, 3, 3) + dt.timedelta(days=0))
    client.login(username="clerk_a", password=PASSWORD)
    with at(D(2025, 4, 2)):
        overdue = client.get(reverse("applications:cases") + "?view=overdue").content.decode()
        due_soon = client.get(reverse("applications:cases") + "?view=due_soon").content.decode()
    assert late.receipt_number in overdue
    assert soon.receipt_number in overdue  # both were received on 03-03
    Application.objects.filter(pk=soon.pk).update(due_on=D(2025, 4, 3))
    with at(D(2025, 4, 2)):
        due_soon = client.get(reverse("applications:cases") + "?view=due_soon").content.decode()
    assert soon.receipt_number in due_soon and late.receipt_number not in due_soon


def test_staff_registration_form(client, county, seeded) -> None:
    client.login(username="clerk_a", password=PASSWORD)
    today = services.today().isoformat()
    data = {
        "agency": county.dept_a.pk,
        "channel": "in_person",
        "submitted_on": today,
        "applicant_kind": "person",
        "applicant_name": "周五",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "1",
        "description": "x",
        "info_form": "paper",
        "delivery": "post",
        "address": "测试县某路1号",
    }
    response = client.post(reverse("applications:register"), data)
    assert 'id="query-code"' in response.content.decode()
    assert Application.objects.get().received_on == services.today()
    data["channel"] = "registered_mail"
    response = client.post(reverse("applications:register"), data)
    assert "签收日期" in response.content.decode() and Application.objects.count() == 1


def test_letters_and_archive_download(client, county, seeded) -> None:
    a = in_person(county, services.today())
    actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held", not_held_reason="not_exist")
    actions.deliver(application=a, actor=county.clerk_a, method="post")
    client.login(username="clerk_a", password=PASSWORD)
    letter = a.letters.last()
    pdf = client.get(reverse("applications:letter", args=[a.pk, letter.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    # The Chinese file name survives in the standard (RFC 5987) form.
    assert pdf["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(f'{letter.number}-{letter.title}.pdf')}"
    docx = client.get(reverse("applications:letter", args=[a.pk, letter.pk, "docx"]))
    assert docx.getvalue()[:2] == b"PK"
    import io
    import zipfile

    archive = client.get(reverse("applications:archive", args=[a.pk]))
    assert archive["Content-Type"] == "application/zip"
    assert quote(f"{a.receipt_number}-归档.zip") in archive["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(archive.getvalue()))
    names = bundle.namelist()
    assert names[0] == "00-案件办理过程.pdf" and sum(n.endswith(".pdf") for n in names) == 3


def test_head_edits_the_agency_letter_template(client, county, seeded) -> None:
    from gongkai.applications.models import LetterTemplate

    url = reverse("applications:letter_templates")
    client.login(username="clerk_a", password=PASSWORD)
    assert client.get(url).status_code == 403
    client.login(username="head_a", password=PASSWORD)
    page = client.get(url + "?kind=receipt").content.decode()
    assert "本机关于{{ received }}收到您提出的政府信息公开申请" in page
    bad = client.post(url, {"agency": county.dept_a.pk, "kind": "receipt", "body": "{% if %}"}).content.decode()
    assert "模板语法有误" in bad and not LetterTemplate.objects.exists()
    client.post(url, {"agency": county.dept_a.pk, "kind": "receipt", "body": "收到{{ receipt_number }}。"})
    a = in_person(county, services.today())
    assert a.letters.get().body == f"收到{a.receipt_number}。"
    client.post(url, {"agency": county.dept_a.pk, "kind": "receipt", "body": ""})
    assert not LetterTemplate.objects.exists()


def test_application_without_agency_is_routed_to_the_root(client, county, seeded, settings) -> None:
    data = _form(client, county.dept_a)
    data["agency"] = ""
    response = client.post(reverse("applications:apply"), data, follow=True)
    assert 'id="query-code"' in response.content.decode()
    assert Application.objects.get().agency == county.gov
    settings.GONGKAI_APPLICATIONS_ROUTING_AGENCY = "GOV-T"
    data = _form(client, county.dept_a, id_type="passport", id_number="E7")
    data["agency"] = ""
    client.post(reverse("applications:apply"), data)
    assert Application.objects.order_by("-id").first().agency == county.township


def test_template_link_only_for_heads(client, county, seeded) -> None:
    client.login(username="clerk_a", password=PASSWORD)
    assert "告知书模板" not in client.get(reverse("applications:cases")).content.decode()
    client.login(username="head_a", password=PASSWORD)
    assert "告知书模板" in client.get(reverse("applications:cases")).content.decode()


def test_transfer_appeal_and_ledger_pages(client, county, seeded) -> None:
    a = in_person(county, services.today())
    client.login(username="clerk_a", password=PASSWORD)
    client.post(
        reverse("applications:action", args=[a.pk, "transfer"]), {"to_agency": county.dept_b.pk, "reason": "乙局负责"}
    )
    a.refresh_from_db()
    assert a.status == Status.TRANSFERRING
    moved = a.transfers.get()
    client.login(username="clerk_b", password=PASSWORD)
    assert "乙局负责" in client.get(reverse("applications:cases")).content.decode()
    page = client.get(reverse("applications:case", args=[a.pk])).content.decode()
    assert "转办待接收" in page
    client.post(reverse("applications:transfer_decide", args=[moved.pk, "accept"]))
    a.refresh_from_db()
    assert a.agency == county.dept_b and a.status == Status.PROCESSING
    response = client.post(
        reverse("applications:action", args=[a.pk, "appeal"]),
        {"kind": "review", "filed_on": "2025-01-02", "body": "测试县人民政府", "result": "upheld"},
        follow=True,
    )
    assert "已审结的案件请填写决定或判决日期" in response.content.decode()
    client.post(
        reverse("applications:action", args=[a.pk, "appeal"]),
        {"kind": "review", "filed_on": "2025-01-02", "body": "测试县人民政府", "result": "pending"},
    )
    appeal = a.appeals.get()
    client.post(
        reverse("applications:action", args=[a.pk, "appeal_update"]),
        {"appeal": appeal.pk, "result": "corrected", "decided_on": "2025-03-01"},
    )
    appeal.refresh_from_db()
    assert appeal.result == "corrected"
    bad = b"\xef\xbb\xbf\xe5\x8f\x97\xe7\x90\x86\xe7\xbc\x96\xe5\x8f\xb7\n1\n"  # a header row only with 受理编号
    response = client.post(
        reverse("applications:ledger"), {"agency": county.dept_b.pk, "file": SimpleUploadedFile("x.csv", bad)}
    )
    assert "缺少列" in response.content.decode()
    export = client.get(reverse("applications:ledger_export") + f"?agency={county.dept_b.pk}&year={a.received_on.year}")
    assert export.status_code == 200 and export.getvalue()[:2] == b"PK"
    assert quote("年政府信息公开申请台账.xlsx") in export["Content-Disposition"]
    assert (
        client.get(reverse("applications:ledger_export") + f"?agency={county.dept_a.pk}&year=2025").status_code == 404
    )


def test_received_date_preview(client, county, seeded) -> None:
    client.login(username="clerk_a", password=PASSWORD)
    url = reverse("applications:received_preview")
    page = client.get(url, {"channel": "registered_mail", "signed_on": "2025-03-04", "arrived_on": "2025-03-03"})
    assert "2025-03-04" in page.content.decode() and "签收" in page.content.decode()
    letter = client.get(url, {"channel": "ordinary_letter", "arrived_on": "2025-03-03", "confirmed_on": "2025-03-05"})
    assert "应当于收到申请的当日与申请人确认" in letter.content.decode()
    assert "尚不能确定" in client.get(url, {"channel": "online"}).content.decode()


def test_registration_into_a_locked_year_says_so_on_the_form(client, county, seeded) -> None:
    from gongkai.reports import actions as reports

    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        report = reports.report_build(agency=county.dept_a, year=2025, actor=county.clerk_a)
        reports.report_publish(report=report, confirmed=reports.CHECKLIST, actor=county.reviewer_a)
        reports.year_lock(agency=county.dept_a, year=2025, actor=county.head_a)
        client.login(username="clerk_a", password=PASSWORD)
        data = {
            "agency": county.dept_a.pk,
            "channel": "in_person",
            "submitted_on": "2025-12-29",
            "applicant_kind": "person",
            "applicant_name": "周五",
            "id_type": "resident_id",
            "id_number": RESIDENT_ID,
            "phone": "1",
            "description": "x",
            "info_form": "paper",
            "delivery": "post",
            "address": "测试县某路1号",
        }
        response = client.post(reverse("applications:register"), data)
    assert response.status_code == 200
    assert "已发布并锁定" in response.content.decode()
    assert not Application.objects.exists()
