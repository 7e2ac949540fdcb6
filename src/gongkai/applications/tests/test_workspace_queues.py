"""The 待办 panel of 依申请公开 (issue 13, point 5): every queue that holds up the legal clock appears
for the people who work it off, with its count and how long the oldest item has waited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import actions
from gongkai.applications.models import Status
from gongkai.testing.helpers import PASSWORD, at, in_person, person

D = dt.date
pytestmark = pytest.mark.django_db


def _rows(user):
    from gongkai.site.panels import todos

    return {t.label: t for t in todos(user)}


def test_a_new_online_application_waits_in_the_agencys_panel_with_its_age(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        actions.submit_online(agency=county.dept_a, data=person())
    with at(D(2025, 3, 6)):
        row = _rows(county.clerk_a)["待确认收到的在线申请"]
        assert (row.count, row.urgent, row.oldest, row.age) == (1, True, D(2025, 3, 3), "最早一件已等待 3 天")
        assert row.url.endswith("?view=submitted")
        assert "待确认收到的在线申请" not in _rows(county.clerk_b)  # another agency's
        assert "待确认收到的在线申请" not in _rows(county.supervisor)  # a supervisor confirms nothing


def test_an_incoming_transfer_waits_in_the_receiving_agencys_panel(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="由乙局负责公开")
    with at(D(2025, 3, 4)):
        row = _rows(county.clerk_b)["待接收的转办"]
        assert (row.count, row.oldest) == (1, D(2025, 3, 3))
        assert "待接收的转办" not in _rows(county.clerk_a)


def test_consultations_and_fees_waiting_on_others_are_listed(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        consulted = in_person(county, D(2025, 3, 3))
        actions.accept(application=consulted, actor=county.clerk_a)
        actions.consult(application=consulted, actor=county.clerk_a, kind="third_party", party="某公司")
        charged = in_person(county, D(2025, 3, 3), applicant_name="李四", id_number="", id_type="")
        actions.accept(application=charged, actor=county.clerk_a)
        actions.fee_notice(application=charged, actor=county.clerk_a, method="by_pages", units=500)
    with at(D(2025, 3, 5)):
        rows = _rows(county.clerk_a)
    assert rows["征求意见待回复"].count == 1 and rows["征求意见待回复"].oldest == D(2025, 3, 3)
    assert rows["待申请人缴费"].count == 1
    charged.refresh_from_db()
    assert charged.status == Status.FEE_PENDING


def test_overdue_and_due_soon_rows_say_how_late_the_oldest_is(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        in_person(county, D(2025, 3, 3))
    with at(D(2025, 4, 10)):
        row = _rows(county.clerk_a)["已超过答复期限的申请"]
    assert row.count == 1 and row.age.startswith("最久已逾期 ")


def test_the_workspace_page_shows_each_queue_with_its_age(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        actions.submit_online(agency=county.dept_a, data=person())
    client.login(username="clerk_a", password=PASSWORD)
    with at(D(2025, 3, 5)):
        page = client.get(reverse("site:workspace")).content.decode()
        listing = client.get(reverse("applications:cases") + "?view=submitted").content.decode()
    assert "待确认收到的在线申请" in page and "最早一件已等待 2 天" in page
    assert "待确认收到" in listing and "张三" in listing
