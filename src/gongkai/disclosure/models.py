"""Proactively disclosed government information (主动公开的政府信息) and what hangs off it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.disclosure.rules import (
    ARTICLE_20_CHOICES,
    CHANNEL_LABELS,
    SEARCHABLE_STATUSES,
    STATUS_LABELS,
    Status,
)

StatusChoices = models.TextChoices("StatusChoices", [(s.name, (s.value, STATUS_LABELS[s])) for s in Status])


class Genre(models.TextChoices):
    """体裁: the fifteen 文种 of 《党政机关公文处理工作条例》 (中办发〔2012〕14号) 第八条, in its order, then the
    forms common on disclosure sites that are not 公文 (rules and plans issued as attachments of a
    通知, policy interpretations, others). Stored values never change; labels may be edited here."""

    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    RULES = "rules", "规定、办法、细则"
    # 地方政府规章 (《立法法》第九十三条): counted in the annual report's 第二十条第（一）项 table.
    REGULATION = "regulation", "规章"
    PLAN = "plan", "规划、计划、方案"
    INTERPRETATION = "interpretation", "政策解读"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    """有效性 of a 规范性文件."""

    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Category(models.Model):
    """主题分类. Its code is part of the 索引号, so it never changes once items use it."""

    code = models.CharField("代码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=50)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


# The default 主题分类: the subject classes of the State Council policy library on gov.cn (国务院政策文件库),
# less its first class 国务院组织机构, which no county agency uses. Checked 2026-11-28 against several
# independent crawlers of that library. Provinces use variants; names may be edited in the admin, and
# codes, part of the 索引号, stay fixed once used. Migration 0002 loads the same list.
DEFAULT_CATEGORIES = [
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("99", "其他"),
]


def ensure_default_categories() -> None:
    """Adds any missing default category (after a database flush, or on a site that deleted one)."""
    for order, (code, name) in enumerate(DEFAULT_CATEGORIES):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


# The condition of listed items, written once (in a fixed order: one SQL text for one query).
LISTED = models.Q(status__in=sorted(SEARCHABLE_STATUSES))


class ItemQuerySet(models.QuerySet["Item"]):
    def public(self) -> ItemQuerySet:
        """Items with a public page (published, withdrawn with its notice, or superseded)."""
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED])

    def listed(self) -> ItemQuerySet:
        """Items shown in public lists, the 目录, feeds and search."""
        return self.filter(LISTED)

    def without_body(self) -> ItemQuerySet:
        """For lists, which show no body: its HTML and text (several KB a row) are left unread."""
        return self.defer("body", "body_text")


class Item(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="发布机构", on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField("名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    category = models.ForeignKey(Category, verbose_name="主题分类", on_delete=models.PROTECT, related_name="items")
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, default=Genre.NOTICE)
    article20 = models.PositiveSmallIntegerField(
        "第二十条所属项",
        choices=ARTICLE_20_CHOICES,
        null=True,
        blank=True,
        help_text="《条例》第二十条第（一）至（十五）项",
    )
    article21_topics = models.JSONField("第二十一条事项", default=list, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="保存时清除不安全的标记")
    body_text = models.TextField(editable=False, blank=True)
    formed_on = models.DateField("生成日期", help_text="信息形成或者变更的日期（第二十六条）")
    published_on = models.DateField("发布日期", null=True, blank=True)
    index_number = models.CharField("索引号", max_length=64, unique=True, null=True, blank=True, editable=False)
    is_normative = models.BooleanField("规范性文件", default=False)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, blank=True)
    valid_from = models.DateField("施行日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    channels = models.JSONField("其他公开渠道", default=list, blank=True)
    publish_days = models.PositiveSmallIntegerField(
        "公开期限（工作日）", null=True, blank=True, help_text="法律、法规另有规定时填写；为空时按第二十六条20个工作日"
    )
    publish_days_basis = models.CharField("另行规定的依据", max_length=200, blank=True)
    publish_due = models.DateField("应公开日期", null=True, blank=True, editable=False)
    publish_due_provisional = models.BooleanField(default=False, editable=False)
    is_late = models.BooleanField("超期公开", null=True, editable=False)
    interpretations = models.ManyToManyField(
        "self", verbose_name="政策解读", symmetrical=False, blank=True, related_name="interprets"
    )
    status = models.CharField("状态", max_length=12, choices=StatusChoices.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="起草人"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="提交人"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="审查人"
    )
    review_note = models.TextField("审查意见", blank=True)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    # A new version names the item it replaces; publishing it marks the old one SUPERSEDED.
    replaces = models.ForeignKey(
        "self",
        verbose_name="替代的旧版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息"
        verbose_name_plural = "政府信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "-published_on"]),
            models.Index(fields=["status", "-published_on"]),
            models.Index(fields=["category", "status"]),
            # Newest first, alone or within one filter value: public lists walk these and stop after a page.
            # The status comes last, so that a deep page is skipped in the index alone, never reading the
            # rows it skips (selectors.newest_page): an index-only scan on PostgreSQL, a covering index
            # on SQLite (whose rows hold the body, in overflow pages).
            models.Index(fields=["-published_on", "-id", "status"], name="item_newest"),
            models.Index(fields=["agency", "-published_on", "-id", "status"], name="item_agency_newest"),
            models.Index(fields=["category", "-published_on", "-id", "status"], name="item_category_newest"),
            models.Index(fields=["article20", "-published_on", "-id", "status"], name="item_article20_newest"),
            models.Index(fields=["validity", "-published_on", "-id", "status"], name="item_validity_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:item", args=[self.index_number]) if self.index_number else ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def is_public(self) -> bool:
        return self.status in {Status.PUBLISHED, Status.WITHDRAWN, Status.SUPERSEDED}

    @property
    def channel_labels(self) -> list[str]:
        return [CHANNEL_LABELS.get(c, c) for c in self.channels]


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is the content hash, never the uploader's file name (no user-chosen paths).
    return f"disclosure/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments", verbose_name="政府信息")
    name = models.CharField("附件名称", max_length=200)
    kind = models.CharField("类型", max_length=10)
    extension = models.CharField(max_length=8)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField("大小（字节）")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class IndexCounter(models.Model):
    """The last serial given out per (agency, category, year); the row is locked while a number is taken."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "category", "year"], name="disclosure_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.category}/{self.year}: {self.last}"


