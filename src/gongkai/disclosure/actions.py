"""State changes of proactive disclosure. Each checks permission, runs in one transaction, keeps the
search index in step and writes an audit event (docs/dev/foundation.md)."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import html
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import Perm, has_perm, require
from gongkai.agencies.models import Agency
from gongkai.audit import labels
from gongkai.audit.actions import diff, record, snapshot
from gongkai.calendar.workdays import add_working_days
from gongkai.common import pagecache
from gongkai.common.text import CONTROL_CHARS_MESSAGE, has_control_chars, strip_control_chars
from gongkai.common.uploads import max_attachment_bytes
from gongkai.common.zipguard import ZipBombError, check_archive
from gongkai.disclosure import search
from gongkai.disclosure.models import (
    AgencyFigures,
    AgencyGuide,
    Attachment,
    Category,
    IndexCounter,
    Item,
    Validity,
)
from gongkai.disclosure.rules import (
    ARTICLE_21_CHOICES,
    CHANNEL_LABELS,
    DEFAULT_INDEX_FORMAT,
    STATUTORY_PUBLISH_DAYS,
    Status,
    format_index_number,
    next_status,
    timeliness,
)

labels.register(
    {
        "item.create": "起草政府信息",
        "item.update": "修改政府信息",
        "item.submit": "提交保密审查",
        "item.approve": "保密审查通过",
        "item.return": "保密审查退回",
        "item.publish": "发布政府信息",
        "item.withdraw": "撤回政府信息",
        "item.supersede": "被新版本替代",
        "item.new_version": "起草新版本",
        "item.validity": "变更有效性",
        "item.attach": "上传附件",
        "item.detach": "删除附件",
        "item.link_interpretation": "关联政策解读",
        "item.timeliness": "重新计算公开时限",
        "guide.update": "修改政府信息公开指南",
        "figures.save": "填报处理决定与收费",
        "figures.import": "导入处理决定与收费",
        "item.import": "从公文文件起草",
        "batch.draft": "批量从公文文件起草",
        "category.save": "保存主题分类",
        "category.delete": "删除主题分类",
    }
)

EDITABLE = [
    "title",
    "doc_number",
    "category",
    "genre",
    "article20",
    "article21_topics",
    "summary",
    "body",
    "formed_on",
    "is_normative",
    "validity",
    "valid_from",
    "invalid_on",
    "channels",
    "publish_days",
    "publish_days_basis",
]
AUDITED = [f if f != "category" else "category_id" for f in EDITABLE]
STATE = ["status", "index_number", "published_on", "reviewed_by_id", "review_note"]

_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(p|div|br|li|tr|h[1-6]|table|ul|ol)\b[^>]*>", re.IGNORECASE)


# The one image source an item body may use: an attachment stored in the system, by relative URL
# (disclosure:attachment). Anything else (another site's picture, a tracking pixel that tells its owner
# who reviews a draft and when) is removed.
_OWN_IMAGE = re.compile(r"/items/attachments/[0-9]+/[0-9a-f]{64}/")
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _OWN_IMAGE.fullmatch(value) else None
    return value


def sanitize(body: str) -> str:
    """The body as safe HTML: nh3 keeps formatting tags and drops scripts, handlers and styles; images
    only from our own attachments; no control characters (they break the feeds and exports)."""
    cleaned = nh3.clean(strip_control_chars(body or ""), attribute_filter=_keep_attribute)
    return _IMG_WITHOUT_SRC.sub("", cleaned)


def html_text(body: str) -> str:
    """Plain text of sanitised HTML (for search and feeds)."""
    text = _TAG.sub("", _BLOCK.sub("\n", body))
    return re.sub(r"\n{2,}", "\n", html.unescape(text)).strip()


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _transition(item: Item, action: str) -> Status:
    target = next_status(action, item.status)
    if target is None:
        raise _fail("status", f"当前状态为“{item.status_label}”，不能执行此操作")
    return target


def _validate(item: Item) -> None:
    errors: dict[str, str] = {}
    if not item.title.strip():
        errors["title"] = "请填写名称"
    if item.formed_on is None:
        errors["formed_on"] = "请填写生成日期"
    elif item.formed_on > timezone.localdate() + dt.timedelta(days=366):
        errors["formed_on"] = "生成日期不能晚于明年"
    bad_topics = [t for t in item.article21_topics if t not in dict(ARTICLE_21_CHOICES)]
    if bad_topics:
        errors["article21_topics"] = f"未知的第二十一条事项：{'、'.join(bad_topics)}"
    bad_channels = [c for c in item.channels if c not in CHANNEL_LABELS]
    if bad_channels:
        errors["channels"] = f"未知的公开渠道：{'、'.join(bad_channels)}"
    if item.validity and not item.is_normative:
        errors["validity"] = "只有规范性文件需要标注有效性"
    if item.validity in {Validity.EXPIRED, Validity.REPEALED} and item.invalid_on is None:
        errors["invalid_on"] = "失效或废止的文件须填写失效或废止日期"
    if item.valid_from and item.invalid_on and item.invalid_on < item.valid_from:
        errors["invalid_on"] = "失效或废止日期不能早于施行日期"
    if item.publish_days is not None and not item.publish_days_basis.strip():
        errors["publish_days_basis"] = "另行规定公开期限时须写明法律、法规依据（第二十六条）"
    if item.publish_days is not None and not 0 < item.publish_days <= 365:
        errors["publish_days"] = "公开期限应为1至365个工作日"
    if errors:
        raise ValidationError(errors)


def _apply_fields(item: Item, values: dict[str, Any]) -> None:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: "该字段不可修改" for name in sorted(unknown)})
    # Refused, not stripped: the author sees what was wrong (form, API and imports all come here).
    garbled = {
        name: CONTROL_CHARS_MESSAGE
        for name, single_line in (("title", True), ("doc_number", True), ("summary", False))
        if isinstance(values.get(name), str) and has_control_chars(values[name], single_line=single_line)
    }
    if garbled:
        raise ValidationError(garbled)
    for name, value in values.items():
        setattr(item, name, value)
    item.body = sanitize(item.body)
    item.body_text = html_text(item.body)
    item.article21_topics = list(item.article21_topics or [])
    item.channels = list(item.channels or [])


def apply_timeliness(item: Item, today: dt.date | None = None) -> None:
    """第二十六条: publish within 20 working days of the formed/changed date, unless a law or regulation
    sets another period (the per-item override)."""
    result = timeliness(
        formed=item.formed_on,
        published=item.published_on,
        days=item.publish_days or STATUTORY_PUBLISH_DAYS,
        today=today or timezone.localdate(),
        add_working_days=add_working_days,
    )
    item.publish_due = result.deadline
    item.publish_due_provisional = result.provisional
    item.is_late = result.late


# ---------------------------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------------------------


def item_create(*, agency: Agency, actor: Any, **values: Any) -> Item:
    if actor is not None:
        require(actor, Perm.EDIT, agency)
    with transaction.atomic():
        item = Item(agency=agency, status=Status.DRAFT, created_by=actor if actor is not None else None)
        _apply_fields(item, values)
        _validate(item)
        apply_timeliness(item)
        item.save()
        record(action="item.create", actor=actor, target=item, after=snapshot(item, AUDITED))
    return item


def item_update(*, item: Item, actor: Any, **values: Any) -> Item:
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        _transition(item, "edit")
        before = snapshot(item, AUDITED)
        _apply_fields(item, values)
        _validate(item)
        apply_timeliness(item)
        item.save()
        old, new = diff(before, snapshot(item, AUDITED))
        if new:
            record(action="item.update", actor=actor, target=item, before=old, after=new)
    return item


def item_new_version(*, item: Item, actor: Any, formed_on: dt.date | None = None) -> Item:
    """A draft copy of a published item; publishing it supersedes the original."""
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    if item.status != Status.PUBLISHED:
        raise _fail("status", "只有已发布的信息可以起草新版本")
    if item.replaced_by.exclude(status__in=[Status.WITHDRAWN]).exists():
        raise _fail("status", "该信息已有新版本")
    values = {name: getattr(item, name) for name in EDITABLE}
    values["formed_on"] = formed_on or timezone.localdate()
    with transaction.atomic():
        new = item_create(agency=item.agency, actor=actor, **values)
        new.replaces = item
        new.save(update_fields=["replaces"])
        # The files are stored under their content hash, so the copies share them: nothing is re-read,
        # and removing one from the draft leaves the published original's file in place.
        copies = Attachment.objects.bulk_create(
            Attachment(
                item=new,
                name=a.name,
                kind=a.kind,
                extension=a.extension,
                sha256=a.sha256,
                size=a.size,
                file=a.file.name,
                text=a.text,
            )
            for a in item.attachments.all()
        )
        record(
            action="item.new_version",
            actor=actor,
            target=new,
            after={"replaces": item.pk, "attachments": [a.name for a in copies]},
        )
    return new


# ---------------------------------------------------------------------------------------------
# Drafting from a 公文 file (gongkai.disclosure.docimport) and in one pass with attachments
# ---------------------------------------------------------------------------------------------


def item_create_with_files(
    *,
    agency: Agency,
    actor: Any,
    original: tuple[str, bytes] | None = None,
    attachments: list[tuple[str, bytes]] | tuple[()] = (),
    recognised: dict[str, Any] | None = None,
    **values: Any,
) -> Item:
    """A draft and its files in one go (the one-pass drafting form): nothing is kept unless every file
    is accepted. ``original`` is the 公文 the draft was read from, kept as its first attachment;
    ``recognised`` what was read from it, recorded so the audit shows what the clerk changed."""
    with transaction.atomic():
        item = item_create(agency=agency, actor=actor, **values)
        if original is not None:
            attachment_add(item=item, actor=actor, filename=original[0], data=original[1])
        for filename, data in attachments:
            attachment_add(item=item, actor=actor, filename=filename, data=data)
        if recognised is not None:
            record(
                action="item.import",
                actor=actor,
                target=item,
                after={
                    "file": original[0] if original else "",
                    **{k: v for k, v in recognised.items() if k not in {"body", "kind"}},
                },
            )
    return item


def item_update_with_files(
    *, item: Item, actor: Any, attachments: list[tuple[str, bytes]] | tuple[()] = (), **values: Any
) -> Item:
    """Saves the edited fields and adds the attachments chosen in the same post, all or nothing."""
    with transaction.atomic():
        item = item_update(item=item, actor=actor, **values)
        for filename, data in attachments:
            attachment_add(item=item, actor=actor, filename=filename, data=data)
    return item


def _same_number(a: str, b: str) -> bool:
    from gongkai.disclosure.docimport import normalise_doc_number

    def key(value: str) -> str:
        return normalise_doc_number(value) or re.sub(r"\s+", "", value)

    return bool(a.strip()) and bool(b.strip()) and key(a) == key(b)


def find_duplicates(*, agency: Agency, title: str, doc_number: str, exclude: Item | None = None) -> list[Item]:
    """Items of the agency with the same 文号 (〔〕 and [] written alike) or the same 名称: a draft that
    is one of them is probably published already. Withdrawn items and the item's own versions do not count."""
    from django.db.models import Q

    from gongkai.disclosure.docimport import DOC_NUMBER

    squeezed_title = re.sub(r"\s+", "", title or "")
    wanted = Q(title=(title or "").strip()) if squeezed_title else Q(pk__in=[])
    match = DOC_NUMBER.search(re.sub(r"\s+", "", doc_number or ""))
    if match:
        wanted |= Q(doc_number__contains=str(int(match["serial"]))) & Q(doc_number__contains=str(int(match["year"])))
    elif (doc_number or "").strip():
        wanted |= Q(doc_number=doc_number.strip())
    candidates = Item.objects.filter(agency=agency).filter(wanted).exclude(status=Status.WITHDRAWN)
    if exclude is not None and exclude.pk:
        candidates = candidates.exclude(pk=exclude.pk).exclude(replaced_by=exclude)
        if exclude.replaces_id:
            candidates = candidates.exclude(pk=exclude.replaces_id)
    found = []
    for other in candidates.order_by("-id")[:20]:
        if _same_number(other.doc_number, doc_number or "") or re.sub(r"\s+", "", other.title) == squeezed_title:
            found.append(other)
    return found


