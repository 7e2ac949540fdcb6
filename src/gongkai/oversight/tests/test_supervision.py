"""督办 (issue 13, point 7): the supervising office issues a notice with a working-day deadline on a
case or a report, the agency sees it in its 待办 and by e-mail and replies, the office concludes it;
the register filters and exports; every change is audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.accounts.models import User
from gongkai.audit.models import Event
from gongkai.oversight import actions
from gongkai.oversight.models import Supervision, SupervisionStatus
from gongkai.testing.helpers import PASSWORD, at, in_person

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_case(county, seeded):
    with at(D(2025, 3, 3)):
        return in_person(county, D(2025, 3, 3))


def _todos(user):
    from gongkai.site.panels import todos

    return {t.label: t for t in todos(user)}


def test_supervisor_issues_a_notice_the_agency_sees_and_receives_by_email(
    county, overdue_case, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    User.objects.filter(pk__in=[county.head_a.pk, county.clerk_a.pk]).update(email="a@example.cn")
    User.objects.filter(pk=county.clerk_b.pk).update(email="b@example.cn")
    with at(D(2025, 4, 10)), django_capture_on_commit_callbacks(execute=True):
        s = actions.issue(
            actor=county.supervisor, application=overdue_case, matter="请说明逾期原因并尽快答复", working_days=5
        )
    # 2025-04-10 (Thursday) + 5 working days: 11, 14, 15, 16, 17 April.
    assert (s.agency, s.due_on, s.status) == (county.dept_a, D(2025, 4, 17), SupervisionStatus.ISSUED)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["a@example.cn"]
    assert "请说明逾期原因" in mailoutbox[0].body and "2025年04月17日" in mailoutbox[0].body
    event = Event.objects.for_object(s).get()
    assert event.action == "oversight.issue" and event.actor == county.supervisor
    with at(D(2025, 4, 14)):
        row = _todos(county.head_a)["收到的督办待回复"]
        assert (row.count, row.oldest) == (1, D(2025, 4, 10))
        assert "收到的督办待回复" not in _todos(county.clerk_b)


def test_only_the_supervising_office_issues_and_only_the_agency_replies(county, overdue_case) -> None:
    with pytest.raises(PermissionDenied):
        actions.issue(actor=county.clerk_a, application=overdue_case, matter="自己督办自己", working_days=5)
    with pytest.raises(PermissionDenied):
        actions.issue(actor=county.township_supervisor, application=overdue_case, matter="越级督办", working_days=5)
    with pytest.raises(ValidationError):
        actions.issue(actor=county.supervisor, application=overdue_case, matter="  ", working_days=5)
    s = actions.issue(actor=county.supervisor, application=overdue_case, matter="请尽快答复", working_days=3)
    with pytest.raises(PermissionDenied):
        actions.reply(supervision=s, actor=county.clerk_b, text="不是我们的")
    with pytest.raises(ValidationError):  # an unanswered 督办 closes only as 未整改
        actions.close(supervision=s, actor=county.supervisor, outcome="resolved")


def test_reply_and_close_are_audited_and_shown_in_the_register(client, county, overdue_case) -> None:
    with at(D(2025, 4, 10)):
        s = actions.issue(actor=county.supervisor, application=overdue_case, matter="请尽快答复", working_days=3)
    client.login(username="clerk_a", password=PASSWORD)
    with at(D(2025, 4, 14)):
        client.post(reverse("oversight:reply", args=[s.pk]), {"text": "已于今日答复申请人"})
    s.refresh_from_db()
    assert (s.status, s.replied_on, s.replied_by) == (SupervisionStatus.REPLIED, D(2025, 4, 14), county.clerk_a)
    client.force_login(county.supervisor)
    with at(D(2025, 4, 15)):
        assert "督办已回复、待办结" in _todos(county.supervisor)
        client.post(reverse("oversight:close", args=[s.pk]), {"outcome": "resolved", "note": "已整改到位"})
        page = client.get(reverse("oversight:register")).content.decode()
    s.refresh_from_db()
    assert s.status == SupervisionStatus.CLOSED and s.outcome == "resolved"
    assert [e.action for e in Event.objects.for_object(s).order_by("id")] == [
        "oversight.issue",
        "oversight.reply",
        "oversight.close",
    ]
    assert f"督办第{s.pk}号" in page and "已整改" in page


def test_the_register_filters_overdue_and_by_agency_and_exports_safely(client, county, overdue_case) -> None:
    with at(D(2025, 4, 1)):
        late = actions.issue(
            actor=county.supervisor, application=overdue_case, matter='=HYPERLINK("x")', working_days=2
        )
        other = in_person(county, D(2025, 4, 1))
        other.agency = county.dept_b
        other.save()
    with at(D(2025, 4, 10)):
        fresh = actions.issue(actor=county.supervisor, application=other, matter="请按期答复", working_days=5)
    client.force_login(county.supervisor)
    with at(D(2025, 4, 10)):
        overdue_only = client.get(reverse("oversight:register") + "?overdue=1").content.decode()
        by_agency = client.get(reverse("oversight:register") + f"?agency={county.dept_b.pk}").content.decode()
        exported = client.get(reverse("oversight:export") + "?overdue=1")
    assert f"督办第{late.pk}号" in overdue_only and f"督办第{fresh.pk}号" not in overdue_only
    assert "逾期未回复" in overdue_only
    assert f"督办第{fresh.pk}号" in by_agency and f"督办第{late.pk}号" not in by_agency
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "督办编号" and len(rows) == 2
    assert rows[1][3] == '\'=HYPERLINK("x")' and rows[1][7] == "是"


def test_a_report_can_be_supervised_and_another_office_sees_nothing(client, county, seeded) -> None:
    from gongkai.reports.actions import report_build

    report = report_build(agency=county.dept_b, year=2024, actor=county.clerk_b)
    client.force_login(county.supervisor)
    response = client.post(
        reverse("oversight:new"), {"report": report.pk, "matter": "请尽快审核发布年度报告", "working_days": 5}
    )
    s = Supervision.objects.get()
    assert response.status_code == 302 and s.report == report and s.agency == county.dept_b
    client.force_login(county.clerk_a)
    assert client.get(reverse("oversight:detail", args=[s.pk])).status_code == 404
    assert client.get(reverse("oversight:new") + f"?report={report.pk}").status_code == 403
