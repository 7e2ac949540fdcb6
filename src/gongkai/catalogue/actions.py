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
from gongkai.audit.actions import diff, record, snapshot
from gongkai.catalogue.models import Area, Catalogue, Entry, EntryItem, ScoringSetting, Tier
from gongkai.catalogue.rules import AUDIENCES, CHANNELS, LEVELS, MODES, parse_time_limit
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
        "catalogue.entry_update": "修改目录事项",
        "catalogue.area_save": "保存领域",
        "catalogue.area_delete": "删除领域",
        "catalogue.scoring_save": "保存考核计分规则",
        "catalogue.scoring_delete": "删除考核计分规则",
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


ENTRY_LIST_CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "channels": CHANNELS,
    "audiences": AUDIENCES,
    "modes": MODES,
    "levels": LEVELS,
}
ENTRY_TEXT_LIMITS = {"serial": 20, "level1": 200, "level2": 200, "level3": 200, "time_limit": 300}
ENTRY_TEXT_LIMITS |= {"duration": 100, "publicity": 100, "subject": 200}


def entry_update(*, entry: Entry, actor: Any, **values: Any) -> Entry:
    """Edits an entry in place (no re-import): its texts and ticks; the 公开时限 is parsed again and,
    when it cannot be computed, marked 待人工确认 as on import. An entry with linked items stays 主动."""
    if actor is not None:
        require(actor, Perm.EDIT, entry.catalogue.agency)
    allowed = {*ENTRY_TEXT_FIELDS, *ENTRY_LIST_FIELDS, "subject"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({name: "该字段不可修改" for name in sorted(unknown)})
    errors: dict[str, str] = {}
    for key in set(values) & (set(ENTRY_TEXT_FIELDS) | {"subject"}):
        values[key] = (values[key] or "").strip()
        limit = ENTRY_TEXT_LIMITS.get(key)
        if limit is not None and len(values[key]) > limit:
            errors[key] = f"不能超过{limit}字"
    for key in set(values) & set(ENTRY_LIST_FIELDS):
        known = [option for option, _ in ENTRY_LIST_CHOICES[key]]
        chosen = list(values[key] or [])
        if set(chosen) - set(known):
            errors[key] = "含有未知的选项"
        values[key] = [option for option in known if option in chosen]  # the sheet's column order
    for key, label in (("level1", "一级事项"), ("content", "公开内容（要素）")):
        if key in values and not values[key]:
            errors[key] = f"请填写{label}"
    for key, label in (("modes", "公开方式"), ("levels", "公开层级")):
        if key in values and not values[key]:
            errors[key] = f"请勾选{label}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("catalogue__agency").get(pk=entry.pk)
        audited = [*ENTRY_TEXT_FIELDS, *ENTRY_LIST_FIELDS, "subject"]
        before = snapshot(entry, audited)
        for key, value in values.items():
            setattr(entry, key, value)
        if not entry.is_proactive and entry.links.exists():
            raise ValidationError({"modes": "该事项已关联主动公开的信息，不能取消“主动”；请先取消关联"})
        for key, value in parsed_rule_fields(entry.time_limit, entry.publicity, entry.duration).items():
            setattr(entry, key, value)
        entry.save()
        changed_before, changed_after = diff(before, snapshot(entry, audited))
        record(
            action="catalogue.entry_update",
            actor=actor,
            target=entry,
            agency=entry.catalogue.agency,
            before=changed_before,
            after=changed_after,
        )
    return entry


# ---------------------------------------------------------------------------------------------
# Reference tables of 系统管理 (the admin saves through these, so each change is audited)
# ---------------------------------------------------------------------------------------------


def area_save(*, area: Area | None, name: str, sort_order: int, actor: Any) -> Area:
    """Adds a 领域 (``area=None``) or renames / reorders one; catalogues keep pointing at it."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写领域名称"})
    with transaction.atomic():
        same_name = Area.objects.filter(name=name)
        if (same_name.exclude(pk=area.pk) if area is not None else same_name).exists():
            raise ValidationError({"name": f"已有名为“{name}”的领域"})
        current = Area.objects.select_for_update().get(pk=area.pk) if area is not None else Area()
        before = snapshot(current, ["name", "sort_order"]) if area is not None else None
        current.name, current.sort_order = name, sort_order
        current.save()
        record(
            action="catalogue.area_save",
            actor=actor,
            target=current,
            before=before,
            after=snapshot(current, ["name", "sort_order"]),
        )
    return current


def area_delete(*, area: Area, actor: Any) -> None:
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    with transaction.atomic():
        if Catalogue.objects.filter(area=area).exists():
            raise ValidationError(f"已有标准目录属于“{area.name}”领域，不能删除")
        record(action="catalogue.area_delete", actor=actor, target=area, before=snapshot(area, ["name", "sort_order"]))
        area.delete()


SCORING_FIELDS = ("base", "per_late", "per_missing", "per_incomplete")


def scoring_save(*, setting: ScoringSetting | None, actor: Any, **points: Any) -> ScoringSetting:
    """Sets the assessment's points (系统管理 → 考核计分规则); ``setting=None`` adds the row."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    if set(points) != set(SCORING_FIELDS):
        raise ValidationError("请填写基础分和各项扣分")
    negative = [key for key in SCORING_FIELDS if points[key] is None or points[key] < 0]
    if negative:
        raise ValidationError({key: "分值不能为负数" for key in negative})
    with transaction.atomic():
        current = (
            ScoringSetting.objects.select_for_update().get(pk=setting.pk) if setting is not None else ScoringSetting()
        )
        before = snapshot(current, SCORING_FIELDS) if setting is not None else None
        for key in SCORING_FIELDS:
            setattr(current, key, points[key])
        current.save()
        record(
            action="catalogue.scoring_save",
            actor=actor,
            target=current,
            before=before,
            after=snapshot(current, SCORING_FIELDS),
        )
    return current


def scoring_delete(*, setting: ScoringSetting, actor: Any) -> None:
    """Removes a row; with none left the defaults of rules.Scoring apply."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    with transaction.atomic():
        record(action="catalogue.scoring_delete", actor=actor, target=setting, before=snapshot(setting, SCORING_FIELDS))
        setting.delete()


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)