def draft_from_document(*, agency: Agency, category: Category, actor: Any, filename: str, data: bytes) -> Any:
    """One draft read from one 公文 file (the batch path): the recognised fields, the file kept as the
    original. Returns the draft and what was recognised; an unreadable file raises ValidationError."""
    from gongkai.disclosure.docimport import read_document

    found = read_document(data)
    if not found.title:
        raise _fail("file", "未能识别出标题，请单独上传核对")
    values: dict[str, Any] = {
        "title": found.title[:300],
        "doc_number": found.doc_number[:100],
        "category": category,
        "body": found.body,
        "formed_on": found.formed_on or timezone.localdate(),
    }
    if found.genre:
        values["genre"] = found.genre
    if found.formed_on is None:
        found.notes.append("生成日期暂按今天填写，请核对")
    item = item_create_with_files(
        agency=agency, actor=actor, original=(filename, data), recognised=found.as_dict(), **values
    )
    if find_duplicates(agency=agency, title=item.title, doc_number=item.doc_number, exclude=item):
        found.notes.insert(0, "本机关已有同文号或同名称的信息，可能重复")
    return item, found


# ---------------------------------------------------------------------------------------------
# 先审查后公开 (第十七条: 保密审查 before publication)
# ---------------------------------------------------------------------------------------------


