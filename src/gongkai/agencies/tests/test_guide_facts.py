"""What the 指南 needs from an agency: the postcode among its facts, and what is missing flagged to its head."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.agencies.actions import agency_update
from gongkai.agencies.models import AgencyKind
from gongkai.site.panels import todos
from gongkai.testing.helpers import PASSWORD, make_agency

pytestmark = pytest.mark.django_db

FACTS = {
    "office_name": "甲局办公室",
    "address": "云溪县城关镇人民路1号",
    "postcode": "650100",
    "office_hours": "工作日 8:30—12:00，14:30—17:30",
    "phone": "0871-1234567",
    "fax": "0871-1234568",
    "email": "gk@jia.example.cn",
}


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_missing_facts_are_named_on_the_staff_page_and_in_the_heads_todo(county):
    agency_update(agency=county.dept_a, actor=None, **{**FACTS, "fax": "", "postcode": ""})
    page = login(county.head_a).get(f"/workspace/agencies/{county.dept_a.code}/").content.decode()
    assert "政府信息公开指南缺少以下信息：" in page and "邮政编码、传真" in page
    rows = {t.label: t for t in todos(county.head_a)}
    assert rows["政府信息公开指南缺少机构信息"].count == 1
    assert rows["政府信息公开指南缺少机构信息"].url == f"/workspace/agencies/{county.dept_a.code}/"
    assert "政府信息公开指南缺少机构信息" not in {t.label for t in todos(county.clerk_a)}  # the head's to fix

    agency_update(agency=county.dept_a, actor=county.head_a, **FACTS)
    page = login(county.head_a).get(f"/workspace/agencies/{county.dept_a.code}/").content.decode()
    assert "政府信息公开指南缺少以下信息" not in page
    assert "政府信息公开指南缺少机构信息" not in {t.label for t in todos(county.head_a)}


def test_head_edits_the_postcode_and_a_bad_one_is_refused(county):
    head = login(county.head_a)
    url = f"/workspace/agencies/{county.dept_a.code}/edit/"
    bad = head.post(url, {**FACTS, "postcode": "65010"}).content.decode()
    assert "邮政编码应为6位数字" in bad
    head.post(url, FACTS)
    county.dept_a.refresh_from_db()
    assert county.dept_a.postcode == "650100"
    with pytest.raises(ValidationError):
        agency_update(agency=county.dept_a, actor=None, postcode="abcdef")


def test_review_body_and_supervising_government(county):
    assert county.dept_a.review_body() == county.gov.name
    assert county.village.review_body() == county.township.name
    assert county.gov.review_body() == "上一级人民政府"
    assert county.village.supervising_government() == county.gov
    assert county.gov.supervising_government() == county.gov
    lone = make_agency("LONE", "无上级的局", kind=AgencyKind.DEPARTMENT)
    assert lone.supervising_government() is None
