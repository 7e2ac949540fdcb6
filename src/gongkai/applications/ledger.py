"""The ledger (台账): an agency's applications of a year as XLSX, and historical cases imported from
a ledger kept in Excel or CSV. Every bad row is reported by number and reason; nothing is written
unless every row is good."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from gongkai.accounts.permissions import Perm, require
from gongkai.agencies.models import Agency
from gongkai.applications import services
from gongkai.applications.hooks import locked_year
from gongkai.applications.models import (
    ApplicantKind,
    ApplicantType,
    Application,
    Channel,
    FeeStatus,
    RequestKind,
    Status,
    parse_outcome,
)
from gongkai.applications.rules import ClockKind
from gongkai.audit.actions import record, snapshot
from gongkai.common.spreadsheets import safe_row
from gongkai.common.tabular import read_table

HEADERS = [
    "受理编号",
    "收到日期",
    "申请人类型",
    "申请人",
    "申请方式",
    "申请内容",
    "答复日期",
    "处理结果",
    "是否延期",
    "收费金额（元）",
    "备注",
]
KEYS = [
    "receipt_number",
    "received_on",
    "applicant_type",
    "applicant_name",
    "channel",
    "description",
    "answered_on",
    "outcome",
    "extended",
    "fee",
    "notes",
]
COLUMNS: dict[str, tuple[str, ...]] = {
    "receipt_number": ("受理编号", "receipt_number"),
    "received_on": ("收到日期", "received_on"),
    "applicant_type": ("申请人类型", "applicant_type"),
    "applicant_name": ("申请人", "applicant_name"),
    "channel": ("申请方式", "channel"),
    "description": ("申请内容", "description"),
    "answered_on": ("答复日期", "answered_on"),
    "outcome": ("处理结果", "outcome"),
    "extended": ("是否延期", "extended"),
    "fee": ("收费金额（元）", "收费金额(元)", "收费金额", "fee"),
    "notes": ("备注", "notes"),
}
REQUIRED = ("received_on", "applicant_type", "applicant_name", "channel", "description")
CHANNEL_WORDS = {
    "网络": Channel.ONLINE,
    "互联网": Channel.ONLINE,
    "网上": Channel.ONLINE,
    "电子邮件": Channel.ONLINE,
    "在线": Channel.ONLINE,
    "挂号信": Channel.REGISTERED_MAIL,
    "信函": Channel.ORDINARY_LETTER,
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ].*)?$")


def parse_date(text: str) -> dt.date:
    match = _DATE.match(text.strip())
    if not match:
        raise ValueError(f"日期“{text}”无法识别，请写成 2025-03-18")
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"日期“{text}”不存在") from None


def _choice(text: str, choices: Any, extra: dict[str, str] | None = None) -> str | None:
    value = text.strip()
    for key, label in choices:
        if value in (key, label):
            return key
    return (extra or {}).get(value)


@dataclass
class LedgerRow:
    line: int
    values: dict[str, Any]


def parse(data: bytes, filename: str) -> tuple[list[LedgerRow], list[str]]:
    """The rows of a ledger file and the errors ("第N行：…"), without writing anything."""
    rows: list[LedgerRow] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, raw in read_table(data, filename, COLUMNS, REQUIRED):
        problems: list[str] = []
        values: dict[str, Any] = {}
        try:
            values["received_on"] = parse_date(raw["received_on"])
        except ValueError as exc:
            problems.append(f"收到日期：{exc}")
        kind = _choice(raw["applicant_type"], ApplicantType.choices)
        if kind is None:
            problems.append(f"申请人类型“{raw['applicant_type']}”无效，应为：{'、'.join(ApplicantType.labels)}")
        values["applicant_type"] = kind
        values["applicant_name"] = raw["applicant_name"].strip()
        if not values["applicant_name"]:
            problems.append("申请人不能为空")
        channel = _choice(raw["channel"], Channel.choices, CHANNEL_WORDS)
        if channel is None:
            problems.append(f"申请方式“{raw['channel']}”无效，应为：{'、'.join(Channel.labels)}")
        values["channel"] = channel
        values["description"] = raw["description"].strip()
        if not values["description"]:
            problems.append("申请内容不能为空")
        answered = raw.get("answered_on", "").strip()
        outcome_text = raw.get("outcome", "").strip()
        values["answered_on"] = None
        values["outcome"] = ""
        if answered:
            try:
                values["answered_on"] = parse_date(answered)
                if values.get("received_on") and values["answered_on"] < values["received_on"]:
                    problems.append("答复日期早于收到日期")
            except ValueError as exc:
                problems.append(f"答复日期：{exc}")
            if not outcome_text:
                problems.append("有答复日期的，请填写处理结果")
        if outcome_text:
            outcome = parse_outcome(outcome_text)
            if outcome is None:
                problems.append(f"处理结果“{outcome_text}”不是年度报告的法定项目")
            elif not answered:
                problems.append("填写了处理结果但没有答复日期（未办结的案件两项都不填）")
            values["outcome"] = outcome or ""
        extended = raw.get("extended", "").strip()
        if extended in ("是", "Y", "y", "yes", "1", "延期"):
            values["extended"] = True
        elif extended in ("", "否", "N", "n", "no", "0"):
            values["extended"] = False
        else:
            problems.append(f"是否延期“{extended}”无效，请填“是”或“否”")
        fee = raw.get("fee", "").strip().replace(",", "")
        values["fee"] = None
        if fee:
            try:
                values["fee"] = Decimal(fee)
                if values["fee"] < 0:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(f"收费金额“{fee}”无效")
        number = raw.get("receipt_number", "").strip()
        if number:
            if number in seen:
                problems.append(f"受理编号“{number}”在文件中重复")
            seen.add(number)
        values["receipt_number"] = number
        values["notes"] = raw.get("notes", "").strip()
        if problems:
            errors.append(f"第{line}行：" + "；".join(problems))
        rows.append(LedgerRow(line, values))
    return rows, errors


def import_ledger(*, agency: Agency, data: bytes, filename: str, actor: Any) -> int:
    """Imports every row as a historical case, or nothing (a ValidationError lists every bad row)."""
    if actor is not None:
        require(actor, Perm.EDIT, agency)
    rows, errors = parse(data, filename)
    numbers = [r.values["receipt_number"] for r in rows if r.values["receipt_number"]]
    taken = set(Application.objects.filter(receipt_number__in=numbers).values_list("receipt_number", flat=True))
    for row in rows:
        if row.values["receipt_number"] in taken:
            errors.append(f"第{row.line}行：受理编号“{row.values['receipt_number']}”已存在")
        year = next(
            (
                y
                for day in (row.values.get("received_on"), row.values.get("answered_on"))
                if (y := locked_year(agency, day))
            ),
            None,
        )
        if year is not None:
            errors.append(f"第{row.line}行：{year}年度报告已发布并锁定，不能再导入该年度的案件")
    if errors:
        raise ValidationError(sorted(errors, key=lambda e: int(re.match(r"第(\d+)行", e).group(1))))
    if not rows:
        raise ValidationError("文件中没有数据行")
    with transaction.atomic():
        for row in rows:
            _create(agency, row.values, actor)
    return len(rows)


def _create(agency: Agency, v: dict[str, Any], actor: Any) -> Application:
    closed = v["answered_on"] is not None
    application = Application.objects.create(
        agency=agency,
        receipt_number=v["receipt_number"] or services.next_receipt_number(agency, v["received_on"].year),
        status=Status.CLOSED if closed else Status.PROCESSING,
        channel=v["channel"],
        applicant_kind=ApplicantKind.PERSON
        if v["applicant_type"] == ApplicantType.NATURAL_PERSON
        else ApplicantKind.ORGANISATION,
        applicant_type=v["applicant_type"],
        applicant_name=v["applicant_name"],
        applicant_key=f"name:{v['applicant_name']}",
        description=v["description"],
        received_on=v["received_on"],
        received_basis="台账导入",
        outcome=v["outcome"],
        answered_on=v["answered_on"],
        extension_days=20 if v["extended"] else 0,
        fee_amount=v["fee"],
        fee_paid_amount=v["fee"],
        fee_status=FeeStatus.PAID if v["fee"] else FeeStatus.NONE,
        notes=v["notes"],
        is_historical=True,
    )
    services.add_event(application, ClockKind.RECEIVED, v["received_on"])
    if v["extended"]:
        services.add_event(application, ClockKind.EXTENDED, v["received_on"], days=20)
    if closed:
        services.add_event(application, ClockKind.STOPPED, v["answered_on"])
    services.refresh_due(application)
    record(
        action="application.import",
        actor=actor,
        target=application,
        after=snapshot(application, ["receipt_number", "status", "received_on", "outcome", "answered_on"]),
    )
    return application


def year_cases(agency: Agency, year: int):
    """The agency's cases received in the year, or answered in it, or still open through it. The ledger is
    the one of table 三, read back by ``ledger-import``: 更正申请 (第四十一条, no report row) stay out."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        Application.objects.filter(agency=agency, request_kind=RequestKind.DISCLOSURE)
        .filter(
            Q(received_on__year=year)
            | Q(answered_on__year=year)
            | Q(received_on__lt=start, answered_on__isnull=True)
            | Q(received_on__lt=start, answered_on__gt=end)
        )
        .order_by("received_on", "receipt_number")
    )


