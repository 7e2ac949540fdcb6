"""Annual reports (年度报告) kept by the platform: built from the records, or imported from a
published document as an agency's historical report. Both hold the canonical JSON of
docs/report-data.md and the findings of the checker."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportSource(models.TextChoices):
    BUILT = "built", "系统生成"
    IMPORTED = "imported", "导入已发布报告"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    format = models.CharField("格式", max_length=16)
    source = models.CharField("来源", max_length=16, choices=ReportSource.choices)
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    data = models.JSONField("年报数据")
    findings = models.JSONField("检查结果", default=list, blank=True)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("提示数", default=0)
    original_name = models.CharField("原始文件名", max_length=255, blank=True)
    original_file = models.FileField("原始文件", upload_to="reports/original/", blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A report with errors is published only when a reviewer confirms it with a reason.
    publish_reason = models.TextField("带错误发布的理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["agency__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_one_per_year")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"


class YearLock(models.Model):
    """A reporting year closed after publication: its cases can no longer change in ways that would
    alter the report, until someone unlocks it (each lock and unlock is an audited action)."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机构", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField("锁定时间")

    class Meta:
        verbose_name = "年度锁定"
        verbose_name_plural = "年度锁定"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="year_lock_once")]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.year}年（已锁定）"


class ReportReminder(models.Model):
    """One reminder about one agency's report for one year on one day: running the daily command twice
    (or again after a crash) sends nothing twice."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_on = models.DateField()
    overdue = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "sent_on"], name="report_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.sent_on}"


class ReportVersion(models.Model):
    """One publication of a report: the data as published and the reviewer's checklist. Re-publishing
    after an unlock adds a version; the earlier ones stay listed and downloadable."""

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("版本")
    data = models.JSONField("年报数据")
    checklist = models.JSONField("发布前核对", default=dict)
    published_on = models.DateField("发布日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "年度报告发布版本"
        verbose_name_plural = "年度报告发布版本"
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_number_once")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class ReportArtefact(models.Model):
    """A published version's file in one format, generated once at publication (the public downloads
    serve these bytes), with its SHA-256 so anyone can check a copy."""

    version = models.ForeignKey(ReportVersion, on_delete=models.CASCADE, related_name="artefacts")
    suffix = models.CharField("格式", max_length=8)
    file = models.FileField("文件", upload_to="reports/published/")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("字节数")

    class Meta:
        verbose_name = "年度报告发布文件"
        verbose_name_plural = "年度报告发布文件"
        ordering = ["version", "suffix"]
        constraints = [models.UniqueConstraint(fields=["version", "suffix"], name="report_artefact_one_per_format")]

    def __str__(self) -> str:
        return f"{self.version}{self.suffix}"
