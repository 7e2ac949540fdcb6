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

# 人民政府 whose 办公厅（室） is the 政府信息公开工作主管部门 of its area (条例 第三条: 县级以上).
SUPERVISING_KINDS = frozenset({AgencyKind.CITY_GOVERNMENT, AgencyKind.COUNTY_GOVERNMENT})

# Contact facts that the 指南 must show (docs/domain.md §6.1), with their Chinese column labels.
CONTACT_FIELDS: dict[str, str] = {
    "office_name": "工作机构名称",
    "address": "办公地址",
    "postcode": "邮政编码",
    "office_hours": "办公时间",
    "phone": "电话",
    "fax": "传真",
    "email": "电子邮箱",
    "website": "网址",
}
# The facts of the 受理机构 in the 指南's 依申请公开 part; a missing one is shown to the agency's head.
GUIDE_APPLICATION_FIELDS = ("office_name", "address", "postcode", "office_hours", "phone", "fax", "email")

# The official order (排序) within one parent: the number set by the administrator or the import's 排序
# column first; then governments, departments, townships and villages in that order (so an import
# without 排序 still groups them); then the order the agencies were created in. Each level is a
# fixed-width run of digits, so the path sorts the same under every database collation.
KIND_RANK: dict[str, int] = {
    AgencyKind.CITY_GOVERNMENT: 0,
    AgencyKind.COUNTY_GOVERNMENT: 0,
    AgencyKind.DEPARTMENT: 1,
    AgencyKind.OTHER: 2,
    AgencyKind.TOWNSHIP: 3,
    AgencyKind.SUBDISTRICT: 3,
    AgencyKind.VILLAGE: 4,
    AgencyKind.COMMUNITY: 4,
}
SORT_ORDER_OFFSET = 2**31  # sort_order is a signed 32-bit integer; the offset makes it 0 … 2**32 - 1
SORT_SEGMENT_WIDTH = 21  # 10 digits of sort_order, 1 of kind rank, 10 of primary key


def sort_segment(sort_order: int, kind: str, pk: int) -> str:
    bounded = min(max(sort_order, -SORT_ORDER_OFFSET), SORT_ORDER_OFFSET - 1) + SORT_ORDER_OFFSET
    return f"{bounded:010d}{KIND_RANK.get(kind, 9)}{pk:010d}"


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
    # The official order as a path of sort_segment()s, root first (agencies.actions keeps it current).
    sort_path = models.CharField(max_length=SORT_SEGMENT_WIDTH * MAX_DEPTH, db_index=True, editable=False, default="")
    office_name = models.CharField("工作机构名称", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField(
        "邮政编码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")],
    )
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
        ordering = ["sort_path"]
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

    def compute_sort_path(self) -> str:
        prefix = self.parent.sort_path if self.parent is not None else ""
        return prefix + sort_segment(self.sort_order, self.kind, self.pk)

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

    def missing_guide_facts(self) -> list[str]:
        """Labels of the 受理机构 facts the 指南 needs and this agency has not filled in."""
        return [CONTACT_FIELDS[name] for name in GUIDE_APPLICATION_FIELDS if not getattr(self, name).strip()]

    def review_body(self) -> str:
        """The 行政复议机关 for this agency's acts (行政复议法 第二十四条): the government above it, for a
        department its own government."""
        return self.parent.name if self.parent is not None else "上一级人民政府"

    def supervising_government(self) -> Agency | None:
        """The 人民政府 whose 办公厅（室） supervises this agency's disclosure work (条例 第三条): the
        nearest county or city government at or above it."""
        if self.kind in SUPERVISING_KINDS:
            return self
        return self.ancestors().filter(kind__in=SUPERVISING_KINDS).order_by("-depth").first()
