"""Building an agency's annual report (canonical JSON, docs/report-data.md) from the platform's records.

Section 二 comes from the disclosed items and the figures entered per year, section 三 and 四 from
the applications and their reviews and lawsuits (gongkai.reports.counting), the 信息处理费 total
into section 六. A government's or a supervisor's report sums its own records and its whole
subtree's (``include_subtree``), as sample 000 puts it: "汇总…各乡镇人民政府和县政府各职能部门".
Counting over the subtree's records gives the same figures as adding the agencies' reports, and the
consistency rules still hold by construction.

Every figure is counted by the database (conditional counts grouped by applicant type and outcome,
by agency for ``build_all``), never row by row in Python. ``build_report`` makes one report;
``build_all`` makes every agency's report of a year with one grouped pass per table, then sums each
government's subtree, and gives the same reports (docs/reports.md, "Building every report").
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.catalogue.selectors import annual_figures, compliance
from gongkai.reportformats.definitions import FORMATS, SCHEMA, FormatDefinition, format_for_year
from gongkai.reports.counting import (
    AppealRecord,
    CaseRecord,
    CaseTally,
    count_appeals,
    count_tallies,
)


def _agencies(agency: Agency, include_subtree: bool, relation: str = "agency") -> Q:
    # The subtree as a list of ids (a subquery on the small agency table): filtering the big tables on
    # a join's path prefix made SQLite scan every item for each government (docs/benchmarks.md).
    if not include_subtree:
        return Q(**{relation: agency})
    return Q(**{f"{relation}__in": Agency.objects.filter(path__startswith=agency.path).values("pk")})


def reported_cases(year: int) -> QuerySet[Any]:
    """The applications that ``year``'s table 三 counts, of every agency: received by the year's end
    and not answered before it began. ``case_records``, ``case_tallies`` and ``build_all`` all count
    from here, so a case left out of the report is left out here, once."""
    from gongkai.applications.models import Application, RequestKind

    return (
        Application.objects.filter(received_on__isnull=False, received_on__lte=dt.date(year, 12, 31))
        .exclude(answered_on__lt=dt.date(year, 1, 1))
        .exclude(request_kind=RequestKind.CORRECTION_REQUEST)  # 更正申请 (第四十一条): no row of table 三
    )


def case_records(agency: Agency, year: int, *, include_subtree: bool = False) -> list[CaseRecord]:
    cases = (
        reported_cases(year)
        .filter(_agencies(agency, include_subtree))
        .values_list("applicant_type", "received_on", "answered_on", "outcome")
    )
    return [CaseRecord(t, received, answered, outcome or "") for t, received, answered, outcome in cases]


def _tally_counts(year: int) -> dict[str, Count]:
    """The cells of a CaseTally as conditional counts over ``reported_cases(year)``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        "new_received": Count("pk", filter=Q(received_on__gte=start)),
        "carried_over": Count("pk", filter=Q(received_on__lt=start)),
        "answered": Count("pk", filter=Q(answered_on__lte=end)),
        "carried_forward": Count("pk", filter=Q(answered_on__isnull=True) | Q(answered_on__gt=end)),
    }


def _tally(row: dict[str, Any]) -> CaseTally:
    return CaseTally(
        row["applicant_type"],
        row["outcome"] or "",
        row["new_received"],
        row["carried_over"],
        row["answered"],
        row["carried_forward"],
    )


def case_tallies(agency: Agency, year: int, *, include_subtree: bool = False) -> list[CaseTally]:
    """The agency's (or subtree's) cases of ``year`` grouped by applicant type and outcome."""
    rows = (
        reported_cases(year)
        .filter(_agencies(agency, include_subtree))
        .values("applicant_type", "outcome")
        .annotate(**_tally_counts(year))
        .order_by()
    )
    return [_tally(row) for row in rows]


def appeal_records(agency: Agency, year: int, *, include_subtree: bool = False) -> list[AppealRecord]:
    from gongkai.applications.models import Appeal

    appeals = Appeal.objects.filter(_agencies(agency, include_subtree, "application__agency"), filed_on__year=year)
    return [AppealRecord(*row) for row in appeals.values_list("kind", "filed_on", "result", "decided_on")]


