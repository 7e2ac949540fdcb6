"""Building an agency's annual report (canonical JSON, docs/report-data.md) from the platform's records.

Section 二 comes from the disclosed items and the figures entered per year, section 三 and 四 from
the applications and their reviews and lawsuits (gongkai.reports.counting), the 信息处理费 total
into section 六. A government's or a supervisor's report sums its own records and its whole
subtree's (``include_subtree``), as sample 000 puts it: "汇总…各乡镇人民政府和县政府各职能部门".
Counting over the subtree's records gives the same figures as adding the agencies' reports, and the
consistency rules still hold by construction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Sum

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.catalogue.selectors import annual_figures
from gongkai.reportformats.definitions import FORMATS, SCHEMA, format_for_year
from gongkai.reports.counting import AppealRecord, CaseRecord, count_appeals, count_applications


def _agencies(agency: Agency, include_subtree: bool) -> Q:
    return Q(agency__path__startswith=agency.path) if include_subtree else Q(agency=agency)


def case_records(agency: Agency, year: int, *, include_subtree: bool = False) -> list[CaseRecord]:
    from gongkai.applications.models import Application

    cases = (
        Application.objects.filter(
            _agencies(agency, include_subtree), received_on__isnull=False, received_on__lte=dt.date(year, 12, 31)
        )
        .exclude(answered_on__lt=dt.date(year, 1, 1))
        .values_list("applicant_type", "received_on", "answered_on", "outcome")
    )
    return [CaseRecord(t, received, answered, outcome or "") for t, received, answered, outcome in cases]


def appeal_records(agency: Agency, year: int, *, include_subtree: bool = False) -> list[AppealRecord]:
    from gongkai.applications.models import Appeal

    scope = Q(application__agency__path__startswith=agency.path) if include_subtree else Q(application__agency=agency)
    appeals = Appeal.objects.filter(scope, filed_on__year=year).values_list("kind", "filed_on", "result", "decided_on")
    return [AppealRecord(*row) for row in appeals]


def processing_fees_yuan(agency: Agency, year: int, *, include_subtree: bool = False) -> Decimal:
    """信息处理费 actually collected in the year (国办函〔2020〕109号; section 六).

    An amount counts in the year it was paid (the date of the case's ``fee_settled`` clock event), not
    the year the case was answered; a reduced fee (减免 with an amount received) counts what was
    received, a full waiver or a cancellation nothing (docs/reports.md).
    """
    from gongkai.applications.models import Application, CaseEvent, FeeStatus
    from gongkai.applications.rules import ClockKind

    paid_on = (
        CaseEvent.objects.filter(application=OuterRef("pk"), kind=ClockKind.FEE_SETTLED.value)
        .order_by("-on", "-id")
        .values("on")[:1]
    )
    total = (
        Application.objects.filter(
            _agencies(agency, include_subtree),
            fee_status__in=[FeeStatus.PAID, FeeStatus.WAIVED],
            fee_paid_amount__gt=0,
        )
        .annotate(paid_on=Subquery(paid_on))
        .filter(paid_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .aggregate(total=Sum("fee_paid_amount"))["total"]
    )
    return total or Decimal("0")


# Only governments with legislative power make 规章: 设区的市 and above (《立法法》第九十三条). The
# agency tree has no province kind, so the city government is the only one.
RULE_MAKING_KINDS = frozenset({AgencyKind.CITY_GOVERNMENT})
NO_REGULATIONS_NOTE = (
    "本机关不属于设区的市以上人民政府，无权制定规章（《中华人民共和国立法法》第九十三条），规章一栏为0。"
)


def makes_regulations(agency: Agency) -> bool:
    return agency.kind in RULE_MAKING_KINDS


def _documents(agency: Agency, include_subtree: bool, *, regulations: bool) -> Any:
    """Public 规章 (items of genre 规章 published by a rule-making government) or 行政规范性文件."""
    from gongkai.disclosure.models import Genre, Item

    items = Item.objects.public().filter(_agencies(agency, include_subtree))
    if regulations:
        return items.filter(genre=Genre.REGULATION, agency__kind__in=RULE_MAKING_KINDS)
    return items.filter(is_normative=True)


def document_counts(documents: Any, year: int) -> dict[str, int]:
    """Issued (first published in the year, not a new version of an earlier item), abolished (失效/废止
    dated in the year), in force at the year's end, and every first version published by then."""
    from gongkai.disclosure.models import Validity

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ended = [Validity.EXPIRED, Validity.REPEALED]
    return {
        "issued": documents.filter(published_on__range=(start, end), replaces__isnull=True).count(),
        "abolished": documents.filter(validity__in=ended, invalid_on__range=(start, end)).count(),
        "in_force": documents.filter(published_on__lte=end)
        .exclude(status="superseded")
        .exclude(Q(validity__in=ended) & Q(invalid_on__lte=end))
        .count(),
        "published_total": documents.filter(published_on__lte=end, replaces__isnull=True).count(),
    }


def _entered_figures(agency: Agency, year: int, include_subtree: bool) -> dict[str, Any]:
    from gongkai.disclosure.models import AgencyFigures

    return AgencyFigures.objects.filter(_agencies(agency, include_subtree), year=year).aggregate(
        licensing=Sum("licensing"),
        punishment=Sum("punishment"),
        enforcement=Sum("enforcement"),
        fees=Sum("fees_wan_yuan"),
    )


def _regulation_counts(agency: Agency, year: int, include_subtree: bool) -> dict[str, int]:
    if not makes_regulations(agency):
        return {"issued": 0, "abolished": 0, "in_force": 0, "published_total": 0}
    return document_counts(_documents(agency, include_subtree, regulations=True), year)


def proactive_2021(agency: Agency, year: int, *, include_subtree: bool = False) -> dict[str, Any]:
    """Section 二 in the 2021 format. 规章 count only for a rule-making government (``RULE_MAKING_KINDS``);
    for the others the row is 0 and the draft says why (``NO_REGULATIONS_NOTE``)."""
    regulations = _regulation_counts(agency, year, include_subtree)
    normative = document_counts(_documents(agency, include_subtree, regulations=False), year)
    figures = _entered_figures(agency, year, include_subtree)
    fees = figures["fees"]
    return {
        "regulations": {key: regulations[key] for key in ("issued", "abolished", "in_force")},
        "normative_documents": {key: normative[key] for key in ("issued", "abolished", "in_force")},
        "licensing": {"decisions": figures["licensing"] or 0},
        "punishment": {"decisions": figures["punishment"] or 0},
        "enforcement": {"decisions": figures["enforcement"] or 0},
        "fees": {"amount_wan_yuan": _decimal_text(fees if fees is not None else Decimal("0"))},
    }


def proactive_2019(agency: Agency, year: int, *, include_subtree: bool = False) -> dict[str, Any]:
    """Section 二 in the 2019 format, from the same records as the 2021 one: 本年新制作 and 本年新公开
    are the documents first published in the year (the platform records a document when it is
    published), 对外公开总数量 every first version published by the year's end; 处理决定数量 from the
    figures entered per year. The 事项 counts and 政府集中采购 have no record: those cells stay blank
    (null) and the draft names them (``unrecorded_2019``)."""
    regulations = _regulation_counts(agency, year, include_subtree)
    normative = document_counts(_documents(agency, include_subtree, regulations=False), year)
    figures = _entered_figures(agency, year, include_subtree)

    def documents(counts: dict[str, int]) -> dict[str, int]:
        return {"made": counts["issued"], "published": counts["issued"], "total_published": counts["published_total"]}

    def decisions(value: int | None) -> dict[str, int | None]:
        return {"previous_year_items": None, "change": None, "decisions": value or 0}

    return {
        "regulations": documents(regulations),
        "normative_documents": documents(normative),
        "licensing": decisions(figures["licensing"]),
        "other_services": {"previous_year_items": None, "change": None, "decisions": None},
        "punishment": decisions(figures["punishment"]),
        "enforcement": decisions(figures["enforcement"]),
        "fees": {"previous_year_items": None, "change": None},
        "procurement": {"projects": None, "amount": None},
    }


def unrecorded_2019(report: dict[str, Any]) -> list[str]:
    """The 2019 section 二 cells the records leave blank, per table: "第二十条第（九）项：政府集中采购"."""
    proactive = report.get("proactive") or {}
    names: list[str] = []
    for table in FORMATS["2019"].tables:
        if table.json_key != "proactive":
            continue
        blank: list[str] = []
        for row in table.rows:
            values = proactive.get(row.key) or {}
            empty = [column.label for column in table.columns if column.key in values and values[column.key] is None]
            if empty and len(empty) == len(values):
                blank.append(row.label)
            else:
                blank += [f"{row.label}{label}" for label in empty]
        if blank:
            names.append(f"{table.title}：{'、'.join(blank)}")
    return names


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def build_report(
    agency: Agency, year: int, *, include_subtree: bool | None = None, format_key: str | None = None
) -> dict[str, Any]:
    """The canonical report of ``agency`` for ``year`` in the format in force for that year.

    ``include_subtree`` defaults to True for governments (their report covers their departments and
    townships), False for departments.
    """
    if include_subtree is None:
        include_subtree = agency.is_government
    fmt = FORMATS[format_key] if format_key else format_for_year(year)
    if fmt.key not in {"2021", "2019"}:
        raise ValueError(f"{year}年的年度报告使用旧格式统计表，系统只生成2019年及以后的报告")
    applications = count_applications(case_records(agency, year, include_subtree=include_subtree), year, fmt.key)
    appeals = count_appeals(appeal_records(agency, year, include_subtree=include_subtree), year)
    fees_yuan = processing_fees_yuan(agency, year, include_subtree=include_subtree)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "format": fmt.key,
        "year": year,
        "agency": agency.name,
        "proactive": (proactive_2021 if fmt.key == "2021" else proactive_2019)(
            agency, year, include_subtree=include_subtree
        ),
        "applications": applications,
        "appeals": appeals,
        "fees_yuan": _decimal_text(fees_yuan),
        "sections": {},
    }
    report["sections"] = draft_sections(
        report,
        is_government=agency.is_government,
        makes_regulations=makes_regulations(agency),
        catalogue=annual_figures(agency, year),
    )
    return report