def item_submit(*, item: Item, actor: Any) -> Item:
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        target = _transition(item, "submit")
        before = snapshot(item, STATE)
        item.status = target
        item.submitted_by = actor if actor is not None else None
        item.save(update_fields=["status", "submitted_by", "updated_at"])
        record(action="item.submit", actor=actor, target=item, before=before, after=snapshot(item, STATE))
    return item


# 保密审查 checklist (第十七条; 第十四条 国家秘密, 第十五条 个人隐私, 第十六条 过程性信息): each point is
# ticked explicitly by the reviewer and the ticks are kept in the review's audit event.
REVIEW_CHECKLIST = [
    ("no_personal_info", "不含个人信息（身份证号、电话、住址等个人隐私），或已依法处理"),
    ("no_state_secret", "不含国家秘密，文件未标密级或已依法解密"),
    ("no_process_info", "不含讨论记录、过程稿等过程性信息，或已依法决定公开"),
]


def item_review(
    *, item: Item, actor: Any, approve: bool, note: str = "", checklist: dict[str, bool] | None = None
) -> Item:
    """保密审查: pass (→ 审查通过) or return with reasons (→ 已退回). Nobody reviews their own submission.

    ``checklist`` is the reviewer's ticks of REVIEW_CHECKLIST (the review screen always sends it; an
    approval with any point unticked is refused). It is recorded in the audit event either way."""
    if actor is not None:
        require(actor, Perm.REVIEW, item.agency)
    ticks = {key: bool((checklist or {}).get(key)) for key, _ in REVIEW_CHECKLIST} if checklist is not None else None
    if approve and ticks is not None and not all(ticks.values()):
        missing = "；".join(label for key, label in REVIEW_CHECKLIST if not ticks[key])
        raise _fail("checklist", f"审查通过前须逐项确认：{missing}")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        target = _transition(item, "approve" if approve else "return")
        if actor is not None and actor.pk in {item.submitted_by_id, item.created_by_id}:
            raise PermissionDenied("不能审查自己起草或提交的信息")
        if not approve and not note.strip():
            raise _fail("review_note", "退回时须写明理由")
        before = snapshot(item, STATE)
        item.status = target
        item.reviewed_by = actor if actor is not None else None
        item.review_note = note.strip()
        item.save(update_fields=["status", "reviewed_by", "review_note", "updated_at"])
        after = snapshot(item, STATE)
        if ticks is not None:
            after["checklist"] = ticks
        record(
            action="item.approve" if approve else "item.return",
            actor=actor,
            target=item,
            before=before,
            after=after,
            reason=note.strip(),
        )
    return item


