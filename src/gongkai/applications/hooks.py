"""Hooks through which a higher app guards changes of cases.

The annual report (gongkai.reports) sits above this app: it counts cases. Once its report for a year is
published and locked, a change of a case that would alter that report must be refused. Rather than
import the reports app, the workflow asks the guards registered here; the reports app registers its
guard in its ``AppConfig.ready()``, beside the counting it must agree with (same style as
``gongkai.calendar``'s recompute hooks). With no guard registered, every change is allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol


class ReportYearGuard(Protocol):
    def locked_year(self, agency: Any, day: dt.date | None) -> int | None:
        """The locked reporting year that ``day`` falls in for ``agency``, if any."""
        ...

    def ensure_year_open(self, agency: Any, *days: dt.date | None) -> None:
        """Raises ValidationError (in Chinese) when a change dated on any of ``days`` alters a locked report."""
        ...

    def dates_touched(self, before: dict, after: dict, *, today: dt.date) -> list[dt.date]:
        """The dates whose reporting year a change of a case (``before`` → ``after`` snapshots) would alter."""
        ...


_guards: list[ReportYearGuard] = []


def register_report_guard(guard: ReportYearGuard) -> ReportYearGuard:
    if guard not in _guards:
        _guards.append(guard)
    return guard


def locked_year(agency: Any, day: dt.date | None) -> int | None:
    for guard in _guards:
        year = guard.locked_year(agency, day)
        if year is not None:
            return year
    return None


def ensure_year_open(agency: Any, *days: dt.date | None) -> None:
    for guard in _guards:
        guard.ensure_year_open(agency, *days)


def ensure_change_allowed(agencies: list[Any], before: dict, after: dict, *, today: dt.date) -> None:
    """Refuses a change of a case (snapshots ``before`` → ``after``) that would alter a locked report of
    any of ``agencies`` (the case's agency, and the previous one when it moved)."""
    for guard in _guards:
        days = guard.dates_touched(before, after, today=today)
        if days:
            for agency in agencies:
                guard.ensure_year_open(agency, *days)
