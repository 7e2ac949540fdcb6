"""Background drafting of several 公文 at once: each file (or each DOCX and PDF inside a ZIP) becomes one
draft, the progress is saved as it goes for the page to poll, and every file gets a line in the summary
(docs/disclosure.md)."""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django_tasks import task

from gongkai.audit.actions import record
from gongkai.common.uploads import max_attachment_bytes
from gongkai.disclosure.models import DraftBatch

logger = logging.getLogger(__name__)

# A ZIP holds at most this many documents: a batch is a week's 公文, not an archive.
MAX_BATCH_DOCUMENTS = 100


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's file name as the clerk saw it: ZIPs made on Chinese Windows store names in GBK
    without saying so (no UTF-8 flag), which Python reads as CP437."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name.rsplit("/", 1)[-1]


def _is_plain_zip(data: bytes) -> bool:
    from gongkai.disclosure.actions import sniff

    return data.startswith(b"PK\x03\x04") and sniff(data) is None  # a DOCX is a ZIP too


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/") and not zip_member_name(info).startswith(".")
    ]


def document_count(data: bytes) -> int:
    """How many documents an upload holds (one, or the members of a ZIP up to the batch limit)."""
    if not _is_plain_zip(data):
        return 1
    try:
        return min(len(_members(zipfile.ZipFile(io.BytesIO(data)))), MAX_BATCH_DOCUMENTS + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return 1


def documents_in(name: str, data: bytes) -> Iterator[tuple[str, bytes | None, str]]:
    """(file name, content, problem) for each document of an upload: the file itself, or each member of
    a ZIP. A member that cannot be taken out comes with its problem instead of content."""
    if not _is_plain_zip(data):
        yield name, data, ""
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = _members(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        yield name, None, "ZIP 文件已损坏，无法解压"
        return
    limit = max_attachment_bytes()
    for count, info in enumerate(members):
        member = f"{name} › {zip_member_name(info)}"
        if count >= MAX_BATCH_DOCUMENTS:
            yield member, None, f"一批最多起草{MAX_BATCH_DOCUMENTS}份文件，其余未处理"
            return
        if info.file_size > limit:
            yield member, None, f"文件超过{limit // (1024 * 1024)}MB的上限"
            continue
        try:
            content = archive.read(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
            yield member, None, "无法从 ZIP 中取出该文件（损坏或加密）"
            continue
        yield zip_member_name(info), content, ""


def _result(name: str, *, item: Any = None, title: str = "", notes: list[str] | None = None, error: str = "") -> dict:
    return {
        "name": name,
        "item": item.pk if item is not None else None,
        "title": title,
        "notes": notes or [],
        "error": error,
    }


def _draft_one(batch: DraftBatch, name: str, data: bytes) -> dict:
    from gongkai.disclosure.actions import draft_from_document

    try:
        item, found = draft_from_document(
            agency=batch.agency, category=batch.category, actor=batch.owner, filename=name, data=data
        )
    except ValidationError as exc:
        return _result(name, error="；".join(exc.messages))
    except Exception:
        # One file the reader trips over must not stop the batch or leave it "running" forever.
        logger.exception("draft batch %s: %s could not be drafted", batch.pk, name)
        return _result(name, error="读取此文件时出错，请单独上传或联系管理员")
    return _result(name, item=item, title=item.title, notes=found.notes)


@task()
def draft_batch(batch_id: str) -> int:
    """Drafts every document of the batch; returns how many drafts it made."""
    batch = DraftBatch.objects.select_related("agency", "category", "owner").filter(pk=batch_id).first()
    if batch is None or batch.finished:
        return 0  # removed before the worker came to it, or already run
    batch.state = DraftBatch.State.RUNNING
    batch.total = len(batch.files)
    batch.save(update_fields=["state", "total"])
    results: list[dict] = []
    try:
        _draft_all(batch, results)
    except Exception as exc:
        # Whatever stopped the batch (storage, database), the page must not poll a "running" batch forever.
        logger.exception("draft batch %s stopped", batch.pk)
        DraftBatch.objects.filter(pk=batch.pk).update(
            state=DraftBatch.State.FAILED,
            error=f"批量起草中断（{type(exc).__name__}），已起草的草稿保留",
            results=results,
        )
        return sum(1 for r in results if r["item"])
    finally:
        for upload in batch.files:
            default_storage.delete(upload["path"])  # the drafts keep their originals as attachments
    drafted = sum(1 for r in results if r["item"])
    with transaction.atomic():
        batch.results, batch.done, batch.state, batch.files = results, len(results), DraftBatch.State.DONE, []
        batch.total = max(batch.total, len(results))
        batch.save(update_fields=["results", "done", "total", "state", "files"])
        record(
            action="batch.draft",
            actor=batch.owner,
            target=None,
            agency=batch.agency,
            after={"files": len(results), "drafted": drafted, "failed": len(results) - drafted},
        )
    return drafted


def _draft_all(batch: DraftBatch, results: list[dict]) -> None:
    for upload in batch.files:
        try:
            with default_storage.open(upload["path"], "rb") as handle:
                data = handle.read()
        except OSError:
            results.append(_result(upload["name"], error="上传的文件已丢失，请重新上传"))
            continue
        count = document_count(data)
        if count != 1:  # a ZIP: count its documents instead of the ZIP itself
            batch.total += count - 1
            DraftBatch.objects.filter(pk=batch.pk).update(total=batch.total)
        for name, content, problem in documents_in(upload["name"], data):
            results.append(_result(name, error=problem) if content is None else _draft_one(batch, name, content))
            DraftBatch.objects.filter(pk=batch.pk).update(done=len(results), results=results)