def review_queue(user: Any) -> Any:
    """Items waiting for this user's 保密审查, oldest submission first: submitted in an agency where the
    user reviews, and neither drafted nor submitted by the user."""
    from gongkai.accounts.permissions import agencies_with

    return (
        Item.objects.filter(status=Status.SUBMITTED, agency__in=agencies_with(user, Perm.REVIEW))
        .exclude(submitted_by=user)
        .exclude(created_by=user)
        .select_related("agency", "category")
        .order_by("updated_at", "id")
    )


def _index_format() -> str:
    return getattr(settings, "GONGKAI_INDEX_NUMBER_FORMAT", DEFAULT_INDEX_FORMAT)


def take_index_number(item: Item) -> str:
    """The next 索引号 for the item's agency, category and year of formation. The counter row is
    locked (SELECT … FOR UPDATE) until the transaction ends, so concurrent publishers queue here."""
    year = item.formed_on.year
    code = item.category.code
    counter, _ = IndexCounter.objects.get_or_create(agency_id=item.agency_id, category=code, year=year)
    counter = IndexCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_index_number(_index_format(), agency=item.agency.code, category=code, year=year, serial=counter.last)


def item_publish(*, item: Item, actor: Any, published_on: dt.date | None = None) -> Item:
    """Publishes an approved item: gives it its 索引号, fixes the 发布日期, judges timeliness (第二十六条)."""
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("agency", "category").get(pk=item.pk)
        target = _transition(item, "publish")
        before = snapshot(item, STATE)
        item.status = target
        item.published_on = published_on or timezone.localdate()
        if item.published_on < item.formed_on:
            raise _fail("published_on", "发布日期不能早于生成日期")
        if not item.index_number:
            item.index_number = take_index_number(item)
        apply_timeliness(item)
        item.save()
        record(action="item.publish", actor=actor, target=item, before=before, after=snapshot(item, STATE))
        search.sync_item(item)
        pagecache.invalidate()
        if item.replaces_id:
            _supersede(item.replaces_id, item, actor)
    return item


