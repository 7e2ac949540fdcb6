"""A user of one agency can never read or change another agency's non-public data: views, API, admin."""

import pytest

from gongkai.agencies.models import Agency

pytestmark = pytest.mark.django_db


def test_staff_pages_of_another_agency_are_not_found(county, client):
    client.force_login(county.clerk_a)
    assert client.get("/workspace/agencies/GOV-A/").status_code == 200
    assert client.get("/workspace/agencies/GOV-B/").status_code == 404
    assert client.get("/workspace/agencies/GOV/").status_code == 404


def test_staff_list_shows_only_agencies_in_scope(county, client):
    client.force_login(county.clerk_a)
    page = client.get("/workspace/agencies/").content.decode()
    assert "测试县甲局" in page
    assert "测试县乙局" not in page


def test_clerk_cannot_edit_even_own_agency_facts_but_head_can(county, client):
    client.force_login(county.clerk_a)
    assert client.get("/workspace/agencies/GOV-A/edit/").status_code == 404
    response = client.post("/workspace/agencies/GOV-A/edit/", {"address": "x"})
    assert response.status_code == 404
    assert Agency.objects.get(code="GOV-A").address == ""
    client.force_login(county.head_a)
    assert client.get("/workspace/agencies/GOV-A/edit/").status_code == 200
    client.force_login(county.head_a)
    assert client.post("/workspace/agencies/GOV-B/edit/", {"address": "x"}).status_code == 404
    assert Agency.objects.get(code="GOV-B").address == ""


def test_bad_input_shows_chinese_error_and_keeps_data(county, client):
    client.force_login(county.head_a)
    response = client.post("/workspace/agencies/GOV-A/edit/", {"email": "不是邮箱", "address": "新址"})
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址" in response.content.decode()
    assert Agency.objects.get(code="GOV-A").address == ""


def test_supervisor_sees_subtree_pages(county, client):
    client.force_login(county.supervisor)
    for code in ["GOV", "GOV-A", "GOV-B", "GOV-T", "GOV-T-V"]:
        assert client.get(f"/workspace/agencies/{code}/").status_code == 200


def test_anonymous_is_sent_to_login(county, client):
    response = client.get("/workspace/agencies/GOV-A/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_api_audit_events_are_scoped(county, client):
    client.force_login(county.head_a)
    client.post("/workspace/agencies/GOV-A/edit/", {"address": "甲址"})
    client.force_login(county.clerk_b)
    data = client.get("/api/staff/audit-events?agency=GOV-A").json()
    assert data["count"] == 0 and data["items"] == []
    client.force_login(county.clerk_a)
    data = client.get("/api/staff/audit-events?agency=GOV-A").json()
    assert data["count"] >= 1
    assert {item["agency"] for item in data["items"]} == {"GOV-A"}
    client.logout()
    assert client.get("/api/staff/audit-events").status_code == 401


def test_public_api_lists_agencies_without_staff(county, client):
    data = client.get("/api/agencies").json()
    assert {a["code"] for a in data} == {"GOV", "GOV-A", "GOV-B", "GOV-T", "GOV-T-V"}
    assert all("memberships" not in a and "clerk" not in str(a) for a in data)
    one = client.get("/api/agencies/GOV-T-V").json()
    assert one["parent_code"] == "GOV-T" and one["kind_label"] == "村"
    assert client.get("/api/agencies/NOPE").status_code == 404


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/schema").json()
    assert "/api/agencies" in schema["paths"]
    assert "/api/staff/audit-events" in schema["paths"]


def test_admin_is_scoped(county, client):
    # Even a staff-flagged agency user sees in the admin only what the permission function allows.
    county.clerk_a.is_staff = True
    county.clerk_a.save()
    client.force_login(county.clerk_a)
    listing = client.get("/admin/agencies/agency/").content.decode()
    assert "测试县甲局" in listing and "测试县乙局" not in listing
    assert client.get(f"/admin/agencies/agency/{county.dept_b.pk}/change/").status_code in {302, 403, 404}
    response = client.post(f"/admin/agencies/agency/{county.dept_a.pk}/change/", {"name": "改名"})
    assert response.status_code == 403
    assert Agency.objects.get(code="GOV-A").name == "测试县甲局"
    assert client.get("/admin/accounts/user/").status_code == 403


def test_admin_for_system_admin_goes_through_actions(county, client):
    from gongkai.audit.models import Event

    client.force_login(county.admin)
    assert client.get("/admin/agencies/agency/").status_code == 200
    data = {
        "name": "测试县甲局（新）",
        "short_name": "",
        "kind": "department",
        "parent": county.gov.pk,
        "sort_order": 0,
        "is_active": "on",
        "office_name": "",
        "address": "",
        "office_hours": "",
        "phone": "",
        "fax": "",
        "email": "",
        "website": "",
    }
    response = client.post(f"/admin/agencies/agency/{county.dept_a.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Agency.objects.get(code="GOV-A").name == "测试县甲局（新）"
    assert Event.objects.filter(action="agency.update", actor=county.admin).exists()
