"""Agencies are listed in the official order (排序) everywhere, not by internal code."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.accounts.models import Role
from gongkai.agencies.actions import agency_update
from gongkai.agencies.models import Agency, AgencyKind
from gongkai.applications.forms import OnlineForm
from gongkai.testing.helpers import PASSWORD, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Agency]:
    """Codes chosen so that code order interleaves: the township's code comes first, 生态环境分局's
    code (HB) would put it under H."""
    gov = make_agency("YX", "云溪县人民政府", kind=AgencyKind.COUNTY_GOVERNMENT)
    return {
        "gov": gov,
        "township": make_agency("YX-AZ", "安镇人民政府", parent=gov, kind=AgencyKind.TOWNSHIP, sort_order=100),
        "office": make_agency("YX-ZFB", "云溪县人民政府办公室", parent=gov, sort_order=1),
        "ecology": make_agency("YX-HB", "市生态环境局云溪分局", parent=gov, sort_order=2),
        "finance": make_agency("YX-CZ", "云溪县财政局", parent=gov, sort_order=3),
    }


OFFICIAL = ["云溪县人民政府", "云溪县人民政府办公室", "市生态环境局云溪分局", "云溪县财政局", "安镇人民政府"]


def positions(text: str, names: list[str]) -> list[int]:
    return [text.index(f">{name}<") for name in names]


def test_public_list_api_and_selects_follow_the_official_order(tree, client):
    page = client.get("/agencies/").content.decode()
    assert positions(page, OFFICIAL) == sorted(positions(page, OFFICIAL))
    assert [a["name"] for a in client.get("/api/agencies").json()] == OFFICIAL
    choices = [label for value, label in OnlineForm().fields["agency"].choices if value != ""]
    assert choices == OFFICIAL
    assert [a.name for a in Agency.objects.all()] == OFFICIAL


def test_staff_list_and_children_follow_the_official_order(tree):
    staff = Client()
    make_user("zhengwu", (tree["gov"], Role.SUPERVISOR))
    assert staff.login(username="zhengwu", password=PASSWORD)
    page = staff.get("/workspace/agencies/").content.decode()
    assert positions(page, OFFICIAL) == sorted(positions(page, OFFICIAL))
    detail = Client().get("/agencies/YX/").content.decode()
    assert positions(detail, OFFICIAL[1:]) == sorted(positions(detail, OFFICIAL[1:]))


def test_without_sort_numbers_departments_come_before_townships(db):
    gov = make_agency("G", "县政府", kind=AgencyKind.COUNTY_GOVERNMENT)
    make_agency("G-A", "甲镇", parent=gov, kind=AgencyKind.TOWNSHIP)
    make_agency("G-Z", "乙局", parent=gov)
    make_agency("G-B", "丙镇", parent=gov, kind=AgencyKind.TOWNSHIP)
    make_agency("G-Y", "丁局", parent=gov)
    # Departments first, townships after; within a kind the order they were entered in (the list's order).
    assert [a.name for a in Agency.objects.all()] == ["县政府", "乙局", "丁局", "甲镇", "丙镇"]


def test_a_new_sort_number_moves_the_agency_with_its_subtree(tree):
    village = make_agency("YX-AZ-C", "安镇某村", parent=tree["township"], kind=AgencyKind.VILLAGE)
    agency_update(agency=tree["township"], actor=None, sort_order=0)
    names = [a.name for a in Agency.objects.all()]
    assert names[:3] == ["云溪县人民政府", "安镇人民政府", "安镇某村"]
    village.refresh_from_db()
    assert village.sort_path.startswith(Agency.objects.get(code="YX-AZ").sort_path)
