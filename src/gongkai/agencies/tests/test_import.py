import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gongkai.agencies.actions import agencies_import
from gongkai.agencies.importer import read_agency_rows
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.audit.models import Event

pytestmark = pytest.mark.django_db

CSV = (
    "代码,名称,类型,上级代码,办公地址,电话\n"
    "T-DEPT,某县教育局,部门,T-GOV,人民路1号,0999-1234567\n"  # the child comes before its parent
    "T-GOV,某县人民政府,县级人民政府,,人民路88号,0999-7654321\n"
    "T-TOWN,某镇人民政府,township,T-GOV,,\n"
    "T-VIL,某村民委员会,村,T-TOWN,,\n"
)


def test_csv_creates_tree_in_any_order_with_contact_facts(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("agencies-import", str(path), stdout=out)
    assert "新建 4 个" in out.getvalue()
    village = Agency.objects.get(code="T-VIL")
    assert village.path == "/T-GOV/T-TOWN/T-VIL/"
    assert village.kind == AgencyKind.VILLAGE
    dept = Agency.objects.get(code="T-DEPT")
    assert (dept.address, dept.phone, dept.parent.code) == ("人民路1号", "0999-1234567", "T-GOV")
    assert Event.objects.filter(action="agency.create").count() == 4


def test_gb18030_csv_and_english_headers(tmp_path):
    text = "code,name,kind,parent_code\nE-GOV,某市人民政府,city_government,\nE-D,某市财政局,部门,E-GOV\n"
    rows = read_agency_rows(text.encode("gb18030"), "a.csv")
    agencies_import(rows=rows, actor=None)
    assert Agency.objects.get(code="E-D").parent.code == "E-GOV"


def test_xlsx_import_and_update(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["代码", "名称", "类型", "上级代码", "工作机构名称"])
    sheet.append(["X-GOV", "某县人民政府", "县级人民政府", None, "县政府办"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    agencies_import(rows=read_agency_rows(buffer.getvalue(), "a.xlsx"), actor=None)
    assert Agency.objects.get(code="X-GOV").office_name == "县政府办"
    # Loading the same file again with a change updates, never duplicates.
    sheet["E2"] = "县政务公开办"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = agencies_import(rows=read_agency_rows(buffer.getvalue(), "a.xlsx"), actor=None)
    assert result == {"created": 0, "updated": 1}
    assert Agency.objects.get(code="X-GOV").office_name == "县政务公开办"


def test_bad_rows_are_all_reported_by_number_and_nothing_is_written(tmp_path):
    text = (
        "代码,名称,类型,上级代码\n"
        "B-GOV,某县人民政府,县级人民政府,\n"  # row 2 is fine
        "B-1,,部门,B-GOV\n"  # row 3: no name
        "B 2,某局,部门,B-GOV\n"  # row 4: bad code
        "B-3,某局三,衙门,B-GOV\n"  # row 5: bad kind
        "B-4,某局四,部门,NOPE\n"  # row 6: unknown parent
        "B-GOV,重复,部门,\n"  # row 7: duplicate code
    )
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("agencies-import", str(path))
    message = str(info.value)
    for expected in [
        "第3行：缺少名称",
        "第4行：代码“B 2”",
        "第5行：类型“衙门”无效",
        "第6行：上级代码“NOPE”不存在",
        "第7行：代码“B-GOV”与第2行重复",
        "未写入任何数据",
    ]:
        assert expected in message
    assert not Agency.objects.filter(code__startswith="B").exists()
    assert not Event.objects.exists()


def test_cycle_is_reported():
    text = "代码,名称,类型,上级代码\nC-1,甲,部门,C-2\nC-2,乙,部门,C-1\n"
    with pytest.raises(ValidationError, match="循环"):
        agencies_import(rows=read_agency_rows(text.encode(), "c.csv"), actor=None)
    assert not Agency.objects.exists()


def test_missing_required_column_names_it():
    with pytest.raises(ValidationError, match="缺少列：类型"):
        read_agency_rows("代码,名称,上级代码\nA,甲,\n".encode(), "a.csv")


def test_moving_an_agency_repaths_its_subtree(county):
    text = "代码,名称,类型,上级代码\nGOV-T,测试县某镇人民政府,乡镇人民政府,GOV-A\n"
    agencies_import(rows=read_agency_rows(text.encode(), "m.csv"), actor=None)
    assert Agency.objects.get(code="GOV-T-V").path == "/GOV/GOV-A/GOV-T/GOV-T-V/"


def test_import_by_a_non_admin_is_refused(county):
    from django.core.exceptions import PermissionDenied

    rows = read_agency_rows("代码,名称,类型,上级代码\nZ,甲,部门,\n".encode(), "z.csv")
    with pytest.raises(PermissionDenied):
        agencies_import(rows=rows, actor=county.head_a)


def test_same_name_under_one_parent_is_reported_by_row(county):
    text = "代码,名称,类型,上级代码\nGOV-C,测试县甲局,部门,GOV\n"
    with pytest.raises(ValidationError, match=r"第2行.*同一上级机构下已有"):
        agencies_import(rows=read_agency_rows(text.encode(), "d.csv"), actor=None)
    assert not Agency.objects.filter(code="GOV-C").exists()
