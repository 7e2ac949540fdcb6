"""Regression tests of issue 11's findings that concern the whole site: CSP, odd parameters on the
staff side and the API, the error pages (docs/security.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from gongkai.site.views import server_error

PACKAGE = Path(__file__).resolve().parents[2]


def test_finding_11_strict_content_security_policy_on_pages(db) -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"


def test_finding_11_no_inline_script_or_event_handler_in_templates() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text):
            offenders.append(str(template.relative_to(PACKAGE)))
    assert offenders == []


def test_finding_11_api_docs_served_locally(db) -> None:
    page = Client().get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200


def test_finding_12_staff_parameters_out_of_range_are_4xx_in_chinese(county, seeded) -> None:
    client = Client()
    client.force_login(county.supervisor)
    huge = str(2**70)
    for query in ({"offset": huge}, {"limit": "1000000"}, {"limit": "0"}, {"offset": "-1"}, {"year": "99999"}):
        for url in ("/api/staff/applications", "/api/staff/audit-events"):
            if "year" in query and "audit" in url:
                continue
            response = client.get(url, query)
            assert response.status_code == 422, (url, query)
            assert response.json()["detail"] == "输入有误"
    ok = client.get("/api/staff/audit-events", {"limit": "100"})
    assert ok.status_code == 200
    listing = client.get("/workspace/applications/", {"page": huge})
    assert listing.status_code == 400 and "页码" in listing.content.decode()
    assert (
        client.get("/workspace/applications/ledger/export.xlsx", {"agency": "abc", "year": "2025"}).status_code == 400
    )
    assert client.get("/workspace/applications/letter-templates/", {"agency": "abc"}).status_code in {400, 403}
    assert client.get("/workspace/reports/YX/99999/").status_code == 404


def test_finding_12_nul_in_query_or_path_is_400_not_a_database_error(db) -> None:
    client = Client()
    for url, query in (
        ("/api/items", {"q": "春\x00耕"}),
        ("/items/search/", {"agency": "\x00"}),
        ("/items/a%00b/", {}),
    ):
        response = client.get(url, query)
        assert response.status_code == 400 and "NUL" in response.content.decode()


def test_finding_17_not_found_page_is_chinese_in_the_site_layout(db) -> None:
    response = Client().get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html
    assert 'class="site-header"' in html  # extends gongkai/base.html
    for way_back in ('href="/"', 'href="/items/search/"', 'href="/apply/"'):
        assert way_back in html
    assert "tried" not in html and "Page not found" not in html


def test_finding_17_forbidden_page_is_chinese(county) -> None:
    client = Client()
    client.force_login(county.clerk_b)
    response = client.get("/workspace/applications/letter-templates/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and 'href="/apply/"' in html and "403 Forbidden" not in html


def test_finding_17_server_error_page_renders_without_the_database() -> None:
    # No database fixture: any query would fail the test (pytest-django blocks database access).
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统错误" in html and 'href="/apply/"' in html


@pytest.mark.django_db
def test_finding_17_bad_request_page_shows_the_parameter_message() -> None:
    response = Client().get("/items/search/", {"page": "abc"})
    assert response.status_code == 400 and "页码应为" in response.content.decode()
