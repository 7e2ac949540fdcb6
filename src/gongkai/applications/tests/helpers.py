"""Building cases for the tests."""

from __future__ import annotations

import datetime as dt

from gongkai.applications import actions
from gongkai.applications.actions import ApplicantData
from gongkai.applications.models import Application

# A valid 居民身份证号码 (check digit computed by GB 11643) and 统一社会信用代码 (GB 32100).
RESIDENT_ID = "11010519491231002X"
USCC = "91350100M000100Y43"


def person(**values: object) -> ApplicantData:
    data = {
        "applicant_kind": "person",
        "applicant_type": "",
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "description": "2024年某项目环境影响评价报告",
        "phone": "13800000000",
        "email": "zhang@example.cn",
    }
    data.update(values)
    return ApplicantData(**data)  # type: ignore[arg-type]


def in_person(county, on: dt.date, **values: object) -> Application:  # type: ignore[no-untyped-def]
    application, _ = actions.register(
        agency=county.dept_a, actor=county.clerk_a, data=person(**values), channel="in_person", submitted_on=on
    )
    return Application.objects.get(pk=application.pk)
