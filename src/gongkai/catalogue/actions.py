"""State changes of the 标准目录. Each checks permission, runs in one transaction, validates with
Chinese messages and writes an audit event (docs/dev/foundation.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.permissions import Perm, require
from gongkai.agencies.models import Agency
from gongkai.audit import labels
from gongkai.audit.actions import record
from gongkai.catalogue.models import Area, Catalogue, Entry, EntryItem, Tier
from gongkai.catalogue.rules import parse_time_limit
from gongkai.catalogue.sheet import read_sheet
from gongkai.disclosure.models import Item
from gongkai.disclosure.rules import Status

labels.register(
    {
        "catalogue.import": "导入标准目录",
        "catalogue.delete": "删除标准目录",
        "catalogue.link": "关联目录事项",
        "catalogue.unlink": "取消关联目录事项",
        "catalogue.elements": "核对公开要素",
        "catalogue.rule": "确认公开时限",
    }
)

ENTRY_TEXT_FIELDS = ("serial", "level1", "level2", "level3", "content", "basis", "time_limit", "duration", "publicity")
ENTRY_LIST_FIELDS = ("channels", "audiences", "modes", "levels")


def parsed_rule_fields(time_limit: str, publicity: str = "", duration: str = "") -> dict[str, Any]:
    """The Entry fields of a parsed 公开时限; a separate 公示期 or 公开时长 column fills what the 时限 lacks."""
    rule = parse_time_limit(time_limit)
    publicity_rule = parse_time_limit(publicity) if publicity else None
    publicity_amount = rule.publicity_amount
    publicity_unit = rule.publicity_unit
    if publicity_amount is None and publicity_rule is not None:
        # “公示7个工作日” in its own column: its number is the 公示期.
        publicity_amount = publicity_rule.publicity_amount or publicity_rule.amount
        publicity_unit = publicity_rule.publicity_unit or publicity_rule.unit
    return {
        "trigger": rule.trigger.value if rule.trigger else "",
        "amount": rule.amount,
        "unit": rule.unit.value if rule.unit else "",
        "publicity_amount": publicity_amount,
        "publicity_unit": publicity_unit.value if publicity_unit else "",
        "recurrence": rule.recurrence.value,
        "needs_review": rule.needs_review,
        "parse_note": rule.note[:200],
    }


def catalogue_import(
    *, agency: Agency, tier: str, area: Area, version: dt.date, data: bytes, filename: str, actor: Any
) -> Catalogue:
    """Reads the county's XLSX and creates the catalogue with all its entries, or nothing: every bad
    row is reported by its number in one ValidationError."""
    if actor is not None:
        require(actor, Perm.EDIT, agency)
    if tier not in Tier.values:
        raise ValidationError({"tier": "请选择层级（县级或乡级）"})
    parsed = read_sheet(data, filename)
    if parsed.errors:
        raise ValidationError(["导入失败，未写入任何事项。请修改以下各行后重新导入：", *parsed.errors])
    with transaction.atomic():
        if Catalogue.objects.filter(agency=agency, area=area, version=version).exists():
            raise ValidationError({"version": f"{agency.name}已有{version:%Y年%m月%d日}版的{area.name}领域目录"})
        catalogue = Catalogue.objects.create(
            agency=agency,
            tier=tier,
            area=area,
            version=version,
            title=parsed.title[:200],
            **asdict(parsed.layout),
        )
        entries = []
        for position, (_number, values) in enumerate(parsed.rows, start=1):
            fields = {key: values.get(key, "") for key in ENTRY_TEXT_FIELDS}
            fields.update({key: values.get(key, []) for key in ENTRY_LIST_FIELDS})
            fields["subject"] = values.get("subject", "")
            fields.update(parsed_rule_fields(fields["time_limit"], fields["publicity"], fields["duration"]))
            entries.append(Entry(catalogue=catalogue, position=position, **fields))
        Entry.objects.bulk_create(entries)
        review = sum(1 for e in entries if e.needs_review)
        record(
            action="catalogue.import",
            actor=actor,
            target=catalogue,
            after={"filename": filename, "entries": len(entries), "needs_review": review},
        )
    return catalogue


def catalogue_delete(*, catalogue: Catalogue, actor: Any) -> None:
    if actor is not None:
        require(actor, Perm.EDIT, catalogue.agency)
    with transaction.atomic():
        if EntryItem.objects.filter(entry__catalogue=catalogue).exists():
            raise ValidationError("目录中已有事项关联了政府信息，不能删除；请先取消关联")
        record(action="catalogue.delete", actor=actor, target=catalogue, before={"heading": catalogue.heading})
        catalogue.delete()


def entry_link_item(*, entry: Entry, item: Item, actor: Any) -> EntryItem:
    """Files an item under a catalogue entry of its own agency (chosen by the clerk)."""
    agency = entry.catalogue.agency
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        entry = Entry.objects.select_related("catalogue__agency").get(pk=entry.pk)
        item = Item.objects.select_for_update().get(pk=item.pk)
        if item.agency_id != agency.pk:
            raise ValidationError({"entry": "只能关联本机构标准目录中的事项"})
        if not entry.is_proactive:
            raise ValidationError({"entry": "该事项为依申请公开，不能关联主动公开的信息"})
        if item.status == Status.WITHDRAWN:
            raise ValidationError({"item": "已撤回的信息不能关联目录事项"})
        if EntryItem.objects.filter(entry=entry, item=item).exists():
            raise ValidationError({"item": "该信息已关联到此目录事项"})
        link = EntryItem.objects.create(entry=entry, item=item, linked_by=actor if _is_user(actor) else None)
        record(
            action="catalogue.link",
            actor=actor,
            target=item,
            agency=agency,
            after={"entry": entry.pk, "entry_name": entry.name, "catalogue": entry.catalogue_id},
        )
    return link


def entry_unlink_item(*, link: EntryItem, actor: Any) -> None:
    item = link.item
    if actor is not None:
        require(actor, Perm.EDIT, item.agency)
    with transaction.atomic():
        record(
            action="catalogue.unlink",
            actor=actor,
            target=item,
            agency=item.agency,
            before={"entry": link.entry_id, "entry_name": link.entry.name},
        )
        link.delete()


def link_check_elements(*, link: EntryItem, present: list[str], actor: Any) -> EntryItem:
    """The reviewer ticks which 要素 of the entry are visibly present on the item."""
    item = link.item
    if actor is not None:
        require(actor, Perm.REVIEW, item.agency)
    elements = link.entry.elements
    unknown = [p for p in present if p not in elements]
    if unknown:
        raise ValidationError({"present": f"不是该事项的公开要素：{'、'.join(unknown)}"})
    with transaction.atomic():
        before = link.elements_present
        link.elements_present = [e for e in elements if e in present]
        link.save(update_fields=["elements_present"])
        record(
            action="catalogue.elements",
            actor=actor,
            target=item,
            agency=item.agency,
            before={"elements_present": before},
            after={"elements_present": link.elements_present, "missing": link.elements_missing},
        )
    return link


def entry_set_rule(*, entry: Entry, time_limit: str, actor: Any) -> Entry:
    """Settles a 时限 marked for manual review by rewording it (e.g. “及时公开” → “信息形成之日起5个工作日内”);
    the new text is parsed the same way, so it must be computable."""
    if actor is not None:
        require(actor, Perm.EDIT, entry.catalogue.agency)
    fields = parsed_rule_fields(time_limit, entry.publicity, entry.duration)
    if fields["needs_review"]:
        raise ValidationError({"time_limit": f"仍无法计算：{fields['parse_note']}。请写明起算事件和天数"})
    with transaction.atomic():
        before = {"time_limit": entry.time_limit}
        entry.time_limit = time_limit.strip()
        for key, value in fields.items():
            setattr(entry, key, value)
        entry.save()
        record(
            action="catalogue.rule",
            actor=actor,
            target=entry,
            agency=entry.catalogue.agency,
            before=before,
            after={"time_limit": entry.time_limit},
        )
    return entry


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
