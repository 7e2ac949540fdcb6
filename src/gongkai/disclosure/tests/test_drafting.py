"""Drafting from a 公文 file, one-pass drafting with attachments, the duplicate warning, the review queue
with its 保密审查 checklist, and batches (docs/disclosure.md)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.disclosure.actions import find_duplicates, item_review, item_submit
from gongkai.disclosure.models import Attachment, DraftBatch, Item
from gongkai.disclosure.rules import Status
from gongkai.disclosure.tests.documents import TITLE, Layout, gongwen_docx, gongwen_pdf
from gongkai.disclosure.tests.helpers import docx_bytes
from gongkai.testing.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TICKS = ["no_personal_info", "no_state_secret", "no_process_info"]


@pytest.fixture(autouse=True)
def _quiet_weasyprint():
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(name: str, data: bytes, content_type: str = DOCX) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def token_of(page: str) -> str:
    match = re.search(r'name="document_token" value="([^"]+)"', page)
    assert match, "the drafting form holds the document"
    return match[1]


def selected_agency(page: str) -> str:
    select = re.search(r'<select name="agency"[^>]*>(.*?)</select>', page, re.S)
    assert select
    chosen = re.search(r'<option value="(\d+)" selected>', select[1])
    return chosen[1] if chosen else ""


# --- 1. Start from the document ---------------------------------------------------------------------


def test_uploaded_docx_fills_the_form_and_the_original_is_kept(county, category):
    clerk = login(county.clerk_a)
    data = gongwen_docx(Layout(attachments=["责任人名单", "宣传提纲"]))
    page = clerk.post("/workspace/items/import/", {"file": upload("春季防火.docx", data)}).content.decode()
    # What was recognised is shown, and filled into the form for the clerk to correct.
    assert "从“春季防火.docx”识别的内容" in page
    shown = (
        "测试县甲局",
        "甲林发〔2026〕3号",
        "2026-03-05",
        "各乡镇人民政府，县直各有关单位",
        "责任人名单",
        "宣传提纲",
    )
    for value in shown:
        assert value in page
    assert f'value="{TITLE}"' in page and 'value="甲林发〔2026〕3号"' in page and 'value="2026-03-05"' in page
    assert "附件说明列出2个附件，请一并上传" in page
    assert '<option value="notice" selected>' in page
    assert selected_agency(page) == str(county.dept_a.pk)  # the clerk serves one agency
    response = clerk.post(
        "/workspace/items/new/",
        {
            "agency": county.dept_a.pk,
            "title": TITLE,
            "doc_number": "甲林发〔2026〕3号",
            "category": category.pk,
            "genre": "notice",
            "formed_on": "2026-03-05",
            "body": "<p>各乡镇人民政府：</p><p>正文。</p>",
            "document_token": token_of(page),
            "attachments": [upload("责任人名单.docx", docx_bytes("名单")), upload("宣传提纲.docx", docx_bytes("提纲"))],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Item.objects.get(title=TITLE)
    assert [a.name for a in item.attachments.order_by("id")] == ["春季防火.docx", "责任人名单.docx", "宣传提纲.docx"]
    event = Event.objects.for_object(item).get(action="item.import")
    assert event.after["file"] == "春季防火.docx" and event.after["doc_number"] == "甲林发〔2026〕3号"
    assert event.after["attachment_names"] == ["责任人名单", "宣传提纲"]


def test_pdf_upload_is_recognised_too(county, category):
    page = login(county.clerk_a).post(
        "/workspace/items/import/", {"file": upload("通知.pdf", gongwen_pdf(), "application/pdf")}
    )
    text = page.content.decode()
    assert f'value="{TITLE}"' in text and 'value="甲林发〔2026〕3号"' in text


def test_unreadable_upload_is_explained_and_nothing_is_kept(county, category):
    clerk = login(county.clerk_a)
    old_word = upload("old.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    response = clerk.post("/workspace/items/import/", {"file": old_word}, follow=True)
    assert "无法识别“old.doc”：这是旧版 Word（.doc）文件" in response.content.decode()
    assert not Item.objects.exists()


def test_a_token_of_another_user_or_a_forged_one_is_refused(county, category, settings):
    page = login(county.clerk_a).post("/workspace/items/import/", {"file": upload("a.docx", gongwen_docx())})
    token = token_of(page.content.decode())
    other = make_user("clerk_a2", (county.dept_a, Role.CLERK))
    for client, value in ((login(other), token), (login(county.clerk_a), token[:-2] + "xx")):
        response = client.post(
            "/workspace/items/new/",
            {
                "agency": county.dept_a.pk,
                "title": "x",
                "category": category.pk,
                "genre": "notice",
                "formed_on": "2026-03-05",
                "document_token": value,
            },
        )
        assert response.status_code == 200
        assert "上传的公文原件已过期或无效" in response.content.decode()
    assert not Item.objects.exists()


def test_agency_is_preselected_for_one_agency_and_by_issuer_for_several(county, category):
    page = login(county.clerk_a).get("/workspace/items/new/").content.decode()
    assert selected_agency(page) == str(county.dept_a.pk)
    both = make_user("clerk_ab", (county.dept_a, Role.CLERK), (county.dept_b, Role.CLERK))
    client = login(both)
    assert selected_agency(client.get("/workspace/items/new/").content.decode()) == ""
    data = gongwen_docx(Layout(mark="测试县乙局文件", signature="测试县乙局"))
    page = client.post("/workspace/items/import/", {"file": upload("b.docx", data)}).content.decode()
    assert selected_agency(page) == str(county.dept_b.pk)


# --- 2. One-pass drafting ---------------------------------------------------------------------------


def test_attachments_are_added_in_the_same_post_and_a_bad_one_keeps_nothing(county, category):
    clerk = login(county.clerk_a)
    values = {
        "agency": county.dept_a.pk,
        "title": "关于某事的通知",
        "category": category.pk,
        "genre": "notice",
        "formed_on": "2026-03-05",
    }
    files = [upload("a.docx", docx_bytes("a")), upload("x.exe", b"MZ...")]
    bad = clerk.post("/workspace/items/new/", {**values, "attachments": files})
    assert bad.status_code == 200 and "只能上传 PDF、DOCX、XLSX" in bad.content.decode()
    assert not Item.objects.exists() and not Attachment.objects.exists()
    good = clerk.post("/workspace/items/new/", {**values, "attachments": [upload("a.docx", docx_bytes("a"))]})
    assert good.status_code == 302
    item = Item.objects.get()
    assert [a.name for a in item.attachments.all()] == ["a.docx"]
    edited = clerk.post(
        f"/workspace/items/{item.pk}/edit/",
        {**values, "title": "关于某事的通知（修改）", "attachments": [upload("b.docx", docx_bytes("b"))]},
    )
    assert edited.status_code == 302
    assert sorted(item.attachments.values_list("name", flat=True)) == ["a.docx", "b.docx"]


def test_drafting_form_has_the_editor_and_no_inline_script(county, category):
    page = login(county.clerk_a).get("/workspace/items/new/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="attachments"' in page and "multiple" in page
    assert "disclosure/editor.js" in page and 'name="file"' in page  # the 公文 upload above the form
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page) and " onclick=" not in page


# --- 3. Review --------------------------------------------------------------------------------------


def test_review_queue_next_previous_checklist_recorded(county, make_draft):
    items = [make_draft(title=f"第{n}号通知") for n in (1, 2, 3)]
    for item in items:
        item_submit(item=item, actor=county.clerk_a)
    reviewer = login(county.reviewer_a)
    queue = reviewer.get("/workspace/items/review/").content.decode()
    assert queue.index("第1号通知") < queue.index("第2号通知") < queue.index("第3号通知")
    page = reviewer.get(f"/workspace/items/{items[1].pk}/review/").content.decode()
    assert "第 2 / 3 条" in page
    assert f'href="/workspace/items/{items[0].pk}/review/" rel="prev"' in page
    assert f'href="/workspace/items/{items[2].pk}/review/" rel="next"' in page
    # The content comes first, the decision after it.
    assert page.index('id="content-heading"') < page.index('id="decision-heading"') < page.index('name="checklist"')
    # Approving without every tick is refused, and nothing changes.
    response = reviewer.post(f"/workspace/items/{items[0].pk}/review/", {"decision": "approve", "checklist": TICKS[:2]})
    assert response.status_code == 400 and "审查通过前须逐项确认" in response.content.decode()
    assert Item.objects.get(pk=items[0].pk).status == Status.SUBMITTED
    response = reviewer.post(f"/workspace/items/{items[0].pk}/review/", {"decision": "approve", "checklist": TICKS})
    assert response.status_code == 302 and response["Location"] == f"/workspace/items/{items[1].pk}/review/"
    event = Event.objects.for_object(items[0]).get(action="item.approve")
    assert event.after["checklist"] == dict.fromkeys(TICKS, True)
    # Returning needs a reason, not the ticks; the unticked points are recorded as such.
    response = reviewer.post(f"/workspace/items/{items[1].pk}/review/", {"decision": "return", "note": "含个人电话"})
    assert response["Location"] == f"/workspace/items/{items[2].pk}/review/"
    event = Event.objects.for_object(items[1]).get(action="item.return")
    assert event.after["checklist"] == dict.fromkeys(TICKS, False) and event.reason == "含个人电话"
    response = reviewer.post(f"/workspace/items/{items[2].pk}/review/", {"decision": "approve", "checklist": TICKS})
    assert response["Location"] == "/workspace/items/review/"
    assert "没有等待您审查的信息" in reviewer.get("/workspace/items/review/").content.decode()


def test_review_action_refuses_an_incomplete_checklist(county, make_draft):
    item = make_draft()
    item_submit(item=item, actor=county.clerk_a)
    with pytest.raises(Exception, match="审查通过前须逐项确认"):
        item_review(item=item, actor=county.reviewer_a, approve=True, checklist={"no_state_secret": True})


def test_own_draft_is_not_in_the_queue_and_clerk_may_not_review(county, make_draft):
    item = make_draft()
    item_submit(item=item, actor=county.clerk_a)
    assert login(county.clerk_a).get(f"/workspace/items/{item.pk}/review/").status_code == 403
    own = Item.objects.create(
        agency=county.dept_a,
        title="自己起草的",
        category=item.category,
        formed_on=dt.date(2026, 1, 5),
        status=Status.SUBMITTED,
        created_by=county.reviewer_a,
    )
    reviewer = login(county.reviewer_a)
    assert "自己起草的" not in reviewer.get("/workspace/items/review/").content.decode()
    approve = {"decision": "approve", "checklist": TICKS}
    response = reviewer.post(f"/workspace/items/{own.pk}/review/", approve, follow=True)
    assert "不能审查自己起草或提交的信息" in response.content.decode()
    assert Item.objects.get(pk=own.pk).status == Status.SUBMITTED


def test_withdraw_is_secondary_and_dates_do_not_wrap(county, make_published):
    item = make_published()
    page = login(county.reviewer_a).get(f"/workspace/items/{item.pk}/").content.decode()
    danger = page.index('class="danger-zone"')
    assert page.index("<h2>正文</h2>") < danger < page.index("<h2>办理记录</h2>")  # after the content
    assert "<details>" in page[danger:] and 'class="btn-danger"' in page[danger:]
    listing = login(county.clerk_a).get("/workspace/items/").content.decode()
    assert f'<span class="help nowrap">{item.index_number}</span>' in listing
    assert '<td class="nowrap">2025-03-03</td>' in listing


# --- 4. Duplicate warning ---------------------------------------------------------------------------


def test_duplicate_number_or_title_is_shown_before_submission(county, make_published, make_draft):
    make_published(title="关于春耕的通知", doc_number="甲农发〔2025〕7号")
    draft = make_draft(title="另一个名称", doc_number="甲农发[2025]7号")
    same_title = make_draft(title="关于春耕的通知")
    unrelated = make_draft(title="无关的通知", doc_number="甲农发〔2025〕17号")
    found = find_duplicates(agency=county.dept_a, title=draft.title, doc_number=draft.doc_number, exclude=draft)
    assert len(found) == 1
    assert find_duplicates(agency=county.dept_b, title=draft.title, doc_number=draft.doc_number) == []
    clerk = login(county.clerk_a)
    for item in (draft, same_title):
        page = clerk.get(f"/workspace/items/{item.pk}/").content.decode()
        assert "可能重复" in page and page.index("可能重复") < page.index("提交保密审查")
    assert "可能重复" not in clerk.get(f"/workspace/items/{unrelated.pk}/").content.decode()
    # The drafting form asks again as the clerk types (htmx), for the chosen agency only.
    fragment = clerk.get(
        "/workspace/items/duplicates/", {"agency": county.dept_a.pk, "title": "x", "doc_number": "甲农发（2025）7号"}
    ).content.decode()
    assert "可能重复" in fragment and "关于春耕的通知" in fragment
    other = login(county.clerk_b).get(
        "/workspace/items/duplicates/", {"agency": county.dept_a.pk, "title": "关于春耕的通知"}
    )
    assert "可能重复" not in other.content.decode()  # another agency's items are not revealed


def test_imported_draft_warns_of_a_duplicate(county, make_published):
    make_published(
        title=TITLE, doc_number="甲林发〔2026〕3号", formed_on=dt.date(2026, 3, 5), published_on=dt.date(2026, 3, 6)
    )
    page = login(county.clerk_a).post("/workspace/items/import/", {"file": upload("a.docx", gongwen_docx())})
    assert "可能重复" in page.content.decode()


# --- 5. Several at once -----------------------------------------------------------------------------


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_batch_zip_of_mixed_files_drafts_the_readable_and_reports_the_rest(county, category):
    archive = zip_of(
        {
            "公文/一号.docx": gongwen_docx(Layout(number="甲林发〔2026〕1号", title="关于春季防火的通知")),
            "公文/二号.pdf": gongwen_pdf(Layout(number="甲林发〔2026〕2号", title="关于秋季防火的通知")),
            "公文/三号.docx": gongwen_docx(
                Layout(number="", title="关于冬季防火的通知", date_text="", attachments=["名单"])
            ),
            "公文/损坏.docx": b"PK\x03\x04broken",
            "__MACOSX/._一号.docx": b"junk",
        }
    )
    clerk = login(county.clerk_a)
    response = clerk.post(
        "/workspace/items/batches/",
        {
            "agency": county.dept_a.pk,
            "category": category.pk,
            "files": [upload("本周公文.zip", archive, "application/zip"), upload("说明.txt", b"hello", "text/plain")],
        },
    )
    assert response.status_code == 302
    batch = DraftBatch.objects.get()
    assert batch.state == DraftBatch.State.DONE and batch.total == 5 and batch.done == 5
    titles = {item.title for item in Item.objects.all()}
    assert titles == {"关于春季防火的通知", "关于秋季防火的通知", "关于冬季防火的通知"}
    spring = Item.objects.get(title="关于春季防火的通知")
    assert spring.doc_number == "甲林发〔2026〕1号" and spring.status == Status.DRAFT
    assert spring.attachments.get().name == "一号.docx"  # the original, kept
    errors = {r["name"]: r["error"] for r in batch.results if not r["item"]}
    assert set(errors) == {"损坏.docx", "说明.txt"}
    page = clerk.get(response["Location"]).content.decode()
    assert "共 5 份文件，生成 3 份草稿，其中 1 份需要核对；2 份未能起草" in page
    assert "未识别到文号" in page and "生成日期暂按今天填写，请核对" in page
    assert "hx-trigger" not in page  # finished: no more polling
    assert login(county.clerk_b).get(response["Location"]).status_code == 404  # only the uploader sees it
    assert Event.objects.filter(action="batch.draft").get().after == {"files": 5, "drafted": 3, "failed": 2}


def test_batch_progress_is_polled_while_it_runs(county, category, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    task_backends._settings = None  # read the changed setting
    try:
        response = login(county.clerk_a).post(
            "/workspace/items/batches/",
            {"agency": county.dept_a.pk, "category": category.pk, "files": [upload("a.docx", gongwen_docx())]},
        )
        batch = DraftBatch.objects.get()
        assert batch.state == DraftBatch.State.QUEUED
        page = login(county.clerk_a).get(response["Location"]).content.decode()
        assert f'hx-get="/workspace/items/batches/{batch.pk}/progress/"' in page and 'hx-trigger="every 2s"' in page
        assert "<progress" in page
        from gongkai.disclosure.tasks import draft_batch

        draft_batch.call(str(batch.pk))
        fragment = login(county.clerk_a).get(f"/workspace/items/batches/{batch.pk}/progress/").content.decode()
        assert "已完成" in fragment and "hx-trigger" not in fragment and TITLE in fragment
    finally:
        task_backends._settings = None
