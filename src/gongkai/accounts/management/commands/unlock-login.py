"""`gongkai unlock-login --user NAME | --address IP`: lifts a login lockout (audited, as the system)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts import actions
from gongkai.accounts.models import User


class Command(BaseCommand):
    help = "解除账号或网络地址的登录锁定（记入审计日志）"

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="用户名")
        who.add_argument("--address", help="网络地址（IP）")
        parser.add_argument("--reason", default="", help="原因（记入审计日志）")

    def handle(self, *args: Any, user: str | None, address: str | None, reason: str, **options: Any) -> None:
        account = None
        if user:
            account = User.objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"用户“{user}”不存在")
        was_locked = actions.login_unlock(actor=None, user=account, address=address or "", reason=reason)
        self.stdout.write(f"已解除{user or address}的登录锁定" if was_locked else f"{user or address}没有被锁定")
