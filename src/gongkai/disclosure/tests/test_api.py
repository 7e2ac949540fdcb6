import pytest
from django.test import Client

from gongkai.disclosure.actions import item_withdraw

pytestmark = pytest.mark.django_db


def test_list_search_pages_and_detail(county, make_published, make_draft):
    items = [make_published(title=f"道路养护公告第{n}号", body="<p>养护</p>") for n in range(23)]
    make_draft(title="道路养护草稿")
    data = Client().get("/api/items", {"q": "养护"}).json()
    assert data["count"] == 23 and len(data["results"]) == 20 and data["previous"] is None
    first = data["results"][0]
    assert set(first) == {"index_number", "title", "agency", "category", "formed", "published", "url", "snippet"}
    assert first["snippet"] == "<mark>养护</mark>"
    second = Client().get(data["next"]).json()
    assert len(second["results"]) == 3 and second["next"] is None and "page=1" in second["previous"]
    assert Client().get("/api/items", {"q": "养", "year": 2024}).json()["count"] == 0
    assert Client().get("/api/items", {"agency": county.dept_b.code}).json()["count"] == 0
    detail = Client().get(f"/api/items/{items[0].index_number}").json()
    assert detail["body_text"] == "养护" and detail["index_number"] == items[0].index_number
    item_withdraw(item=items[0], actor=county.reviewer_a, reason="重复发布")
    detail = Client().get(f"/api/items/{items[0].index_number}").json()
    assert detail["status"] == "withdrawn" and detail["body_text"] == "" and detail["withdrawn_reason"] == "重复发布"


def test_bad_filters_are_422_in_chinese_and_unknown_item_404(county):
    response = Client().get("/api/items", {"agency": "NOPE", "page": 0})
    assert response.status_code == 422
    assert "不存在" in response.json()["errors"]["agency"][0]
    assert Client().get("/api/items/NOPE/2025-00001").status_code == 404
    assert "/api/items" in Client().get("/api/schema").content.decode()
