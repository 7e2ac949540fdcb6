from decimal import Decimal

import pytest

from gongkai.reportformats.normalize import (
    chinese_numeral,
    compact,
    decimal_string,
    parse_cell,
    to_chinese_numeral,
    yuan_to_wan,
)


@pytest.mark.parametrize(
    "printed",
    [
        "3.危及“三安全一稳定”",
        '3、危及"三安全一稳定"',
        "３．危及「三安全一稳定」",
        "3. 危及“三安全\n一稳定”",
        "3，危及‘三安全一稳定’",
    ],
)
def test_compact_makes_printed_variants_equal(printed: str) -> None:
    assert compact(printed) == compact("3.危及“三安全一稳定”")


def test_compact_keeps_different_labels_apart() -> None:
    assert compact("（二）部分公开") != compact("（三）不予公开")
    assert compact("（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）") == compact(
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"
    )
    # A decimal number is not a sub-item number.
    assert compact("13188.0989") == "13188.0989"


@pytest.mark.parametrize("token", ["", "  ", "一", "—", "——", "-", "/", "无", "－", "／", "\u3000"])
def test_null_tokens(token: str) -> None:
    cell = parse_cell(token)
    assert cell.kind == "null" and cell.value is None


@pytest.mark.parametrize(
    ("printed", "kind", "value", "unit"),
    [
        ("47", "int", 47, None),
        ("０", "int", 0, None),
        (" 1 234 ", "int", 1234, None),
        ("1,234", "int", 1234, None),
        ("-614", "int", -614, None),
        ("－6", "int", -6, None),
        ("−3", "int", -3, None),
        ("13188.0989", "decimal", "13188.0989", None),
        ("96171.60", "decimal", "96171.60", None),
        ("251000元", "int", 251000, "元"),
        ("32.52万元", "decimal", "32.52", "万元"),
        ("结果维持", "text", "结果维持", None),
    ],
)
def test_parse_cell(printed: str, kind: str, value: object, unit: str | None) -> None:
    cell = parse_cell(printed)
    assert (cell.kind, cell.value, cell.unit) == (kind, value, unit)


def test_money_conversion_is_an_exact_decimal_shift() -> None:
    assert yuan_to_wan("3940") == "0.394"
    assert yuan_to_wan("242523110.82") == "24252.311082"
    assert yuan_to_wan("1") == "0.0001"
    assert decimal_string(Decimal("1.2300")) == "1.23"


def test_chinese_numerals_round_trip() -> None:
    for number in range(1, 40):
        assert chinese_numeral(to_chinese_numeral(number)) == number
    assert to_chinese_numeral(12) == "十二"
    assert chinese_numeral("二十一") == 21
    assert chinese_numeral("甲") is None
