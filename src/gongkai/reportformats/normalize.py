"""Normalisation shared by the parser and the checker: the compact label form, null tokens, numbers.

Published reports print the same label in many ways (full-width or half-width digits and brackets,
``1.`` / ``1、`` / ``1．``, straight or curly quotes, line breaks inside a cell).  Labels are compared
on a *compact* form in which all of those differences disappear; the exact statutory text stays in
the format definitions.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Characters that stand for "nothing printed" in a table cell (docs/report-data.md: blank, 一, —, -, /, 无).
# U+4E00 "一" is a common mistyping of a dash in Word tables, so it counts as a dash here.
NULL_TOKENS = frozenset({"", "一", "—", "——", "-", "--", "/", "无", "–", "―", "－", "／", "\\", "一一", "…"})

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "「": '"', "」": '"', "'": '"', "＂": '"'})
_WHITESPACE = re.compile(r"\s+")
# Sub-item numbers: 1、 1． 1. 1，(after NFKC the full-width forms are already half-width).
_SUBNUM = re.compile(r"(?<![\d.])(\d{1,2})\s*[、.,．](?!\d)")
_ARTIFACTS = re.compile(r"\[(?:bookmark|image):[^\]]{0,200}\]")


@functools.lru_cache(maxsize=16384)
def compact(text: str | None) -> str:
    """The compact comparison form: NFKC, no whitespace, one kind of quote, ``1.`` numbering."""
    if not text:
        return ""
    value = unicodedata.normalize("NFKC", text)
    value = _WHITESPACE.sub("", value).translate(_QUOTES)
    return _SUBNUM.sub(r"\1.", value)


def strip_artifacts(text: str) -> str:
    """Remove conversion debris such as ``[bookmark: _GoBack]`` and ``[image: image1.png]``."""
    return _ARTIFACTS.sub("", text)


def squeeze(text: str | None) -> str:
    """The printed text with every kind of whitespace removed (labels keep their own characters)."""
    if not text:
        return ""
    return _WHITESPACE.sub("", text.replace("\u3000", " "))


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral(text: str) -> int | None:
    """Value of a small Chinese numeral (一 … 九十九), or None."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if "十" in ones:
        return None
    tens_value = _CN_DIGITS.get(tens, 0) if tens else 1
    ones_value = _CN_DIGITS.get(ones, 0) if ones else 0
    return tens_value * 10 + ones_value


CN_NUMERALS = "一二三四五六七八九十"


def to_chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二 (section keys of the canonical JSON)."""
    if number < 1 or number > 99:
        raise ValueError(number)
    if number <= 10:
        return CN_NUMERALS[number - 1]
    tens, ones = divmod(number, 10)
    head = "" if tens == 1 else CN_NUMERALS[tens - 1]
    return head + "十" + (CN_NUMERALS[ones - 1] if ones else "")


# ----------------------------------------------------------------------------------------------
# Cell values


@dataclass(frozen=True)
class Cell:
    """One parsed table cell.

    ``kind`` is ``"null"`` (blank or a null token), ``"int"``, ``"decimal"`` (``value`` is the printed
    decimal string) or ``"text"``.  ``unit`` is ``"万元"``/``"元"``/``"万"`` when the cell printed one.
    ``raw`` keeps the printed text: an unsigned run of digits may be several cells run together.
    """

    kind: str
    value: int | str | None
    raw: str
    unit: str | None = None

    @property
    def is_value(self) -> bool:
        return self.kind != "text"

    def as_number(self) -> int | Decimal | None:
        if self.kind == "int" and isinstance(self.value, int):
            return self.value
        if self.kind == "decimal":
            return Decimal(str(self.value))
        return None


_NUMBER = re.compile(
    r"^(?P<sign>[-+−])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?P<unit>万元|元|万|件|条|个|次|人次|篇|项|人|封)?$"
)
NULL_CELL = Cell("null", None, "")


def parse_cell(raw: str | None) -> Cell:
    """Read one printed cell: null token, signed integer, decimal string (kept as printed), or text."""
    if raw is None:
        return NULL_CELL
    text = unicodedata.normalize("NFKC", raw).replace("−", "-")
    text = _WHITESPACE.sub("", text)
    if text in NULL_TOKENS or raw.strip() in NULL_TOKENS:
        return Cell("null", None, raw)
    # A dash-like prefix followed by digits is a sign only when it is a real minus (after NFKC).
    match = _NUMBER.match(text)
    if not match:
        return Cell("text", text, raw)
    sign = "-" if match.group("sign") in {"-", "−"} else ""
    number = match.group("num").replace(",", "")
    unit = match.group("unit")
    unit = unit if unit in {"万元", "元", "万"} else None
    if "." in number:
        if number.startswith("."):
            number = "0" + number
        return Cell("decimal", sign + number, raw, unit)
    return Cell("int", int(sign + number), raw, unit)


def is_value_token(raw: str | None) -> bool:
    """True when the cell prints a number or a null token (not a label)."""
    return parse_cell(raw).is_value


def decimal_string(value: Decimal) -> str:
    """A Decimal as a plain string without exponent and without trailing zeros after the point."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def yuan_to_wan(amount: str) -> str:
    """Exact decimal shift from 元 to 万元 (no rounding)."""
    try:
        value = Decimal(amount)
    except InvalidOperation as exc:
        raise ValueError(amount) from exc
    return decimal_string(value.scaleb(-4))
