"""Login throttling (security probe, finding 4; docs/security.md): per account and per address, with a
Chinese message, an audit event, and an unlock for the system administrator."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongkai.accounts import actions, throttle
from gongkai.audit.models import Event
from gongkai.testing.helpers import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _clear_counts(settings):
    settings.GONGKAI_LOGIN_FAILURES_PER_ACCOUNT = 3
    settings.GONGKAI_LOGIN_FAILURES_PER_ADDRESS = 5
    settings.GONGKAI_LOGIN_LOCKOUT_MINUTES = 15
    cache.clear()
    yield
    cache.clear()


def _login(client, username: str, password: str, address: str = "203.0.113.9") -> str:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).content.decode()


def test_finding_04_account_is_locked_after_failures_with_a_chinese_message(client, county) -> None:
    for _ in range(3):
        assert "用户名或密码不正确" in _login(client, "clerk_a", "wrong")
    # Locked: even the right password is refused, from any address, without being checked.
    page = _login(client, "CLERK_A ", PASSWORD, address="198.51.100.1")
    assert "登录失败次数过多，请15分钟后再试" in page
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected.
    client.post(LOGIN, {"username": "clerk_b", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert client.session["_auth_user_id"] == str(county.clerk_b.pk)


def test_finding_04_an_address_is_throttled_across_accounts(client, county) -> None:
    for n in range(5):
        _login(client, f"guess{n}", "wrong")
    assert "登录失败次数过多" in _login(client, "clerk_a", PASSWORD)
    assert "_auth_user_id" not in client.session
    # Another address is served.
    client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.10")
    assert client.session["_auth_user_id"] == str(county.clerk_a.pk)


def test_finding_04_behind_the_proxy_the_address_is_the_one_nginx_appended(client, county, settings) -> None:
    settings.GONGKAI_BEHIND_PROXY = True
    for n in range(5):
        client.post(LOGIN, {"username": f"g{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7")
    page = client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert "登录失败次数过多" in page.content.decode()


def test_finding_04_success_clears_the_account_failures(client, county) -> None:
    for _ in range(2):
        _login(client, "clerk_a", "wrong")
    client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    client.logout()
    for _ in range(2):
        _login(client, "clerk_a", "wrong")
    client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert "_auth_user_id" in client.session


def test_finding_04_lockout_is_audited_once(client, county) -> None:
    for _ in range(5):
        _login(client, "clerk_a", "wrong")
    events = Event.objects.filter(action="login.locked")
    assert events.count() == 1
    event = events.get()
    assert event.target_id == str(county.clerk_a.pk)
    assert event.after["scope"] == "account" and event.after["address"] == "203.0.113.9"


def test_finding_04_administrator_unlocks_and_it_is_audited(client, county) -> None:
    for _ in range(3):
        _login(client, "clerk_a", "wrong")
    assert throttle.is_locked(throttle.ACCOUNT, "clerk_a")
    with pytest.raises(PermissionDenied):
        actions.login_unlock(actor=county.head_a, user=county.clerk_a)
    client.force_login(county.admin)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "登录锁定" in listing
    response = client.post(
        "/admin/accounts/user/",
        {"action": "unlock_login", "_selected_action": [county.clerk_a.pk]},
        follow=True,
    )
    assert "已解除登录锁定：clerk_a" in response.content.decode()
    assert not throttle.is_locked(throttle.ACCOUNT, "clerk_a")
    unlock = Event.objects.get(action="login.unlock")
    assert unlock.actor == county.admin and unlock.after["was_locked"] is True
    client.logout()
    client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9")
    assert client.session["_auth_user_id"] == str(county.clerk_a.pk)


def test_finding_04_unlock_command_lifts_an_address_lock(client, county) -> None:
    for n in range(5):
        _login(client, f"guess{n}", "wrong", address="192.0.2.4")
    assert throttle.is_locked(throttle.ADDRESS, "192.0.2.4")
    out = io.StringIO()
    call_command("unlock-login", "--address", "192.0.2.4", stdout=out)
    assert "已解除192.0.2.4的登录锁定" in out.getvalue()
    assert not throttle.is_locked(throttle.ADDRESS, "192.0.2.4")
    assert Event.objects.get(action="login.unlock").after["address"] == "192.0.2.4"
