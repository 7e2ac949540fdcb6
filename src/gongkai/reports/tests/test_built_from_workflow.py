"""The report issue's correctness test: a generated year of cases run through the real workflow
(every outcome, every applicant type, corrections, extensions and consultations spanning the new
year), built into a 2021-format report: rules C1–C4 hold and every cell equals a count computed
independently here from the stored cases. Also: a locked year refuses changes that would alter it."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.applications import actions as cases
from gongkai.applications.models import Application
from gongkai.reportformats.checker import check_report
from gongkai.reportformats.definitions import RESULT_ROWS_2021
from gongkai.reports import actions as reports
from gongkai.reports.builder import build_report
from gongkai.reports.counting import APPLICANT_TYPES
from gongkai.testing.helpers import USCC, person

pytestmark = pytest.mark.django_db
D = dt.date
BY_STEP = ["other_no_correction", "other_fee_unpaid", "rejected_mass_repeat"]
# Every result row that an 答复 itself gives; the other three come from their own workflow steps.
ANSWERED = [row for row in RESULT_ROWS_2021 if row not in BY_STEP]
OPEN = "open"


def applicant(kind: str):
    if kind == "natural_person":
        return person()
    return person(
        applicant_kind="organisation",
        applicant_type=kind,
        applicant_name=f"某{kind}单位",
        id_type="uscc",
        id_number=USCC,
    )


def run_case(county, index: int, received: dt.date, ending: str) -> None:
    later = received + dt.timedelta(days=40)  # most endings land 40 days later: many cross the new year
    lapse = received + dt.timedelta(days=75)  # after any payment or correction deadline, holidays included
    case, _ = cases.register(
        agency=county.dept_a,
        actor=county.clerk_a,
        data=applicant(APPLICANT_TYPES[index % 6]),
        channel="in_person",
        submitted_on=received,
    )
    case = cases.accept(application=case, actor=county.clerk_a, on=received)
    if ending == "other_no_correction" or ending == "unable_unclear" or index % 5 == 0:
        case = cases.request_correction(
            application=case, actor=county.clerk_a, items="请写明文件名称", on=received + dt.timedelta(days=2)
        )
        if ending == "other_no_correction":
            cases.correction_lapsed(application=case, actor=county.clerk_a, on=lapse)
            return
        case = cases.receive_correction(application=case, actor=county.clerk_a, on=received + dt.timedelta(days=6))
    if index % 4 == 0:
        case = cases.extend(
            application=case, actor=county.head_a, days=10, reason="需要检索档案", on=received + dt.timedelta(days=8)
        )
    if index % 7 == 0:
        consultation = cases.consult(
            application=case,
            actor=county.clerk_a,
            kind="third_party",
            party="某公司",
            on=received + dt.timedelta(days=9),
        )
        case = Application.objects.get(pk=case.pk)
        cases.consult_reply(
            consultation=consultation, actor=county.clerk_a, opinion="consent", on=received + dt.timedelta(days=20)
        )
        case = Application.objects.get(pk=case.pk)
    if ending == OPEN:
        return
    if ending == "other_fee_unpaid":
        case = cases.fee_notice(
            application=case, actor=county.clerk_a, method="by_pages", units=500, on=received + dt.timedelta(days=10)
        )
        cases.fee_lapsed(application=case, actor=county.clerk_a, on=lapse)
        return
    if ending == "rejected_mass_repeat":
        case = cases.ask_reasons(application=case, actor=county.clerk_a, on=received + dt.timedelta(days=3))
        cases.reasons_rejected(application=case, actor=county.clerk_a, reasons="无正当理由", on=later)
        return
    # 不掌握 answers say which of 第三十六条第（四）（五）项 applies.
    extra = {"not_held_reason": "not_exist"} if ending == "unable_not_held" else {}
    cases.answer(application=case, actor=county.clerk_a, outcome=ending, text="答复内容", on=later, **extra)


def expected(stored: list[Application], year: int) -> dict[str, dict[str, int]]:
    """Table 三 counted straight from the stored cases, the way docs/report-data.md defines each row."""
    start, end = D(year, 1, 1), D(year, 12, 31)
    table: dict[str, dict[str, int]] = {}

    def add(row: str, case: Application) -> None:
        cells = table.setdefault(row, dict.fromkeys([*APPLICANT_TYPES, "total"], 0))
        cells[case.applicant_type] += 1
        cells["total"] += 1

    for case in stored:
        answered_in_year = case.answered_on is not None and start <= case.answered_on <= end
        if start <= case.received_on <= end:
            add("new_received", case)
        if case.received_on < start and (case.answered_on is None or case.answered_on >= start):
            add("carried_over", case)
        if answered_in_year:
            add(case.outcome, case)
            add("total_processed", case)
        if case.received_on <= end and (case.answered_on is None or case.answered_on > end):
            add("carried_forward", case)
    return table


@pytest.mark.usefixtures("seeded")
def test_generated_years_built_from_the_workflow(county):
    endings = [*ANSWERED, *BY_STEP, OPEN, OPEN]
    with time_machine.travel(dt.datetime(2026, 6, 30, 10, tzinfo=dt.UTC)):
        for index in range(len(endings) * 2):
            received = D(2025, 10, 8) + dt.timedelta(days=(index * 5) % 120)
            run_case(county, index, received, endings[index % len(endings)])
    stored = list(Application.objects.filter(agency=county.dept_a))
    assert {c.outcome for c in stored} >= set(ANSWERED + BY_STEP)
    assert {c.applicant_type for c in stored} == set(APPLICANT_TYPES)
    assert any(c.received_on.year == 2025 and c.answered_on and c.answered_on.year == 2026 for c in stored)
    for year in (2025, 2026):
        report = build_report(county.dept_a, year)
        want = expected(stored, year)
        for row, cells in report["applications"].items():
            assert cells == want.get(row, dict.fromkeys([*APPLICANT_TYPES, "total"], 0)), (year, row)
        errors = [f for f in check_report(report) if f.code in {"C1", "C2", "C3", "C4", "C5"}]
        assert errors == [], errors


@pytest.mark.usefixtures("seeded")
def test_locked_year_refuses_changes_that_would_alter_its_report(county):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
        old, _ = cases.register(
            agency=county.dept_a, actor=county.clerk_a, data=person(), channel="in_person", submitted_on=D(2025, 12, 22)
        )
        old = cases.accept(application=old, actor=county.clerk_a, on=D(2025, 12, 22))
        report = reports.report_build(agency=county.dept_a, year=2025, actor=county.clerk_a)
        reports.report_publish(report=report, confirmed=reports.CHECKLIST, actor=county.reviewer_a)
        reports.year_lock(agency=county.dept_a, year=2025, actor=county.head_a)
        # Backdating an answer into 2025 would change 2025's table: refused.
        with pytest.raises(ValidationError, match="锁定"):
            cases.answer(application=old, actor=county.clerk_a, outcome="granted", text="见附件", on=D(2025, 12, 30))
        # Answering it now, in 2026, leaves 2025's report as it is (carried forward): allowed.
        cases.answer(application=old, actor=county.clerk_a, outcome="granted", text="见附件", on=D(2026, 3, 2))
        with pytest.raises(ValidationError, match="锁定"):
            cases.register(
                agency=county.dept_a,
                actor=county.clerk_a,
                data=person(),
                channel="in_person",
                submitted_on=D(2025, 12, 29),
            )
