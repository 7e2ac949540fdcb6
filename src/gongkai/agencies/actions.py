"""State changes of the agency tree. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts.permissions import Perm, require
from gongkai.agencies.models import CODE_PATTERN, CONTACT_FIELDS, MAX_DEPTH, Agency, AgencyKind
from gongkai.audit import labels
from gongkai.audit.actions import diff, record, snapshot
from gongkai.common import pagecache

labels.register({"agency.create": "新建机构", "agency.update": "修改机构信息", "agency.import": "导入机构"})

EDITABLE_FIELDS = ["name", "short_name", "kind", "sort_order", "is_active", *CONTACT_FIELDS]
AUDITED_FIELDS = ["code", "parent_id", *EDITABLE_FIELDS]


@dataclass
class AgencyRow:
    """One agency as read from an import file or a form, before it is written."""

    line: int
    code: str
    name: str
    kind: str
    parent_code: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _validate_fields(agency: Agency) -> None:
    # Tree fields are set by this module; codes are checked by the callers, names here.
    agency.full_clean(exclude=["parent", "path", "depth"], validate_unique=False)
    same_name = Agency.objects.filter(parent=agency.parent, name=agency.name).exclude(pk=agency.pk)
    if same_name.exists():
        raise ValidationError({"name": f"同一上级机构下已有名为“{agency.name}”的机构"})


def _set_path(agency: Agency) -> None:
    agency.path = agency.compute_path()
    agency.depth = agency.path.count("/") - 2
    if agency.depth >= MAX_DEPTH:
        raise ValidationError({"parent": f"机构层级不能超过{MAX_DEPTH}层"})


def _repath_descendants(agency: Agency, old_path: str, old_sort_path: str) -> None:
    for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk).order_by("depth"):
        child.path = agency.path + child.path[len(old_path) :]
        child.depth = child.path.count("/") - 2
        child.sort_path = agency.sort_path + child.sort_path[len(old_sort_path) :]
        child.save(update_fields=["path", "depth", "sort_path"])


def agency_create(*, code: str, name: str, kind: str, parent: Agency | None, actor: Any, **values: Any) -> Agency:
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    with transaction.atomic():
        if Agency.objects.filter(code=code).exists():
            raise ValidationError({"code": f"代码“{code}”已存在"})
        agency = Agency(code=code, name=name, kind=kind, parent=parent, **values)
        _validate_fields(agency)
        _set_path(agency)
        agency.save()
        # The official order ends with the primary key, known only once the row exists.
        agency.sort_path = agency.compute_sort_path()
        agency.save(update_fields=["sort_path"])
        record(
            action="agency.create", actor=actor, target=agency, agency=agency, after=snapshot(agency, AUDITED_FIELDS)
        )
        pagecache.invalidate()  # the public pages show agencies (docs/disclosure.md)
    return agency


def agency_update(*, agency: Agency, actor: Any, parent: Agency | type[Ellipsis] | None = ..., **values: Any) -> Agency:
    """Changes an agency's facts. Heads may edit their own agency's facts; moving it in the tree
    (``parent``) or changing its kind is for the system administrator. ``actor=None`` is the system
    itself (setup commands)."""
    structural = parent is not ... or "kind" in values or "is_active" in values
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM if structural else Perm.MANAGE_AGENCY, agency)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "该字段不可修改" for name in sorted(unknown)})
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        before = snapshot(agency, AUDITED_FIELDS)
        old_path, old_sort_path = agency.path, agency.sort_path
        for name, value in values.items():
            setattr(agency, name, value)
        if parent is not ...:
            parent = Agency.objects.get(pk=parent.pk) if parent is not None else None
            if parent is not None and parent.path.startswith(old_path):
                raise ValidationError({"parent": "不能把机构移到它自己或其下级机构之下"})
            agency.parent = parent
        _validate_fields(agency)
        _set_path(agency)
        agency.sort_path = agency.compute_sort_path()
        agency.save()
        if agency.path != old_path or agency.sort_path != old_sort_path:
            _repath_descendants(agency, old_path, old_sort_path)
        old, new = diff(before, snapshot(agency, AUDITED_FIELDS))
        if new:
            record(action="agency.update", actor=actor, target=agency, agency=agency, before=old, after=new)
            pagecache.invalidate()  # the public pages show the agency's facts (docs/disclosure.md)
    return agency


_CODE_RE = re.compile(CODE_PATTERN)


def _kind_of(text: str) -> str | None:
    text = text.strip()
    for kind in AgencyKind:
        if text in {kind.value, kind.label}:
            return kind.value
    aliases = {
        "县政府": AgencyKind.COUNTY_GOVERNMENT,
        "市政府": AgencyKind.CITY_GOVERNMENT,
        "乡镇": AgencyKind.TOWNSHIP,
        "镇": AgencyKind.TOWNSHIP,
        "乡": AgencyKind.TOWNSHIP,
        "街道": AgencyKind.SUBDISTRICT,
    }
    return aliases[text].value if text in aliases else None


def agencies_import(*, rows: list[AgencyRow], actor: Any) -> dict[str, int]:
    """Creates or updates agencies from import rows, all or nothing.

    Every row is checked before anything is written; all problems are reported together, each with
    its row number. Parents may come later in the file than their children.
    """
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    errors: list[str] = []
    by_code: dict[str, AgencyRow] = {}
    for row in rows:
        problems = []
        if not row.code:
            problems.append("缺少代码")
        elif not _CODE_RE.match(row.code):
            problems.append(f"代码“{row.code}”只能由字母、数字和连字符组成，且不超过32个字符")
        elif row.code in by_code:
            problems.append(f"代码“{row.code}”与第{by_code[row.code].line}行重复")
        if not row.name:
            problems.append("缺少名称")
        kind = _kind_of(row.kind)
        if kind is None:
            allowed = "、".join(k.label for k in AgencyKind)
            problems.append(f"类型“{row.kind}”无效，应为：{allowed}")
        else:
            row.kind = kind
        if row.parent_code and row.parent_code == row.code:
            problems.append("上级代码不能是自己")
        if problems:
            errors.append(f"第{row.line}行：" + "；".join(problems))
        elif row.code:
            by_code[row.code] = row
    existing = {a.code: a for a in Agency.objects.all()}
    for row in by_code.values():
        if row.parent_code and row.parent_code not in by_code and row.parent_code not in existing:
            errors.append(f"第{row.line}行：上级代码“{row.parent_code}”不存在")
    order = _parents_first(by_code, existing, errors)
    if errors:
        raise ValidationError(errors)

    created = updated = 0
    with transaction.atomic():
        for code in order:
            row = by_code[code]
            parent = existing.get(row.parent_code) if row.parent_code else None
            values = {"name": row.name, "kind": row.kind, **row.values}
            try:
                if code in existing:
                    agency = existing[code]
                    existing[code] = agency_update(agency=agency, actor=actor, parent=parent, **values)
                    updated += 1
                else:
                    existing[code] = agency_create(code=code, parent=parent, actor=actor, **values)
                    created += 1
            except ValidationError as exc:
                messages = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
                text = "；".join(f"{field_label(k)}{'：' if k else ''}{'，'.join(v)}" for k, v in messages)
                raise ValidationError([f"第{row.line}行：{text}"]) from exc
        record(action="agency.import", actor=actor, target=None, after={"created": created, "updated": updated})
    return {"created": created, "updated": updated}


def field_label(name: str) -> str:
    if not name or name == "__all__":
        return ""
    try:
        return str(Agency._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _parents_first(by_code: dict[str, AgencyRow], existing: dict[str, Agency], errors: list[str]) -> list[str]:
    """Orders codes so that each comes after its parent; reports cycles."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(code: str, trail: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            errors.append(f"第{by_code[code].line}行：上级关系形成循环（{' → '.join([*trail, code])}）")
            return
        state[code] = 1
        parent = by_code[code].parent_code
        if parent in by_code:
            visit(parent, [*trail, code])
        state[code] = 2
        order.append(code)

    for code in by_code:
        visit(code, [])
    return order
