"""Publication deadlines of annual reports (条例 第四十九条), configurable per deployment.

第四十九条: 县级以上人民政府部门 publish by 1月31日 (and report to the 主管部门), 县级以上地方人民政府
by 3月31日. The 条例 names no date for 乡镇 and 街道: theirs is not a 法定期限 but the configured
deadline, by default the governments' date (a [D] choice, docs/domain.md §4.13), and every message
about it says so (:func:`deadline_source`). Override with the setting GONGKAI_REPORT_DEADLINES, e.g.
``{"department": (1, 20), "government": (3, 31)}`` where a 主管部门 sets earlier dates.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

DEFAULT_DEADLINES: dict[str, tuple[int, int]] = {"department": (1, 31), "government": (3, 31)}


def report_deadline(*, is_government: bool, year: int) -> dt.date:
    """The last day to publish the report on ``year`` (in the following year)."""
    configured = {**DEFAULT_DEADLINES, **getattr(settings, "GONGKAI_REPORT_DEADLINES", {})}
    month, day = configured["government" if is_government else "department"]
    return dt.date(year + 1, month, day)


def deadline_source(*, is_government: bool, is_township: bool = False) -> str:
    """Where the deadline comes from, for messages: the 条例 for 县级以上, the configuration otherwise."""
    if is_township:
        return "《政府信息公开条例》第四十九条未规定乡镇人民政府、街道办事处的公布期限，此为本平台配置的期限"
    key = "government" if is_government else "department"
    if (
        tuple(getattr(settings, "GONGKAI_REPORT_DEADLINES", {}).get(key, DEFAULT_DEADLINES[key]))
        != DEFAULT_DEADLINES[key]
    ):
        return "本地主管部门规定、在本平台配置的期限（GONGKAI_REPORT_DEADLINES）"
    if is_government:
        return "《政府信息公开条例》第四十九条：县级以上地方人民政府每年3月31日前公布"
    return "《政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前公布"
