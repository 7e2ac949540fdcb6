"""Issue 13, intake: a reload or a resubmission creates nothing new (post/redirect/get), the query code
is easy to read aloud and type, the receipt and status pages say what was asked and when it is due, and
the form checks what the applicant asked for across fields, with an error summary and specific messages."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from gongkai.applications import actions, intake, querycode
from gongkai.applications.models import Application
from gongkai.applications.tests import test_views
from gongkai.testing.helpers import PASSWORD, USCC, at, person

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _form(client, agency, **overrides):
    """The form as the page posts it, with its one-submission token."""
    return {"submission": intake.new_submission_token(), **test_views._form(client, agency, **overrides)}


def _receipt_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


# 1. Post/redirect/get; a resubmission creates nothing new -------------------------------------------


def test_submission_redirects_to_a_receipt_that_reloads_without_a_second_application(client, county, seeded) -> None:
    data = _form(client, county.dept_a)
    url = _receipt_url(client.post(reverse("applications:apply"), data))
    application = Application.objects.get()
    assert url == reverse("applications:receipt", args=[application.pk])
    first, again = client.get(url).content.decode(), client.get(url).content.decode()
    code = re.search(r'id="query-code">([^<]+)<', first).group(1)
    assert code in again and application.receipt_number in again
    assert Application.objects.count() == 1


def test_the_same_form_posted_again_creates_nothing(client, county, seeded) -> None:
    data = _form(client, county.dept_a)
    url = _receipt_url(client.post(reverse("applications:apply"), data))
    replay = client.post(reverse("applications:apply"), data, follow=True)
    assert replay.redirect_chain[-1][0] == url
    assert "这份申请已经提交过，没有重复提交" in replay.content.decode()
    assert Application.objects.count() == 1
    # From another browser the replay is refused too, and shows nothing of the case.
    other = client.__class__()
    elsewhere = other.post(reverse("applications:apply"), data, follow=True)
    assert elsewhere.redirect_chain[-1][0] == reverse("applications:status")
    assert Application.objects.get().receipt_number not in elsewhere.content.decode()
    assert Application.objects.count() == 1


def test_the_receipt_of_another_browser_is_not_shown(client, county, seeded) -> None:
    url = _receipt_url(client.post(reverse("applications:apply"), _form(client, county.dept_a)))
    assert client.__class__().get(url).status_code == 404


# 2. The query code ---------------------------------------------------------------------------------


def test_query_code_is_16_unambiguous_characters_in_groups_of_four() -> None:
    codes = [querycode.new_query_code()[0] for _ in range(200)]
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){3}", code), code
    assert len(set(codes)) == len(codes)
    assert len(querycode.ALPHABET) ** querycode.LENGTH >= 2**80
    assert not set("ILOU") & set(querycode.ALPHABET)


def test_query_code_is_accepted_in_any_case_with_spaces_dashes_and_lookalikes(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        application, code = actions.submit_online(agency=county.dept_a, data=person())
    compact = code.replace(" ", "")
    typed = [
        code.lower(),
        compact,
        compact.lower(),
        "-".join(code.split()),
        f"  {code.lower()}  ",
        code.replace(" ", "\u3000"),  # full-width spaces from a Chinese input method
        code.translate(str.maketrans({"1": "l", "0": "o"})),
    ]
    for text in typed:
        assert querycode.find_by_code(text) == application, text
    assert querycode.find_by_code(compact[:-1]) is None
    assert querycode.find_by_code("") is None and querycode.find_by_code("x" * 500) is None


def test_codes_issued_before_keep_working(county, seeded) -> None:
    """Old codes (``secrets.token_urlsafe(16)``) were stored as sha256 of the code as issued."""
    with at(D(2025, 9, 25)):
        application, _ = actions.submit_online(agency=county.dept_a, data=person())
    old_code = "aB3-_xYz09QwErTyUiOpAs"
    Application.objects.filter(pk=application.pk).update(query_code_hash=hashlib.sha256(old_code.encode()).hexdigest())
    assert querycode.find_by_code(old_code) == application
    assert querycode.find_by_code(f" {old_code} ") == application
    assert querycode.find_by_code(old_code.lower()) is None  # they stay case-sensitive, as issued


def test_status_page_and_api_accept_the_code_typed_loosely(client, county, seeded) -> None:
    with at(D(2025, 9, 25)):
        application, code = actions.submit_online(agency=county.dept_a, data=person())
    page = client.post(reverse("applications:status"), {"code": code.lower()}).content.decode()
    assert application.receipt_number in page
    answer = client.post(
        "/api/applications/status",
        json.dumps({"code": "-".join(code.lower().split())}),
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["receipt_number"] == application.receipt_number


def test_receipt_offers_copy_print_and_email_to_the_applicant(client, county, seeded) -> None:
    url = _receipt_url(client.post(reverse("applications:apply"), _form(client, county.dept_a)))
    page = client.get(url).content.decode()
    code = re.search(r'id="query-code">([^<]+)<', page).group(1)
    assert 'data-copy="query-code"' in page and "data-print" in page and "applications/apply.js" in page
    assert "发送到我的邮箱（l***@example.cn）" in page and "http://testserver/apply/status/" in page
    mail.outbox.clear()
    sent = client.post(url, follow=True).content.decode()
    assert "已把受理编号和查询码发送到 l***@example.cn" in sent
    assert [m.to for m in mail.outbox] == [["li@example.cn"]] and code in mail.outbox[0].body
    for _ in range(5):  # a page that sends mail is not a mail cannon
        client.post(url)
    assert len(mail.outbox) == 3


# 3. What was asked, of whom, and when it is due --------------------------------------------------


def test_receipt_and_status_pages_say_what_was_asked_and_when_it_is_due(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        url = _receipt_url(
            client.post(reverse("applications:apply"), _form(client, county.dept_a, document_number="某发〔2024〕1号"))
        )
        receipt = client.get(url).content.decode()
    for shown in ("某路段改造工程批复文件", "某发〔2024〕1号", "测试县甲局", "第三十一条第（三）项", "以双方确认之日"):
        assert shown in receipt
    assert "工作机构确认收到申请后开始计算答复期限" in receipt and "20个工作日" in receipt
    application = Application.objects.get()
    with at(D(2025, 3, 3)):
        actions.confirm(application=application, actor=county.clerk_a)
    code = re.search(r'id="query-code">([^<]+)<', receipt).group(1)
    with at(D(2025, 3, 10)):  # a week later: a new visit, opened with the code
        page = client.post(reverse("applications:status"), {"code": code}).content.decode()
    assert "收到申请之日：2025-03-03" in page and "第三十一条第（三）项" in page
    assert "自收到申请之日起20个工作日内答复" in page and 'datetime="2025-03-31"' in page
    assert "从今天算起还有15个工作日" in page
    assert "某路段改造工程批复文件" in page and "测试县甲局" in page
    with at(D(2025, 4, 2)):
        late = client.post(reverse("applications:status"), {"code": code}).content.decode()
    assert "已超过答复期限2个工作日" in late


# 4. The form's checks --------------------------------------------------------------------------------


def test_post_without_an_address_is_refused_on_the_form(client, county, seeded) -> None:
    data = _form(client, county.dept_a, info_form="paper", delivery="post")
    page = client.post(reverse("applications:apply"), data).content.decode()
    assert "选择邮寄方式获取信息时，请填写收件的通信地址" in page and 'href="#id_address"' in page
    assert not Application.objects.exists()
    data = _form(client, county.dept_a, info_form="paper", delivery="post", address="测试县某路1号")
    assert client.post(reverse("applications:apply"), data).status_code == 302


def test_email_carrier_cannot_be_posted(client, county, seeded) -> None:
    data = _form(client, county.dept_a, info_form="email", delivery="post", address="测试县某路1号")
    page = client.post(reverse("applications:apply"), data).content.decode()
    assert "载体形式选了“电子邮件”，就不能邮寄" in page and 'href="#id_delivery"' in page
    assert not Application.objects.exists()


def test_organisation_category_is_asked_of_organisations_only(client, county, seeded) -> None:
    page = client.get(reverse("applications:apply")).content.decode()
    assert 'data-reveal-when="applicant_kind" data-reveal-value="organisation"' in page
    # A person's leftover category (chosen, then the kind switched) is ignored, not refused.
    data = _form(client, county.dept_a, applicant_type="commercial")
    assert client.post(reverse("applications:apply"), data).status_code == 302
    assert Application.objects.get().applicant_type == "natural_person"
    # An organisation without one is told so beside the field, and nothing is stored.
    data = _form(client, county.dept_a, applicant_kind="organisation", id_type="uscc", id_number=USCC)
    page = client.post(reverse("applications:apply"), data).content.decode()
    assert "请选择法人或其他组织的类别" in page and 'href="#id_applicant_type"' in page
    assert Application.objects.count() == 1


def test_empty_form_gives_an_error_summary_with_specific_messages(client, county, seeded) -> None:
    token = re.search(r'name="challenge" value="([^"]+)"', client.get(reverse("applications:apply")).content.decode())
    page = client.post(reverse("applications:apply"), {"challenge": token.group(1)}).content.decode()
    assert "这个字段是必填项" not in page
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    for anchor, message in [
        ("id_applicant_kind_0", "请选择申请人类型"),
        ("id_applicant_name", "请填写申请人的姓名或名称"),
        ("id_id_number", "请填写证件号码"),
        ("id_description", "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        ("id_info_form", "请选择信息的载体形式"),
        ("id_delivery", "请选择获取信息的方式"),
        ("id_answer", "请用数字回答验证问题"),
    ]:
        assert f'<a href="#{anchor}">{message}' in summary, anchor
    assert "<title>错误：" in page and "autofocus" in summary.split(">")[0] + ">"
    assert 'aria-describedby="id_applicant_name-error"' in page


def test_form_has_autocomplete_hints(client, county, seeded) -> None:
    page = client.get(reverse("applications:apply")).content.decode()
    for name, hint in [
        ("applicant_name", "name"),
        ("phone", "tel"),
        ("email", "email"),
        ("address", "street-address"),
        ("postcode", "postal-code"),
        ("id_number", "off"),
    ]:
        tag = re.search(rf'<[^>]+name="{name}"[^>]*>', page).group(0)
        assert f'autocomplete="{hint}"' in tag, tag
    assert 'type="tel"' in re.search(r'<input[^>]+name="phone"[^>]*>', page).group(0)


def test_api_and_staff_registration_check_the_same(client, county, seeded) -> None:
    challenge = client.get("/api/applications/challenge").json()
    a, b = (int(x) for x in challenge["question"].split(" 等于")[0].split(" 加 "))
    body = {
        "agency": county.dept_a.code,
        "applicant_kind": "person",
        "applicant_name": "钱七",
        "id_type": "passport",
        "id_number": "E1",
        "description": "某文件",
        "phone": "1",
        "info_form": "email",
        "delivery": "post",
        "challenge": challenge["token"],
        "answer": a + b,
    }
    refused = client.post("/api/applications", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422 and "就不能邮寄" in refused.json()["errors"]["delivery"][0]
    client.login(username="clerk_a", password=PASSWORD)
    data = {
        "agency": county.dept_a.pk,
        "channel": "in_person",
        "submitted_on": dt.date.today().isoformat(),
        "applicant_kind": "person",
        "applicant_name": "周五",
        "id_type": "resident_id",
        "id_number": "",
        "phone": "1",
        "description": "x",
        "info_form": "paper",
        "delivery": "post",
    }
    page = client.post(reverse("applications:register"), data).content.decode()
    assert "请填写收件的通信地址" in page and not Application.objects.exists()
