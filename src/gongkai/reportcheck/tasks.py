"""The background batch: a ZIP of reports parsed by the worker, its progress saved as it goes so
that the page can show it (docs/report-import.md)."""

from __future__ import annotations

import logging
import zipfile

from django.core.files.storage import default_storage
from django_tasks import task

from gongkai.reportcheck.models import BatchStatus, ReportBatch
from gongkai.reportcheck.uploads import Checked, check_member, iter_zip_members, open_zip, zip_member_count

logger = logging.getLogger(__name__)


@task()
def check_batch(batch_id: str) -> int:
    """Checks every report of the batch's ZIP; returns how many results it kept."""
    batch = ReportBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.finished:
        return 0  # purged before the worker came to it, or already run
    batch.status = BatchStatus.RUNNING
    batch.save(update_fields=["status"])
    results = []
    try:
        with default_storage.open(batch.upload) as handle:
            archive = open_zip(handle)
            batch.total = zip_member_count(archive)
            batch.save(update_fields=["total"])
            for member in iter_zip_members(batch.name, archive):
                try:
                    checked = check_member(member)
                except Exception:
                    # One file the parser trips over must not leave the whole batch "running" forever.
                    logger.exception("report batch %s: %s could not be checked", batch.pk, member.path)
                    checked = Checked(
                        name=member.name, error="检查此文件时出错，请单独上传或联系管理员", member=member.path
                    )
                results.append(checked.as_dict())
                # Only the count on each file: the results are written once, at the end.
                ReportBatch.objects.filter(pk=batch.pk).update(done=len(results))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        batch.status, batch.error = BatchStatus.FAILED, f"ZIP 文件已损坏，无法解压（{exc}）"
        batch.save(update_fields=["status", "error"])
        return 0
    batch.results, batch.done, batch.status = results, len(results), BatchStatus.DONE
    batch.total = max(batch.total, len(results))
    batch.save(update_fields=["results", "done", "total", "status"])
    return len(results)
