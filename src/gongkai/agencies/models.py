"""Agencies (机构): the tree of governments, departments, townships, villages and communities."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,31}$"
MAX_DEPTH = 6


class AgencyKind(models.TextChoices):
    CITY_GOVERNMENT = "city_government", "市级人民政府"
    COUNTY_GOVERNMENT = "county_government", "县级人民政府"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "乡镇人民政府"
    SUBDISTRICT = "subdistrict", "街道办事处"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
    OTHER = "other", "其他"


# 第四十九条: departments report by 1月31日, governments by 3月31日 (the report issue makes it configurable).
GOVERNMENT_KINDS = frozenset(
    {AgencyKind.CITY_GOVERNMENT, AgencyKind.COUNTY_GOVERNMENT, AgencyKind.TOWNSHIP, AgencyKind.SUBDISTRICT}
)

# 村民委员会 and 居民委员会 are self-governing bodies, not 行政机关: they publish 村（居）务 but owe no
# annual report under 条例 第四十九条.
NON_REPORTING_KINDS = frozenset({AgencyKind.VILLAGE, AgencyKind.COMMUNITY})

# Contact facts that the 指南 must show (docs/domain.md §6.1), with their Chinese column labels.
CONTACT_FIELDS: dict[str, str] = {
    "office_name": "工作机构名称",
    "address": "办公地址",
    "office_hours": "办公时间",
    "phone": "电话",
    "fax": "传真",
    "email": "电子邮箱",
    "website": "网址",
}


class Agency(models.Model):
    code = models.CharField(
        "代码",
        max_length=32,
        unique=True,
        validators=[RegexValidator(CODE_PATTERN, "代码只能由字母、数字和连字符组成，且不超过32个字符")],
        help_text="用于索引号和受理编号",
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    kind = models.CharField("类型", max_length=32, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of codes ("/GOV/GOV-FGW/"): a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.IntegerField("排序", default=0)
    office_name = models.CharField("工作机构名称", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    website = models.URLField("网址", blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="agency_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def owes_annual_report(self) -> bool:
        return self.kind not in NON_REPORTING_KINDS

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.code}/"

    def is_in_subtree_of(self, other: Agency) -> bool:
        return self.path.startswith(other.path)

    def subtree(self) -> models.QuerySet[Agency]:
        return Agency.objects.filter(path__startswith=self.path)

    def ancestors(self) -> models.QuerySet[Agency]:
        codes = [code for code in self.path.strip("/").split("/")[:-1] if code]
        return Agency.objects.filter(code__in=codes).order_by("depth")

    def contact_facts(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, field)) for field, label in CONTACT_FIELDS.items()]