def _supersede(old_id: int, new: Item, actor: Any) -> None:
    old = Item.objects.select_for_update().get(pk=old_id)
    if next_status("supersede", old.status) is None:
        return  # already withdrawn or superseded: nothing more to mark
    before = snapshot(old, STATE)
    old.status = Status.SUPERSEDED
    old.save(update_fields=["status", "updated_at"])
    record(
        action="item.supersede",
        actor=actor,
        target=old,
        before=before,
        after={**snapshot(old, STATE), "replaced_by": new.index_number},
    )
    search.sync_item(old)
    pagecache.invalidate()


def item_withdraw(*, item: Item, actor: Any, reason: str) -> Item:
    """撤回: the item leaves lists and search, and its page says why instead of vanishing."""
    if actor is not None:
        require(actor, Perm.REVIEW, item.agency)
    if not reason.strip():
        raise _fail("withdrawn_reason", "撤回时须写明理由")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        target = _transition(item, "withdraw")
        before = snapshot(item, [*STATE, "withdrawn_reason"])
        item.status = target
        item.withdrawn_reason = strip_control_chars(reason).strip()
        item.withdrawn_on = timezone.localdate()
        item.save(update_fields=["status", "withdrawn_reason", "withdrawn_on", "updated_at"])
        record(
            action="item.withdraw",
            actor=actor,
            target=item,
            before=before,
            after=snapshot(item, [*STATE, "withdrawn_reason"]),
            reason=reason.strip(),
        )
        search.sync_item(item)
        pagecache.invalidate()
    return item


def item_set_validity(
    *, item: Item, actor: Any, validity: str, invalid_on: dt.date | None = None, valid_from: dt.date | None = None
) -> Item:
    """有效性 of a published 规范性文件 changes over its life (失效, 废止) without a new version."""
    if actor is not None:
        require(actor, Perm.REVIEW, item.agency)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        before = snapshot(item, ["validity", "valid_from", "invalid_on"])
        item.validity = validity
        item.invalid_on = invalid_on
        if valid_from is not None:
            item.valid_from = valid_from
        if validity not in Validity.values:
            raise _fail("validity", "有效性应为有效、失效或废止")
        _validate(item)
        item.save(update_fields=["validity", "valid_from", "invalid_on", "updated_at"])
        search.sync_item(item)  # validity is a search filter
        pagecache.invalidate()
        record(
            action="item.validity",
            actor=actor,
            target=item,
            before=before,
            after=snapshot(item, ["validity", "valid_from", "invalid_on"]),
        )
    return item