def draft_sections(
    report: dict[str, Any],
    *,
    is_government: bool = False,
    makes_regulations: bool = False,
    catalogue: dict[str, Any] | None = None,
) -> dict[str, str]:
    """First drafts of the text sections, from the figures; staff edit them before publication.

    Every sentence is complete and states only what the records show: the checker refuses placeholder
    text (……, XX, 待补充) in a report, so a draft published unedited is still a true report.
    Sections 二 to 四 are the tables; their text is empty, except that a 2019-format section 二 names
    the cells no record holds (``unrecorded_2019``), and a report of an agency that makes no 规章
    says why that row is 0. A government's 工作考核、社会评议和责任追究结果 belong in section 一
    under （五）监督保障 (国办公开办函〔2021〕30号), not in section 六."""
    apps = report["applications"]
    appeals = report["appeals"]
    new, over = apps["new_received"]["total"], apps["carried_over"]["total"]
    done, forward = apps["total_processed"]["total"], apps["carried_forward"]["total"]
    granted, partial = apps["granted"]["total"], apps["partial"]["total"]
    reviews = appeals["review"]["total"]
    suits = appeals["litigation_direct"]["total"] + appeals["litigation_after_review"]["total"]
    corrected = sum(appeals[row]["corrected"] for row in ("review", "litigation_direct", "litigation_after_review"))
    year, agency = report["year"], report["agency"]
    proactive = report.get("proactive") or {}
    proactive_text: list[str] = []
    if proactive:
        normative = proactive.get("normative_documents") or {}
        regulations = proactive.get("regulations") or {}
        if report.get("format") == "2019":
            documents = (
                f"全年新制作并公开规范性文件{normative.get('published') or 0}件，"
                f"累计对外公开{normative.get('total_published') or 0}件；"
            )
            if makes_regulations:
                documents += f"新公开规章{regulations.get('published') or 0}件；"
        else:
            documents = (
                f"全年新制发行政规范性文件{normative.get('issued', 0)}件，"
                f"年末现行有效{normative.get('in_force', 0)}件；"
            )
            if makes_regulations:
                documents += f"制发规章{regulations.get('issued', 0)}件，现行有效{regulations.get('in_force', 0)}件；"
        active = (
            documents + f"作出行政许可决定{(proactive.get('licensing') or {}).get('decisions') or 0}件、"
            f"行政处罚决定{(proactive.get('punishment') or {}).get('decisions') or 0}件、"
            f"行政强制决定{(proactive.get('enforcement') or {}).get('decisions') or 0}件，相关信息均已主动公开。"
        )
        if not makes_regulations:
            proactive_text.append(NO_REGULATIONS_NOTE)
        if report.get("format") == "2019":
            blank = unrecorded_2019(report)
            if blank:
                proactive_text.append(
                    "下列栏目在政府信息公开平台上没有业务记录，表中留空，未作估算：" + "；".join(blank) + "。"
                )
    else:
        active = "主动公开政府信息的数量见本报告第二部分。"
    if catalogue and catalogue.get("entries"):  # the 标准目录's figures (gongkai.catalogue.selectors.annual_figures)
        entries, items, rate = catalogue["entries"], catalogue["items"], catalogue.get("on_time_rate")
        active += f"对照基层政务公开标准目录，{entries}个主动公开事项全年关联公开信息{items}条"
        active += f"，按时公开率{rate:g}%。" if rate is not None else "。"
    oversight = f"因政府信息公开被申请行政复议{reviews}件、提起行政诉讼{suits}件，其中结果被纠正{corrected}件。"
    if is_government:
        oversight += (
            f"政府信息公开工作考核、社会评议和责任追究结果情况：{year}年度复议、诉讼结果被纠正{corrected}件，"
            "平台未记录因政府信息公开工作被责任追究的情况。"
        )
    return {
        "一": (
            f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，现将政府信息公开工作情况报告如下。"
            f"（一）主动公开。{active}"
            f"（二）依申请公开。新收政府信息公开申请{new}件，上年结转{over}件，"
            f"办结{done}件（其中予以公开{granted}件、部分公开{partial}件），结转下年度继续办理{forward}件。"
            "（三）政府信息管理。政府信息在公开平台统一编制索引号，登记发布日期和效力状态，"
            "规范性文件失效、废止的及时标注。"
            "（四）平台建设。政府信息公开目录、公开指南和依申请公开的受理均在政府信息公开平台上办理。"
            f"（五）监督保障。{oversight}"
        ),
        "二": "".join(proactive_text),
        "三": "",
        "四": "",
        "五": (
            f"{year}年政府信息公开工作存在的主要问题及改进情况：政策解读和回应关切还不够充分，"
            f"依申请公开答复的规范性有待提高。{year + 1}年将加强政策解读，规范答复文书，"
            f"按期办结结转下年度的{forward}件申请。"
        ),
        "六": f"{year}年收取信息处理费{report.get('fees_yuan', '0')}元。无其他需要报告的事项。",
    }
