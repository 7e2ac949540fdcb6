"""Letters (告知书) of a case: text from an agency-editable template, frozen when issued, and
produced as DOCX and PDF in the layout of official documents (GB/T 9704-2012: A4; margins 37/35 mm
top/bottom, 28/26 mm left/right; title 2号 方正小标宋; body 3号 仿宋; 28 characters × 22 lines).

Fonts: the official faces when installed, else the CJK fonts that exist on the machine (Debian's
fonts-noto-cjk: Noto Serif CJK SC for 宋/仿宋, Noto Sans CJK SC for 黑体).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.utils.text import Truncator

from gongkai.applications.models import (
    OUTCOME_BASIS,
    Application,
    Letter,
    LetterKind,
    LetterTemplate,
    RequestKind,
    outcome_group,
    outcome_short,
)

logger = logging.getLogger(__name__)

TITLE_FONTS = ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "serif"]
HEITI_FONTS = ["黑体", "SimHei", "Noto Sans CJK SC", "sans-serif"]
FANGSONG_FONTS = ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "serif"]

TITLES = {
    LetterKind.RECEIPT: "政府信息公开申请受理回执",
    LetterKind.CORRECTION: "政府信息公开申请补正告知书",
    LetterKind.EXTENSION: "延期答复告知书",
    LetterKind.CONSULTATION: "政府信息公开征求意见书",
    LetterKind.FEE: "信息处理费收费通知书",
    LetterKind.ANSWER: "政府信息公开申请答复告知书",
    LetterKind.REASONS_REQUEST: "政府信息公开申请说明理由通知书",
    LetterKind.REASONS_DEADLINE: "政府信息公开申请延迟答复告知书",
    LetterKind.THIRD_PARTY: "政府信息公开决定告知书",
    LetterKind.TRANSFER: "政府信息公开申请转办告知书",
    LetterKind.CORRECTED: "政府信息更正告知书",
    LetterKind.CORRECTION_FORWARDED: "政府信息更正申请转送告知书",
    LetterKind.CORRECTION_REFUSED: "不予更正政府信息告知书",
}
# A 更正申请 (第四十一条) gets its own 受理回执 title; the other letters it gets are its own kinds.
CORRECTION_REQUEST_RECEIPT_TITLE = "政府信息更正申请受理回执"
NUMBER_MARKS = {
    LetterKind.RECEIPT: "受",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.ANSWER: "答",
    LetterKind.REASONS_REQUEST: "理",
    LetterKind.REASONS_DEADLINE: "迟",
    LetterKind.THIRD_PARTY: "告",
    LetterKind.TRANSFER: "转",
    LetterKind.CORRECTED: "更",
    LetterKind.CORRECTION_FORWARDED: "送",
    LetterKind.CORRECTION_REFUSED: "否",
}


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def review_body(application: Application) -> str:
    """Where 行政复议 goes: the agency's own rule (Agency.review_body, 行政复议法 第二十四条)."""
    return application.agency.review_body()


# ---------------------------------------------------------------------------------------------
# Letter text: a deliberately tiny template language. Agency templates are written by 负责人 and the
# result goes to citizens, so they see only a flat mapping of plain strings (no model objects, no
# attribute lookups, no filters, no includes): ``{{ name }}`` and ``{% if name %}…{% else %}…{% endif %}``.
# ---------------------------------------------------------------------------------------------

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates" / "applications" / "letters"
REMEDIES_SOURCE = "_remedies.txt"

