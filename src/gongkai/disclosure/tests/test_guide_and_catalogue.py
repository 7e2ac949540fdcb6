"""The 指南's 依申请公开 and 监督和救济 parts built from the agency's facts, the agency page's way to apply
and latest items, and the 目录 showing the date it is ordered by (issue 13, points 9 and 11)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from gongkai.agencies.actions import agency_update
from gongkai.testing.helpers import PASSWORD

pytestmark = pytest.mark.django_db

FACTS = {
    "office_name": "甲局办公室",
    "address": "测试县人民路1号",
    "postcode": "650100",
    "office_hours": "工作日 8:30—17:30",
    "phone": "0871-1234567",
    "fax": "0871-1234568",
    "email": "gk@jia.example.cn",
}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_guide_gives_the_office_ways_process_fees_and_remedies_from_the_agency_facts(county):
    agency_update(agency=county.dept_a, actor=None, **FACTS)
    agency_update(agency=county.gov, actor=None, office_name="测试县人民政府办公室", phone="0871-7654321")
    html = Client().get(f"/agencies/{county.dept_a.code}/guide/").content.decode()
    text = text_of(html)
    for value in FACTS.values():
        assert value in text
    assert f'href="/apply/?agency={county.dept_a.pk}"' in html  # the form with this agency chosen
    assert "20个工作日内答复" in text and "最长不超过20个工作日" in text  # 第三十三条
    assert "7个工作日内一次性告知申请人补正" in text  # 第三十条
    assert "国办函〔2020〕109号" in text and "10件以下（含10件）的，不收费" in text
    assert "行政复议机关 测试县人民政府" in text  # a department's own government (行政复议法 第二十四条)
    assert "政府信息公开工作主管部门 测试县人民政府办公室（测试县人民政府），电话0871-7654321" in text
    assert "未提供" not in text


def test_missing_facts_show_as_not_given_and_the_head_is_told(county):
    html = Client().get(f"/agencies/{county.dept_a.code}/guide/").content.decode()
    assert "未提供" in html and "本机关负责人请注意" not in html  # the public sees no staff note
    head = Client()
    assert head.login(username=county.head_a.username, password=PASSWORD)
    html = head.get(f"/agencies/{county.dept_a.code}/guide/").content.decode()
    assert "本机关负责人请注意" in html and "邮政编码" in html
    assert f"/workspace/agencies/{county.dept_a.code}/edit/" in html


def test_agency_page_offers_to_apply_here_and_shows_its_latest_items(county, make_published):
    older = make_published(title="较早的通知", published_on=dt.date(2025, 3, 5))
    newer = make_published(title="最新的通知", published_on=dt.date(2025, 3, 20))
    html = Client().get(f"/agencies/{county.dept_a.code}/").content.decode()
    assert f'href="/apply/?agency={county.dept_a.pk}"' in html and "向本机关申请" in html
    assert "最新公开信息" in html
    assert html.index(newer.title) < html.index(older.title)
    other = Client().get(f"/agencies/{county.dept_b.code}/").content.decode()
    assert "较早的通知" not in other and "暂无信息" in other


def test_catalogue_shows_the_publication_date_it_is_ordered_by(county, make_published):
    # Formed in the opposite order to their publication: the page must say which date it sorts by.
    first = make_published(title="先发布的文件", formed_on=dt.date(2025, 2, 20), published_on=dt.date(2025, 3, 5))
    second = make_published(title="后发布的文件", formed_on=dt.date(2025, 1, 5), published_on=dt.date(2025, 3, 9))
    html = Client().get(f"/agencies/{county.dept_a.code}/catalogue/").content.decode()
    assert '<th scope="col" aria-sort="descending">发布日期</th>' in html and "生成日期" in html
    assert html.index(second.title) < html.index(first.title)
    assert '<td class="nowrap" data-label="发布日期"><time datetime="2025-03-09">2025-03-09</time>' in html
    assert f'<td class="nowrap" data-label="索引号">{first.index_number}</td>' in html
