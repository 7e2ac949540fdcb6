"""The vocabulary of table 三 (收到和处理政府信息公开申请情况), owned here and nowhere else.

The applicant columns and the result rows, with their keys and the labels the national form prints,
are derived from the 2021 format definition (docs/report-data.md). The application models (choices of
``applicant_type`` and ``outcome``), the report counting and the tests use these names, so a key or a
label is written once.
"""

from __future__ import annotations

import re

from .definitions import APPLICANT_COLUMNS, APPLICATIONS_2021, RESULT_ROWS_2021

# One piece of leading numbering, as forms and published reports print it: "一、", "（三）", "(3)",
# "1." / "1、" / "1，", "①"; a label may carry several ("（三）1.属于国家秘密").
_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]|\d{1,2}\s*[.、．,，]|[(（]\d{1,2}[)）]|[①-⑳])\s*"
)


def strip_numbering(label: str) -> str:
    """The label without its numbering: "（三）1.属于国家秘密" → "属于国家秘密". The one definition, used by the
    application models, the counting and the published-report parser alike."""
    text = label
    while (stripped := _NUMBERING.sub("", text)) != text:
        text = stripped
    return text.strip()


# The six applicant columns (the "total" column is a sum, no applicant is of that type).
APPLICANT_TYPES: tuple[tuple[str, str], ...] = tuple((c.key, c.label) for c in APPLICANT_COLUMNS if c.key != "total")
APPLICANT_TYPE_KEYS: tuple[str, ...] = tuple(key for key, _ in APPLICANT_TYPES)


def _outcome_rows() -> tuple[tuple[str, str], ...]:
    """Each result row of the 2021 form with its label as printed under its group: "（三）1.属于国家秘密"."""
    groups = [g for g in APPLICATIONS_2021.groups if g.level == 1]
    keys = [r.key for r in APPLICATIONS_2021.rows]
    rows = []
    for row in APPLICATIONS_2021.rows:
        if row.key not in RESULT_ROWS_2021 or row.key == "total_processed":
            continue
        prefix = ""
        for group in groups:
            if keys.index(group.first) <= keys.index(row.key) <= keys.index(group.last):
                prefix = group.label[: group.label.index("）") + 1]
        rows.append((row.key, prefix + row.label))
    return tuple(rows)


OUTCOME_ROWS: tuple[tuple[str, str], ...] = _outcome_rows()
OUTCOME_KEYS: tuple[str, ...] = tuple(key for key, _ in OUTCOME_ROWS)


def _outcome_groups() -> dict[str, str]:
    """The outcome groups by key prefix ("denied" → "不予公开"), named as the form's group cells."""
    groups = {g.first.split("_")[0]: strip_numbering(g.label) for g in APPLICATIONS_2021.groups if g.level == 1}
    for row in APPLICATIONS_2021.rows:
        if row.key in OUTCOME_KEYS and row.level == 1:  # 予以公开 and 部分公开 are rows of their own
            groups.setdefault(row.key, strip_numbering(row.label).split("（")[0])
    return {key.split("_")[0]: groups[key.split("_")[0]] for key in OUTCOME_KEYS}


OUTCOME_GROUPS: dict[str, str] = _outcome_groups()
# Format 2019 folds the three "other" rows of 2021 into one row, other_processing.
OTHER_ROWS_2021: tuple[str, ...] = tuple(key for key in OUTCOME_KEYS if key.startswith("other_"))