# The placeholders of every letter, with what they hold (shown on the template page).
COMMON_PLACEHOLDERS: dict[str, str] = {
    "receipt_number": "受理编号",
    "applicant_name": "申请人姓名或名称",
    "description": "申请内容（超过200字截断）",
    "description_short": "申请内容（超过120字截断）",
    "document_number": "申请所列文号",
    "received_basis": "收到申请之日的依据",
    "received": "收到申请之日（如2025年1月2日）",
    "issued": "出具日期",
    "agency_name": "本机关名称",
    "agency_phone": "本机关联系电话",
    "review_body": "行政复议机关",
    "remedies": "救济途径段落（行政复议、行政诉讼）",
}
KIND_PLACEHOLDERS: dict[str, dict[str, str]] = {
    LetterKind.RECEIPT: {
        "due": "答复期限",
        "answer_days": "答复期限的工作日数",
        "query_code": "查询码（工作人员登记时；在线申请为空，查询码已在提交时告知）",
        "site_url": "查询办理进度的网址",
        "correction_request": "更正申请（第四十一条）时为“是”（用于 {% if correction_request %}）",
    },
    LetterKind.CORRECTION: {"items": "补正事项", "deadline": "补正期限"},
    LetterKind.EXTENSION: {"reason": "延期理由", "days": "延长的工作日数", "due": "延长后的答复期限"},
    LetterKind.CONSULTATION: {"third_party": "征求第三方意见时为“是”（用于 {% if third_party %}）"},
    LetterKind.FEE: {
        "method": "收费方式",
        "units_text": "计费件数或页数",
        "amount": "收费金额（元）",
        "due": "缴费期限",
    },
    LetterKind.ANSWER: {
        "outcome_label": "处理结果",
        "outcome_group": "处理结果类别",
        "basis": "法律依据",
        "ground": "处理理由（按处理结果）",
        "text": "承办人填写的答复内容",
        "files": "提供的文件名",
        "responsible_agency": "负责公开该信息的机关（第三十六条第（五）项）",
        "responsible_contact": "该机关的联系方式",
    },
    LetterKind.REASONS_REQUEST: {},
    LetterKind.REASONS_DEADLINE: {"reasons": "申请人说明的理由", "due": "确定的答复期限"},
    LetterKind.THIRD_PARTY: {"content": "决定公开的政府信息内容", "reasons": "决定公开的理由"},
    LetterKind.TRANSFER: {
        "to_agency": "负责办理的机关",
        "to_agency_contact": "该机关的联系方式",
        "due": "答复期限",
    },
    # 第四十一条: the three answers to a 更正申请.
    LetterKind.CORRECTED: {"text": "更正的内容", "basis": "法律依据"},
    LetterKind.CORRECTION_FORWARDED: {
        "competent_agency": "有权更正的行政机关",
        "competent_contact": "该机关的联系方式",
        "text": "承办人填写的说明",
        "basis": "法律依据",
    },
    LetterKind.CORRECTION_REFUSED: {"reasons": "不予更正的理由", "basis": "法律依据"},
}

