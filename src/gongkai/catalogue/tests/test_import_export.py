"""The county XLSX: import (merged cells, ticks, two-line header), bad rows by number, nothing
half-imported, export of the same layout back, and the template."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.catalogue.actions import catalogue_import
from gongkai.catalogue.models import Catalogue, Entry
from gongkai.catalogue.sheet import read_sheet
from gongkai.catalogue.tests.helpers import ROWS, county_workbook
from gongkai.catalogue.views import catalogue_xlsx
from gongkai.testing.helpers import PASSWORD

VERSION = dt.date(2025, 1, 2)


def do_import(county, area, data: bytes, actor=None):
    return catalogue_import(
        agency=county.dept_a,
        tier="county",
        area=area,
        version=VERSION,
        data=data,
        filename="目录.xlsx",
        actor=actor or county.clerk_a,
    )


def grid(data: bytes) -> tuple[list[tuple[object, ...]], set[str]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = [tuple(None if v in ("", None) else v for v in row) for row in sheet.iter_rows(values_only=True)]
    return values, {str(r) for r in sheet.merged_cells.ranges}


def test_imports_the_county_layout(county, area):
    catalogue = do_import(county, area, county_workbook())
    entries = list(catalogue.entries.all())
    assert len(entries) == 4
    first, second, third, _ = entries
    # 序号 and 一级事项 were merged over the first two rows.
    assert (second.serial, second.level1, second.level2) == ("1", "招生入学", "招生结果")
    assert first.channels == ["website", "wechat_weibo_app", "notice_board"]
    assert second.channels == ["website"]
    assert (second.audiences, second.modes, second.levels) == (["specific"], ["proactive"], ["county", "township"])
    assert (second.amount, second.unit, second.publicity_amount) == (10, "working_day", 7)
    assert third.needs_review and third.time_limit == "及时公开" and third.amount is None
    assert catalogue.title == "测试县义务教育领域基层政务公开标准目录"
    assert Event.objects.filter(action="catalogue.import").count() == 1


def test_square_ticks_are_read_like_check_marks(county, area):
    catalogue = do_import(county, area, county_workbook(ticks="■"))
    assert catalogue.entries.get(position=2).levels == ["county", "township"]


def test_round_trip_exports_the_same_layout(county, area):
    original = county_workbook()
    catalogue = do_import(county, area, original)
    exported = catalogue_xlsx(catalogue)
    assert grid(exported) == grid(original)
    # And the export imports again to the same entries.
    parsed = read_sheet(exported, "x.xlsx")
    assert [values for _, values in parsed.rows] == [values for _, values in read_sheet(original, "x.xlsx").rows]


def test_variant_columns_are_kept(county, area):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "序号",
            "公开事项",
            None,
            None,
            "公开内容",
            "公开时限",
            "公开时长",
            "公示期",
            "公开渠道和载体",
            "公开对象",
            None,
            "公开方式",
            None,
            "公开层级",
            None,
            None,
            None,
        ]
    )
    sheet.append(
        [
            None,
            "一级事项",
            "二级事项",
            "三级事项",
            None,
            None,
            None,
            None,
            None,
            "全社会",
            "特定群体",
            "主动",
            "依申请",
            "市级",
            "县级",
            "乡级",
            "村级",
        ]
    )
    sheet.append(
        [
            "1",
            "救助",
            "低保",
            "审核结果",
            "姓名、金额",
            "10个工作日内",
            "长期，最新有效",
            "公示7个工作日",
            "政府网站、村务公开栏",
            "√",
            "",
            "√",
            "",
            "",
            "√",
            "√",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    catalogue = do_import(county, area, out.getvalue())
    assert (catalogue.has_level3, catalogue.has_city_level, catalogue.has_duration, catalogue.has_publicity) == (
        True,
        True,
        True,
        True,
    )
    entry = catalogue.entries.get()
    assert (entry.level3, entry.duration, entry.publicity_amount) == ("审核结果", "长期，最新有效", 7)
    assert entry.channels == ["website", "notice_board"]
    assert grid(catalogue_xlsx(catalogue))[0][2][:4] == (None, "一级事项", "二级事项", "三级事项")


def test_every_bad_row_is_reported_and_nothing_is_imported(county, area):
    rows = [list(r) for r in ROWS]
    rows[1][3] = None  # no 公开内容 (row 5)
    rows[2][9] = "x"  # not a tick (row 6)
    rows[3][7] = "政府网站、飞鸽传书"  # unknown channel (row 7)
    rows[3][10] = rows[3][11] = None  # no 公开方式 (row 7)
    with pytest.raises(ValidationError) as caught:
        do_import(county, area, county_workbook(rows))
    text = "\n".join(caught.value.messages)
    assert "第5行：未填写公开内容（要素）" in text
    assert "第6行：“公开对象·特定群体”列的“x”不是勾选符号" in text
    assert "第7行：未知的公开渠道和载体：飞鸽传书；未勾选公开方式" in text
    assert "第4行" not in text
    assert not Catalogue.objects.exists() and not Entry.objects.exists()


def test_bad_files_give_chinese_errors(county, area):
    with pytest.raises(ValidationError, match="XLSX"):
        catalogue_import(
            agency=county.dept_a,
            tier="county",
            area=area,
            version=VERSION,
            data=b"a,b",
            filename="a.csv",
            actor=county.clerk_a,
        )
    with pytest.raises(ValidationError, match="无法读取"):
        do_import(county, area, b"not a workbook")
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["名称", "内容"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ValidationError, match="序号"):
        do_import(county, area, out.getvalue())


def test_same_version_twice_and_permission(county, area):
    do_import(county, area, county_workbook())
    with pytest.raises(ValidationError, match="已有"):
        do_import(county, area, county_workbook())
    with pytest.raises(PermissionDenied):
        do_import(county, area, county_workbook(), actor=county.clerk_b)


def test_upload_page_template_and_export(client, county, area):
    client.login(username="clerk_a", password=PASSWORD)
    template = client.get("/workspace/catalogue/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    parsed = read_sheet(template.content, "t.xlsx")
    assert parsed.rows and not parsed.errors
    rows = [list(r) for r in ROWS]
    rows[0][1] = None
    bad = client.post(
        "/workspace/catalogue/import/",
        {
            "agency": "GOV-A",
            "tier": "county",
            "area": area.pk,
            "version": "2025-01-02",
            "file": _upload(county_workbook(rows)),
        },
    )
    assert bad.status_code == 400
    assert "第4行：未填写一级事项" in bad.content.decode()
    good = client.post(
        "/workspace/catalogue/import/",
        {
            "agency": "GOV-A",
            "tier": "county",
            "area": area.pk,
            "version": "2025-01-02",
            "file": _upload(county_workbook()),
        },
    )
    catalogue = Catalogue.objects.get()
    assert good.status_code == 302 and good["Location"].endswith(f"/workspace/catalogue/{catalogue.pk}/")
    page = client.get(good["Location"]).content.decode()
    assert "待人工确认" in page and "及时公开" in page
    export = client.get(f"/catalogue/{catalogue.pk}/catalogue.xlsx")
    assert grid(export.content) == grid(county_workbook())


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("目录.xlsx", data)
