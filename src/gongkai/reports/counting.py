"""Counting the statistical tables of sections 三 and 四 from case records: pure functions.

The rules (docs/report-data.md; the 填报说明 of 国办公开办函〔2021〕30号 as summarised in docs/domain.md §1.6):

- ``new_received``: applications whose 收到申请之日 falls in the year;
- ``carried_over``: applications received before the year and not yet answered when it began;
- result rows: applications answered (or closed by lapse or withdrawal) in the year, by outcome;
- ``total_processed``: the sum of the result rows;
- ``carried_forward``: applications received by the end of the year and not answered in it;
- every row is split by applicant type, and ``total`` is the row's sum.

So C1 (``new_received + carried_over = total_processed + carried_forward``), C2 and C3 hold by
construction. Format 2019 folds the three ``other_*`` rows into ``other_processing``.

Section 四 counts the reviews and lawsuits filed in the year, each with its result as it stood at the
end of the year (decided later: still 尚未审结). docs/domain.md §8 item 1 names the official counting
year of such cases as unverified: ``APPEAL_YEAR_BASIS`` documents the choice and lets it change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.reportformats.definitions import FORMATS
from gongkai.reportformats.vocabulary import APPLICANT_TYPE_KEYS, OTHER_ROWS_2021

APPLICANT_TYPES = APPLICANT_TYPE_KEYS  # the columns of table 三 (gongkai.reportformats.vocabulary)
__all__ = [
    "APPLICANT_TYPES",
    "OTHER_ROWS_2021",
    "CaseTally",
    "count_appeals",
    "count_applications",
    "count_tallies",
    "tally_cases",
]
APPEAL_GROUPS = ("review", "litigation_direct", "litigation_after_review")
APPEAL_RESULTS = ("upheld", "corrected", "other", "pending")
# "filed": a review or lawsuit counts in the year it was filed (the default, see module docstring).
APPEAL_YEAR_BASIS = "filed"


@dataclass(frozen=True)
class CaseRecord:
    applicant_type: str
    received_on: dt.date
    answered_on: dt.date | None = None
    outcome: str = ""


@dataclass(frozen=True)
class AppealRecord:
    kind: str
    filed_on: dt.date
    result: str = "pending"
    decided_on: dt.date | None = None


def _empty_row() -> dict[str, int]:
    return dict.fromkeys((*APPLICANT_TYPES, "total"), 0)


def _add(row: dict[str, int], applicant_type: str, count: int = 1) -> None:
    row[applicant_type] += count
    row["total"] += count


@dataclass(frozen=True)
class CaseTally:
    """The cases of one applicant type and outcome, counted once per cell they fall in for a year: what
    a database GROUP BY returns (gongkai.reports.builder) and what ``tally_cases`` makes of records."""

    applicant_type: str
    outcome: str = ""
    new_received: int = 0
    carried_over: int = 0
    answered: int = 0  # closed in the year, so counted in the outcome's row
    carried_forward: int = 0


def tally_cases(cases: Iterable[CaseRecord], year: int) -> list[CaseTally]:
    """``cases`` summed by (applicant type, outcome) for ``year``: the cases outside the year drop out."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells: dict[tuple[str, str], list[int]] = {}
    for case in cases:
        if case.applicant_type not in APPLICANT_TYPES:
            raise ValueError(f"unknown applicant type {case.applicant_type!r}")
        if case.received_on > end or (case.answered_on is not None and case.answered_on < start):
            continue
        answered = case.answered_on is not None and case.answered_on <= end
        counts = cells.setdefault((case.applicant_type, case.outcome if answered else ""), [0, 0, 0, 0])
        counts[0 if case.received_on >= start else 1] += 1
        counts[2 if answered else 3] += 1
    return [CaseTally(kind, outcome, *counts) for (kind, outcome), counts in cells.items()]


def count_applications(cases: Iterable[CaseRecord], year: int, format_key: str = "2021") -> dict[str, dict[str, int]]:
    """Table 三 of ``format_key`` for ``year``: every row of the format, every applicant column."""
    return count_tallies(tally_cases(cases, year), format_key)


def count_tallies(tallies: Iterable[CaseTally], format_key: str = "2021") -> dict[str, dict[str, int]]:
    """Table 三 of ``format_key`` from tallies of one year (several tallies of one cell simply add up)."""
    table = FORMATS[format_key].table("applications")
    rows = {row.key: _empty_row() for row in table.rows}
    for tally in tallies:
        kind = tally.applicant_type
        if kind not in APPLICANT_TYPES:
            raise ValueError(f"unknown applicant type {kind!r}")
        _add(rows["new_received"], kind, tally.new_received)
        _add(rows["carried_over"], kind, tally.carried_over)
        _add(rows["carried_forward"], kind, tally.carried_forward)
        if tally.answered:
            key = tally.outcome
            if format_key == "2019" and key in OTHER_ROWS_2021:
                key = "other_processing"
            if key not in rows or key in {"new_received", "carried_over", "total_processed", "carried_forward"}:
                raise ValueError(f"case answered without a result row: {tally.outcome!r}")
            _add(rows[key], kind, tally.answered)
            _add(rows["total_processed"], kind, tally.answered)
    return rows


def count_appeals(appeals: Iterable[AppealRecord], year: int) -> dict[str, dict[str, int]]:
    """Table 四 for ``year``: reviews and lawsuits filed in the year, by result at the year's end."""
    groups = {group: dict.fromkeys((*APPEAL_RESULTS, "total"), 0) for group in APPEAL_GROUPS}
    end = dt.date(year, 12, 31)
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= end
        result = appeal.result if decided and appeal.result in APPEAL_RESULTS else "pending"
        groups[appeal.kind][result] += 1
        groups[appeal.kind]["total"] += 1
    return groups


# Fields of a case that the annual report counts: changing one of them alters the report of every
# year the case is counted in (snapshots of gongkai.applications.actions.AUDITED, ISO dates).
REPORTED_DATES = ("received_on", "answered_on")
REPORTED_CELLS = ("outcome", "applicant_type", "agency_id")


def report_dates_touched(before: dict, after: dict, *, today: dt.date) -> list[dt.date]:
    """Dates whose reporting year a change of a case (``before`` → ``after`` snapshots, ISO dates)
    would alter. The report may be locked there (gongkai.reports.actions.ensure_year_open).
    It sits beside the counting because it must agree with it: a date is touched exactly when the
    counting above would put the case in a different cell of that year's tables.

    Answering in 2026 a case carried over from 2025 changes nothing in 2025's report (it stays
    carried forward), so ordinary work on an old case is never blocked.
    """

    def day(value: object) -> dt.date | None:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None

    touched: list[dt.date] = []
    for name in REPORTED_DATES:
        if before.get(name) != after.get(name):
            touched += [d for d in (day(before.get(name)), day(after.get(name))) if d]
    answered = [d for d in (day(before.get("answered_on")), day(after.get("answered_on"))) if d]
    if before.get("outcome") != after.get("outcome"):
        touched += answered
    if any(before.get(name) != after.get(name) for name in REPORTED_CELLS[1:]):
        received = day(after.get("received_on")) or day(before.get("received_on"))
        if received is not None:
            last = max([*answered, today]).year
            touched += [dt.date(year, 12, 31) for year in range(received.year, last + 1)]
    return sorted(set(touched))
