"""Deletes what 年报体检 keeps for a while: background batches past their time (with their ZIP) and
checked files never stored (docs/report-import.md)."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.utils import timezone

from gongkai.reportcheck.models import ReportBatch

TMP_PREFIX = "reports/tmp/"
# A checked file waits this long to be stored; then it and its session entry expire.
TMP_TTL = dt.timedelta(hours=24)


def purge_expired_batches(now: dt.datetime | None = None) -> int:
    """Deletes every batch whose time is up and its uploaded ZIP; returns how many."""
    now = now or timezone.now()
    expired = ReportBatch.objects.filter(expires__lte=now)
    removed = 0
    for batch in expired.only("pk", "upload"):
        if batch.upload:
            default_storage.delete(batch.upload)
        batch.delete()
        removed += 1
    return removed


def purge_expired_uploads(now: dt.datetime | None = None) -> int:
    """Delete checked files left in temporary storage longer than ``TMP_TTL`` (a session that
    expired, an upload never stored); returns how many.  Run on every upload, and callable from a
    periodic task."""
    now = now or timezone.now()
    removed = 0
    try:
        _, files = default_storage.listdir(TMP_PREFIX.rstrip("/"))
    except (FileNotFoundError, NotImplementedError, OSError):
        return 0
    for name in files:
        path = TMP_PREFIX + name
        try:
            modified = default_storage.get_modified_time(path)
        except (FileNotFoundError, NotImplementedError, OSError):
            continue
        if now - modified >= TMP_TTL:
            default_storage.delete(path)
            removed += 1
    return removed