def item_link_interpretation(*, document: Item, interpretation: Item, actor: Any) -> None:
    if actor is not None:
        require(actor, Perm.EDIT, document.agency)
    if document.pk == interpretation.pk:
        raise _fail("interpretation", "不能把信息关联为自身的解读")
    with transaction.atomic():
        document.interpretations.add(interpretation)
        record(
            action="item.link_interpretation",
            actor=actor,
            target=document,
            after={"interpretation": interpretation.pk, "title": interpretation.title},
        )


def recompute_timeliness(years: list[int]) -> int:
    """Calendar callback: a year's holiday arrangement changed, so deadlines reaching into it move."""
    changed = 0
    today = timezone.localdate()
    wanted = set(years)
    # A 20-working-day span reaches at most into the next year, so items formed the year before count.
    formed_years = wanted | {y - 1 for y in wanted}
    for item in Item.objects.filter(formed_on__year__in=sorted(formed_years)).iterator():
        old = (item.publish_due, item.publish_due_provisional, item.is_late)
        apply_timeliness(item, today)
        if (item.publish_due, item.publish_due_provisional, item.is_late) != old:
            with transaction.atomic():
                item.save(update_fields=["publish_due", "publish_due_provisional", "is_late"])
                record(
                    action="item.timeliness",
                    actor=None,
                    target=item,
                    before={"publish_due": old[0], "is_late": old[2]},
                    after={"publish_due": item.publish_due, "is_late": item.is_late},
                )
            changed += 1
    return changed


# ---------------------------------------------------------------------------------------------
# Attachments: type checked by content, size limited, stored under the content hash.
# ---------------------------------------------------------------------------------------------

ATTACHMENT_KINDS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "png": ".png", "jpeg": ".jpg", "gif": ".gif"}
KIND_LABELS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel", "png": "图片", "jpeg": "图片", "gif": "图片"}


