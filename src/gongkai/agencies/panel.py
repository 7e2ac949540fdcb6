"""What waits for an agency's head here: facts the 指南 needs and the agency has not filled in
(条例 第十二条; the 指南 shows them as “未提供” until then)."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.urls import reverse

from gongkai.accounts.permissions import Perm, agencies_with, is_system_admin
from gongkai.agencies.models import GUIDE_APPLICATION_FIELDS
from gongkai.common.panels import Todo


def workspace_panel(user: Any) -> list[Todo]:
    if is_system_admin(user):
        return []  # the administrator heads no agency; each head sees their own
    missing_any = reduce(or_, (Q(**{name: ""}) for name in GUIDE_APPLICATION_FIELDS))
    incomplete = agencies_with(user, Perm.MANAGE_AGENCY).filter(missing_any, is_active=True)
    count = incomplete.count()
    if count == 0:
        return []
    only = incomplete.first() if count == 1 else None
    url = reverse("agencies:staff_detail", args=[only.code]) if only else reverse("agencies:staff_list")
    return [Todo("政府信息公开指南缺少机构信息", count, url)]
