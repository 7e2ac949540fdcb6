"""The limit on uploaded attachments, one setting for every kind of attachment (items of 主动公开 and
files of an application): GONGKAI_ATTACHMENT_MAX_BYTES (README, "Settings")."""

from __future__ import annotations

from django.conf import settings

DEFAULT_MAX_ATTACHMENT = 20 * 1024 * 1024


def max_attachment_bytes() -> int:
    return int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_ATTACHMENT))


def too_large_message(name: str, limit: int | None = None) -> str:
    """The Chinese message for a file over the limit, naming the file and the limit in MB."""
    limit = max_attachment_bytes() if limit is None else limit
    return f"文件“{name}”超过{limit // (1024 * 1024)}MB的上限"
