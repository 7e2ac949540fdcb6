"""Findings of the security probe of 年报体检, one regression test (or a few) per finding."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from gongkai.reportcheck import uploads, views
from gongkai.reportcheck.api import parse_bytes
from gongkai.reportcheck.errors import ReportReadError
from gongkai.reportcheck.limits import DEFAULT_REPORT_MAX_BYTES, report_max_bytes, zip_max_bytes
from gongkai.reportcheck.tests.helpers import report_json, upload
from gongkai.reports.models import AnnualReport

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(body_xml: bytes) -> bytes:
    document = f"<w:document {W}><w:body>".encode() + body_xml + b"</w:body></w:document>"
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": document})


def _page(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


# 1. "One upload limit each" ------------------------------------------------------------------------


def test_one_upload_limit_each_default_is_shared_by_views_and_parser() -> None:
    assert not hasattr(views, "MAX_FILE_BYTES")
    assert report_max_bytes() == DEFAULT_REPORT_MAX_BYTES == 50 * 1024 * 1024
    assert zip_max_bytes() == 200 * 1024 * 1024


def test_one_upload_limit_each_setting_changes_the_parser_limit() -> None:
    text = ("云岭县2023年政府信息公开工作年度报告\n" + "一、总体情况\n" * 300).encode()
    assert len(text) > 4096
    parse_bytes(text, "a.txt")  # under the default limit
    with override_settings(GONGKAI_REPORTCHECK_MAX_BYTES=4096):
        with pytest.raises(ReportReadError) as exc:
            parse_bytes(text, "a.txt")
        assert exc.value.code == "too_large" and "4 KB" in exc.value.message
        # The canonical JSON is bounded by the same limit.
        with pytest.raises(ReportReadError):
            parse_bytes(b'{"schema": "' + b" " * 5000 + b'"}', "a.json")


@pytest.mark.django_db
def test_one_upload_limit_each_setting_changes_the_page_limits(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    data = report_json()
    archive = _zip({"a.json": data}, zipfile.ZIP_STORED)
    assert len(data) > 1024 and len(archive) > 1024
    with override_settings(GONGKAI_REPORTCHECK_MAX_BYTES=1024, GONGKAI_REPORTCHECK_ZIP_MAX_BYTES=1024):
        page = _page(upload(client, ("big.json", data), ("big.zip", archive)))
        assert page.count("文件超过 1 KB，无法检查") == 2
        assert "单个文件不超过 1 KB，ZIP 不超过 1 KB" in page
    page = _page(upload(client, ("big.json", data), ("big.zip", archive)))
    assert "无法检查" not in page and "单个文件不超过 50 MB，ZIP 不超过 200 MB" in page


# 2. Decompression bombs ---------------------------------------------------------------------------


def test_decompression_bomb_docx_is_refused_before_expanding() -> None:
    # 30 MB of XML compress to about 30 KB.
    bomb = _docx(b"<w:p><w:r><w:t>" + b" " * (30 * 1024 * 1024) + b"</w:t></w:r></w:p>")
    assert len(bomb) < 100 * 1024
    started = time.monotonic()
    with pytest.raises(ReportReadError) as exc:
        parse_bytes(bomb, "bomb.docx")
    assert time.monotonic() - started < 2
    assert exc.value.code == "zip_bomb" and "解压后过大" in exc.value.message


def test_decompression_bomb_docx_with_too_many_elements() -> None:
    paragraph = "<w:p><w:r><w:t>第一段文字 1 2 3</w:t></w:r></w:p>".encode()
    bomb = _docx(paragraph * 60_000)  # 3 MB of XML, 60 000 paragraphs
    started = time.monotonic()
    with pytest.raises(ReportReadError) as exc:
        parse_bytes(bomb, "many.docx")
    assert time.monotonic() - started < 5
    assert exc.value.code == "too_many_blocks" and "内容过多" in exc.value.message


def test_decompression_bomb_docx_with_entities_is_not_expanded() -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    document = lol + f"<w:document {W}><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>".encode()
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": document})
    with pytest.raises(ReportReadError) as exc:
        parse_bytes(data, "lol.docx")
    assert exc.value.code in {"not_a_report", "unsupported"}


@pytest.mark.django_db
def test_decompression_bomb_zip_upload_each_member_bounded_rest_checked(county: Any, client: Any) -> None:
    bomb_docx = _docx(b"<w:p><w:r><w:t>" + b" " * (30 * 1024 * 1024) + b"</w:t></w:r></w:p>")
    archive = _zip(
        {
            "a.docx": bomb_docx,
            "b.docx": bomb_docx,
            "c.docx": bomb_docx,
            "huge.txt": b"0" * (3 * 1024 * 1024),  # expands far beyond its compressed size
            "good.json": report_json(),
        }
    )
    assert len(archive) < 200 * 1024
    client.force_login(county.supervisor)
    started = time.monotonic()
    with override_settings(GONGKAI_REPORTCHECK_MAX_BYTES=2 * 1024 * 1024):
        page = _page(upload(client, ("three.zip", archive)))
    assert time.monotonic() - started < 10
    assert page.count("可能是压缩炸弹") == 3  # the three DOCX, each with its own message
    assert "解压后为 3 MB，超过单个文件 2 MB 的上限" in page
    assert "good.json" in page and "未发现问题" in page


@pytest.mark.django_db
def test_decompression_bomb_zip_upload_ratio_and_total(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    page = _page(upload(client, ("ratio.zip", _zip({"zeros.txt": b"0" * (4 * 1024 * 1024)}))))
    assert "压缩比异常" in page
    members = {f"r{i}.json": report_json(year=2020 + i % 4) for i in range(3)}
    with override_settings(GONGKAI_REPORTCHECK_ZIP_MAX_BYTES=len(report_json()) // 2 * 3):
        page = _page(upload(client, ("total.zip", _zip(members))))
    assert "ZIP 解压后的总大小超过" in page
    assert page.count("未发现问题") >= 1


@pytest.mark.django_db
def test_decompression_bomb_zip_upload_member_count(county: Any, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(uploads, "ZIP_MAX_MEMBERS", 2)
    client.force_login(county.supervisor)
    page = _page(upload(client, ("many.zip", _zip({f"{i}.json": report_json() for i in range(4)}))))
    assert "ZIP 中的报告超过 2 份，其余的未检查" in page
    assert "0.json" in page and "1.json" in page and "3.json" not in page


# 3. Malformed ZIPs --------------------------------------------------------------------------------


def _bad_crc(members: dict[str, bytes], victim: str) -> bytes:
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    start = data.index(members[victim])
    data[start + 10] ^= 0xFF
    return bytes(data)


def _patched(members: dict[str, bytes], victim: str, local_offset: int, value: int) -> bytes:
    """Overwrite a two-byte field of ``victim``'s local header and its central directory entry (whose
    offset is two more: the central entry has an extra "version made by" field first)."""
    data = bytearray(_zip(members, zipfile.ZIP_STORED))
    name = victim.encode()
    for signature, offset, name_at in ((b"PK\x03\x04", local_offset, 30), (b"PK\x01\x02", local_offset + 2, 46)):
        position = data.find(signature)
        while position >= 0:
            if data[position + name_at : position + name_at + len(name)] == name:
                data[position + offset : position + offset + 2] = value.to_bytes(2, "little")
            position = data.find(signature, position + 4)
    return bytes(data)


def _patched_method(members: dict[str, bytes], victim: str, method: int) -> bytes:
    return _patched(members, victim, 8, method)


def _encrypted(members: dict[str, bytes], victim: str) -> bytes:
    # The "encrypted" general purpose flag: no password opens it.
    return _patched(members, victim, 6, 0x1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda m: _bad_crc(m, "bad.json"), "文件已损坏"),
        (lambda m: _encrypted(m, "bad.json"), "文件已加密"),
        (lambda m: _patched_method(m, "bad.json", 99), "不支持的压缩方式"),
    ],
    ids=["bad_crc", "encrypted", "unsupported_compression"],
)
def test_malformed_zip_member_gets_a_message_rest_checked(county: Any, client: Any, make: Any, message: str) -> None:
    archive = make({"bad.json": report_json(year=2022), "good.json": report_json(year=2023)})
    client.force_login(county.supervisor)
    page = _page(upload(client, ("batch.zip", archive)))
    assert message in page
    assert "good.json" in page and "未发现问题" in page


def test_malformed_zip_member_directly() -> None:
    members = {"bad.json": report_json(), "good.json": report_json()}
    for archive, message in (
        (_bad_crc(members, "bad.json"), "文件已损坏"),
        (_encrypted(members, "bad.json"), "文件已加密"),
        (_patched_method(members, "bad.json", 99), "不支持的压缩方式"),
    ):
        read = {m.name: m for m in uploads.members("x.zip", archive)}
        assert message in read["bad.json"].error
        assert not read["good.json"].error and read["good.json"].data == report_json()


def test_malformed_zip_whole_archive_and_damaged_docx() -> None:
    (member,) = uploads.members("x.zip", b"PK\x03\x04 not a zip at all")
    assert "ZIP 文件已损坏" in member.error
    body = f"<w:document {W}><w:body><w:p><w:r><w:t>".encode() + "第一段".encode() * 50 + b"</w:t></w:r></w:p>"
    docx = {"[Content_Types].xml": b"<Types/>", "word/document.xml": body + b"</w:body></w:document>"}
    for damaged in (
        _bad_crc(docx, "word/document.xml"),
        _patched_method(docx, "word/document.xml", 99),
        _encrypted(docx, "word/document.xml"),
    ):
        with pytest.raises(ReportReadError) as exc:
            parse_bytes(damaged, "x.docx")
        assert exc.value.code in {"unsupported", "encrypted"}


# 4. A malformed imported report JSON --------------------------------------------------------------


def _malformed() -> dict[str, Any]:
    report = json.loads(report_json())
    report["applications"]["granted"] = [5, 0, 0]  # a row that is a list
    report["proactive"]["fees"]["amount_wan_yuan"] = 1.5  # money as a float
    report["sections"]["一"] = {"text": "……"}
    return report


@pytest.mark.django_db
def test_malformed_report_json_is_refused_at_upload(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    page = _page(upload(client, ("bad.json", json.dumps(_malformed(), ensure_ascii=False).encode())))
    assert "年报数据 JSON 的结构不正确" in page
    assert "浮点数" in page
    assert not client.session.get(views.SESSION_KEY)


@pytest.mark.django_db
def test_malformed_report_json_is_not_stored(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    upload(client, ("2023.json", report_json()))
    session = client.session
    stash = session[views.SESSION_KEY]
    token = next(iter(stash))
    stash[token]["report"] = _malformed()  # as if the stash had been tampered with or an older check let it through
    session[views.SESSION_KEY] = stash
    session.save()
    response = client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2023"})
    assert response.status_code == 302
    assert not AnnualReport.objects.exists()
    messages = [str(m) for m in client.get("/workspace/report-audit/").context["messages"]]
    assert any("结构不正确，未保存" in m for m in messages)


# 5. Temporary files -------------------------------------------------------------------------------


def _tmp_files() -> list[str]:
    try:
        return default_storage.listdir(views.TMP_PREFIX.rstrip("/"))[1]
    except FileNotFoundError:
        return []


@pytest.mark.django_db
def test_temporary_files_deleted_when_stored(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    upload(client, ("2023.json", report_json()))
    assert len(_tmp_files()) == 1
    token = next(iter(client.session[views.SESSION_KEY]))
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2023"})
    assert AnnualReport.objects.count() == 1 and _tmp_files() == []


@pytest.mark.django_db
def test_temporary_files_of_dropped_session_entries_are_deleted(county: Any, client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "SESSION_LIMIT", 2)
    client.force_login(county.supervisor)
    for year in (2020, 2021, 2022):
        upload(client, (f"{year}.json", report_json(year=year)))
    assert len(client.session[views.SESSION_KEY]) == 2
    assert len(_tmp_files()) == 2


@pytest.mark.django_db
def test_temporary_files_expire(county: Any, client: Any) -> None:
    client.force_login(county.supervisor)
    upload(client, ("2023.json", report_json()))
    (name,) = _tmp_files()
    # Left behind by a session that expired: a day old.
    old = time.time() - views.TMP_TTL.total_seconds() - 60
    os.utime(default_storage.path(views.TMP_PREFIX + name), (old, old))
    assert views.purge_expired_uploads() == 1 and _tmp_files() == []
    # A stale session entry: refused as expired, not stored.
    upload(client, ("2023.json", report_json()))
    session = client.session
    stash = session[views.SESSION_KEY]
    token = list(stash)[-1]
    stash[token]["saved"] = (dt.datetime.now(dt.UTC) - views.TMP_TTL - dt.timedelta(minutes=1)).isoformat()
    session[views.SESSION_KEY] = stash
    session.save()
    client.post("/workspace/report-audit/store/", {"token": token, "agency": "GOV-A", "year": "2023"})
    assert not AnnualReport.objects.exists() and _tmp_files() == []
    messages = [str(m) for m in client.get("/workspace/report-audit/").context["messages"]]
    assert any("已过期" in m for m in messages)
