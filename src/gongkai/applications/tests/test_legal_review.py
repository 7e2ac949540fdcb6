"""Issue 12, errors that closed cases or set deadlines wrongly: each test sits at the exact boundary
the legal review found (第三十条, 109号, 第三十三条, 第三十二、三十四条), with a frozen clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings

from gongkai.applications import actions, services
from gongkai.applications.lapses import close_lapsed
from gongkai.applications.models import Application, FeeStatus, Opinion, Status
from gongkai.testing.helpers import at, in_person, person

D = dt.date
pytestmark = pytest.mark.django_db


def _awaiting_correction(county, deadline: dt.date) -> Application:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
        actions.request_correction(application=a, actor=county.clerk_a, items="请写明文号", deadline=deadline)
    return a


# --- 1. 第三十条: a correction sent online by the deadline is in time -----------------------------


def test_correction_sent_online_on_the_deadline_day_does_not_lapse(county, seeded) -> None:
    a = _awaiting_correction(county, D(2025, 10, 20))
    with at(D(2025, 10, 20)):
        actions.submit_correction_online(application=a, text="文号为某发〔2024〕1号")
    with at(D(2025, 10, 21)), pytest.raises(ValidationError) as caught:
        actions.correction_lapsed(application=a, actor=county.clerk_a)
    assert "第三十条" in caught.value.message_dict["on"][0]
    with at(D(2025, 10, 21)):
        assert close_lapsed(today=D(2025, 10, 21)).corrections == 0
        actions.receive_correction(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    assert a.status == Status.PROCESSING and a.outcome == ""


def test_correction_sent_online_after_the_deadline_is_left_for_staff(county, seeded) -> None:
    a = _awaiting_correction(county, D(2025, 10, 20))
    with at(D(2025, 10, 21)):
        actions.submit_correction_online(application=a, text="晚了一天")
    with at(D(2025, 10, 22)):
        result = close_lapsed(today=D(2025, 10, 22))
        assert (result.corrections, result.refused) == (0, 1)
        # Without a 正当理由 staff may still close it (第三十条).
        actions.correction_lapsed(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    assert a.outcome == "other_no_correction"


def test_daily_command_closes_only_the_missing_correction(county, seeded, capsys) -> None:
    in_time = _awaiting_correction(county, D(2025, 10, 20))
    missing = _awaiting_correction(county, D(2025, 10, 20))
    with at(D(2025, 10, 20)):
        actions.submit_correction_online(application=in_time, text="补正内容")
        call_command("close-lapsed")  # the deadline day itself: nothing lapses
    assert Application.objects.filter(status=Status.CLOSED).count() == 0
    with at(D(2025, 10, 21)):
        call_command("close-lapsed")
    in_time.refresh_from_db()
    missing.refresh_from_db()
    assert in_time.status == Status.CORRECTION and in_time.outcome == ""
    assert (missing.status, missing.outcome, missing.answered_on) == (
        Status.CLOSED,
        "other_no_correction",
        D(2025, 10, 21),
    )
    assert "逾期不补正 1 件" in capsys.readouterr().out


# --- 2. 109号: the payment window runs from the applicant's receipt of the notice ----------------


def _processing(county, day: dt.date) -> Application:
    with at(day):
        a = in_person(county, day)
        actions.accept(application=a, actor=county.clerk_a)
    return a


def test_fee_window_runs_from_the_signed_receipt_of_a_posted_notice(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 3)):
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=120, delivery="post")
    a.refresh_from_db()
    # Not yet signed: presumed 5 working days after posting (03-10), then 20 working days (清明 04-04 off).
    assert (a.fee_notice_received_on, a.fee_due_on) == (D(2025, 3, 10), D(2025, 4, 8))
    with at(D(2025, 3, 7)):
        actions.fee_notice_received(application=a, actor=county.clerk_a, received_on=D(2025, 3, 6))
    a.refresh_from_db()
    # 自收到本通知次日起 20 working days: 03-07 … 04-03 (not 03-31, 20 days after the issue day).
    assert a.fee_due_on == D(2025, 4, 3)
    with at(D(2025, 4, 1)), pytest.raises(ValidationError):
        actions.fee_lapsed(application=a, actor=county.clerk_a)
    with at(D(2025, 4, 3)):
        assert close_lapsed(today=D(2025, 4, 3)).fees == 0
    with at(D(2025, 4, 7)):
        assert close_lapsed(today=D(2025, 4, 7)).fees == 1
    a.refresh_from_db()
    assert (a.outcome, a.fee_status) == ("other_fee_unpaid", FeeStatus.LAPSED)


def test_fee_notice_handed_over_or_emailed_is_received_the_same_day(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 3)):
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=120, delivery="email")
    a.refresh_from_db()
    assert (a.fee_notice_received_on, a.fee_due_on) == (D(2025, 3, 3), D(2025, 3, 31))


def test_fee_window_is_recomputed_when_a_year_is_confirmed(county, seeded) -> None:
    a = _processing(county, D(2026, 12, 15))
    with at(D(2026, 12, 15)):
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=120, delivery="pickup")
    a.refresh_from_db()
    expected = a.fee_due_on
    assert expected.year == 2027
    Application.objects.filter(pk=a.pk).update(fee_due_on=D(2000, 1, 1))
    assert services.recompute_for_years([2027]) == 1
    a.refresh_from_db()
    assert a.fee_due_on == expected


# --- 3. 按件计收 counts the applications to the charging agency ----------------------------------


def test_fee_by_count_counts_only_applications_to_the_charging_agency(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        for _ in range(10):
            actions.register(
                agency=county.dept_b,
                actor=county.clerk_b,
                data=person(),
                channel="in_person",
                submitted_on=D(2025, 3, 3),
            )
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
        assert actions.month_count(a) == 1
        with pytest.raises(ValidationError):  # the 1st 件 at 部门 A is free (109号 第四条)
            actions.fee_notice(application=a, actor=county.clerk_a, method="by_count", delivery="pickup")
        for _ in range(10):
            in_person(county, D(2025, 3, 3))
        b = Application.objects.filter(agency=county.dept_a).order_by("-id").first()
        actions.accept(application=b, actor=county.clerk_a)
        actions.fee_notice(application=b, actor=county.clerk_a, method="by_count", delivery="pickup")
    b.refresh_from_db()
    assert (b.fee_units, b.fee_amount) == (11, Decimal("100"))


# --- 4. 第三十三条: a transfer after receipt keeps the first receipt ------------------------------


def test_transfer_after_receipt_keeps_the_original_deadline(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        due = a.due_on
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    with at(D(2025, 3, 17)):
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
    a.refresh_from_db()
    assert due == D(2025, 3, 31)
    assert (a.agency, a.received_on, a.due_on, a.status) == (county.dept_b, D(2025, 3, 3), due, Status.PROCESSING)
    assert services.clock(a, D(2025, 3, 17)).days_left == 10


def test_transfer_before_receipt_counts_the_receiving_office_receipt(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a, _ = actions.submit_online(agency=county.dept_a, data=person())
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    with at(D(2025, 3, 5)):
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
    a.refresh_from_db()
    assert (a.agency, a.received_on, a.status, a.due_on) == (
        county.dept_b,
        D(2025, 3, 5),
        Status.REGISTERED,
        D(2025, 4, 2),
    )


@override_settings(GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK=False)
def test_transfer_before_receipt_without_the_setting_waits_for_confirmation(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a, _ = actions.submit_online(agency=county.dept_a, data=person())
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    with at(D(2025, 3, 5)):
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
        actions.confirm(application=a, actor=county.clerk_b)
    a.refresh_from_db()
    assert (a.agency, a.received_on, a.status) == (county.dept_b, D(2025, 3, 5), Status.REGISTERED)


# --- 5. 第三十二、三十四条: the consultation window runs from the consulted party's receipt ---------


def test_consultation_window_runs_from_the_recorded_receipt(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 5)):
        item = actions.consult(application=a, actor=county.clerk_a, kind="agency", party="测试县乙局", delivery="post")
    item.refresh_from_db()
    assert (item.received_on, item.window_ends_on) == (D(2025, 3, 12), D(2025, 4, 2))
    with at(D(2025, 3, 10)):
        actions.consult_received(consultation=item, actor=county.clerk_a, received_on=D(2025, 3, 7))
    item.refresh_from_db()
    # 15 working days from the day after 03-07; counted from the sending day it would end 03-26.
    assert item.window_ends_on == D(2025, 3, 28)
    with at(D(2025, 3, 27)), pytest.raises(ValidationError):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.NO_REPLY)
    with at(D(2025, 3, 28)), pytest.raises(ValidationError):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.NO_REPLY)
    with at(D(2025, 3, 31)):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.NO_REPLY)
    item.refresh_from_db()
    a.refresh_from_db()
    assert (item.opinion, item.replied_on) == (Opinion.CONSENT, D(2025, 3, 28))
    # The pause (03-05, 03-28] skips 17 working days: 03-31 + 17 working days, 清明 04-04 off.
    assert a.due_on == D(2025, 4, 24)


def test_consultation_handed_over_is_received_the_same_day(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 5)):
        item = actions.consult(
            application=a, actor=county.clerk_a, kind="third_party", party="某公司", delivery="pickup"
        )
    assert (item.received_on, item.window_ends_on) == (D(2025, 3, 5), D(2025, 3, 26))
