"""Control characters in user text. XML 1.0 (Atom feeds, XLSX, DOCX) cannot hold C0 controls other than
tab, line feed and carriage return, so one stored title would break every export that contains it:
refuse them at input, and strip them on output for what is already stored (docs/security.md)."""

from __future__ import annotations

import re

# C0 controls except \t \n \r, DEL, C1 controls, and the two non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# For one-line fields: line breaks and tabs do not belong in a title either.
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029]")


def has_control_chars(text: str, *, single_line: bool = False) -> bool:
    return bool((_CONTROL_OR_BREAK if single_line else _CONTROL).search(text or ""))


def strip_control_chars(text: str) -> str:
    """``text`` without the characters XML cannot hold (tab and line breaks stay)."""
    return _CONTROL.sub("", text or "")


CONTROL_CHARS_MESSAGE = "含有不可见的控制字符，请删除后重新输入（常见于从其他软件复制的文字）"
