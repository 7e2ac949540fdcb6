"""Complete canonical reports built in code: every cell filled, every figure distinct, rules C1–C4 true.

Distinct figures make the placement tests meaningful: a figure found in the wrong cell cannot be
mistaken for the right one.  ``scale`` multiplies every count (sums of balanced tables balance), so
several agencies' reports can be rolled up.
"""

from __future__ import annotations

from typing import Any

from gongkai.reportformats.definitions import APPLICANT_COLUMNS, FORMATS, SCHEMA

APPLICANTS = tuple(c.key for c in APPLICANT_COLUMNS[:-1])


def _applications(format_key: str, scale: int) -> dict[str, dict[str, int]]:
    table = FORMATS[format_key].table("applications")
    results = [r.key for r in table.rows[2:-2] if r.key != "total_processed"]
    rows: dict[str, dict[str, int]] = {}
    for r, key in enumerate(results):
        rows[key] = {c: scale * (1000 * (i + 1) + r + 1) for i, c in enumerate(APPLICANTS)}
    rows["total_processed"] = {c: sum(rows[k][c] for k in results) for c in APPLICANTS}
    rows["carried_forward"] = {c: scale * (500 + 11 * i) for i, c in enumerate(APPLICANTS)}
    rows["carried_over"] = {c: scale * (300 + 7 * i) for i, c in enumerate(APPLICANTS)}
    # C1: new_received + carried_over = total_processed + carried_forward.
    rows["new_received"] = {
        c: rows["total_processed"][c] + rows["carried_forward"][c] - rows["carried_over"][c] for c in APPLICANTS
    }
    for values in rows.values():
        values["total"] = sum(values[c] for c in APPLICANTS)  # C3
    return {r.key: rows[r.key] for r in table.rows}


def _appeals(scale: int) -> dict[str, dict[str, int]]:
    groups = {}
    for g, key in enumerate(("review", "litigation_direct", "litigation_after_review")):
        values = {c: scale * (10 * (g + 1) + i + 1) for i, c in enumerate(("upheld", "corrected", "other", "pending"))}
        values["total"] = sum(values.values())  # C4
        groups[key] = values
    return groups


SECTIONS = {
    "一": "本年度，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。\n主动公开政府信息1234条。",
    "二": "",
    "五": "存在的主要问题是公开内容不够全面。\n改进措施是加强培训。",
    "六": "本年度收取信息处理费3940元。",
}


def report_2021(*, agency: str = "测试县人民政府", year: int = 2024, scale: int = 1) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "format": "2021",
        "year": year,
        "agency": agency,
        "proactive": {
            "regulations": {"issued": scale * 1, "abolished": scale * 2, "in_force": scale * 17},
            "normative_documents": {"issued": scale * 8, "abolished": scale * 26, "in_force": scale * 66},
            "licensing": {"decisions": scale * 447228},
            "punishment": {"decisions": scale * 3985758},
            "enforcement": {"decisions": scale * 88283},
            "fees": {"amount_wan_yuan": "24252.311082"},
        },
        "applications": _applications("2021", scale),
        "appeals": _appeals(scale),
        "fees_yuan": "3940",
        "sections": dict(SECTIONS),
    }


def report_2019(*, agency: str = "测试县人民政府", year: int = 2020, scale: int = 1) -> dict[str, Any]:
    appeals = _appeals(scale)
    # Left blank, as SH-2019 prints it: nulls must come out blank, never 0.
    appeals["litigation_after_review"] = dict.fromkeys(appeals["litigation_after_review"])
    return {
        "schema": SCHEMA,
        "format": "2019",
        "year": year,
        "agency": agency,
        "proactive": {
            "regulations": {"made": scale * 13, "published": scale * 12, "total_published": scale * 524},
            "normative_documents": {"made": scale * 60, "published": scale * 59, "total_published": scale * 368},
            "licensing": {"previous_year_items": scale * 41, "change": scale * -8, "decisions": scale * 9123},
            "other_services": {"previous_year_items": scale * 5, "change": scale * 3, "decisions": scale * 77},
            "punishment": {"previous_year_items": scale * 18, "change": scale * 2, "decisions": scale * 4521},
            "enforcement": {"previous_year_items": scale * 6, "change": scale * -1, "decisions": scale * 35},
            "fees": {"previous_year_items": scale * 4, "change": scale * -2},
            "procurement": {"projects": scale * 6, "amount": "251000.50", "amount_unit": "元"},
        },
        "applications": _applications("2019", scale),
        "appeals": appeals,
        "fees_yuan": None,
        "sections": dict(SECTIONS),
    }


def all_figures(report: dict[str, Any], json_key: str) -> list[Any]:
    return [v for row in report[json_key].values() if isinstance(row, dict) for v in row.values()]
