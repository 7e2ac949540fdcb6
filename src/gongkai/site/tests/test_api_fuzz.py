"""Keep it closed (issue 11, a): every operation of the OpenAPI schema (/api/schema), fuzzed by
schemathesis from the schema itself, answers anything but a 5xx, anonymously and as logged-in staff.

In process: schemathesis calls the WSGI application, so the requests reach the test database of the
running test. Examples are bounded (a few per operation) to keep the suite fast; a new operation is
fuzzed without anyone listing it here."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from gongkai.testing.helpers import County

_handler = get_wsgi_application()


def _app(environ: dict, start_response: Callable) -> list[bytes]:
    """The WSGI application as Django's test client runs it: a request's end must not close the
    database connection, which holds the test's transaction (PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = _handler(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return [body]


schema = schemathesis.openapi.from_wsgi("/api/schema", _app)
# Methods an operation does not have answer 405 from Django itself: not worth the suite's time.
schema.config.phases.coverage.unexpected_methods = set()

FUZZ = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _staff_cookies(county: County) -> tuple[dict[str, str], dict[str, str]]:
    client = Client()
    client.force_login(county.supervisor)
    client.get("/workspace/")  # sets the CSRF cookie
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    token = cookies.get(django_settings.CSRF_COOKIE_NAME, "")
    return cookies, {"X-CSRFToken": token}


def _no_server_error(case: schemathesis.Case, **kwargs: object) -> None:
    response = case.call(**kwargs)
    assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}"


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_fuzz_anonymous_no_5xx(case: schemathesis.Case, county: County) -> None:
    _no_server_error(case)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_api_fuzz_staff_no_5xx(case: schemathesis.Case, county: County, seeded) -> None:
    cookies, headers = _staff_cookies(county)
    _no_server_error(case, cookies=cookies, headers=headers)
