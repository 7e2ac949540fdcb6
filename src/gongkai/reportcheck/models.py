"""A batch of reports checked in the background: the uploaded ZIP, its progress and its results, kept
for the uploader for ``GONGKAI_REPORTCHECK_KEEP_HOURS`` hours (docs/report-import.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ReportBatch(models.Model):
    # Not guessable: the page and the exports are addressed by it (and still checked against the owner).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("上传文件", max_length=255)
    # Storage path of the uploaded ZIP while the batch is kept; "" for files checked in the request.
    upload = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # One entry per file: uploads.Checked.as_dict() (name, report, findings, error, member).
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "年报体检批次"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.finished else int(100 * self.done / self.total) if self.total else 0
