"""The one permission function: every access is decided here from role and agency scope.

Roles and what they may do are data (ROLE_PERMS, ROLE_SCOPE). A grant covers its agency only, or the
agency's whole subtree for the 主管部门 role. 系统管理员 may do everything everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency


class Perm(StrEnum):
    VIEW_INTERNAL = "view_internal"  # non-public records: drafts, cases, applicants, audit timelines
    EDIT = "edit"  # draft items, register and handle cases, enter figures
    REVIEW = "review"  # 保密审查 and approval of publication
    APPROVE_EXTENSION = "approve_extension"  # 延期 approval (第三十三条), the 负责人
    MANAGE_AGENCY = "manage_agency"  # the agency's own facts, 指南 text, templates
    OVERSEE = "oversee"  # oversight tables, 督办, reports of the subtree
    MANAGE_SYSTEM = "manage_system"  # the agency tree, users, the working-day calendar


PERM_LABELS: dict[Perm, str] = {
    Perm.VIEW_INTERNAL: "查看内部信息",
    Perm.EDIT: "办理",
    Perm.REVIEW: "审核",
    Perm.APPROVE_EXTENSION: "批准延期",
    Perm.MANAGE_AGENCY: "管理本机构",
    Perm.OVERSEE: "监督指导",
    Perm.MANAGE_SYSTEM: "系统管理",
}


class Scope(Enum):
    AGENCY = "agency"
    SUBTREE = "subtree"


ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.CLERK: frozenset({Perm.VIEW_INTERNAL, Perm.EDIT}),
    Role.REVIEWER: frozenset({Perm.VIEW_INTERNAL, Perm.EDIT, Perm.REVIEW}),
    Role.HEAD: frozenset({Perm.VIEW_INTERNAL, Perm.EDIT, Perm.REVIEW, Perm.APPROVE_EXTENSION, Perm.MANAGE_AGENCY}),
    Role.SUPERVISOR: frozenset({Perm.VIEW_INTERNAL, Perm.OVERSEE}),
}
ROLE_SCOPE: dict[Role, Scope] = {
    Role.CLERK: Scope.AGENCY,
    Role.REVIEWER: Scope.AGENCY,
    Role.HEAD: Scope.AGENCY,
    Role.SUPERVISOR: Scope.SUBTREE,
}


@dataclass(frozen=True)
class Grant:
    agency_id: int
    agency_path: str
    role: Role

    def covers(self, agency: Agency) -> bool:
        if ROLE_SCOPE[self.role] is Scope.SUBTREE:
            return agency.path.startswith(self.agency_path)
        return agency.pk == self.agency_id


def is_system_admin(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or getattr(user, "is_system_admin", False))
    )


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's grants, loaded once per user object (a request's user lives one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_gongkai_grants", None)
    if cached is None:
        cached = tuple(
            Grant(agency_id=m.agency_id, agency_path=m.agency.path, role=Role(m.role))
            for m in user.memberships.select_related("agency").filter(agency__is_active=True)
        )
        user._gongkai_grants = cached
    return cached


def has_perm(user: Any, perm: Perm, agency: Agency | None) -> bool:
    """Whether ``user`` may do ``perm`` on records of ``agency`` (None: anything system-wide)."""
    if is_system_admin(user):
        return True
    if agency is None:
        return False
    return any(perm in ROLE_PERMS[g.role] and g.covers(agency) for g in grants(user))


def require(user: Any, perm: Perm, agency: Agency | None) -> None:
    """Raises PermissionDenied (with a Chinese message) unless has_perm allows it."""
    if not has_perm(user, perm, agency):
        where = f"“{agency.name}”" if agency is not None else "系统"
        raise PermissionDenied(f"您没有在{where}{PERM_LABELS[perm]}的权限")


def agencies_with(user: Any, perm: Perm) -> QuerySet[Agency]:
    """Every agency on whose records ``user`` may do ``perm``; the same rule as has_perm, as a query."""
    from gongkai.agencies.models import Agency

    if is_system_admin(user):
        return Agency.objects.all()
    condition = Q(pk__in=[])
    for g in grants(user):
        if perm not in ROLE_PERMS[g.role]:
            continue
        if ROLE_SCOPE[g.role] is Scope.SUBTREE:
            condition |= Q(path__startswith=g.agency_path)
        else:
            condition |= Q(pk=g.agency_id)
    return Agency.objects.filter(condition)


def roles_in(user: Any, agency: Agency) -> list[Role]:
    return [g.role for g in grants(user) if g.agency_id == agency.pk]


def forget_grants(user: Any) -> None:
    """Drops the cached grants after the user's memberships change."""
    if hasattr(user, "_gongkai_grants"):
        del user._gongkai_grants
