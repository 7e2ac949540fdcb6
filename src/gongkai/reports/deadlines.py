"""Publication deadlines of annual reports (条例 第四十九条), configurable per deployment.

第四十九条: 县级以上人民政府部门 publish by 1月31日 (and report to the 主管部门), 县级以上地方人民政府
by 3月31日. The 条例 names no date for 乡镇 and 街道; they are counted with the governments by
default (a [D] choice, docs/domain.md §4.13). Override with the setting GONGKAI_REPORT_DEADLINES, e.g.
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
