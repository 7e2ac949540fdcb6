"""Section 三/四 counting, against counts computed independently here, and the checker's rules."""

import datetime as dt
import random

import pytest

from gongkai.reportformats.checker import check_report
from gongkai.reportformats.definitions import RESULT_ROWS_2021
from gongkai.reports.counting import (
    APPLICANT_TYPES,
    AppealRecord,
    CaseRecord,
    count_appeals,
    count_applications,
    report_dates_touched,
)

D = dt.date
RESULT_KEYS_2021 = list(RESULT_ROWS_2021)


def test_sample_001_ledger_reproduces_its_printed_table():
    """新蔡县 2019 (sample 001): 47 new, all 自然人, 1 carried over; 46 予以公开 and 2 信访举报投诉类."""
    cases = [CaseRecord("natural_person", D(2018, 12, 20), D(2019, 1, 10), "granted")]
    cases += [
        CaseRecord(
            "natural_person", D(2019, 3, 1) + dt.timedelta(days=i), D(2019, 4, 1) + dt.timedelta(days=i), "granted"
        )
        for i in range(45)
    ]
    cases += [
        CaseRecord("natural_person", D(2019, 6, 1), D(2019, 6, 20), "rejected_petition"),
        CaseRecord("natural_person", D(2019, 7, 1), D(2019, 7, 15), "rejected_petition"),
    ]
    table = count_applications(cases, 2019, "2019")
    printed = {
        "new_received": 47,
        "carried_over": 1,
        "granted": 46,
        "rejected_petition": 2,
        "total_processed": 48,
        "carried_forward": 0,
    }
    for key, row in table.items():
        assert row["natural_person"] == printed.get(key, 0), key
        assert row["total"] == printed.get(key, 0), key
        assert all(row[t] == 0 for t in APPLICANT_TYPES[1:]), key
    assert "other_processing" in table and "other_other" not in table


def _generated_year(seed: int) -> tuple[list[CaseRecord], list[AppealRecord]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(400):
        received = D(2023, 10, 1) + dt.timedelta(days=rng.randint(0, 550))
        answered = None if rng.random() < 0.15 else received + dt.timedelta(days=rng.randint(0, 70))
        cases.append(
            CaseRecord(
                rng.choice(APPLICANT_TYPES), received, answered, rng.choice(RESULT_KEYS_2021) if answered else ""
            )
        )
    appeals = [
        AppealRecord(
            rng.choice(["review", "litigation_direct", "litigation_after_review"]),
            D(2024, 1, 1) + dt.timedelta(days=rng.randint(-60, 420)),
            rng.choice(["upheld", "corrected", "other", "pending"]),
            D(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
        )
        for _ in range(60)
    ]
    return cases, appeals


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_year_every_cell_equals_an_independent_count_and_rules_hold(seed):
    cases, appeals = _generated_year(seed)
    table = count_applications(cases, 2024)
    start, end = D(2024, 1, 1), D(2024, 12, 31)
    for t in APPLICANT_TYPES:
        mine = [c for c in cases if c.applicant_type == t]
        assert table["new_received"][t] == sum(start <= c.received_on <= end for c in mine)
        assert table["carried_over"][t] == sum(
            c.received_on < start and (c.answered_on is None or c.answered_on >= start) for c in mine
        )
        for key in RESULT_KEYS_2021:
            assert table[key][t] == sum(
                c.outcome == key and c.answered_on is not None and start <= c.answered_on <= end for c in mine
            )
        assert table["carried_forward"][t] == sum(
            c.received_on <= end and (c.answered_on is None or c.answered_on > end) for c in mine
        )
    groups = count_appeals(appeals, 2024)
    for kind, row in groups.items():
        filed = [a for a in appeals if a.kind == kind and a.filed_on.year == 2024]
        assert row["total"] == len(filed)
        assert row["pending"] == sum(a.result == "pending" or a.decided_on > end for a in filed)
    report = {
        "schema": "gongkai.annual-report/1",
        "format": "2021",
        "year": 2024,
        "agency": "测试县人民政府",
        "applications": table,
        "appeals": groups,
    }
    errors = [f for f in check_report(report) if f.code in {"C1", "C2", "C3", "C4", "C5"}]
    assert errors == []


def test_answer_without_outcome_is_refused():
    with pytest.raises(ValueError, match="result row"):
        count_applications([CaseRecord("natural_person", D(2024, 1, 5), D(2024, 2, 1), "")], 2024)


def test_report_dates_touched_only_where_a_report_would_change() -> None:
    today = dt.date(2026, 3, 2)
    base = {
        "received_on": "2025-12-22",
        "answered_on": None,
        "outcome": "",
        "applicant_type": "natural_person",
        "agency_id": 1,
        "status": "processing",
    }
    # Answering now a case carried over from 2025: only 2026 is touched.
    answered = {**base, "answered_on": "2026-03-02", "outcome": "granted"}
    assert report_dates_touched(base, answered, today=today) == [dt.date(2026, 3, 2)]
    # Backdating the answer into 2025 touches 2025.
    assert dt.date(2025, 12, 30) in report_dates_touched(base, {**answered, "answered_on": "2025-12-30"}, today=today)
    # A status change alone touches nothing.
    assert report_dates_touched(base, {**base, "status": "consulting"}, today=today) == []
    # Changing the applicant type moves the case in every year it is counted in.
    moved = report_dates_touched(base, {**base, "applicant_type": "commercial"}, today=today)
    assert [d.year for d in moved] == [2025, 2026]