_TAG = re.compile(r"\{\{(.*?)\}\}|\{%(.*?)%\}", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IF = re.compile(r"if\s+([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class _If:
    name: str
    then: list[_Node] = field(default_factory=list)
    otherwise: list[_Node] = field(default_factory=list)


@dataclass(frozen=True)
class _Var:
    name: str


_Node = str | _Var | _If


def placeholders(kind: str) -> dict[str, str]:
    """The placeholders a template of this kind may use, with their meaning."""
    return {**COMMON_PLACEHOLDERS, **KIND_PLACEHOLDERS.get(kind, {})}


def _allowed_text(allowed: dict[str, str]) -> str:
    names = "、".join(f"{{{{ {name} }}}}" for name in allowed)
    return f"可用的占位符：{names}；条件段落只能写 {{% if 占位符 %}}…{{% else %}}…{{% endif %}}"


def parse(source: str, allowed: dict[str, str]) -> list[_Node]:
    """The template as nodes; ValidationError (in Chinese, listing the placeholders) for anything else."""
    root: list[_Node] = []
    # Each open block: the if-node and the list now being filled (its then- or else-part).
    stack: list[tuple[_If, list[_Node]]] = []
    current = root
    position = 0

    def refuse(message: str) -> ValidationError:
        return ValidationError(f"模板语法有误：{message}。{_allowed_text(allowed)}")

    for match in _TAG.finditer(source):
        if match.start() > position:
            current.append(source[position : match.start()])
        position = match.end()
        variable, tag = match.group(1), match.group(2)
        if variable is not None:
            name = variable.strip()
            if not _NAME.fullmatch(name):
                raise refuse(f"不支持“{match.group(0)}”，占位符只能是名称，不能带“.”或“|”")
            if name not in allowed:
                raise refuse(f"没有占位符“{name}”")
            current.append(_Var(name))
            continue
        words = " ".join(tag.split())
        condition = _IF.fullmatch(words)
        if condition is not None:
            if condition.group(1) not in allowed:
                raise refuse(f"没有占位符“{condition.group(1)}”")
            block = _If(condition.group(1))
            current.append(block)
            stack.append((block, block.then))
            current = block.then
        elif words == "else" and stack and stack[-1][1] is stack[-1][0].then:
            stack[-1] = (stack[-1][0], stack[-1][0].otherwise)
            current = stack[-1][1]
        elif words == "endif" and stack:
            stack.pop()
            current = stack[-1][1] if stack else root
        else:
            raise refuse(f"不支持“{match.group(0)}”")
    if stack:
        raise refuse("缺少 {% endif %}")
    if position < len(source):
        current.append(source[position:])
    return root


def _render_nodes(nodes: list[_Node], values: dict[str, str]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, _Var):
            out.append(values.get(node.name, ""))
        else:
            out.append(_render_nodes(node.then if values.get(node.name) else node.otherwise, values))
    return "".join(out)


def render_text(source: str, values: dict[str, str], allowed: dict[str, str]) -> str:
    """Substitutes in one pass, so a value (applicant text) is never read as template syntax."""
    return _render_nodes(parse(source, allowed), values)


def validate_template(kind: str, body: str) -> None:
    """Raises ValidationError when an agency template uses anything but the kind's placeholders."""
    parse(body, placeholders(kind))


# 第三十六条第（七）项: a 行政查询事项 is answered by pointing to the special procedure, not by a 不予公开
# decision, so it has its own wording (docs/applications.md, "Legal readings").
OWN_ANSWER_TEMPLATES = {"denied_admin_query": "answer_admin_query.txt"}


def default_template_name(kind: str, outcome: str = "") -> str:
    if kind == LetterKind.ANSWER:
        return OWN_ANSWER_TEMPLATES.get(outcome) or f"answer_{outcome_group_key(outcome)}.txt"
    return f"{kind}.txt"


def outcome_group_key(outcome: str) -> str:
    return outcome.split("_")[0] if outcome else "granted"


def default_source(kind: str, outcome: str = "") -> str:
    return (DEFAULTS_DIR / default_template_name(kind, outcome)).read_text(encoding="utf-8")


def template_source(agency: Any, kind: str, outcome: str = "") -> str:
    """The agency's own template if it has one (for this outcome, then for every outcome), else the default."""
    own = LetterTemplate.objects.filter(agency=agency, kind=kind, outcome__in=[outcome, ""]).order_by("-outcome")
    found = own.first()
    if found is not None:
        return found.body
    return default_source(kind, outcome)


def needs_review_first(outcome: str) -> bool:
    """行政复议法（2023）第二十三条第一款第（四）项: a 不予公开 decision (also in part) goes to 行政复议
    first. A 行政查询事项 (第三十六条第（七）项) is counted under 不予公开 in the report but is no such
    decision: the applicant is pointed to another procedure."""
    return outcome.startswith(("denied", "partial")) and outcome != "denied_admin_query"


def remedies_text(application: Application, kind: str, outcome: str = "") -> str:
    """The 救济途径 paragraph. 不予公开 (also in part) must go to 行政复议 first (行政复议法 第二十三条)."""
    values = {
        "doc_name": "通知" if kind == LetterKind.FEE else "告知",
        "prereview": "是" if needs_review_first(outcome) else "",
        "review_body": review_body(application),
    }
    source = (DEFAULTS_DIR / REMEDIES_SOURCE).read_text(encoding="utf-8")
    return render_text(source, values, dict.fromkeys(values, "")).strip()


def _as_text(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "是"
    return str(value)


def letter_values(
    application: Application, kind: str, *, outcome: str = "", extra: dict | None = None, issued_on: dt.date
) -> dict[str, str]:
    """The flat mapping of plain strings a letter template sees."""
    agency = application.agency
    # Quoted in “…”。: its own closing punctuation would make "。”。".
    description = application.description.strip().rstrip("。．.；;，,")
    values: dict[str, Any] = {
        "receipt_number": application.receipt_number,
        "applicant_name": application.applicant_name,
        "description": Truncator(description).chars(200),
        "description_short": Truncator(description).chars(120),
        "document_number": application.document_number,
        "received_basis": application.received_basis,
        "received": cn_date(application.received_on) if application.received_on else "",
        "issued": cn_date(issued_on),
        "agency_name": agency.name,
        "agency_phone": agency.phone,
        "review_body": review_body(application),
        "remedies": remedies_text(application, kind, outcome),
        "outcome_label": outcome_short(outcome) if outcome else "",
        "outcome_group": outcome_group(outcome) if outcome else "",
        "basis": application.legal_basis or OUTCOME_BASIS.get(outcome, ""),
        "responsible_agency": application.responsible_agency,
        "responsible_contact": application.responsible_contact,
        **(extra or {}),
    }
    allowed = placeholders(kind)
    return {name: _as_text(value) for name, value in values.items() if name in allowed}


def render_body(
    application: Application, kind: str, *, outcome: str = "", extra: dict | None = None, issued_on: dt.date
) -> str:
    values = letter_values(application, kind, outcome=outcome, extra=extra, issued_on=issued_on)
    try:
        text = render_text(template_source(application.agency, kind, outcome), values, placeholders(kind))
    except ValidationError:
        # A stored template that bypassed the check (written to the table directly) must not stop
        # the case: the letter goes out in the default wording.
        logger.warning(
            "invalid letter template of agency %s (%s %s): default used", application.agency_id, kind, outcome
        )
        text = render_text(default_source(kind, outcome), values, placeholders(kind))
    lines = [_tidy(line.strip()) for line in text.splitlines()]
    # Blank lines separate paragraphs; collapse runs so templates may be written loosely.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


# Doubled punctuation where a value ends a sentence the template also ends: "。”。" and "。。".
_STRAY = [(re.compile(r"([。！？])”。"), r"\1”"), (re.compile(r"。{2,}"), "。"), (re.compile(r"；。"), "。")]


def _tidy(line: str) -> str:
    for pattern, replacement in _STRAY:
        line = pattern.sub(replacement, line)
    return line


def issue(
    application: Application,
    kind: str,
    *,
    issued_on: dt.date,
    outcome: str = "",
    extra: dict | None = None,
    to_applicant: bool = True,
    recipient: str = "",
    deadline: dt.date | None = None,
    agency_name: str = "",
) -> Letter:
    """Creates the letter (inside the caller's transaction), numbered per case and kind. ``deadline`` is
    the definite date the letter states (so a later change can be flagged to staff); ``agency_name`` the
    issuing agency when it is not (or no longer) the case's agency, e.g. the office that transferred it."""
    count = application.letters.filter(kind=kind).count() + 1
    number = f"{application.receipt_number}-{NUMBER_MARKS[LetterKind(kind)]}{count}"
    title = TITLES[LetterKind(kind)]
    if kind == LetterKind.RECEIPT and application.request_kind == RequestKind.CORRECTION_REQUEST:
        title = CORRECTION_REQUEST_RECEIPT_TITLE
    return Letter.objects.create(
        application=application,
        kind=kind,
        title=title,
        number=number,
        recipient=recipient or application.applicant_name,
        body=render_body(application, kind, outcome=outcome, extra=extra, issued_on=issued_on),
        issued_on=issued_on,
        to_applicant=to_applicant,
        deadline=deadline,
        agency_name=agency_name or application.agency.name,
    )


def paragraphs(letter: Letter) -> list[str]:
    return [p for p in letter.body.split("\n") if p.strip()]


def to_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run(paragraph, text: str, fonts: list[str], size: float, bold: bool = False):
        r = paragraph.add_run(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        r.font.name = fonts[-2]
        r._element.rPr.rFonts.set(qn("w:eastAsia"), fonts[0])
        return r

    def fmt(paragraph, indent: bool = True) -> None:
        pf = paragraph.paragraph_format
        pf.line_spacing = Pt(28.95)  # 22 lines in the 225 mm text block
        pf.space_after = Pt(0)
        if indent:
            pf.first_line_indent = Pt(32)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, letter.title, TITLE_FONTS, 22)
    fmt(title, indent=False)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(number, letter.number, FANGSONG_FONTS, 16)
    fmt(number, indent=False)
    to = document.add_paragraph()
    run(to, f"{letter.recipient}：", FANGSONG_FONTS, 16)
    fmt(to, indent=False)
    for text in paragraphs(letter):
        p = document.add_paragraph()
        heading = text.startswith(("一、", "二、", "三、", "四、", "五、"))
        run(p, text, HEITI_FONTS if heading else FANGSONG_FONTS, 16)
        fmt(p)
    for text in ("", letter.signed_by, cn_date(letter.issued_on)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run(p, text, FANGSONG_FONTS, 16)
        fmt(p, indent=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_html(letter: Letter) -> str:
    return get_template("applications/letters/letter.html").render(
        {
            "letter": letter,
            "paragraphs": paragraphs(letter),
            "agency_name": letter.signed_by,
            "issued": cn_date(letter.issued_on),
            "title_fonts": _css_fonts(TITLE_FONTS),
            "heiti_fonts": _css_fonts(HEITI_FONTS),
            "body_fonts": _css_fonts(FANGSONG_FONTS),
        }
    )


def _css_fonts(fonts: list[str]) -> str:
    return ", ".join(f'"{f}"' if f not in ("serif", "sans-serif") else f for f in fonts)


def to_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(letter)).write_pdf()


# The reason each outcome states in its 答复告知书 (the {{ ground }} of the default templates).
GROUNDS: dict[str, str] = {
    "denied_state_secret": "属于依法确定为国家秘密的政府信息（第十四条）",
    "denied_law_forbidden": "属于法律、行政法规禁止公开的政府信息（第十四条）",
    "denied_security_stability": "公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
    "denied_third_party": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）",
    "denied_internal_affairs": "属于人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）",
    "denied_process_info": "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）",
    "denied_enforcement_file": "属于行政执法案卷信息（第十六条第二款）",
    "denied_admin_query": (
        "属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，请依照有关规定办理（第三十六条第（七）项）"
    ),
    # Replaced by NOT_HELD_GROUNDS once the answer says which of 第三十六条第（四）、（五）项 applies.
    "unable_not_held": "本机关不掌握您申请公开的政府信息",
    "unable_needs_creation": "您申请的信息需要本机关对现有政府信息进行加工、分析，没有现成信息（第三十八条）",
    "unable_unclear": "经补正后，您的申请内容仍不明确（第三十条）",
    "rejected_petition": (
        "您以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息公开申请处理，"
        "请通过相应渠道提出（第三十九条第一款）"
    ),
    "rejected_repeat": "本机关已就相同政府信息作出答复，您重复申请（第三十六条第（六）项）",
    "rejected_publication": "您要求提供政府公报、报刊、书籍等公开出版物，可以通过公开发行渠道获取（第三十九条第二款）",
    "rejected_mass_repeat": "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理（第三十五条）",
    "rejected_confirm_reissue": "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请",
    "other_no_correction": "本机关已告知您补正申请，您无正当理由逾期未补正，视为放弃申请（第三十条）。",
    "other_fee_unpaid": "本机关已向您发出收费通知，您逾期未缴纳信息处理费，视为放弃申请。",
    "other_other": "",
}


# 第三十六条第（四）项 and 第（五）项: two distinct answers, each with the article's own words.
NOT_HELD_GROUNDS: dict[str, str] = {
    "not_exist": "本机关经检索没有您所申请公开的信息，该政府信息不存在",
    "other_agency": "您所申请公开的信息不属于本机关负责公开",
}


def answer_ground(application: Application) -> str:
    if application.outcome == "unable_not_held" and application.not_held_reason:
        return NOT_HELD_GROUNDS[application.not_held_reason]
    return GROUNDS.get(application.outcome, "")
