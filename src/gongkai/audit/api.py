"""Staff API for the audit log; scoped by the same permission function as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from gongkai.audit.labels import label
from gongkai.audit.selectors import visible_events
from gongkai.common.params import BoundedLimitOffsetPagination

router = Router(tags=["审计日志（工作人员）"], auth=django_auth)


class EventOut(Schema):
    id: int
    occurred_at: dt.datetime
    actor: str
    action: str
    action_label: str
    target: str
    agency: str | None
    before: Any = None
    after: Any = None
    reason: str
    ip_address: str | None

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_action_label(obj) -> str:
        return label(obj.action)

    @staticmethod
    def resolve_target(obj) -> str:
        return obj.target_repr

    @staticmethod
    def resolve_agency(obj) -> str | None:
        return obj.agency.code if obj.agency_id else None


@router.get("/audit-events", response=list[EventOut], summary="审计事件（按权限范围）")
@paginate(BoundedLimitOffsetPagination)
def list_events(request, agency: str | None = None, action: str | None = None):
    events = visible_events(request.user)
    if agency:
        events = events.filter(agency__code=agency)
    if action:
        events = events.filter(action__startswith=action)
    return events
