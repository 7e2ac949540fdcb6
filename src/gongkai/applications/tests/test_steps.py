"""Each transition declared once (issue 12), the case page's order of steps (issue 13 point 6) and the
correction of an applicant's registered data (issue 12 point 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import actions, steps
from gongkai.applications.models import TRANSITIONS, Status
from gongkai.applications.selectors import PUBLIC_STEPS
from gongkai.audit import labels
from gongkai.audit.models import Event
from gongkai.testing.helpers import PASSWORD, at, in_person

D = dt.date
pytestmark = pytest.mark.django_db


def test_every_transition_has_one_form_and_every_public_step_an_audit_label() -> None:
    assert set(TRANSITIONS) - set(steps.DECIDED_ELSEWHERE) <= set(steps.STEPS)
    for action in PUBLIC_STEPS:
        assert labels.label(action) != action, action


def _case_page(client, a, day: dt.date, user: str = "clerk_a") -> str:
    with at(day):
        client.login(username=user, password=PASSWORD)
        return client.get(reverse("applications:case", args=[a.pk])).content.decode()


def test_case_page_shows_the_next_lawful_steps_first_and_withdraw_folded(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
    page = _case_page(client, a, D(2025, 3, 3))
    actions_part = page[page.index('id="actions"') :]
    folded = actions_part.index('id="other-steps"')
    assert actions_part.index('id="form-accept"') < folded
    assert actions_part.index('id="form-withdraw"') > folded and actions_part.index('id="form-transfer"') > folded
    withdraw = actions_part[actions_part.index('id="form-withdraw"') :]
    assert '<button type="submit" class="btn-secondary">申请人撤回</button>' in withdraw


def test_extension_form_only_while_an_extension_is_possible(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
    assert 'id="form-extend"' in _case_page(client, a, D(2025, 3, 31), "head_a")  # the deadline day itself
    assert 'id="form-extend"' not in _case_page(client, a, D(2025, 4, 1), "head_a")  # 第三十三条第二款: too late
    with at(D(2025, 3, 20)):
        actions.extend(application=a, actor=county.head_a, days=10, reason="需要汇总")
    assert 'id="form-extend"' not in _case_page(client, a, D(2025, 3, 21), "head_a")  # once only


def test_step_form_validates_and_passes_the_date_to_the_action(client, county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
    with at(D(2025, 3, 5)):
        client.login(username="clerk_a", password=PASSWORD)
        bad = client.post(reverse("applications:action", args=[a.pk, "accept"]), {"on": "3月4日"}, follow=True)
        assert "受理未完成" in bad.content.decode()
        client.post(reverse("applications:action", args=[a.pk, "accept"]), {"on": "2025-03-04"})
    a.refresh_from_db()
    assert a.status == Status.PROCESSING
    event = Event.objects.for_object(a).get(action="application.accept")
    assert "2025年3月4日" in event.reason  # accept(on=…) no longer ignores its date
    with at(D(2025, 3, 5)), pytest.raises(ValidationError):
        actions.accept(application=in_person(county, D(2025, 3, 5)), actor=county.clerk_a, on=D(2025, 3, 4))


def test_staff_correct_the_applicant_data_with_a_reason(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3), applicant_name="张山")
        with pytest.raises(ValidationError):
            actions.correct_applicant(
                application=a, actor=county.clerk_a, changes={"applicant_name": "张三"}, reason=""
            )
        with pytest.raises(ValidationError):
            actions.correct_applicant(application=a, actor=county.clerk_a, changes={"outcome": "granted"}, reason="x")
        actions.correct_applicant(
            application=a, actor=county.clerk_a, changes={"applicant_name": "张三"}, reason="登记时笔误"
        )
    a.refresh_from_db()
    assert a.applicant_name == "张三"
    event = Event.objects.for_object(a).get(action="application.correct_applicant")
    assert (event.before, event.after, event.reason) == (
        {"applicant_name": "张山"},
        {"applicant_name": "张三"},
        "登记时笔误",
    )
    assert labels.label("application.correct_applicant") == "更正申请人信息"


def test_correcting_the_applicant_type_of_a_locked_year_is_refused(county, seeded) -> None:
    from gongkai.reports import actions as reports

    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
        actions.answer(application=a, actor=county.clerk_a, outcome="granted", text="见附件")
    with at(D(2026, 1, 20)):
        report = reports.report_build(agency=county.dept_a, year=2025, actor=county.clerk_a)
        reports.report_publish(report=report, confirmed=reports.CHECKLIST, actor=county.reviewer_a)
        reports.year_lock(agency=county.dept_a, year=2025, actor=county.head_a)
        actions.correct_applicant(application=a, actor=county.clerk_a, changes={"phone": "13900000000"}, reason="电话")
        with pytest.raises(ValidationError):
            actions.correct_applicant(
                application=a,
                actor=county.clerk_a,
                changes={"applicant_kind": "organisation", "applicant_type": "commercial", "id_type": "other"},
                reason="其实是公司",
            )
    a.refresh_from_db()
    assert a.applicant_type == "natural_person" and a.phone == "13900000000"
