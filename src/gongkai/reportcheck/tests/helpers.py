"""Helpers of the 年报体检 web tests: a canonical report JSON to upload, and the upload itself."""

import io
import json

ROWS_2021 = [
    "new_received",
    "carried_over",
    "granted",
    "partial",
    "denied_state_secret",
    "denied_law_forbidden",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "rejected_petition",
    "rejected_repeat",
    "rejected_publication",
    "rejected_mass_repeat",
    "rejected_confirm_reissue",
    "other_no_correction",
    "other_fee_unpaid",
    "other_other",
    "total_processed",
    "carried_forward",
]
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other", "total"]


def report_json(*, granted: int = 5, total_processed: int = 5, year: int = 2023, carried_over: int = 0) -> bytes:
    zero = dict.fromkeys(COLUMNS, 0)
    applications = {row: dict(zero) for row in ROWS_2021}
    new = 5 - carried_over
    applications["new_received"] = {**zero, "natural_person": new, "total": new}
    applications["carried_over"] = {**zero, "natural_person": carried_over, "total": carried_over}
    applications["granted"] = {**zero, "natural_person": granted, "total": granted}
    applications["total_processed"] = {**zero, "natural_person": total_processed, "total": total_processed}
    group = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    report = {
        "schema": "gongkai.annual-report/1",
        "format": "2021",
        "year": year,
        "agency": "测试县甲局",
        "proactive": {
            "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
            "normative_documents": {"issued": 1, "abolished": 0, "in_force": 3},
            "licensing": {"decisions": 10},
            "punishment": {"decisions": 2},
            "enforcement": {"decisions": 0},
            "fees": {"amount_wan_yuan": "1.5"},
        },
        "applications": applications,
        "appeals": {"review": group, "litigation_direct": group, "litigation_after_review": group},
        "sections": dict.fromkeys(["一", "二", "三", "四", "五", "六"], "本年度工作情况见统计表。"),
    }
    return json.dumps(report, ensure_ascii=False).encode()


def upload(client, *files):
    """Posts the files; a ZIP is checked in the background (at once under the test settings) and the
    page it redirects to is the response."""
    payload = [io.BytesIO(data) for _, data in files]
    for buffer, (name, _) in zip(payload, files, strict=True):
        buffer.name = name
    return client.post("/workspace/report-audit/", {"files": payload}, follow=True)