def _fees_paid_in(year: int) -> QuerySet[Any]:
    """Applications whose 信息处理费 was paid in ``year`` (see ``processing_fees_yuan``)."""
    from gongkai.applications.models import Application, CaseEvent, FeeStatus
    from gongkai.applications.rules import ClockKind

    paid_on = (
        CaseEvent.objects.filter(application=OuterRef("pk"), kind=ClockKind.FEE_SETTLED.value)
        .order_by("-on", "-id")
        .values("on")[:1]
    )
    return (
        Application.objects.filter(fee_status__in=[FeeStatus.PAID, FeeStatus.WAIVED], fee_paid_amount__gt=0)
        .alias(paid_on=Subquery(paid_on))
        .filter(paid_on__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    )


def processing_fees_yuan(agency: Agency, year: int, *, include_subtree: bool = False) -> Decimal:
    """信息处理费 actually collected in the year (国办函〔2020〕109号; section 六).

    An amount counts in the year it was paid (the date of the case's ``fee_settled`` clock event), not
    the year the case was answered; a reduced fee (减免 with an amount received) counts what was
    received, a full waiver or a cancellation nothing (docs/reports.md).
    """
    total = (
        _fees_paid_in(year).filter(_agencies(agency, include_subtree)).aggregate(total=Sum("fee_paid_amount"))["total"]
    )
    return total or Decimal("0")


# Only governments with legislative power make 规章: 设区的市 and above (《立法法》第九十三条). The
# agency tree has no province kind, so the city government is the only one.
RULE_MAKING_KINDS = frozenset({AgencyKind.CITY_GOVERNMENT})
NO_REGULATIONS_NOTE = (
    "本机关不属于设区的市以上人民政府，无权制定规章（《中华人民共和国立法法》第九十三条），规章一栏为0。"
)
DOCUMENT_COUNTS = ("issued", "abolished", "in_force", "published_total")


def makes_regulations(agency: Agency) -> bool:
    return agency.kind in RULE_MAKING_KINDS


def _document_conditions(year: int) -> dict[str, Q]:
    """Issued (first published in the year, not a new version of an earlier item), abolished (失效/废止
    dated in the year), in force at the year's end, and every first version published by then."""
    from gongkai.disclosure.models import Validity

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ended = [Validity.EXPIRED, Validity.REPEALED]
    return {
        "issued": Q(published_on__range=(start, end), replaces__isnull=True),
        "abolished": Q(validity__in=ended, invalid_on__range=(start, end)),
        "in_force": Q(published_on__lte=end) & ~Q(status="superseded") & ~Q(validity__in=ended, invalid_on__lte=end),
        "published_total": Q(published_on__lte=end, replaces__isnull=True),
    }


def _document_counts(agency: Agency, year: int, include_subtree: bool) -> tuple[dict[str, int], dict[str, int]]:
    """(规章, 行政规范性文件) ``DOCUMENT_COUNTS`` in one pass over the public items. 规章 are the items of
    genre 规章 published by a rule-making government, counted only in such a government's report."""
    from gongkai.disclosure.models import Genre, Item

    conditions = _document_conditions(year)
    counts = {f"n_{key}": Count("pk", filter=Q(is_normative=True) & conditions[key]) for key in DOCUMENT_COUNTS}
    if makes_regulations(agency):
        regulation = Q(genre=Genre.REGULATION, agency__kind__in=RULE_MAKING_KINDS)
        counts |= {f"r_{key}": Count("pk", filter=regulation & conditions[key]) for key in DOCUMENT_COUNTS}
    row = Item.objects.public().filter(_agencies(agency, include_subtree)).aggregate(**counts)
    return (
        {key: row.get(f"r_{key}", 0) for key in DOCUMENT_COUNTS},
        {key: row[f"n_{key}"] for key in DOCUMENT_COUNTS},
    )


def _entered_figures(agency: Agency, year: int, include_subtree: bool) -> dict[str, Any]:
    from gongkai.disclosure.models import AgencyFigures

    return AgencyFigures.objects.filter(_agencies(agency, include_subtree), year=year).aggregate(**_FIGURE_SUMS)


_FIGURE_SUMS = {
    "licensing": Sum("licensing"),
    "punishment": Sum("punishment"),
    "enforcement": Sum("enforcement"),
    "fees": Sum("fees_wan_yuan"),
}
_NO_DOCUMENTS = dict.fromkeys(DOCUMENT_COUNTS, 0)


def proactive_2021(agency: Agency, year: int, *, include_subtree: bool = False) -> dict[str, Any]:
    """Section 二 in the 2021 format. 规章 count only for a rule-making government (``RULE_MAKING_KINDS``);
    for the others the row is 0 and the draft says why (``NO_REGULATIONS_NOTE``)."""
    return _proactive_2021(
        *_document_counts(agency, year, include_subtree), _entered_figures(agency, year, include_subtree)
    )


def _proactive_2021(regulations: dict[str, int], normative: dict[str, int], figures: dict[str, Any]) -> dict[str, Any]:
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
    return _proactive_2019(
        *_document_counts(agency, year, include_subtree), _entered_figures(agency, year, include_subtree)
    )


def _proactive_2019(regulations: dict[str, int], normative: dict[str, int], figures: dict[str, Any]) -> dict[str, Any]:
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


def _format(year: int, format_key: str | None) -> FormatDefinition:
    fmt = FORMATS[format_key] if format_key else format_for_year(year)
    if fmt.key not in {"2021", "2019"}:
        raise ValueError(f"{year}年的年度报告使用旧格式统计表，系统只生成2019年及以后的报告")
    return fmt


def build_report(
    agency: Agency, year: int, *, include_subtree: bool | None = None, format_key: str | None = None
) -> dict[str, Any]:
    """The canonical report of ``agency`` for ``year`` in the format in force for that year.

    ``include_subtree`` defaults to True for governments (their report covers their departments and
    townships), False for departments.
    """
    if include_subtree is None:
        include_subtree = agency.is_government
    fmt = _format(year, format_key)
    regulations, normative = _document_counts(agency, year, include_subtree)
    return _report(
        agency,
        year,
        fmt,
        applications=count_tallies(case_tallies(agency, year, include_subtree=include_subtree), fmt.key),
        appeals=count_appeals(appeal_records(agency, year, include_subtree=include_subtree), year),
        regulations=regulations,
        normative=normative,
        figures=_entered_figures(agency, year, include_subtree),
        fees_yuan=processing_fees_yuan(agency, year, include_subtree=include_subtree),
        catalogue=annual_figures(agency, year),
    )


def _report(
    agency: Agency,
    year: int,
    fmt: FormatDefinition,
    *,
    applications: dict[str, dict[str, int]],
    appeals: dict[str, dict[str, int]],
    regulations: dict[str, int],
    normative: dict[str, int],
    figures: dict[str, Any],
    fees_yuan: Decimal,
    catalogue: dict[str, Any],
) -> dict[str, Any]:
    proactive = (_proactive_2021 if fmt.key == "2021" else _proactive_2019)(regulations, normative, figures)
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "format": fmt.key,
        "year": year,
        "agency": agency.name,
        "proactive": proactive,
        "applications": applications,
        "appeals": appeals,
        "fees_yuan": _decimal_text(fees_yuan),
        "sections": {},
    }
    report["sections"] = draft_sections(
        report, is_government=agency.is_government, makes_regulations=makes_regulations(agency), catalogue=catalogue
    )
    return report


