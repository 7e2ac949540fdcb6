import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosure import search
from gongkai.disclosure.actions import attachment_add, item_publish, item_review, item_submit, sniff
from gongkai.disclosure.models import Attachment

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["项目", "金额"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_types_are_judged_by_content_not_by_name():
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(PNG) == "png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert sniff(xlsx_bytes()) == "xlsx"
    assert sniff(b"PK\x03\x04 not a zip") is None
    assert sniff(b"<html><script>") is None


def test_pdf_text_is_extracted_and_searchable_after_publication(county, make_draft):
    import weasyprint

    pdf = weasyprint.HTML(string="<p>附件正文：鹭岛晨曦水利建设</p>").write_pdf()
    item = make_draft(title="带附件的信息")
    attachment = attachment_add(item=item, actor=county.clerk_a, filename="说明.pdf", data=pdf)
    assert attachment.kind == "pdf" and "鹭岛晨曦" in attachment.text
    assert search.search("鹭岛晨曦").count == 0  # a draft is not searchable
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    item_publish(item=item, actor=county.clerk_a)
    assert search.search("鹭岛").ids == [item.pk]


def test_size_limit_corrupt_files_and_same_content_stored_once(county, make_draft, settings):
    item = make_draft()
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 50
    with pytest.raises(ValidationError) as err:
        attachment_add(item=item, actor=county.clerk_a, filename="大.png", data=PNG + b"\x00" * 100)
    assert "上限" in str(err.value)
    settings.GONGKAI_ATTACHMENT_MAX_BYTES = 10_000_000
    with pytest.raises(ValidationError) as err:
        attachment_add(item=item, actor=county.clerk_a, filename="坏.pdf", data=b"%PDF-1.4 broken")
    assert "无法读取" in str(err.value)
    a = attachment_add(item=item, actor=county.clerk_a, filename="图.png", data=PNG)
    b = attachment_add(item=item, actor=county.clerk_a, filename="同一张图.png", data=PNG)
    assert a.file.name == b.file.name and a.name != b.name
    assert Attachment.objects.filter(item=item).count() == 2


def test_published_item_attachments_cannot_change(county, make_published):
    item = make_published()
    with pytest.raises(ValidationError):
        attachment_add(item=item, actor=county.clerk_a, filename="图.png", data=PNG)


def test_new_version_carries_the_attachments_and_can_drop_one(county, make_draft):
    from django.core.files.storage import default_storage

    from gongkai.disclosure.actions import attachment_remove, item_new_version

    item = make_draft(title="旧版办法")
    kept = attachment_add(item=item, actor=county.clerk_a, filename="附表.xlsx", data=xlsx_bytes())
    dropped = attachment_add(item=item, actor=county.clerk_a, filename="图.png", data=PNG)
    item_submit(item=item, actor=county.clerk_a)
    item_review(item=item, actor=county.reviewer_a, approve=True)
    item = item_publish(item=item, actor=county.clerk_a)

    new = item_new_version(item=item, actor=county.clerk_a)
    copies = list(new.attachments.order_by("id"))
    assert [(a.name, a.sha256, a.file.name) for a in copies] == [
        (kept.name, kept.sha256, kept.file.name),
        (dropped.name, dropped.sha256, dropped.file.name),
    ]
    attachment_remove(attachment=copies[1], actor=county.clerk_a)
    # The published original keeps both attachments and its stored file.
    assert item.attachments.count() == 2 and default_storage.exists(dropped.file.name)
    assert list(new.attachments.values_list("name", flat=True)) == ["附表.xlsx"]
