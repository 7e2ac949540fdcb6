"""The JSON export: the canonical document, stable key order, money as decimal strings."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from gongkai.reportformats.definitions import FORMATS
from gongkai.reports.export import ExportError, export


def test_round_trip_is_equal(r2021: dict[str, Any]) -> None:
    assert json.loads(export(r2021, ".json")) == r2021


def test_key_order_is_stable(r2021: dict[str, Any]) -> None:
    shuffled = {k: r2021[k] for k in reversed(list(r2021))}
    shuffled["applications"] = {
        k: dict(reversed(list(v.items()))) for k, v in reversed(list(r2021["applications"].items()))
    }
    assert export(shuffled, ".json") == export(r2021, ".json")
    data = json.loads(export(shuffled, ".json"))
    assert list(data)[:4] == ["schema", "format", "year", "agency"]
    assert list(data["applications"]) == [r.key for r in FORMATS["2021"].table("applications").rows]
    assert list(data["applications"]["granted"]) == [
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other",
        "total",
    ]
    assert list(data["sections"]) == ["一", "二", "五", "六"]


def test_decimals_become_exact_strings(r2021: dict[str, Any]) -> None:
    r2021["proactive"]["fees"]["amount_wan_yuan"] = Decimal("96171.60")
    r2021["fees_yuan"] = Decimal("3940")
    data = json.loads(export(r2021, ".json"))
    assert data["proactive"]["fees"]["amount_wan_yuan"] == "96171.60"
    assert data["fees_yuan"] == "3940"


def test_floats_are_refused(r2021: dict[str, Any]) -> None:
    r2021["fees_yuan"] = 3940.5
    with pytest.raises(ExportError, match="浮点数"):
        export(r2021, ".json")


def test_chinese_is_not_escaped(r2021: dict[str, Any]) -> None:
    raw = export(r2021, ".json").decode("utf-8")
    assert "测试县人民政府" in raw and "\\u" not in raw
    assert raw.endswith("}\n")
