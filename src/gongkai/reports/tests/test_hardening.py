"""Regression tests of the security probe (issue 11) in the reports app."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from gongkai.reports import actions
from gongkai.testing.helpers import make_user

from .test_flow import records  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_finding_14_breakdown_needs_the_oversight_permission(records, client):  # noqa: F811
    actions.report_build(agency=records.gov, year=2024, actor=records.admin)
    clerk = make_user("clerk_gov", (records.gov, Role.CLERK))
    client.force_login(clerk)
    page = client.get("/workspace/reports/GOV/2024/")
    assert page.status_code == 200 and "查看各机构分项数据" not in page.content.decode()
    refused = client.get("/workspace/reports/GOV/2024/?breakdown=1")
    assert refused.status_code == 403 and records.dept_a.name not in refused.content.decode()

    client.force_login(records.supervisor)
    shown = client.get("/workspace/reports/GOV/2024/?breakdown=1").content.decode()
    assert "查看各机构分项数据" in shown and records.dept_a.name in shown and records.dept_b.name in shown
