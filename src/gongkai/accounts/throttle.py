"""Login throttling: after too many failed logins an account, or an address, is locked for a while.

The counts live in the shared cache (gongkai.common.ratelimit), so every worker sees them, and an
attempt is counted before its password is checked, so parallel guesses cannot all get through. A
successful login clears its account's failures and does not count against its address (many staff
may sit behind one office address). A lockout is an audit event; administrators lift it from the
user list of the admin, or with `gongkai unlock-login` (docs/security.md).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from gongkai.accounts.models import User
from gongkai.audit import labels
from gongkai.audit.actions import record
from gongkai.common import ratelimit

labels.register({"login.locked": "登录锁定", "login.unlock": "解除登录锁定"})

DEFAULTS = {
    "GONGKAI_LOGIN_FAILURES_PER_ACCOUNT": 5,
    "GONGKAI_LOGIN_FAILURES_PER_ADDRESS": 30,
    "GONGKAI_LOGIN_LOCKOUT_MINUTES": 15,
}
ACCOUNT = "account"
ADDRESS = "address"


def setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def lockout_message() -> str:
    return f"登录失败次数过多，请{setting('GONGKAI_LOGIN_LOCKOUT_MINUTES')}分钟后再试"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _account(username: str) -> str:
    # One bucket for "Admin" and "admin ": a changed spelling is not a fresh set of guesses.
    return _digest(username.strip().casefold())


def _keys(scope: str, who: str) -> tuple[str, str]:
    """(failures counter, lock) cache keys of an account (its normalised name) or an address."""
    ident = _account(who) if scope == ACCOUNT else _digest(who)
    return f"gk-login-fail:{scope}:{ident}", f"gk-login-lock:{scope}:{ident}"


@dataclass
class Attempt:
    username: str
    address: str
    refused: str = ""  # the Chinese refusal, when the password was not even checked
    account_failures: int = 0  # this attempt's number among the account's recent attempts
    address_failures: int = 0

    def failed(self) -> None:
        """The password was wrong: the attempt stays counted; reaching a limit locks, audited once."""
        minutes = setting("GONGKAI_LOGIN_LOCKOUT_MINUTES")
        for scope, who, number, limit in (
            (ACCOUNT, self.username, self.account_failures, setting("GONGKAI_LOGIN_FAILURES_PER_ACCOUNT")),
            (ADDRESS, self.address, self.address_failures, setting("GONGKAI_LOGIN_FAILURES_PER_ADDRESS")),
        ):
            # Counts are atomic, so exactly one attempt is the limit-th: it locks and is audited once.
            if number == limit:
                caches["default"].set(_keys(scope, who)[1], 1, minutes * 60)
                _audit_lock(scope, self.username, self.address, limit, minutes)

    def succeeded(self) -> None:
        caches["default"].delete(_keys(ACCOUNT, self.username)[0])
        ratelimit.give_back(_keys(ADDRESS, self.address)[0])


def begin(username: str, address: str | None) -> Attempt:
    """Counts a login attempt before its password is checked; ``refused`` says when it may not be checked."""
    attempt = Attempt(username=username, address=address or "unknown")
    cache = caches["default"]
    if is_locked(ACCOUNT, attempt.username) or is_locked(ADDRESS, attempt.address):
        attempt.refused = lockout_message()
        return attempt
    window = setting("GONGKAI_LOGIN_LOCKOUT_MINUTES") * 60
    account_key, address_key = _keys(ACCOUNT, attempt.username)[0], _keys(ADDRESS, attempt.address)[0]
    attempt.account_failures = ratelimit.hit(account_key, window, cache)
    attempt.address_failures = ratelimit.hit(address_key, window, cache)
    if attempt.account_failures > setting("GONGKAI_LOGIN_FAILURES_PER_ACCOUNT") or attempt.address_failures > setting(
        "GONGKAI_LOGIN_FAILURES_PER_ADDRESS"
    ):
        # Parallel attempts past the limit, before the lock was written: refused and not counted.
        ratelimit.give_back(account_key, cache)
        ratelimit.give_back(address_key, cache)
        attempt.refused = lockout_message()
    return attempt


def is_locked(scope: str, who: str) -> bool:
    return caches["default"].get(_keys(scope, who)[1]) is not None


def unlock(scope: str, who: str) -> bool:
    """Lifts a lock and forgets the failures; says whether there was a lock. Audited by accounts.actions."""
    failures, lock = _keys(scope, who)
    was_locked = is_locked(scope, who)
    caches["default"].delete_many([failures, lock])
    return was_locked


def _audit_lock(scope: str, username: str, address: str, limit: int, minutes: int) -> None:
    user = User.objects.filter(username=username).first() if scope == ACCOUNT else None
    with transaction.atomic():
        record(
            action="login.locked",
            actor=None,
            target=user,
            after={"scope": scope, "username": username, "address": address, "failures": limit, "minutes": minutes},
        )
