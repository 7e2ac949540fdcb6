"""Issue 15 point 13: every agency's report in one pass (``builder.build_all``) equals the report
``build_report`` makes of each agency alone, on the demo county and on a small tree with the edge
cases of section 二 (规章 of a city, new versions, 失效/废止, entered figures) and section 四."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications import demo as applications_demo
from gongkai.calendar.actions import calendar_seed
from gongkai.catalogue import demo as catalogue_demo
from gongkai.disclosure import demo as disclosure_demo
from gongkai.applications.models import Appeal, Application
from gongkai.disclosure.models import AgencyFigures, Genre, Item
from gongkai.reports.builder import build_all, build_report
from gongkai.site.demo import seed_demo
from gongkai.testing.helpers import make_agency

from .test_records import _document, case_with_fee

pytestmark = pytest.mark.django_db
D = dt.date


def assert_equal_to_each_build(year: int, **options: Any) -> None:
    reports = build_all(year, **options)
    agencies = list(Agency.objects.order_by("path"))
    assert set(reports) == {agency.pk for agency in agencies}
    for agency in agencies:
        assert reports[agency.pk] == build_report(agency, year, **options), (agency.code, year, options)


def test_every_report_of_the_demo_county_equals_its_own_build() -> None:
    calendar_seed(actor=None)
    seed_demo()
    for app in (applications_demo, disclosure_demo, catalogue_demo):  # the records; no report is built
        app.seed()
    last = timezone.localdate().year - 1
    assert Application.objects.filter(received_on__year=last).exists()
    assert_equal_to_each_build(last)
    assert_equal_to_each_build(last, include_subtree=False)
    assert_equal_to_each_build(last - 1, format_key="2019")


def _case(agency: Agency, number: int, received: dt.date, answered: dt.date | None, outcome: str = "") -> Application:
    return Application.objects.create(
        agency=agency,
        receipt_number=f"A-{number}",
        channel="online",
        applicant_kind="person",
        applicant_type="natural_person" if number % 2 else "commercial",
        applicant_name="张三",
        applicant_key=f"a{number}",
        description="某文件",
        received_on=received,
        answered_on=answered,
        outcome=outcome,
        status="closed" if answered else "processing",
    )


def test_every_report_of_a_city_tree_equals_its_own_build(county: Any) -> None:
    city = make_agency("CITY", "某市人民政府", kind=AgencyKind.CITY_GOVERNMENT)
    city_dept = make_agency("CITY-A", "某市甲局", parent=city)
    _document(city, "某市物业管理办法", published_on=D(2024, 5, 1), genre=Genre.REGULATION)
    _document(city, "某市旧规章", published_on=D(2020, 1, 1), genre=Genre.REGULATION, validity="repealed",
              invalid_on=D(2024, 6, 1))  # fmt: skip
    _document(city_dept, "部门的规章类文件", published_on=D(2024, 5, 1), genre=Genre.REGULATION)  # not the city's
    _document(county.gov, "转发某市物业管理办法", published_on=D(2024, 6, 1), genre=Genre.REGULATION)
    old = _document(county.dept_a, "规范性文件", published_on=D(2023, 3, 1), is_normative=True, validity="valid")
    _document(county.dept_a, "规范性文件（修订）", published_on=D(2024, 3, 1), is_normative=True, validity="valid",
              replaces=old)  # fmt: skip
    Item.objects.filter(pk=old.pk).update(status="superseded")
    _document(county.township, "已失效文件", published_on=D(2022, 3, 1), is_normative=True, validity="expired",
              invalid_on=D(2024, 9, 1))  # fmt: skip
    _document(county.dept_b, "失效日期未填", published_on=D(2022, 3, 1), is_normative=True, validity="repealed")
    _document(county.village, "村务公开", published_on=D(2024, 2, 1))
    AgencyFigures.objects.create(agency=county.dept_a, year=2024, licensing=12, fees_wan_yuan=Decimal("1.25"))
    AgencyFigures.objects.create(agency=county.township, year=2024, punishment=3, fees_wan_yuan=Decimal("0.0050"))
    AgencyFigures.objects.create(agency=city, year=2024, enforcement=2)
    case_with_fee(county.dept_a, answered=D(2024, 3, 1), status="waived", amount="40", paid_on=D(2024, 2, 20))
    case_with_fee(county.township, answered=D(2024, 5, 1), status="paid", amount="25.50", paid_on=D(2024, 4, 1))
    cases = [
        _case(county.dept_a, 1, D(2023, 12, 20), D(2024, 1, 10), "granted"),
        _case(county.dept_a, 2, D(2024, 12, 20), None),
        _case(county.dept_b, 3, D(2024, 5, 1), D(2025, 1, 5), "partial"),
        _case(county.township, 4, D(2024, 6, 1), D(2024, 6, 20), "unable_not_held"),
        _case(county.village, 5, D(2024, 7, 1), D(2024, 7, 9), "granted"),
        _case(city_dept, 6, D(2022, 1, 5), None),
        _case(city, 7, D(2024, 2, 1), D(2024, 2, 2), "other_duplicate"),
    ]
    Appeal.objects.create(application=cases[0], kind="review", filed_on=D(2024, 2, 1), body="某县人民政府",
                          result="corrected", decided_on=D(2024, 4, 1))  # fmt: skip
    Appeal.objects.create(application=cases[3], kind="litigation_direct", filed_on=D(2024, 8, 1), body="某法院",
                          result="upheld", decided_on=D(2025, 2, 1))  # fmt: skip
    for year in (2023, 2024):
        assert_equal_to_each_build(year)
        assert_equal_to_each_build(year, include_subtree=False)
    assert_equal_to_each_build(2024, format_key="2019")
    reports = build_all(2024)
    assert reports[city.pk]["proactive"]["regulations"] == {"issued": 1, "abolished": 1, "in_force": 1}
    assert reports[county.gov.pk]["fees_yuan"] == "65.5"
    assert reports[county.gov.pk]["proactive"]["fees"] == {"amount_wan_yuan": "1.255"}


def test_report_build_all_writes_every_reporting_agency(county: Any, tmp_path: Path) -> None:
    _case(county.dept_a, 1, D(2024, 3, 1), D(2024, 3, 9), "granted")
    stdout = io.StringIO()
    call_command("report-build", "--all", "--year", "2024", "--out", str(tmp_path), stdout=stdout)
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["GOV-A.json", "GOV-B.json", "GOV-T.json", "GOV.json"]  # no 村民委员会
    assert json.loads((tmp_path / "GOV.json").read_text())["applications"]["granted"]["total"] == 1
    assert "已写出 4 份报告" in stdout.getvalue()