@dataclass
class _OwnRecords:
    """One agency's own records of a year as the grouped queries of ``build_all`` return them."""

    tallies: list[CaseTally] = field(default_factory=list)
    appeals: list[AppealRecord] = field(default_factory=list)
    normative: Counter[str] = field(default_factory=Counter)
    regulations: Counter[str] = field(default_factory=Counter)  # items of genre 规章, whatever the agency's kind
    figures: dict[str, Any] = field(default_factory=dict)
    fees_yuan: Decimal = Decimal("0")
    catalogue: Counter[str] = field(default_factory=Counter)  # entries, items, on_time, late


def _own_records(year: int) -> dict[int, _OwnRecords]:
    """Every agency's own records of ``year``: one grouped query per table, whatever the tree's size."""
    from gongkai.applications.models import Appeal
    from gongkai.disclosure.models import AgencyFigures, Genre, Item

    own: defaultdict[int, _OwnRecords] = defaultdict(_OwnRecords)
    cases = reported_cases(year).values("agency_id", "applicant_type", "outcome").annotate(**_tally_counts(year))
    for row in cases.order_by():
        own[row["agency_id"]].tallies.append(_tally(row))
    appeals = Appeal.objects.filter(filed_on__year=year).values_list(
        "application__agency_id", "kind", "filed_on", "result", "decided_on"
    )
    for agency_id, kind, filed_on, result, decided_on in appeals:
        own[agency_id].appeals.append(AppealRecord(kind, filed_on, result, decided_on))
    conditions = _document_conditions(year)
    counts = {f"n_{key}": Count("pk", filter=Q(is_normative=True) & conditions[key]) for key in DOCUMENT_COUNTS}
    counts |= {f"r_{key}": Count("pk", filter=Q(genre=Genre.REGULATION) & conditions[key]) for key in DOCUMENT_COUNTS}
    documents: Any = Item.objects.public().values("agency_id").annotate(**counts).order_by()
    for row in documents:
        records = own[row["agency_id"]]
        records.normative.update({key: row[f"n_{key}"] for key in DOCUMENT_COUNTS})
        records.regulations.update({key: row[f"r_{key}"] for key in DOCUMENT_COUNTS})
    figures: Any = AgencyFigures.objects.filter(year=year).values("agency_id").annotate(**_FIGURE_SUMS).order_by()
    for row in figures:
        own[row["agency_id"]].figures = row
    for row in _fees_paid_in(year).values("agency_id").annotate(total=Sum("fee_paid_amount")).order_by():
        own[row["agency_id"]].fees_yuan = row["total"] or Decimal("0")
    for block in compliance(Agency.objects.all(), dt.date(year, 1, 1), dt.date(year, 12, 31)):
        totals = {"entries": block.entries, "items": block.items, "on_time": block.on_time, "late": block.late}
        own[block.agency.pk].catalogue.update(totals)
    return own