def export_xlsx(agency: Agency, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年台账"
    sheet.append([*HEADERS, "状态", "答复期限", "申请人类别代码", "处理结果代码"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for a in year_cases(agency, year):
        # Applicant text (name, description, notes) must not become a formula in Excel.
        sheet.append(
            safe_row(
                [
                    a.receipt_number,
                    a.received_on,
                    a.get_applicant_type_display(),
                    a.applicant_name,
                    a.get_channel_display(),
                    a.description,
                    a.answered_on,
                    a.get_outcome_display() if a.outcome else "",
                    "是" if a.extension_days else "否",
                    a.fee_paid_amount if a.fee_status == FeeStatus.PAID else None,
                    a.notes,
                    a.get_status_display(),
                    a.due_on,
                    a.applicant_type,
                    a.outcome,
                ]
            )
        )
    for column, width in zip(
        "ABCDEFGHIJKLMNO", [22, 12, 12, 16, 12, 40, 12, 40, 8, 12, 20, 12, 12, 16, 24], strict=True
    ):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[1], row[6], row[12]):
            cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(
        [
            "",
            "2025-03-18",
            "自然人",
            "张三",
            "网络·电子邮件",
            "2024年某项目环评报告",
            "2025-04-10",
            "（一）予以公开",
            "否",
            "",
            "",
        ]
    )
    sheet.append(["", "2025-12-20", "商业企业", "某某有限公司", "邮寄", "某道路工程招标文件", "", "", "", "", "未办结"])
    help_sheet = book.create_sheet("说明")
    help_sheet.append(["列", "填写要求"])
    help_sheet.append(["申请人类型", "、".join(ApplicantType.labels)])
    help_sheet.append(["申请方式", "、".join(Channel.labels)])
    help_sheet.append(["处理结果", "年度报告表三的法定项目（可带或不带编号），或其代码；未办结的不填"])
    help_sheet.append(["答复日期", "未办结的不填"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
