"""督办: a notice from the supervising office (Perm.OVERSEE) to an agency about one case or one annual
report, with a deadline in working days, the agency's reply and the office's outcome. Write through
``gongkai.oversight.actions`` only."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class SupervisionStatus(models.TextChoices):
    ISSUED = "issued", "待回复"
    REPLIED = "replied", "已回复"
    CLOSED = "closed", "已办结"


class SupervisionOutcome(models.TextChoices):
    RESOLVED = "resolved", "已整改"
    EXPLAINED = "explained", "已说明情况"
    UNRESOLVED = "unresolved", "未整改"


class Supervision(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="被督办机关", on_delete=models.PROTECT, related_name="supervisions"
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="督办案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    report = models.ForeignKey(
        "reports.AnnualReport",
        verbose_name="督办年度报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    matter = models.TextField("督办事项")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="督办人", on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField("督办日期")
    working_days = models.PositiveSmallIntegerField("办理时限（工作日）")
    due_on = models.DateField("回复期限", db_index=True)
    status = models.CharField(
        "状态", max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.ISSUED, db_index=True
    )
    reply = models.TextField("办理情况", blank=True)
    replied_on = models.DateField("回复日期", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField("办结结果", max_length=16, choices=SupervisionOutcome.choices, blank=True)
    outcome_note = models.TextField("办结意见", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-issued_on", "-id"]
        constraints = [
            # A 督办 concerns exactly one case or one report.
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, report__isnull=True)
                | models.Q(application__isnull=True, report__isnull=False),
                name="supervision_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"督办第{self.pk}号：{self.subject}"

    @property
    def subject(self) -> str:
        """What the 督办 is about, in words."""
        if self.application is not None:
            return f"申请{self.application.receipt_number}"
        return f"{self.report.year}年度报告" if self.report is not None else ""

    def is_overdue(self, today: dt.date) -> bool:
        """Still unanswered after its deadline."""
        return self.status == SupervisionStatus.ISSUED and self.due_on < today

    def replied_late(self) -> bool:
        return self.replied_on is not None and self.replied_on > self.due_on
