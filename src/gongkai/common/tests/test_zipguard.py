"""Decompression bombs (security probe finding 6): every reader of an office file or ZIP checks what
the archive would expand to before expanding it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from gongkai.common import zipguard
from gongkai.common.tabular import read_table


def bomb(name: str, megabytes: int, extra: dict[str, bytes] | None = None) -> bytes:
    """A small ZIP whose member ``name`` expands to ``megabytes`` MB of XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member, content in (extra or {}).items():
            archive.writestr(member, content)
        archive.writestr(name, b"<w:p/>" * (megabytes * 1024 * 1024 // 6))
    return buffer.getvalue()


DOCX_PARTS = {"[Content_Types].xml": b"<Types/>"}
XLSX_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_finding_06_a_small_zip_that_expands_to_megabytes_is_refused_before_expanding() -> None:
    data = bomb("word/document.xml", 80, DOCX_PARTS)
    assert len(data) < 200_000
    with pytest.raises(zipguard.ZipBombError, match="解压后过大（80 MB"):
        zipguard.check_archive(data, what="该文件")


def test_finding_06_ordinary_office_files_pass() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + "正文" * 5000 + "</w:document>")
    zipguard.check_archive(buffer.getvalue())
    zipguard.check_archive(b"not a zip at all")


def test_finding_06_xlsx_imports_refuse_a_bomb() -> None:
    data = bomb("xl/worksheets/sheet1.xml", 80, XLSX_PARTS)
    with pytest.raises(ValidationError, match="该 XLSX 文件解压后过大"):
        list(read_table(data, "ledger.xlsx", {"a": ("甲",)}, ("a",)))


@pytest.mark.django_db
def test_finding_06_item_attachment_docx_bomb_is_refused_with_a_chinese_message(county) -> None:
    from gongkai.disclosure.actions import attachment_add, item_create
    from gongkai.disclosure.models import Category, ensure_default_categories

    ensure_default_categories()
    item = item_create(
        agency=county.dept_a,
        actor=county.clerk_a,
        category=Category.objects.first(),
        title="关于印发预算的通知",
        formed_on=dt.date(2025, 3, 3),
    )
    data = bomb("word/document.xml", 80, DOCX_PARTS)
    with pytest.raises(ValidationError, match="解压后过大（80 MB"):
        attachment_add(item=item, actor=county.clerk_a, filename="预算.docx", data=data)
    assert not item.attachments.exists()


def test_finding_06_a_docx_bomb_as_a_draft_source_is_unreadable_not_expanded() -> None:
    from gongkai.disclosure.docimport import UnreadableDocument, docx_blocks

    with pytest.raises(UnreadableDocument, match="该 Word 文件解压后过大"):
        docx_blocks(bomb("word/document.xml", 80, DOCX_PARTS))
