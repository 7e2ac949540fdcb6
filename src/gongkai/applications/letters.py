"""Letters (告知书) of a case: text from an agency-editable template, frozen when issued, and
produced as DOCX and PDF in the layout of official documents (GB/T 9704-2012: A4; margins 37/35 mm
top/bottom, 28/26 mm left/right; title 2号 方正小标宋; body 3号 仿宋; 28 characters × 22 lines).

Fonts: the official faces when installed, else the CJK fonts that exist on the machine (Debian's
fonts-noto-cjk: Noto Serif CJK SC for 宋/仿宋, Noto Sans CJK SC for 黑体).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.template import Context, Template
from django.template.loader import get_template

from gongkai.applications.models import (
    OUTCOME_BASIS,
    Application,
    Letter,
    LetterKind,
    LetterTemplate,
    outcome_group,
    outcome_short,
)

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
}
NUMBER_MARKS = {
    LetterKind.RECEIPT: "受",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.ANSWER: "答",
}


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def review_body(application: Application) -> str:
    """Where 行政复议 goes (行政复议法 第二十四条: a county department's act to the county government)."""
    parent = application.agency.parent
    return parent.name if parent is not None else "上一级人民政府"


def default_template_name(kind: str, outcome: str = "") -> str:
    if kind == LetterKind.ANSWER:
        return f"applications/letters/answer_{outcome_group_key(outcome)}.txt"
    return f"applications/letters/{kind}.txt"


def outcome_group_key(outcome: str) -> str:
    return outcome.split("_")[0] if outcome else "granted"


def template_source(agency: Any, kind: str, outcome: str = "") -> str:
    """The agency's own template if it has one (for this outcome, then for every outcome), else the default."""
    own = LetterTemplate.objects.filter(agency=agency, kind=kind, outcome__in=[outcome, ""]).order_by("-outcome")
    found = own.first()
    if found is not None:
        return found.body
    return get_template(default_template_name(kind, outcome)).template.source


def render_body(
    application: Application, kind: str, *, outcome: str = "", extra: dict | None = None, issued_on: dt.date
) -> str:
    from gongkai.calendar.rules import PROVISIONAL_MARK  # noqa: F401 - shown through WorkDate.__str__

    source = template_source(application.agency, kind, outcome)
    context = {
        "a": application,
        "agency": application.agency,
        "received": cn_date(application.received_on) if application.received_on else "",
        "issued": cn_date(issued_on),
        "outcome_label": outcome_short(outcome) if outcome else "",
        "outcome_group": outcome_group(outcome) if outcome else "",
        "basis": application.legal_basis or OUTCOME_BASIS.get(outcome, ""),
        "review_body": review_body(application),
        **(extra or {}),
    }
    text = Template(source).render(Context(context, autoescape=False))
    lines = [line.strip() for line in text.splitlines()]
    # Blank lines separate paragraphs; collapse runs so templates may be written loosely.
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def issue(
    application: Application,
    kind: str,
    *,
    issued_on: dt.date,
    outcome: str = "",
    extra: dict | None = None,
    to_applicant: bool = True,
    recipient: str = "",
) -> Letter:
    """Creates the letter (inside the caller's transaction), numbered per case and kind."""
    count = application.letters.filter(kind=kind).count() + 1
    number = f"{application.receipt_number}-{NUMBER_MARKS[LetterKind(kind)]}{count}"
    return Letter.objects.create(
        application=application,
        kind=kind,
        title=TITLES[LetterKind(kind)],
        number=number,
        recipient=recipient or application.applicant_name,
        body=render_body(application, kind, outcome=outcome, extra=extra, issued_on=issued_on),
        issued_on=issued_on,
        to_applicant=to_applicant,
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
    for text in ("", letter.application.agency.name, cn_date(letter.issued_on)):
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
            "agency": letter.application.agency,
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
    "unable_not_held": "经检索，本机关不掌握您申请公开的政府信息（第三十六条第（四）（五）项）",
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
