import datetime as dt
import io
import xml.etree.ElementTree as ET  # our own feed and sitemap output, not untrusted XML
from urllib.parse import quote

import pytest
from django.test import Client

from gongkai.disclosure.actions import item_link_interpretation, item_withdraw
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import Status
from gongkai.disclosure.tests.helpers import docx_bytes
from gongkai.testing.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_staff_workflow_through_screens(county, category):
    clerk, reviewer = login(county.clerk_a), login(county.reviewer_a)
    response = clerk.post(
        "/workspace/items/new/",
        {
            "agency": county.dept_a.pk,
            "title": "关于开展安全生产检查的通知",
            "category": category.pk,
            "genre": "notice",
            "formed_on": "2025-04-01",
            "body": "<p>各单位：检查安排如下。</p><img src=x onerror=alert(1)>",
            "channels": ["gazette", "wechat"],
            "article21_topics": ["公共服务"],
            "article20": "13",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(title="关于开展安全生产检查的通知")
    assert "onerror" not in item.body and item.channels == ["gazette", "wechat"]
    assert clerk.post(f"/workspace/items/{item.pk}/submit/").status_code == 302
    page = reviewer.get(f"/workspace/items/{item.pk}/").content.decode()
    assert "保密审查" in page
    reviewer.post(f"/workspace/items/{item.pk}/review/", {"decision": "return", "note": "请补充检查时间"})
    item.refresh_from_db()
    assert item.status == Status.RETURNED
    assert "请补充检查时间" in clerk.get(f"/workspace/items/{item.pk}/edit/").content.decode()
    clerk.post(f"/workspace/items/{item.pk}/submit/")
    ticks = ["no_personal_info", "no_state_secret", "no_process_info"]  # the 保密审查 checklist
    reviewer.post(f"/workspace/items/{item.pk}/review/", {"decision": "approve", "checklist": ticks})
    clerk.post(f"/workspace/items/{item.pk}/publish/")
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.index_number
    public = Client().get(item.get_absolute_url()).content.decode()
    assert "关于开展安全生产检查的通知" in public and "政府公报、政务微信" in public
    assert 'type="application/atom+xml"' in public
    assert "第二十条第（十三）项" in public
    found = Client().get("/items/search/", {"q": "安全"}).content.decode()
    assert item.get_absolute_url() in found


def test_clerk_screen_refuses_review_and_other_agency_gets_404(county, make_draft):
    item = make_draft()
    clerk = login(county.clerk_a)
    clerk.post(f"/workspace/items/{item.pk}/submit/")
    assert clerk.post(f"/workspace/items/{item.pk}/review/", {"decision": "approve"}).status_code == 403
    assert login(county.clerk_b).get(f"/workspace/items/{item.pk}/").status_code == 404
    assert Client().get(f"/workspace/items/{item.pk}/").status_code == 302  # to the login page


def test_draft_is_not_public_and_withdrawn_page_explains(county, make_draft, make_published):
    item = make_published(body="<p>原文内容</p>")
    gone = make_published(title="将撤回的信息", body="<p>秘密内容</p>")
    item_withdraw(item=gone, actor=county.reviewer_a, reason="信息有误")
    page = Client().get(gone.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "已于" in text and "撤回" in text and "信息有误" in text and "秘密内容" not in text
    assert Client().get(item.get_absolute_url()).status_code == 200
    assert Client().get(item.get_absolute_url() + "print/").status_code == 200


def test_attachment_upload_checks_content_and_serves_by_hash(county, make_draft):
    item = make_draft()
    clerk = login(county.clerk_a)
    fake = io.BytesIO(b"MZ\x90\x00 not really a pdf")
    fake.name = "报告.pdf"
    clerk.post(f"/workspace/items/{item.pk}/attachments/", {"file": fake})
    assert item.attachments.count() == 0
    good = io.BytesIO(docx_bytes("附件里的独特词语甲乙丙"))
    good.name = "../../etc/passwd.docx"
    clerk.post(f"/workspace/items/{item.pk}/attachments/", {"file": good})
    attachment = item.attachments.get()
    assert attachment.kind == "docx" and "甲乙丙" in attachment.text
    assert attachment.file.name == f"disclosure/{attachment.sha256[:2]}/{attachment.sha256}.docx"
    assert "/" not in attachment.name
    url = f"/items/attachments/{attachment.pk}/{attachment.sha256}/"
    assert Client().get(url).status_code == 404  # the item is still a draft
    response = clerk.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert "attachment" in response["Content-Disposition"]


def test_catalogue_guide_feeds_sitemap(county, category, make_published):
    doc = make_published(title="规范性文件甲", summary="概述甲", is_normative=True, validity="valid")
    interp = make_published(title="《规范性文件甲》政策解读", genre="interpretation")
    item_link_interpretation(document=doc, interpretation=interp, actor=county.clerk_a)
    page = Client().get(f"/agencies/{county.dept_a.code}/catalogue/", {"year": 2025, "category": "01"})
    text = page.content.decode()
    assert doc.index_number in text and "概述甲" in text
    xlsx = Client().get(f"/agencies/{county.dept_a.code}/catalogue/", {"format": "xlsx"})
    from openpyxl import load_workbook

    assert xlsx["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        f"{county.dept_a.name}政府信息公开目录.xlsx"
    )
    sheet = load_workbook(io.BytesIO(xlsx.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("索引号", "名称", "内容概述", "生成日期")
    assert {r[0] for r in rows[1:]} == {doc.index_number, interp.index_number}
    guide = Client().get(f"/agencies/{county.dept_a.code}/guide/").content.decode()
    assert "政府信息公开指南" in guide and "20个工作日" in guide
    item_page = Client().get(doc.get_absolute_url()).content.decode()
    assert "《规范性文件甲》政策解读" in item_page and "有效" in item_page
    feed = Client().get(f"/items/feeds/agency/{county.dept_a.code}.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)  # noqa: S314
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert "规范性文件甲" in titles
    assert Client().get("/items/feeds/category/01.atom").status_code == 200
    # /sitemap.xml is an index of sitemaps (docs/disclosure.md): the item is in one of them.
    index = ET.fromstring(Client().get("/sitemap.xml").content)  # noqa: S314
    locs = []
    for sitemap in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        part = ET.fromstring(Client().get(sitemap.text.removeprefix("http://testserver")).content)  # noqa: S314
        locs += [e.text for e in part.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(doc.get_absolute_url()) for loc in locs)


def test_home_and_staff_lists_render_with_late_flag(county, make_published):
    late = make_published(title="超期的信息", formed_on=dt.date(2025, 1, 2), published_on=dt.date(2025, 6, 3))
    assert late.is_late
    assert "超期的信息" in Client().get("/items/").content.decode()
    staff = login(county.clerk_a)
    listing = staff.get("/workspace/items/", {"late": "1"}).content.decode()
    assert "超期的信息" in listing and "超期" in listing
    stats = staff.get("/workspace/items/timeliness/").content.decode()
    assert county.dept_a.name in stats


def test_guide_edit_is_for_heads(county):
    assert login(county.clerk_a).get(f"/workspace/agencies/{county.dept_a.code}/guide/").status_code == 404
    head = login(county.head_a)
    head.post(f"/workspace/agencies/{county.dept_a.code}/guide/", {"reading_rooms": "县档案馆、县图书馆"})
    assert "县档案馆" in Client().get(f"/agencies/{county.dept_a.code}/guide/").content.decode()


def test_figures_entry_and_import(county):
    clerk = login(county.clerk_a)
    clerk.post(
        f"/workspace/figures/{county.dept_a.code}/2025/",
        {"licensing": "12", "punishment": "3", "enforcement": "0", "fees_wan_yuan": "96.5"},
    )
    from gongkai.disclosure.models import AgencyFigures

    assert AgencyFigures.objects.get(agency=county.dept_a, year=2025).licensing == 12
    bad = io.BytesIO("机构代码,年度,行政许可,行政处罚\nGOV-A,2024,5,1\nGOV-B,2024,x,1\n".encode())
    bad.name = "figures.csv"
    response = clerk.post("/workspace/figures/import/", {"file": bad}, follow=True)
    text = response.content.decode()
    assert "第3行" in text  # GOV-B: not the clerk's agency, and x is not a number
    assert not AgencyFigures.objects.filter(year=2024).exists()
    good = io.BytesIO(
        "机构代码,年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\nGOV-A,2024,5,1,2,3.25\n".encode()
    )
    good.name = "figures.csv"
    clerk.post("/workspace/figures/import/", {"file": good})
    row = AgencyFigures.objects.get(agency=county.dept_a, year=2024)
    assert (row.licensing, row.punishment, row.enforcement, str(row.fees_wan_yuan)) == (5, 1, 2, "3.2500")
