"""The reports app's guard on case changes, registered with gongkai.applications.hooks in ready():
a published and locked report must not be altered by a later change of a case it counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.reports import actions, counting


class LockedReportGuard:
    def locked_year(self, agency: Any, day: dt.date | None) -> int | None:
        return actions.locked_year(agency, day)

    def ensure_year_open(self, agency: Any, *days: dt.date | None) -> None:
        actions.ensure_year_open(agency, *days)

    def dates_touched(self, before: dict, after: dict, *, today: dt.date) -> list[dt.date]:
        return counting.report_dates_touched(before, after, today=today)


LOCKED_REPORT_GUARD = LockedReportGuard()
