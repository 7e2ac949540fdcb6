"""Issue 15, points 5–7: what the builder takes from the records.

5. 信息处理费: what was collected, reduced fees included, in the year it was paid.
6. 规章: a document kind, counted for a 设区的市 government, 0 with an explanation for a county.
7. 2019/2020 reports: section 二 from the records, the blank cells named in the draft, no missing_table error.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.agencies.models import AgencyKind
from gongkai.applications.models import Application, CaseEvent
from gongkai.disclosure.models import AgencyFigures, Category, Genre, Item, ensure_default_categories
from gongkai.reports import actions
from gongkai.reports.builder import NO_REGULATIONS_NOTE, build_report, processing_fees_yuan
from gongkai.testing.helpers import make_agency

pytestmark = pytest.mark.django_db
D = dt.date
_serial = itertools.count(1)


def case_with_fee(agency: Any, *, answered: dt.date, status: str, amount: str, paid_on: dt.date) -> Application:
    number = next(_serial)
    application = Application.objects.create(
        agency=agency,
        receipt_number=f"F-{number}",
        channel="online",
        applicant_kind="person",
        applicant_type="natural_person",
        applicant_name="张三",
        applicant_key=f"f{number}",
        description="某文件",
        received_on=D(2023, 11, 1),
        answered_on=answered,
        outcome="granted",
        status="closed",
        fee_status=status,
        fee_amount=Decimal("100"),
        fee_paid_amount=Decimal(amount),
    )
    CaseEvent.objects.create(application=application, kind="fee_settled", on=paid_on)
    return application


def test_fees_count_what_was_collected_in_the_year_it_was_paid(county: Any) -> None:
    # Paid in December 2023, answered in January 2024: the money came in 2023.
    case_with_fee(county.dept_a, answered=D(2024, 1, 10), status="paid", amount="30", paid_on=D(2023, 12, 28))
    # 减免 to 40 yuan, received in 2024: counted (a reduced fee is still collected).
    case_with_fee(county.dept_a, answered=D(2024, 3, 1), status="waived", amount="40", paid_on=D(2024, 2, 20))
    # Waived in full: nothing collected.
    case_with_fee(county.dept_a, answered=D(2024, 3, 1), status="waived", amount="0", paid_on=D(2024, 2, 20))
    case_with_fee(county.dept_a, answered=D(2024, 5, 1), status="paid", amount="25.50", paid_on=D(2024, 4, 1))
    assert processing_fees_yuan(county.dept_a, 2023) == Decimal("30")
    assert processing_fees_yuan(county.dept_a, 2024) == Decimal("65.50")
    report = build_report(county.dept_a, 2024)
    assert report["fees_yuan"] == "65.5"
    assert "收取信息处理费65.5元" in report["sections"]["六"]
    assert build_report(county.gov, 2023)["fees_yuan"] == "30"  # the county's subtree


def _category() -> Category:
    ensure_default_categories()
    return Category.objects.get(code="01")


def _document(agency: Any, title: str, *, published_on: dt.date, **values: Any) -> Item:
    return Item.objects.create(
        agency=agency,
        title=title,
        category=_category(),
        formed_on=published_on,
        published_on=published_on,
        status="published",
        **values,
    )


def test_regulations_are_a_document_kind_counted_for_a_city_government(county: Any) -> None:
    assert Genre.REGULATION.label == "规章"
    city = make_agency("CITY", "某市人民政府", kind=AgencyKind.CITY_GOVERNMENT)
    _document(city, "某市物业管理办法", published_on=D(2024, 5, 1), genre=Genre.REGULATION)
    _document(city, "某市养犬管理规定", published_on=D(2022, 5, 1), genre=Genre.REGULATION)
    _document(
        city,
        "某市旧规章",
        published_on=D(2020, 1, 1),
        genre=Genre.REGULATION,
        validity="repealed",
        invalid_on=D(2024, 6, 1),
    )
    # A county reposting the city's 规章 does not make it: its row stays 0.
    _document(county.gov, "转发某市物业管理办法", published_on=D(2024, 6, 1), genre=Genre.REGULATION)
    report = build_report(city, 2024)
    assert report["proactive"]["regulations"] == {"issued": 1, "abolished": 1, "in_force": 2}
    assert NO_REGULATIONS_NOTE not in report["sections"]["二"]
    assert "制发规章1件" in report["sections"]["一"]
    county_report = build_report(county.gov, 2024)
    assert county_report["proactive"]["regulations"] == {"issued": 0, "abolished": 0, "in_force": 0}
    assert NO_REGULATIONS_NOTE in county_report["sections"]["二"]  # the 0 is explained


def build_command(code: str, year: int, out: Path) -> str:
    stdout = io.StringIO()
    call_command("report-build", "--agency", code, "--year", str(year), "--out", str(out), stdout=stdout)
    return stdout.getvalue()


def test_2020_report_builds_section_two_and_names_the_tables_without_records(county: Any, tmp_path: Path) -> None:
    _document(county.dept_a, "某规范性文件", published_on=D(2020, 4, 1), is_normative=True, validity="valid")
    _document(county.dept_a, "更早的规范性文件", published_on=D(2018, 4, 1), is_normative=True, validity="valid")
    AgencyFigures.objects.create(agency=county.dept_a, year=2020, licensing=12, punishment=3, enforcement=1)
    out = tmp_path / "r.json"
    printed = build_command("GOV-A", 2020, out)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["format"] == "2019"
    proactive = report["proactive"]
    assert proactive["normative_documents"] == {"made": 1, "published": 1, "total_published": 2}
    assert proactive["licensing"] == {"previous_year_items": None, "change": None, "decisions": 12}
    assert proactive["punishment"]["decisions"] == 3 and proactive["enforcement"]["decisions"] == 1
    assert proactive["procurement"] == {"projects": None, "amount": None}
    text = report["sections"]["二"]
    assert "没有业务记录" in text
    assert "第二十条第（九）项：政府集中采购" in text and "第二十条第（八）项：行政事业性收费" in text
    assert "其他对外管理服务事项" in text
    assert "missing_table" not in printed and "错误 0 项" in printed, printed
    stored = actions.report_build(agency=county.dept_a, year=2020, actor=county.clerk_a)
    assert stored.error_count == 0, stored.findings
