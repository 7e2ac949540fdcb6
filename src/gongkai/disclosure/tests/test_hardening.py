"""Regression tests of issue 11's findings in proactive disclosure (docs/security.md)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from openpyxl import load_workbook

from gongkai.disclosure.actions import (
    attachment_add,
    item_create,
    item_publish,
    item_review,
    item_submit,
    item_withdraw,
    sanitize,
)
from gongkai.disclosure.models import Item

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OWN_IMAGE = "/items/attachments/7/" + "ab" * 32 + "/"


def test_finding_03_withdrawn_item_attachments_404_to_public_staff_still_see(county, make_draft):
    item = make_draft()
    attachment = attachment_add(item=item, actor=county.clerk_a, filename="名单.png", data=PNG)
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    item = item_publish(item=item, actor=county.clerk_a)
    url = f"/items/attachments/{attachment.pk}/{attachment.sha256}/"
    assert Client().get(url).status_code == 200

    item_withdraw(item=item, actor=county.reviewer_a, reason="含个人信息")
    assert Client().get(url).status_code == 404
    staff = Client()
    staff.force_login(county.clerk_a)
    assert staff.get(url).status_code == 200
    # The withdrawn item's page still explains the withdrawal, without the file.
    page = Client().get(item.get_absolute_url()).content.decode()
    assert "含个人信息" in page and url not in page


@pytest.mark.parametrize("field", ["title", "doc_number", "summary"])
def test_finding_07_control_characters_refused_at_input_in_chinese(county, category, field):
    values = {"title": "关于春耕的通知", "formed_on": "2025-03-03", field: "春耕\x0b生产\x01"}
    with pytest.raises(ValidationError) as refused:
        item_create(agency=county.dept_a, actor=county.clerk_a, category=category, **values)
    assert "控制字符" in refused.value.message_dict[field][0]


def test_finding_07_control_characters_refused_by_the_form(county, category):
    client = Client()
    client.force_login(county.clerk_a)
    response = client.post(
        "/workspace/items/new/",
        {
            "agency": county.dept_a.pk,
            "title": "坏\x1b标题",
            "category": category.pk,
            "genre": Item._meta.get_field("genre").choices[0][0],
            "formed_on": "2025-03-03",
        },
    )
    assert response.status_code == 200 and "控制字符" in response.content.decode()
    assert not Item.objects.filter(title__contains="标题").exists()


def test_finding_07_exports_robust_to_stored_control_characters(county, make_published):
    item = make_published(summary="概述")
    # Stored before the input check existed.
    Item.objects.filter(pk=item.pk).update(title="坏\x0b标题\x01", summary="概\x1f述", doc_number="文\x02号")
    client = Client()
    feed = client.get(f"/items/feeds/agency/{county.dept_a.code}.atom")
    assert feed.status_code == 200 and "坏标题" in feed.content.decode()
    assert client.get(f"/items/feeds/category/{item.category.code}.atom").status_code == 200
    xlsx = client.get(f"/agencies/{county.dept_a.code}/catalogue/", {"format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == "坏标题"


def test_finding_07_body_control_characters_stripped(county, make_draft):
    item = make_draft(body="<p>正文\x0b内容\x01</p>")
    assert item.body == "<p>正文内容</p>" and item.body_text == "正文内容"


def test_finding_13_validity_filter_never_reaches_match_unquoted(county, make_published):
    make_published(title="关于春耕生产的通知")
    client = Client()
    for value in ['x"', "valid OR", "*", "v NEAR(a b)"]:
        api = client.get("/api/items", {"q": "春耕", "validity": value})
        assert api.status_code == 422 and "有效性" in api.json()["errors"]["validity"][0]
        assert client.get("/items/search/", {"q": "春耕", "validity": value}).status_code == 200
    assert client.get("/api/items", {"q": "春耕", "validity": "valid"}).status_code == 200


def test_finding_12_disclosure_parameters_out_of_range_are_4xx_in_chinese(county, make_published):
    make_published()
    client = Client()
    for year in ["99999", "-5"]:
        api = client.get("/api/items", {"year": year})
        assert api.status_code == 422 and "年度" in api.json()["errors"]["year"][0]
        page = client.get(f"/agencies/{county.dept_a.code}/catalogue/", {"year": year})
        assert page.status_code == 400 and "年度" in page.content.decode()
    huge = str(2**70)
    api = client.get("/api/items", {"page": huge})
    assert api.status_code == 422 and "页码" in api.json()["errors"]["page"][0]
    for q in ["", "春耕"]:
        search = client.get("/items/search/", {"q": q, "page": huge})
        assert search.status_code == 400 and "页码" in search.content.decode()
    assert client.get("/api/items", {"page": "abc"}).json()["errors"]["page"] == ["应为整数"]


def test_finding_16_item_body_images_only_from_our_attachments(county, make_draft):
    body = (
        '<p>文<img src="https://tracker.example/p.gif?who=reviewer" alt="">字</p>'
        '<p><img src="//tracker.example/p.gif"><img src="data:image/png;base64,AAAA">'
        f'<img src="{OWN_IMAGE}" alt="图一"></p>'
    )
    cleaned = sanitize(body)
    assert "tracker" not in cleaned and "data:" not in cleaned
    assert f'<img src="{OWN_IMAGE}" alt="图一">' in cleaned and cleaned.count("<img") == 1
    assert "tracker" not in make_draft(body=body).body
