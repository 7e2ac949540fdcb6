"""State changes of users and their roles. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.accounts import throttle
from gongkai.accounts.models import Membership, Role, User
from gongkai.accounts.permissions import Perm, forget_grants, require
from gongkai.agencies.models import Agency
from gongkai.audit import labels
from gongkai.audit.actions import record, snapshot

labels.register(
    {
        "user.create": "新建用户",
        "membership.grant": "分配角色",
        "membership.revoke": "撤销角色",
    }
)

USER_FIELDS = ["username", "full_name", "email", "phone", "is_system_admin", "is_staff", "is_superuser", "is_active"]


def user_create(
    *,
    username: str,
    full_name: str,
    password: str | None,
    actor: Any,
    email: str = "",
    phone: str = "",
    is_system_admin: bool = False,
    validate: bool = True,
    password_hash: str | None = None,
) -> User:
    """Creates a staff account. ``actor=None`` is the system itself (seed and setup commands).

    ``password_hash`` takes an already hashed password (bulk provisioning, where hashing the same
    password a hundred times would take half a minute)."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用"})
    with transaction.atomic():
        user = User(
            username=username,
            full_name=full_name.strip(),
            email=email,
            phone=phone,
            is_system_admin=is_system_admin,
            # The Django admin is the system administrators' screen only; there they may see
            # third-party models (task results) too.
            is_staff=is_system_admin,
            is_superuser=is_system_admin,
        )
        if password_hash:
            user.password = password_hash
        elif password:
            if validate:
                validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        record(action="user.create", actor=actor, target=user, after=snapshot(user, USER_FIELDS))
    return user


def membership_grant(*, user: User, agency: Agency, role: Role, actor: Any) -> Membership:
    if actor is not None:
        # A head may staff his own agency; the system administrator may staff any.
        require(actor, Perm.MANAGE_AGENCY if role != Role.SUPERVISOR else Perm.MANAGE_SYSTEM, agency)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            record(
                action="membership.grant",
                actor=actor,
                target=user,
                agency=agency,
                after={"agency": agency.code, "role": role.value},
            )
    forget_grants(user)
    return membership


def membership_revoke(*, membership: Membership, actor: Any, reason: str = "") -> None:
    require(actor, Perm.MANAGE_AGENCY, membership.agency)
    with transaction.atomic():
        before = {"agency": membership.agency.code, "role": membership.role}
        record(
            action="membership.revoke",
            actor=actor,
            target=membership.user,
            agency=membership.agency,
            before=before,
            reason=reason,
        )
        membership.delete()
    forget_grants(membership.user)


def login_unlock(*, actor: Any, user: User | None = None, address: str = "", reason: str = "") -> bool:
    """Lifts a login lockout (accounts/throttle.py) of an account or an address before it runs out; says
    whether there was one. Only the system administrator; ``actor=None`` is the `unlock-login` command."""
    if actor is not None:
        require(actor, Perm.MANAGE_SYSTEM, None)
    if (user is None) == (not address):
        raise ValidationError("请指定一个账号或一个网络地址")
    scope, who = (throttle.ACCOUNT, user.username) if user is not None else (throttle.ADDRESS, address.strip())
    with transaction.atomic():
        was_locked = throttle.unlock(scope, who)
        record(
            action="login.unlock",
            actor=actor,
            target=user,
            after={
                "scope": scope,
                "username": user.username if user else "",
                "address": address,
                "was_locked": was_locked,
            },
            reason=reason,
        )
    return was_locked
