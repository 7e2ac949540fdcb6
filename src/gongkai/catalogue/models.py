"""The 基层政务公开标准目录 as data: a catalogue per agency, 领域 and version, its entries in the layout
counties publish, the link of an item to an entry with the reviewer's 要素 checklist, and the scoring."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.catalogue.rules import (
    AUDIENCES,
    CHANNEL_LABELS,
    DEFAULT_AREAS,
    LEVELS,
    MODES,
    RECURRENCE_LABELS,
    TRIGGER_LABELS,
    UNIT_LABELS,
    Recurrence,
    Scoring,
    TimeLimit,
    Trigger,
    Unit,
    split_elements,
)


class Area(models.Model):
    """领域. The 26 试点领域 are the default list (rules.DEFAULT_AREAS); a county confirms, renames or adds."""

    name = models.CharField("领域", max_length=50, unique=True)
    sort_order = models.IntegerField("排序", default=0)

    class Meta:
        verbose_name = "领域"
        verbose_name_plural = "领域"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


def ensure_default_areas() -> None:
    """Adds any missing default 领域 (after a database flush, or where one was deleted)."""
    for order, name in enumerate(DEFAULT_AREAS):
        Area.objects.get_or_create(name=name, defaults={"sort_order": order})


class Tier(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


class Catalogue(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="编制机构", on_delete=models.PROTECT, related_name="standard_catalogues"
    )
    tier = models.CharField("层级", max_length=10, choices=Tier.choices)
    area = models.ForeignKey(Area, verbose_name="领域", on_delete=models.PROTECT, related_name="catalogues")
    version = models.DateField("版本日期")
    # Optional columns of the county's sheet, kept so that the export has the same layout as the import.
    has_level3 = models.BooleanField("含三级事项列", default=False)
    has_city_level = models.BooleanField("含市级列", default=False)
    has_duration = models.BooleanField("含公开时长列", default=False)
    has_publicity = models.BooleanField("含公示期列", default=False)
    title = models.CharField("表题", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "政务公开事项标准目录"
        verbose_name_plural = "政务公开事项标准目录"
        ordering = ["agency__path", "area__sort_order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "area", "version"], name="catalogue_version_unique"),
        ]

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        return reverse("catalogue:public_catalogue", args=[self.pk])

    @property
    def heading(self) -> str:
        return self.title or f"{self.agency.name}{self.area.name}领域基层政务公开标准目录"


class Entry(models.Model):
    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="entries", verbose_name="目录")
    position = models.PositiveIntegerField("行次")
    serial = models.CharField("序号", max_length=20, blank=True)
    level1 = models.CharField("一级事项", max_length=200)
    level2 = models.CharField("二级事项", max_length=200, blank=True)
    level3 = models.CharField("三级事项", max_length=200, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据", blank=True)
    time_limit = models.CharField("公开时限", max_length=300, blank=True)
    duration = models.CharField("公开时长", max_length=100, blank=True)
    publicity = models.CharField("公示期", max_length=100, blank=True)
    subject = models.CharField("公开主体", max_length=200, blank=True)
    channels = models.JSONField("公开渠道和载体", default=list, blank=True)
    audiences = models.JSONField("公开对象", default=list, blank=True)
    modes = models.JSONField("公开方式", default=list, blank=True)
    levels = models.JSONField("公开层级", default=list, blank=True)
    # The parsed 公开时限 (rules.parse_time_limit); the text above stays as written.
    trigger = models.CharField(
        "起算事件", max_length=20, choices=[(t.value, TRIGGER_LABELS[t]) for t in Trigger], blank=True
    )
    amount = models.PositiveSmallIntegerField("期限", null=True, blank=True)
    unit = models.CharField("单位", max_length=12, choices=[(u.value, UNIT_LABELS[u]) for u in Unit], blank=True)
    publicity_amount = models.PositiveSmallIntegerField("公示期天数", null=True, blank=True)
    publicity_unit = models.CharField(
        "公示期单位", max_length=12, choices=[(u.value, UNIT_LABELS[u]) for u in Unit], blank=True
    )
    recurrence = models.CharField(
        "更新频率",
        max_length=10,
        choices=[(r.value, RECURRENCE_LABELS[r]) for r in Recurrence],
        default=Recurrence.EVENT,
    )
    needs_review = models.BooleanField("时限待人工确认", default=False)
    parse_note = models.CharField("解析说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "目录事项"
        verbose_name_plural = "目录事项"
        ordering = ["catalogue", "position"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "position"], name="catalogue_entry_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return " / ".join(part for part in (self.level1, self.level2, self.level3) if part)

    @property
    def is_proactive(self) -> bool:
        return "proactive" in self.modes

    @property
    def rule(self) -> TimeLimit:
        return TimeLimit(
            self.time_limit,
            trigger=Trigger(self.trigger) if self.trigger else None,
            amount=self.amount,
            unit=Unit(self.unit) if self.unit else None,
            publicity_amount=self.publicity_amount,
            publicity_unit=Unit(self.publicity_unit) if self.publicity_unit else None,
            duration=self.duration,
            recurrence=Recurrence(self.recurrence),
            needs_review=self.needs_review,
            note=self.parse_note,
        )

    @property
    def elements(self) -> list[str]:
        return split_elements(self.content)

    @property
    def channel_labels(self) -> list[str]:
        return [CHANNEL_LABELS.get(c, c) for c in self.channels]

    @property
    def audience_labels(self) -> list[str]:
        return [label for key, label in AUDIENCES if key in self.audiences]

    @property
    def mode_labels(self) -> list[str]:
        return [label for key, label in MODES if key in self.modes]

    @property
    def level_labels(self) -> list[str]:
        return [label for key, label in LEVELS if key in self.levels]


class EntryItem(models.Model):
    """An item published under an entry. Lives in catalogue, so that disclosure never imports it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="links", verbose_name="目录事项")
    item = models.ForeignKey(
        "disclosure.Item", on_delete=models.CASCADE, related_name="catalogue_links", verbose_name="政府信息"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="关联人"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    # The reviewer's 要素 checklist: the elements seen on the item's page; None until reviewed.
    elements_present = models.JSONField("已公开要素", null=True, blank=True)

    class Meta:
        verbose_name = "目录事项关联信息"
        verbose_name_plural = "目录事项关联信息"
        ordering = ["entry", "-item__published_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["entry", "item"], name="catalogue_entry_item_unique")]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.item}"

    @property
    def elements_missing(self) -> list[str]:
        if self.elements_present is None:
            return []
        return [e for e in self.entry.elements if e not in self.elements_present]


class ScoringSetting(models.Model):
    """The assessment's points (one row; edited in the admin). Missing row: rules.Scoring's defaults."""

    base = models.DecimalField("基础分", max_digits=6, decimal_places=2, default=100)
    per_late = models.DecimalField("每例超期公开扣分", max_digits=5, decimal_places=2, default=1)
    per_missing = models.DecimalField("每例应公开未公开扣分", max_digits=5, decimal_places=2, default=2)
    per_incomplete = models.DecimalField("每例要素不全扣分", max_digits=5, decimal_places=2, default="0.5")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "考核计分规则"
        verbose_name_plural = "考核计分规则"

    def __str__(self) -> str:
        return f"基础分{self.base}，超期每例扣{self.per_late}分，未公开每例扣{self.per_missing}分"

    def as_rule(self) -> Scoring:
        return Scoring(float(self.base), float(self.per_late), float(self.per_missing), float(self.per_incomplete))

    @classmethod
    def current(cls) -> Scoring:
        row = cls.objects.order_by("-updated_at").first()
        return row.as_rule() if row else Scoring()
