"""Helpers for the catalogue tests: a county workbook in the published layout, made with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

from gongkai.disclosure.actions import item_create, item_publish, item_review, item_submit
from gongkai.disclosure.models import Item

CHANNEL_CELL = "\n".join(
    [
        "■政府网站",
        "□政府公报",
        "■两微一端",
        "□发布会/听证会",
        "□广播电视",
        "□纸质媒体",
        "□公开查阅点",
        "□政务服务中心",
        "□便民服务站",
        "□入户/现场",
        "■社区/企事业单位/村公示栏（电子屏）",
        "□精准推送",
        "□其他",
    ]
)
ONLY_WEBSITE = CHANNEL_CELL.replace("■两微一端", "□两微一端").replace("■社区", "□社区")

HEADER_TOP = ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]
HEADER_TOP += ["公开对象", None, "公开方式", None, "公开层级", None, None]
HEADER_SUB = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群体", "主动", "依申请"]
HEADER_SUB += ["县级", "乡级", "村级"]
# 序号, 一级, 二级, 要素, 依据, 时限, 主体, 渠道, 全社会, 特定群体, 主动, 依申请, 县级, 乡级, 村级
ROWS = [
    [
        "1",
        "招生入学",
        "招生政策",
        "招生范围、招生条件、报名方式",
        "《中华人民共和国义务教育法》",
        "信息形成或者变更之日起20个工作日内",
        "县教育局",
        CHANNEL_CELL,
        "√",
        None,
        "√",
        None,
        "√",
        None,
        None,
    ],
    [
        "1",
        "招生入学",
        "招生结果",
        "录取名单、咨询电话",
        "《中华人民共和国政府信息公开条例》",
        "10个工作日内，公示7个工作日",
        "县教育局",
        ONLY_WEBSITE,
        None,
        "√",
        "√",
        None,
        "√",
        "√",
        None,
    ],
    [
        "2",
        "学生资助",
        "资助政策",
        "资助对象、资助标准、申请程序",
        "《学生资助资金管理办法》",
        "及时公开",
        "县教育局",
        CHANNEL_CELL,
        "√",
        None,
        "√",
        "√",
        "√",
        None,
        None,
    ],
    [
        "3",
        "学校管理",
        "收费项目",
        "收费项目、收费标准、收费依据",
        "",
        "每学期开学前",
        "县教育局",
        ONLY_WEBSITE,
        "√",
        None,
        None,
        "√",
        "√",
        None,
        None,
    ],
]


def county_workbook(rows: list[list[object]] | None = None, *, ticks: str = "√") -> bytes:
    """The layout counties publish: a title row, a header over two rows (merged), merged 序号 and 一级事项."""
    from openpyxl import Workbook

    rows = ROWS if rows is None else rows
    book = Workbook()
    sheet = book.active
    sheet.title = "标准目录"
    width = len(HEADER_TOP)
    sheet.cell(1, 1, "测试县义务教育领域基层政务公开标准目录")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for c, (top, sub) in enumerate(zip(HEADER_TOP, HEADER_SUB, strict=True), start=1):
        if top is not None:
            sheet.cell(2, c, top)
        if sub is not None:
            sheet.cell(3, c, sub)
    for c in (1, 4, 5, 6, 7, 8):
        sheet.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for first, last in ((2, 3), (9, 10), (11, 12), (13, 15)):
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    previous: tuple[object, object] | None = None
    run_start = 4
    for index, row in enumerate(rows):
        r = 4 + index
        key = (row[0], row[1])
        for c, value in enumerate(row, start=1):
            if c in (1, 2) and key == previous:
                continue  # merged below
            if value == "√":
                value = ticks
            sheet.cell(r, c, value)
        if key != previous:
            if r - run_start > 1:
                for c in (1, 2):
                    sheet.merge_cells(start_row=run_start, start_column=c, end_row=r - 1, end_column=c)
            run_start = r
        previous = key
    last_row = 4 + len(rows)
    if last_row - run_start > 1:
        for c in (1, 2):
            sheet.merge_cells(start_row=run_start, start_column=c, end_row=last_row - 1, end_column=c)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def publish(county, category, *, title: str, formed: dt.date, published: dt.date, agency=None) -> Item:
    item = item_create(agency=agency or county.dept_a, actor=None, category=category, title=title, formed_on=formed)
    item_submit(item=item, actor=None)
    item_review(item=item, actor=None, approve=True)
    return item_publish(item=item, actor=None, published_on=published)
