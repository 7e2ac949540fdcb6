"""Issue 15 point 13: every agency's report in one pass (``builder.build_all``) equals the report
``build_report`` makes of each agency alone, on a county seeded with random records of every kind
and on a city tree with the edge cases of section 二 (规章 of a city, new versions, 失效/废止)."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications.models import Appeal, Application
from gongkai.catalogue.actions import catalogue_import, entry_link_item
from gongkai.catalogue.models import Area, ensure_default_areas
from gongkai.catalogue.tests.helpers import county_workbook
from gongkai.disclosure.models import AgencyFigures, Genre, Item
from gongkai.reportformats.vocabulary import OUTCOME_KEYS
from gongkai.reports.builder import build_all, build_report
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


def test_every_report_of_a_seeded_county_equals_its_own_build(county: Any, seeded: Any) -> None:
    rng = random.Random(15)
    extra = [make_agency(f"GOV-D{k}", parent=county.gov) for k in range(3)]
    extra.append(make_agency("GOV-T2", "测试县另一镇人民政府", parent=county.gov, kind=AgencyKind.TOWNSHIP))
    agencies = [county.gov, county.dept_a, county.dept_b, county.township, county.village, *extra]

    def day(first: dt.date, days: int) -> dt.date:
        return first + dt.timedelta(days=rng.randrange(days))

    cases = []
    for number in range(160):
        received = day(D(2023, 6, 1), 900)
        answered = received + dt.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.85 else None
        case = _case(rng.choice(agencies), number, received, answered, rng.choice(OUTCOME_KEYS) if answered else "")
        if number % 23 == 0:  # a 更正申请 (第四十一条): in no table 三
            Application.objects.filter(pk=case.pk).update(request_kind="correction_request", outcome="")
        cases.append(case)
    for _ in range(25):
        Appeal.objects.create(
            application=rng.choice(cases),
            kind=rng.choice(["review", "litigation_direct", "litigation_after_review"]),
            filed_on=day(D(2024, 1, 1), 700),
            body="某机关",
            result=rng.choice(["pending", "upheld", "corrected", "other"]),
            decided_on=day(D(2024, 3, 1), 700) if rng.random() < 0.7 else None,
        )
    items: list[Item] = []
    for number in range(120):
        normative = rng.random() < 0.6
        ended = rng.random() < 0.3
        items.append(
            _document(
                rng.choice(agencies),
                f"文件{number}",
                published_on=day(D(2022, 1, 1), 1400),
                is_normative=normative,
                genre=Genre.REGULATION if rng.random() < 0.2 else Genre.NOTICE,
                validity=rng.choice(["expired", "repealed"]) if ended else ("valid" if normative else ""),
                invalid_on=day(D(2023, 1, 1), 1000) if ended and rng.random() < 0.8 else None,
                replaces=rng.choice(items) if items and rng.random() < 0.1 else None,
            )
        )
    for item in rng.sample(items, 20):
        Item.objects.filter(pk=item.pk).update(status=rng.choice(["superseded", "withdrawn", "draft"]))
    for agency in rng.sample(agencies, 6):
        for year in (2024, 2025):
            AgencyFigures.objects.create(
                agency=agency,
                year=year,
                licensing=rng.randrange(50),
                punishment=rng.randrange(9),
                fees_wan_yuan=Decimal(rng.randrange(100000)) / 10000,
            )
    for _ in range(8):
        paid = day(D(2024, 1, 1), 700)
        case_with_fee(
            rng.choice(agencies),
            answered=paid,
            status=rng.choice(["paid", "waived"]),
            amount=f"{rng.randrange(1, 200)}.{rng.randrange(100):02d}",
            paid_on=paid,
        )
    ensure_default_areas()
    catalogue = catalogue_import(
        agency=county.dept_a,
        tier="county",
        area=Area.objects.get(name="义务教育"),
        version=D(2024, 1, 2),
        data=county_workbook(),
        filename="目录.xlsx",
        actor=None,
    )
    policy = catalogue.entries.get(position=1)
    for item in Item.objects.filter(agency=county.dept_a, status="published", published_on__year__gte=2024)[:6]:
        entry_link_item(entry=policy, item=item, actor=None)
    assert build_report(county.gov, 2025)["sections"]["一"].count("按时公开率") == 1  # the catalogue is counted
    for year in (2024, 2025):
        assert_equal_to_each_build(year)
        assert_equal_to_each_build(year, include_subtree=False)
    assert_equal_to_each_build(2024, format_key="2019")


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
        _case(city, 7, D(2024, 2, 1), D(2024, 2, 2), "other_fee_unpaid"),
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
