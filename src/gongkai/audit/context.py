"""Who and where a state change comes from, carried from the request to the audit event."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("gongkai_current_ip", default=None)