def _sum_figures(members: Iterable[_OwnRecords]) -> dict[str, Any]:
    totals: dict[str, Any] = {"licensing": 0, "punishment": 0, "enforcement": 0, "fees": Decimal("0")}
    for records in members:
        for key in totals:
            totals[key] += records.figures.get(key) or 0
    return totals


def _catalogue_figures(members: Iterable[_OwnRecords]) -> dict[str, Any]:
    """What gongkai.catalogue.selectors.annual_figures gives for the same agencies."""
    totals: Counter[str] = Counter()
    for records in members:
        totals.update(records.catalogue)
    decided = totals["on_time"] + totals["late"]
    return {
        "entries": totals["entries"],
        "items": totals["items"],
        "on_time_rate": round(100 * totals["on_time"] / decided, 1) if decided else None,
    }


class YearRecords:
    """Every agency's own records of ``year``, read once (one grouped query per table); ``report``
    makes any agency's report from them, equal to ``build_report`` with the same options."""

    def __init__(self, year: int, *, format_key: str | None = None) -> None:
        self.year = year
        self.format = _format(year, format_key)
        self.tree = sorted(Agency.objects.all(), key=lambda agency: agency.path)
        # A subtree is a run of consecutive paths in code-point order (the database's collation may differ).
        self._paths = [agency.path for agency in self.tree]
        self._own = _own_records(year)

    def _subtree(self, agency: Agency) -> list[Agency]:
        paths = self._paths
        return self.tree[bisect.bisect_left(paths, agency.path) : bisect.bisect_left(paths, agency.path + "\U0010ffff")]

    def report(self, agency: Agency, *, include_subtree: bool | None = None) -> dict[str, Any]:
        """A government's report adds up the own records of its subtree (``include_subtree``)."""
        year, own, empty = self.year, self._own, _OwnRecords()
        subtree = self._subtree(agency)
        summed = include_subtree if include_subtree is not None else agency.is_government
        counted = subtree if summed else [agency]
        members = [own.get(member.pk, empty) for member in counted]
        normative: Counter[str] = Counter(_NO_DOCUMENTS)
        regulations: Counter[str] = Counter(_NO_DOCUMENTS)
        for member, records in zip(counted, members, strict=True):
            normative.update(records.normative)
            if makes_regulations(member):
                regulations.update(records.regulations)
        return _report(
            agency,
            year,
            self.format,
            applications=count_tallies((tally for records in members for tally in records.tallies), self.format.key),
            appeals=count_appeals((appeal for records in members for appeal in records.appeals), year),
            regulations=dict(regulations) if makes_regulations(agency) else dict(_NO_DOCUMENTS),
            normative=dict(normative),
            figures=_sum_figures(members),
            fees_yuan=sum((records.fees_yuan for records in members), Decimal("0")),
            # The catalogue's figures always cover the subtree (annual_figures), own-only reports too.
            catalogue=_catalogue_figures(own.get(member.pk, empty) for member in subtree),
        )


def build_all(
    year: int,
    *,
    agencies: Iterable[Agency] | None = None,
    include_subtree: bool | None = None,
    format_key: str | None = None,
) -> dict[int, dict[str, Any]]:
    """Every agency's report of ``year`` (or those of ``agencies``) by agency id, equal to
    ``build_report`` of each with the same options, from one ``YearRecords``."""
    records = YearRecords(year, format_key=format_key)
    chosen = records.tree if agencies is None else agencies
    return {agency.pk: records.report(agency, include_subtree=include_subtree) for agency in chosen}


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
