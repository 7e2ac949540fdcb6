import importlib
import io

import pytest
from django.core.management import call_command

from gongkai.accounts.models import Membership, Role, User
from gongkai.agencies.models import Agency, AgencyKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def county_only(monkeypatch):
    """The other apps' demo data has tests of its own; here only the county and its staff."""
    monkeypatch.setattr(
        importlib.import_module("gongkai.site.management.commands.seed-demo").Command, "seed_apps", lambda self: None
    )


def test_seed_demo_builds_a_county_with_every_role_and_is_idempotent():
    out = io.StringIO()
    call_command("seed-demo", stdout=out)
    assert Agency.objects.filter(kind=AgencyKind.COUNTY_GOVERNMENT).count() == 1
    assert 18 <= Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count() <= 25
    assert Agency.objects.filter(kind__in=[AgencyKind.TOWNSHIP, AgencyKind.SUBDISTRICT]).count() == 10
    assert Agency.objects.filter(kind__in=[AgencyKind.VILLAGE, AgencyKind.COMMUNITY]).count() >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role)
    assert User.objects.filter(is_system_admin=True).exists()
    assert all(a.phone and a.address and a.office_hours for a in Agency.objects.all())
    text = out.getvalue()
    assert "zhengwu" in text and "主管部门" in text and "gongkai-demo" in text
    names = sorted(User.objects.values_list("full_name", flat=True))
    again = io.StringIO()
    call_command("seed-demo", stdout=again)
    assert "已存在" in again.getvalue()
    assert sorted(User.objects.values_list("full_name", flat=True)) == names


def test_seed_demo_is_deterministic():
    from django.db import transaction

    from gongkai.site.demo import seed_demo

    def run() -> list[tuple]:
        point = transaction.savepoint()
        accounts = [(a.username, a.name, a.role, a.agency) for a in seed_demo()]
        facts = list(Agency.objects.order_by("code").values_list("code", "phone", "address", "email"))
        transaction.savepoint_rollback(point)
        return accounts + facts

    first = run()
    assert not Agency.objects.exists()
    assert run() == first


def test_demo_accounts_can_log_in(client):
    call_command("seed-demo", stdout=io.StringIO())
    assert client.login(username="yx-fgj-clerk", password="gongkai-demo")
    page = client.get("/workspace/").content.decode()
    assert "云溪县发展和改革局" in page and "信息员" in page