class SearchDoc(models.Model):
    """The normalised text of a searchable item: what the search backends index (see the search package)."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True, related_name="search_doc")
    text = models.TextField()  # fields joined by rules.SEPARATOR, each normalised
    # Filter values as tokens ("a12 c3 y2025 vvalid") and the FTS row key (publication day << 32 | id):
    # kept so that the SQLite index row can be deleted exactly, and rebuilt identically.
    facets = models.CharField(max_length=100, default="")
    fts_rowid = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"检索文本 {self.item_id}"


class AgencyGuide(models.Model):
    """The editable parts of an agency's 指南 (第十二条); the contact facts come from the Agency."""

    agency = models.OneToOneField("agencies.Agency", on_delete=models.CASCADE, related_name="guide")
    preface = models.TextField("前言", blank=True)
    arrangement = models.TextField("分类与编排体系", blank=True)
    access = models.TextField("获取方式", blank=True)
    reading_rooms = models.TextField("查阅场所", blank=True)
    application = models.TextField("依申请公开", blank=True)
    supervision = models.TextField("监督方式及程序", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.agency}政府信息公开指南"


class AgencyFigures(models.Model):
    """Figures of the annual report that are not items (第二十条第（五）（六）（八）项; docs/domain.md §1.3)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="disclosure_figures")
    year = models.PositiveSmallIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可处理决定数", default=0)
    punishment = models.PositiveIntegerField("行政处罚处理决定数", default=0)
    enforcement = models.PositiveIntegerField("行政强制处理决定数", default=0)
    fees_wan_yuan = models.DecimalField("行政事业性收费金额（万元）", max_digits=16, decimal_places=4, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度处理决定与收费"
        verbose_name_plural = "年度处理决定与收费"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="disclosure_figures_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class DraftBatch(models.Model):
    """Several 公文 files drafted at once by the background worker (docs/disclosure.md): the files while
    they wait, the progress the page polls, and one result per file for the summary."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "起草中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    # Not guessable: the page is addressed by it (and still checked against the owner).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name="发布机构")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+", verbose_name="主题分类")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # The uploads waiting for the worker: [{"name": the uploader's file name, "path": storage path}].
    files = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # One entry per document: {"name", "item" (pk or null), "title", "notes": [...], "error"}.
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "批量起草"
        verbose_name_plural = "批量起草"

    def __str__(self) -> str:
        return f"批量起草 {self.created:%Y-%m-%d %H:%M}（{self.get_state_display()}）"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.finished else int(100 * self.done / self.total) if self.total else 0

    @property
    def drafted(self) -> list[dict]:
        return [r for r in self.results if r.get("item")]

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.results if not r.get("item")]

    @property
    def to_look_at(self) -> list[dict]:
        return [r for r in self.results if r.get("item") and r.get("notes")]


class ListedCount(models.Model):
    """How many listed items (published or superseded) carry a key, kept up to date by the search index
    (``search.sync_item``) so that no public page counts over all items (docs/disclosure.md): "" for all
    of them, a facet token of ``search.facets_of`` ("a12", "c3", "y2025", "vvalid"), or a sitemap section
    ("s4": items whose id // ``counters.SITEMAP_SECTION`` is 4). ``changed`` is the last time an item of
    the key was published, withdrawn or changed (a sitemap's lastmod)."""

    key = models.CharField(max_length=40, primary_key=True)
    count = models.IntegerField(default=0)
    changed = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.key or '全部'}: {self.count}"
