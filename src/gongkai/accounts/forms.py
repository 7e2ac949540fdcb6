"""The staff login form, throttled per account and per address (accounts/throttle.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from gongkai.accounts import throttle
from gongkai.common.web import client_ip


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        attempt = throttle.begin(username, client_ip(self.request) if self.request else None)
        if attempt.refused:
            # The password is not checked at all while locked: a right guess would give nothing away.
            raise ValidationError(attempt.refused, code="locked")
        try:
            cleaned = super().clean()
        except ValidationError:
            attempt.failed()
            raise
        attempt.succeeded()
        return cleaned
