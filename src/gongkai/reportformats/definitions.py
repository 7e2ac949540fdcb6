"""The annual report formats as data.

One :class:`FormatDefinition` per format ("2021", "2019", "legacy").  A definition gives the numbered
sections with their exact headings, the statistical tables (rows with their JSON keys and exact
statutory labels, columns, the merged header cells of the national form) and the consistency rules
that apply.  The importer reads published reports with these definitions, the checker applies their
rules, and the report builder renders tables from them; a future format is a new definition here.

Labels are exact (docs/domain.md §1.3–1.5, §2, checked against the Word template of the national form);
keys are those of docs/report-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "gongkai.annual-report/1"


@dataclass(frozen=True)
class Section:
    numeral: str
    heading: str
    # Words one of which a printed heading must contain to count as this section (real reports vary
    # the wording, docs/domain.md §1.2).
    keywords: tuple[str, ...]
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    # "count" (non-negative integer), "signed" (may be negative), "decimal" (money, decimal string),
    # "amount" (decimal with its printed unit beside it).
    kind: str = "count"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    level: int = 0
    # Columns of this row when they differ from the table's (the 2019 fee row has two of three).
    columns: tuple[str, ...] | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowGroup:
    """A label cell spanning several rows with no data of its own (e.g. （三）不予公开)."""

    label: str
    first: str
    last: str
    level: int


@dataclass(frozen=True)
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    # Where the values live in the canonical JSON: "proactive", "applications" or "appeals".
    json_key: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # "rows": one printed row per data row; "single_row": all rows printed as one line of cells, row
    # after row (section 四: three groups of five).
    layout: str = "rows"
    header: tuple[HeaderCell, ...] = ()
    groups: tuple[RowGroup, ...] = ()
    # Number of label columns of the national form (for rendering).
    label_columns: int = 1
    section: str = ""

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def row_columns(self, row: Row) -> tuple[Column, ...]:
        if row.columns is None:
            return self.columns
        return tuple(col for col in self.columns if col.key in row.columns)

    @property
    def cell_count(self) -> int:
        return len(self.columns) * len(self.rows)


# ---------------------------------------------------------------------------------------------
# Consistency rules (docs/report-data.md "Consistency rules")


@dataclass(frozen=True)
class BalanceRule:
    """Per column: sum of ``left`` rows = sum of ``right`` rows (C1)."""

    code: str
    table: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class ColumnSumRule:
    """Per column: the ``total`` row = the sum of the ``parts`` rows (C2)."""

    code: str
    table: str
    total: str
    parts: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class RowSumRule:
    """Per row: the ``total`` column = the sum of the ``parts`` columns (C3, C4)."""

    code: str
    table: str
    total: str
    parts: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class NonNegativeRule:
    """Every count cell is a non-negative integer (C5); ``signed`` and decimal columns are exempt."""

    code: str
    tables: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class CrossYearRule:
    code: str
    table: str
    from_row: str
    to_row: str
    description: str


@dataclass(frozen=True)
class LegacySumRule:
    """A rule between rows of an old 统计表, found by label (compact prefix match).

    ``relation`` "eq": total = sum of parts; "parts_ge": sum of parts >= total (channels may count the
    same item twice, the total counts it once).  ``parts_of`` names the row whose numbered children
    are the parts; when empty, the children of the total row itself.
    """

    code: str
    total: str
    relation: str
    parts_of: str = ""
    description: str = ""


@dataclass(frozen=True)
class FactChannelRule:
    """The same channel rule on figures stated in prose (``facts``)."""

    code: str
    total: str
    parts: tuple[str, ...]
    # The breakdown counts only when it names the website and at least one other channel.
    required: str
    description: str


@dataclass(frozen=True)
class TextTableRule:
    """A figure stated in the text against table cells: it must equal one of the ``alternatives``
    (each a sum of cells ``"table.row.column"``)."""

    fact: str
    alternatives: tuple[tuple[str, ...], ...]
    description: str


@dataclass(frozen=True)
class FormatDefinition:
    key: str
    name: str
    document: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    rules: tuple[object, ...]
    # Compact label fragments that identify the format in a printed report.
    markers: tuple[str, ...]
    text_rules: tuple[TextTableRule, ...] = ()
    legacy_rules: tuple[LegacySumRule, ...] = ()
    fact_rules: tuple[FactChannelRule, ...] = ()
    notes: str = ""

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def tables_for(self, json_key: str) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if t.json_key == json_key)


# ---------------------------------------------------------------------------------------------
# Shared pieces

SECTIONS_2019_2021 = (
    Section("一", "一、总体情况", ("总体", "概述")),
    Section("二", "二、主动公开政府信息情况", ("主动公开",)),
    Section("三", "三、收到和处理政府信息公开申请情况", ("申请",)),
    Section(
        "四",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("复议", "诉讼"),
        (
            "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        ),
    ),
    Section(
        "五",
        "五、存在的主要问题及改进情况",
        ("问题", "改进"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    Section("六", "六、其他需要报告的事项", ("其他", "事项", "说明")),
)

APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other", "其他"),
    Column("total", "总计"),
)

APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

APPLICATIONS_HEADER = (
    HeaderCell(APPLICATIONS_NOTE, 0, 0, rowspan=3, colspan=3),
    HeaderCell("申请人情况", 0, 3, colspan=7),
    HeaderCell("自然人", 1, 3, rowspan=2),
    HeaderCell("法人或其他组织", 1, 4, colspan=5),
    HeaderCell("总计", 1, 9, rowspan=2),
    HeaderCell("商业企业", 2, 4),
    HeaderCell("科研机构", 2, 5),
    HeaderCell("社会公益组织", 2, 6),
    HeaderCell("法律服务机构", 2, 7),
    HeaderCell("其他", 2, 8),
)

_ROWS_HEAD = (
    Row("new_received", "一、本年新收政府信息公开申请数量", 0),
    Row("carried_over", "二、上年结转政府信息公开申请数量", 0),
    Row("granted", "（一）予以公开", 1),
    Row("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    Row("denied_state_secret", "1.属于国家秘密", 2),
    Row("denied_law_forbidden", "2.其他法律行政法规禁止公开", 2),
    Row("denied_security_stability", "3.危及“三安全一稳定”", 2),
    Row("denied_third_party", "4.保护第三方合法权益", 2),
    Row("denied_internal_affairs", "5.属于三类内部事务信息", 2),
    Row("denied_process_info", "6.属于四类过程性信息", 2),
    Row("denied_enforcement_file", "7.属于行政执法案卷", 2),
    Row("denied_admin_query", "8.属于行政查询事项", 2),
    Row("unable_not_held", "1.本机关不掌握相关政府信息", 2),
    Row("unable_needs_creation", "2.没有现成信息需要另行制作", 2),
    Row("unable_unclear", "3.补正后申请内容仍不明确", 2),
    Row("rejected_petition", "1.信访举报投诉类申请", 2),
    Row("rejected_repeat", "2.重复申请", 2),
    Row("rejected_publication", "3.要求提供公开出版物", 2),
    Row("rejected_mass_repeat", "4.无正当理由大量反复申请", 2),
    Row("rejected_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", 2),
)
_ROWS_OTHER_2021 = (
    Row("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    Row("other_fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    Row("other_other", "3.其他", 2),
)
_ROWS_OTHER_2019 = (Row("other_processing", "（六）其他处理", 1),)
_ROWS_TAIL = (
    Row("total_processed", "（七）总计", 1),
    Row("carried_forward", "四、结转下年度继续办理", 0),
)

_GROUPS_COMMON = (
    RowGroup("（三）不予公开", "denied_state_secret", "denied_admin_query", 1),
    RowGroup("（四）无法提供", "unable_not_held", "unable_unclear", 1),
    RowGroup("（五）不予处理", "rejected_petition", "rejected_confirm_reissue", 1),
)


def _applications(rows_other: tuple[Row, ...], groups: tuple[RowGroup, ...]) -> Table:
    return Table(
        key="applications",
        title="三、收到和处理政府信息公开申请情况",
        json_key="applications",
        columns=APPLICANT_COLUMNS,
        rows=(*_ROWS_HEAD, *rows_other, *_ROWS_TAIL),
        header=APPLICATIONS_HEADER,
        groups=(RowGroup("三、本年度办理结果", "granted", "total_processed", 0), *_GROUPS_COMMON, *groups),
        label_columns=3,
        section="三",
    )


APPLICATIONS_2021 = _applications(
    _ROWS_OTHER_2021, (RowGroup("（六）其他处理", "other_no_correction", "other_other", 1),)
)
APPLICATIONS_2019 = _applications(_ROWS_OTHER_2019, ())

RESULT_ROWS_2021 = tuple(r.key for r in APPLICATIONS_2021.rows[2:-2])
RESULT_ROWS_2019 = tuple(r.key for r in APPLICATIONS_2019.rows[2:-2])

APPEAL_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

APPEALS = Table(
    key="appeals",
    title="四、政府信息公开行政复议、行政诉讼情况",
    json_key="appeals",
    columns=APPEAL_COLUMNS,
    rows=(
        Row("review", "行政复议"),
        Row("litigation_direct", "行政诉讼·未经复议直接起诉"),
        Row("litigation_after_review", "行政诉讼·复议后起诉"),
    ),
    layout="single_row",
    header=(
        HeaderCell("行政复议", 0, 0, colspan=5),
        HeaderCell("行政诉讼", 0, 5, colspan=10),
        HeaderCell("结果维持", 1, 0, rowspan=2),
        HeaderCell("结果纠正", 1, 1, rowspan=2),
        HeaderCell("其他结果", 1, 2, rowspan=2),
        HeaderCell("尚未审结", 1, 3, rowspan=2),
        HeaderCell("总计", 1, 4, rowspan=2),
        HeaderCell("未经复议直接起诉", 1, 5, colspan=5),
        HeaderCell("复议后起诉", 1, 10, colspan=5),
        *(HeaderCell(col.label, 2, 5 + i) for i, col in enumerate(APPEAL_COLUMNS)),
        *(HeaderCell(col.label, 2, 10 + i) for i, col in enumerate(APPEAL_COLUMNS)),
    ),
    label_columns=0,
    section="四",
)


def _proactive(key: str, title: str, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> Table:
    header = (
        HeaderCell(title, 0, 0, colspan=4),
        HeaderCell("信息内容", 1, 0),
        *(HeaderCell(col.label, 1, 1 + i, colspan=3 if len(columns) == 1 else 1) for i, col in enumerate(columns)),
    )
    return Table(key, title, "proactive", columns, rows, header=header, section="二")


PROACTIVE_2021 = (
    _proactive(
        "article20_1",
        "第二十条第（一）项",
        (Column("issued", "本年制发件数"), Column("abolished", "本年废止件数"), Column("in_force", "现行有效件数")),
        (Row("regulations", "规章"), Row("normative_documents", "行政规范性文件")),
    ),
    _proactive(
        "article20_5", "第二十条第（五）项", (Column("decisions", "本年处理决定数量"),), (Row("licensing", "行政许可"),)
    ),
    _proactive(
        "article20_6",
        "第二十条第（六）项",
        (Column("decisions", "本年处理决定数量"),),
        (Row("punishment", "行政处罚"), Row("enforcement", "行政强制")),
    ),
    _proactive(
        "article20_8",
        "第二十条第（八）项",
        (Column("amount_wan_yuan", "本年收费金额（单位：万元）", "decimal"),),
        (Row("fees", "行政事业性收费"),),
    ),
)

_COLS_2019_5 = (
    Column("previous_year_items", "上一年项目数量"),
    Column("change", "本年增/减", "signed"),
    Column("decisions", "处理决定数量"),
)

PROACTIVE_2019 = (
    _proactive(
        "article20_1",
        "第二十条第（一）项",
        (
            Column("made", "本年新制作数量"),
            Column("published", "本年新公开数量"),
            Column("total_published", "对外公开总数量"),
        ),
        (Row("regulations", "规章"), Row("normative_documents", "规范性文件", aliases=("行政规范性文件",))),
    ),
    _proactive(
        "article20_5",
        "第二十条第（五）项",
        _COLS_2019_5,
        (Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
    ),
    _proactive(
        "article20_6",
        "第二十条第（六）项",
        _COLS_2019_5,
        (Row("punishment", "行政处罚"), Row("enforcement", "行政强制")),
    ),
    _proactive("article20_8", "第二十条第（八）项", _COLS_2019_5[:2], (Row("fees", "行政事业性收费"),)),
    _proactive(
        "article20_9",
        "第二十条第（九）项",
        (Column("projects", "采购项目数量"), Column("amount", "采购总金额", "amount")),
        (Row("procurement", "政府集中采购"),),
    ),
)


def _rules(result_rows: tuple[str, ...], proactive_tables: tuple[str, ...]) -> tuple[object, ...]:
    return (
        BalanceRule(
            "C1",
            "applications",
            ("new_received", "carried_over"),
            ("total_processed", "carried_forward"),
            "本列数据的勾稽关系：第一项加第二项之和，等于第三项加第四项之和",
        ),
        ColumnSumRule("C2", "applications", "total_processed", result_rows, "（七）总计等于各项办理结果之和"),
        RowSumRule(
            "C3", "applications", "total", tuple(c.key for c in APPLICANT_COLUMNS[:-1]), "总计等于六类申请人之和"
        ),
        RowSumRule(
            "C4",
            "appeals",
            "total",
            ("upheld", "corrected", "other", "pending"),
            "总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        ),
        NonNegativeRule("C5", ("applications", "appeals", *proactive_tables), "每个数量都是非负整数"),
        CrossYearRule(
            "cross_year",
            "applications",
            "carried_forward",
            "carried_over",
            "本年结转下年度的数量等于下一年度报告的上年结转数量",
        ),
    )


TEXT_RULES = (
    TextTableRule(
        "收到申请数",
        (("applications.new_received.total",), ("applications.new_received.total", "applications.carried_over.total")),
        "收到（受理）申请数",
    ),
    TextTableRule("申请答复数", (("applications.total_processed.total",),), "答复（办理）申请数"),
    TextTableRule("申请办结数", (("applications.total_processed.total",),), "办结申请数"),
    TextTableRule("结转下年数", (("applications.carried_forward.total",),), "结转下年度继续办理数"),
    TextTableRule("行政复议数量", (("appeals.review.total",),), "行政复议案件数"),
    TextTableRule(
        "行政诉讼数量",
        (("appeals.litigation_direct.total", "appeals.litigation_after_review.total"),),
        "行政诉讼案件数",
    ),
    *(
        TextTableRule(f"行政复议{name}数", ((f"appeals.review.{key}",),), f"行政复议{name}数")
        for key, name in (("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
    ),
    *(
        TextTableRule(
            f"行政诉讼{name}数",
            ((f"appeals.litigation_direct.{key}", f"appeals.litigation_after_review.{key}"),),
            f"行政诉讼{name}数",
        )
        for key, name in (("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果"), ("pending", "尚未审结"))
    ),
)

PROACTIVE_CHANNEL_FACTS = (
    "政府公报公开政府信息数",
    "政府网站公开政府信息数",
    "政务微博公开政府信息数",
    "政务微信公开政府信息数",
    "其他方式公开政府信息数",
)

FACT_RULES = (
    FactChannelRule(
        "channel_sum",
        "主动公开政府信息数",
        PROACTIVE_CHANNEL_FACTS,
        "政府网站公开政府信息数",
        "通过各渠道公开的信息数之和不少于主动公开政府信息总数（同一信息多渠道公开只计1条）",
    ),
)

FORMAT_2021 = FormatDefinition(
    key="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    document="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    sections=SECTIONS_2019_2021,
    tables=(*PROACTIVE_2021, APPLICATIONS_2021, APPEALS),
    rules=_rules(RESULT_ROWS_2021, tuple(t.key for t in PROACTIVE_2021)),
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期不补正", "逾期未按收费通知"),
    text_rules=TEXT_RULES,
    fact_rules=FACT_RULES,
)

FORMAT_2019 = FormatDefinition(
    key="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    document="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    sections=SECTIONS_2019_2021,
    tables=(*PROACTIVE_2019, APPLICATIONS_2019, APPEALS),
    rules=_rules(RESULT_ROWS_2019, tuple(t.key for t in PROACTIVE_2019)),
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "政府集中采购",
        "其他对外管理服务事项",
    ),
    text_rules=TEXT_RULES,
    fact_rules=FACT_RULES,
)

# The old 统计表 differs by province (docs/domain.md §3): its rows are read as printed, so the definition
# holds only what every variant shares: the header words, the rules between well-known rows, and the
# text/table comparisons (by label).
LEGACY_HEADER_WORDS = (
    "统计指标",
    "指标名称",
    "单位",
    "计量单位",
    "统计数",
    "数量",
    "本年",
    "年度",
    "历年累计",
    "累计",
    "序号",
    "指标",
)
LEGACY_CUMULATIVE_WORDS = ("历年累计", "累计")

FORMAT_LEGACY = FormatDefinition(
    key="legacy",
    name="政府信息公开情况统计表（2008—2018年）",
    document="国办发〔2014〕32号 及各省统计表",
    first_year=2008,
    last_year=2018,
    sections=(),
    tables=(),
    rules=(),
    markers=("统计指标", "统计数", "指标名称", "主动公开政府信息数", "对申请的答复总数"),
    legacy_rules=(
        LegacySumRule(
            "channel_sum",
            "主动公开政府信息数",
            "parts_ge",
            "通过不同渠道和方式公开政府信息",
            "各渠道公开数之和不少于主动公开政府信息数（同一信息多渠道公开只计1条）",
        ),
        LegacySumRule("legacy_sum", "收到申请数", "eq", description="收到申请数等于各申请方式之和"),
        LegacySumRule("legacy_sum", "申请办结数", "eq", description="申请办结数等于按时与延期办结之和"),
        LegacySumRule("legacy_sum", "申请答复数", "eq", description="申请答复数等于各类答复之和"),
        LegacySumRule("legacy_sum", "行政复议数量", "eq", description="行政复议数量等于各类结果之和"),
        LegacySumRule("legacy_sum", "行政诉讼数量", "eq", description="行政诉讼数量等于各类结果之和"),
        LegacySumRule("legacy_sum", "被举报投诉数量", "eq", description="被举报投诉数量等于各类结果之和"),
        LegacySumRule("legacy_sum", "主动公开文件数", "eq", description="主动公开文件数等于各渠道公开数之和"),
        LegacySumRule("legacy_sum", "受理依申请公开信息总数", "eq", description="受理申请总数等于各申请方式之和"),
        LegacySumRule("legacy_sum", "对申请的答复总数", "eq", description="答复总数等于各类答复之和"),
        LegacySumRule("legacy_sum", "申请总数", "eq", description="申请总数等于各申请方式之和"),
    ),
    fact_rules=FACT_RULES,
)

# Labels of the provincial 统计表 that state the same figure as a prose fact (text/table check).
LEGACY_FACT_LABELS: dict[str, tuple[str, ...]] = {
    "主动公开政府信息数": ("主动公开政府信息数", "主动公开文件数", "主动公开信息数"),
    "收到申请数": ("收到申请数", "受理依申请公开信息总数", "申请总数"),
    "申请答复数": ("申请答复数", "对申请的答复总数"),
    "申请办结数": ("申请办结数",),
    "行政复议数量": ("行政复议数量", "行政复议数"),
    "行政诉讼数量": ("行政诉讼数量", "行政诉讼数"),
    "政府网站公开政府信息数": ("政府网站公开政府信息数", "政府网站公开数"),
    "政府公报公开政府信息数": ("政府公报公开政府信息数", "政府公报公开数"),
    "政务微博公开政府信息数": ("政务微博公开政府信息数",),
    "政务微信公开政府信息数": ("政务微信公开政府信息数",),
    "其他方式公开政府信息数": ("其他方式公开政府信息数",),
    "当面申请数": ("当面申请数",),
    "网络申请数": ("网络申请数", "网上申请数"),
    "信函申请数": ("信函申请数",),
    "传真申请数": ("传真申请数",),
}

FORMATS: dict[str, FormatDefinition] = {f.key: f for f in (FORMAT_2021, FORMAT_2019, FORMAT_LEGACY)}


def get_format(key: str) -> FormatDefinition:
    try:
        return FORMATS[key]
    except KeyError as exc:
        raise KeyError(f"unknown report format {key!r}") from exc


def format_for_year(year: int | None) -> FormatDefinition:
    """The format that governs reports for ``year`` (None: the current one)."""
    if year is None:
        return FORMAT_2021
    for definition in FORMATS.values():
        if definition.first_year <= year and (definition.last_year is None or year <= definition.last_year):
            return definition
    return FORMAT_LEGACY if year < FORMAT_2019.first_year else FORMAT_2021


@dataclass(frozen=True)
class DeadlinePolicy:
    """Publication deadlines (条例 第四十九条; old 条例: 3月31日).  Configurable: local 主管部门 often set
    earlier dates, and the deadline of 乡镇 reports is not named in the 条例 (docs/domain.md §4.13)."""

    department: tuple[int, int] = (1, 31)
    government: tuple[int, int] = (3, 31)
    township: tuple[int, int] = (3, 31)
    before_2019: tuple[int, int] = (3, 31)
    government_suffixes: tuple[str, ...] = ("人民政府",)
    township_markers: tuple[str, ...] = ("镇", "乡", "街道")
    extra: dict[str, tuple[int, int]] = field(default_factory=dict)


# Agency-name plausibility (checker "implausible_agency"): what a 机关 name ends with, and words that
# never occur in one (injected advertising, site names).
AGENCY_SUFFIXES = (
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "管委会",
    "局",
    "厅",
    "部",
    "署",
    "委",
    "办",
    "院",
    "中心",
    "所",
    "站",
    "队",
    "县",
    "市",
    "区",
    "镇",
    "乡",
    "街道",
    "街道办事处",
    "旗",
    "盟",
    "州",
    "处",
    "公司",
    "会",
)
AGENCY_FORBIDDEN = (
    "官网",
    "官方网站",
    "入口",
    "手机",
    "下载",
    "注册",
    "登录",
    "娱乐",
    "彩票",
    "博彩",
    "棋牌",
    "真人",
    "体育app",
    "平台",
    "网址",
    "http",
    "www",
    "app",
    "APP",
    "开云",
    "直播",
)