def sniff(data: bytes) -> str | None:
    """The file's real type from its bytes (never from its name or the browser's claim)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def extract_text(kind: str, data: bytes) -> str:
    """Text of PDF and DOCX attachments, for search. Unreadable files are refused, not half-indexed."""
    if kind in {"docx", "xlsx"}:
        try:
            check_archive(data, what=f"该{KIND_LABELS[kind]}文件")
        except ZipBombError as exc:
            raise _fail("file", str(exc)) from exc
    try:
        if kind == "pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    parts.append("\t".join(cell.text for cell in row.cells))
            return "\n".join(parts)
    except Exception as exc:
        raise _fail("file", f"无法读取该{KIND_LABELS[kind]}文件的内容，请检查文件是否损坏") from exc
    return ""


_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def attachment_add(*, item: Item, actor: Any, filename: str, data: bytes) -> Attachment:
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    limit = max_attachment_bytes()
    if not data:
        raise _fail("file", "文件为空")
    if len(data) > limit:
        raise _fail("file", f"文件超过{limit // (1024 * 1024)}MB的上限")
    kind = sniff(data)
    if kind is None:
        raise _fail("file", "只能上传 PDF、DOCX、XLSX 或 PNG、JPEG、GIF 图片（按文件内容判断）")
    text = extract_text(kind, data)
    digest = hashlib.sha256(data).hexdigest()
    display = _UNSAFE_NAME.sub("_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip()[:200] or "附件"
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.status not in {Status.DRAFT, Status.RETURNED}:
            raise _fail("file", "只有草稿或退回的信息可以修改附件")
        attachment = Attachment(
            item=item,
            name=display,
            kind=kind,
            extension=ATTACHMENT_KINDS[kind],
            sha256=digest,
            size=len(data),
            text=text,
        )
        stored = attachment_path(attachment)
        # Same content, same name: an identical file is stored once.
        if not default_storage.exists(stored):
            saved = default_storage.save(stored, ContentFile(data))
            if saved != stored:
                raise _fail("file", "文件保存失败，请重试")
        attachment.file.name = stored
        attachment.save()
        record(
            action="item.attach",
            actor=actor,
            target=item,
            after={"name": display, "sha256": digest, "size": len(data), "kind": kind},
        )
    return attachment


def attachment_path(attachment: Attachment) -> str:
    from gongkai.disclosure.models import attachment_path as path_for

    return path_for(attachment, "")


def attachment_remove(*, attachment: Attachment, actor: Any) -> None:
    item = attachment.item
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.status not in {Status.DRAFT, Status.RETURNED}:
            raise _fail("file", "只有草稿或退回的信息可以修改附件")
        record(action="item.detach", actor=actor, target=item, before={"name": attachment.name})
        attachment.delete()


def may_see_item(user: Any, item: Item) -> bool:
    return item.is_public or has_perm(user, Perm.VIEW_INTERNAL, item.agency)


def may_see_attachments(user: Any, item: Item) -> bool:
    """A withdrawn item keeps its public page (the notice and reason), not its files: 撤回 is often for
    privacy, so an old link to an attachment stops working for the public; staff still see it."""
    if item.status == Status.WITHDRAWN:
        return has_perm(user, Perm.VIEW_INTERNAL, item.agency)
    return may_see_item(user, item)


# ---------------------------------------------------------------------------------------------
# 指南 text and the figures that are not items
# ---------------------------------------------------------------------------------------------

GUIDE_FIELDS = ["preface", "arrangement", "access", "reading_rooms", "application", "supervision"]


def guide_update(*, agency: Agency, actor: Any, **values: Any) -> AgencyGuide:
    if actor is not None:
        require(actor, Perm.MANAGE_AGENCY, agency)
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise ValidationError({name: "该字段不可修改" for name in sorted(unknown)})
    with transaction.atomic():
        guide, _ = AgencyGuide.objects.select_for_update().get_or_create(agency=agency)
        before = snapshot(guide, GUIDE_FIELDS)
        for name, value in values.items():
            setattr(guide, name, (value or "").strip())
        guide.save()
        old, new = diff(before, snapshot(guide, GUIDE_FIELDS))
        if new:
            record(action="guide.update", actor=actor, target=guide, agency=agency, before=old, after=new)
            pagecache.invalidate()  # the public 指南
    return guide


FIGURE_FIELDS = ["licensing", "punishment", "enforcement", "fees_wan_yuan"]


def _check_figures(year: int, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    if not 2008 <= year <= timezone.localdate().year + 1:
        errors["year"] = "年度应在2008年至明年之间"
    for name in FIGURE_FIELDS:
        raw = values.get(name, 0)
        raw = "0" if raw in (None, "") else str(raw).strip().replace(",", "")
        try:
            number = decimal.Decimal(raw)
        except decimal.InvalidOperation:
            errors[name] = f"“{raw}”不是数字"
            continue
        if number < 0:
            errors[name] = "不能为负数"
        elif name != "fees_wan_yuan" and number != number.to_integral_value():
            errors[name] = "处理决定数应为整数"
        elif name == "fees_wan_yuan" and -number.as_tuple().exponent > 4:
            errors[name] = "收费金额最多保留4位小数（万元）"
        else:
            clean[name] = number if name == "fees_wan_yuan" else int(number)
    if errors:
        raise ValidationError(errors)
    return clean


def figures_save(*, agency: Agency, year: int, actor: Any, **values: Any) -> AgencyFigures:
    if actor is not None:
        require(actor, Perm.EDIT, agency)
    clean = _check_figures(year, values)
    with transaction.atomic():
        figures, _ = AgencyFigures.objects.select_for_update().get_or_create(agency=agency, year=year)
        before = snapshot(figures, FIGURE_FIELDS)
        for name, value in clean.items():
            setattr(figures, name, value)
        figures.save()
        old, new = diff(before, snapshot(figures, FIGURE_FIELDS))
        if new:
            record(action="figures.save", actor=actor, target=figures, agency=agency, before=old, after=new)
    return figures


FIGURE_COLUMNS = {
    "agency": ("机构代码", "代码", "agency"),
    "year": ("年度", "year"),
    "licensing": ("行政许可", "licensing"),
    "punishment": ("行政处罚", "punishment"),
    "enforcement": ("行政强制", "enforcement"),
    "fees_wan_yuan": ("行政事业性收费（万元）", "行政事业性收费", "fees_wan_yuan"),
}


@dataclass
class FiguresImportResult:
    saved: int


def figures_import(*, data: bytes, filename: str, actor: Any) -> FiguresImportResult:
    """CSV/XLSX with 机构代码, 年度 and the four figures; all rows or none, every bad row reported."""
    from gongkai.common.tabular import read_table

    rows = read_table(data, filename, FIGURE_COLUMNS, ("agency", "year"))
    errors: list[str] = []
    agencies = {a.code: a for a in Agency.objects.all()}
    checked: list[tuple[Agency, int, dict[str, Any]]] = []
    seen: dict[tuple[str, int], int] = {}
    for number, row in rows:
        problems: list[str] = []
        agency = agencies.get(row.get("agency", ""))
        if agency is None:
            problems.append(f"机构代码“{row.get('agency', '')}”不存在")
        elif actor is not None and not has_perm(actor, Perm.EDIT, agency):
            problems.append(f"您没有在“{agency.name}”填报的权限")
        try:
            year = int(row.get("year", ""))
        except ValueError:
            problems.append(f"年度“{row.get('year', '')}”不是整数")
            year = 0
        key = (row.get("agency", ""), year)
        if key in seen:
            problems.append(f"与第{seen[key]}行重复")
        seen[key] = number
        try:
            clean = _check_figures(year, row) if year else {}
        except ValidationError as exc:
            problems.extend(f"{_figure_label(k)}{'，'.join(v)}" for k, v in exc.message_dict.items())
            clean = {}
        if problems:
            errors.append(f"第{number}行：" + "；".join(problems))
        elif agency is not None:
            checked.append((agency, year, clean))
    if errors:
        raise ValidationError(errors)
    if not checked:
        raise ValidationError("文件中没有数据行")
    with transaction.atomic():
        for agency, year, clean in checked:
            figures_save(agency=agency, year=year, actor=actor, **clean)
        record(action="figures.import", actor=actor, target=None, after={"rows": len(checked), "file": filename})
    return FiguresImportResult(saved=len(checked))


def _figure_label(name: str) -> str:
    if name == "year":
        return "年度："
    return f"{AgencyFigures._meta.get_field(name).verbose_name}："


def category_by_code(code: str) -> Category | None:
    return Category.objects.filter(code=code).first()


CATEGORY_FIELDS = ("code", "name", "sort_order")


def category_save(*, category: Category | None, actor: Any, code: str, name: str, sort_order: int) -> Category:
    """Adds a 主题分类 (``category=None``) or changes one (系统管理 → 主题分类). Its code is part of every
    索引号 already given, so it never changes once items use it."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    code, name = code.strip(), name.strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = "请填写分类代码"
    if not name:
        errors["name"] = "请填写分类名称"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Category.objects.select_for_update().get(pk=category.pk) if category is not None else Category()
        same_code = Category.objects.filter(code=code)
        if (same_code.exclude(pk=current.pk) if current.pk else same_code).exists():
            raise ValidationError({"code": f"已有代码为“{code}”的主题分类"})
        if current.pk and code != current.code and current.items.exists():
            raise ValidationError({"code": "已有政府信息使用该分类，其代码是索引号的一部分，不能修改"})
        before = snapshot(current, CATEGORY_FIELDS) if current.pk else None
        current.code, current.name, current.sort_order = code, name, sort_order
        current.save()
        after = snapshot(current, CATEGORY_FIELDS)
        record(action="category.save", actor=actor, target=current, before=before, after=after)
        pagecache.invalidate()  # category names on the public pages
    return current


def category_delete(*, category: Category, actor: Any) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    with transaction.atomic():
        if category.items.exists():
            raise ValidationError(f"已有政府信息使用“{category.name}”分类，不能删除")
        record(action="category.delete", actor=actor, target=category, before=snapshot(category, CATEGORY_FIELDS))
        category.delete()
