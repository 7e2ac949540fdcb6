"""Writing audit events. Every state-changing action calls record() inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from gongkai.audit.context import current_ip
from gongkai.audit.models import Event

SYSTEM_LABEL = "系统"


class AuditOutsideTransactionError(RuntimeError):
    pass


def jsonable(value: Any) -> Any:
    """A JSON-safe copy: dates as ISO text, Decimal as text (never float), models as their key."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The named fields (default: every concrete field) of ``obj`` as a JSON-safe dict."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: jsonable(getattr(obj, name)) for name in names}


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[dict, dict]:
    """Only the keys that changed, on both sides."""
    before, after = dict(before or {}), dict(after or {})
    keys = [k for k in {*before, *after} if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in sorted(keys)}, {k: after.get(k) for k in sorted(keys)}


def record(
    *,
    action: str,
    actor: Any,
    target: models.Model | None = None,
    agency: Any = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
) -> Event:
    """Appends one event. Must run inside the action's transaction, so the event and the change
    it describes are committed together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransactionError(f"audit event {action!r} written outside a transaction")
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if agency is None and target is not None:
        agency = getattr(target, "agency", None)
    return Event.objects.create(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=(
            f"{actor.get_username()}（{actor.display_name}）"
            if authenticated and getattr(actor, "full_name", "")
            else (actor.get_username() if authenticated else SYSTEM_LABEL)
        ),
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        agency=agency,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        reason=reason,
        ip_address=current_ip.get(),
    )
