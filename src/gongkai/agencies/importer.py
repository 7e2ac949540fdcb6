"""Reading the agency tree from CSV/XLSX (headers 代码,名称,类型,上级代码 + optional contact columns)."""

from __future__ import annotations

from gongkai.agencies.actions import AgencyRow
from gongkai.agencies.models import CONTACT_FIELDS
from gongkai.common.tabular import read_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("代码", "code"),
    "name": ("名称", "name"),
    "kind": ("类型", "kind"),
    "parent_code": ("上级代码", "parent_code"),
    "short_name": ("简称", "short_name"),
    "sort_order": ("排序", "sort_order"),
    **{field: (label, field) for field, label in CONTACT_FIELDS.items()},
}
REQUIRED = ("code", "name", "kind", "parent_code")


def read_agency_rows(data: bytes, filename: str) -> list[AgencyRow]:
    rows = []
    for line, cells in read_table(data, filename, COLUMNS, REQUIRED):
        values: dict[str, object] = {k: v for k, v in cells.items() if k in CONTACT_FIELDS or k == "short_name"}
        if cells.get("sort_order"):
            values["sort_order"] = int(cells["sort_order"]) if cells["sort_order"].lstrip("-").isdigit() else 0
        rows.append(
            AgencyRow(
                line=line,
                code=cells["code"],
                name=cells["name"],
                kind=cells["kind"],
                parent_code=cells.get("parent_code", ""),
                values=values,
            )
        )
    return rows
