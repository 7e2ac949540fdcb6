"""Every step of the workflow through the actions: permissions, transitions, clock, letters, audit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import actions, querycode, services
from gongkai.applications.models import (
    Application,
    FeeStatus,
    LetterKind,
    Opinion,
    Status,
    TransferStatus,
)
from gongkai.audit.models import Event
from gongkai.testing.helpers import at, in_person, person

D = dt.date
pytestmark = pytest.mark.django_db


def actions_of(application: Application) -> list[str]:
    return list(Event.objects.for_object(application).order_by("id").values_list("action", flat=True))


def test_register_in_person_sets_receipt_due_date_letter_and_audit(
    county, seeded, django_capture_on_commit_callbacks
) -> None:
    with at(D(2025, 9, 25)), django_capture_on_commit_callbacks(execute=True):
        a = in_person(county, D(2025, 9, 25))
    assert a.status == Status.REGISTERED and a.received_on == D(2025, 9, 25)
    assert a.due_on == D(2025, 10, 29) and not a.due_provisional
    assert a.receipt_number == "GOV-A-2025-00001"
    assert "第三十一条第（一）项" in a.received_basis
    assert a.letters.get().kind == LetterKind.RECEIPT
    assert actions_of(a) == ["application.register", "application.confirm"]
    assert mail.outbox and "答复期限为2025年10月29日" in mail.outbox[-1].body


def test_receipt_numbers_are_serial_per_agency_and_year(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        first = in_person(county, D(2025, 9, 25))
        second = in_person(county, D(2025, 9, 25))
    assert (first.receipt_number, second.receipt_number) == ("GOV-A-2025-00001", "GOV-A-2025-00002")


def test_query_code_is_stored_hashed_and_finds_only_its_case(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a, code = actions.submit_online(agency=county.dept_a, data=person())
    assert re.fullmatch(r"[0-9A-Z]{4}( [0-9A-Z]{4}){3}", code) and code not in (a.query_code_hash or "")
    assert querycode.find_by_code(code).pk == a.pk
    assert querycode.find_by_code(code + "x") is None
    assert a.status == Status.SUBMITTED and a.received_on is None and a.due_on is None


def test_invalid_identity_number_is_refused_with_a_field_error(county, seeded) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.submit_online(agency=county.dept_a, data=person(id_number="110105194912310021"))
    assert "校验位" in caught.value.message_dict["id_number"][0]
    assert not Application.objects.exists()


def test_organisation_needs_a_report_type(county, seeded) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.submit_online(
            agency=county.dept_a,
            data=person(applicant_kind="organisation", id_type="uscc", id_number="91350100M000100Y43"),
        )
    assert "applicant_type" in caught.value.message_dict
    a, _ = actions.submit_online(
        agency=county.dept_a,
        data=person(
            applicant_kind="organisation", applicant_type="commercial", id_type="uscc", id_number="91350100M000100Y43"
        ),
    )
    assert a.applicant_type == "commercial"


def test_online_confirmation_fixes_receipt_on_the_confirmation_day(county, seeded) -> None:
    with at(D(2025, 9, 24)):
        a, _ = actions.submit_online(agency=county.dept_a, data=person())
    with at(D(2025, 9, 25)):
        actions.confirm(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    assert a.received_on == D(2025, 9, 25) and a.due_on == D(2025, 10, 29)
    assert "第三十一条第（三）项" in a.received_basis


def test_registered_mail_counts_from_signature(county, seeded) -> None:
    with at(D(2025, 9, 30)):
        a, _ = actions.register(
            agency=county.dept_a,
            actor=county.clerk_a,
            data=person(),
            channel="registered_mail",
            arrived_on=D(2025, 9, 24),
            signed_on=D(2025, 9, 25),
        )
    assert a.received_on == D(2025, 9, 25)


def test_clerk_of_another_agency_cannot_act(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
        with pytest.raises(PermissionDenied):
            actions.accept(application=a, actor=county.clerk_b)
        with pytest.raises(PermissionDenied):
            actions.accept(application=a, actor=county.supervisor)


def test_correction_cycle_restarts_the_clock(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
    with at(D(2025, 9, 26)):
        actions.request_correction(
            application=a, actor=county.clerk_a, items="请说明项目名称", deadline=D(2025, 10, 20)
        )
    a.refresh_from_db()
    assert a.status == Status.CORRECTION and a.due_on is None
    assert a.letters.filter(kind=LetterKind.CORRECTION).count() == 1
    with at(D(2025, 10, 13)):
        actions.receive_correction(application=a, actor=county.clerk_a, text="某某路改造项目")
    a.refresh_from_db()
    assert a.status == Status.PROCESSING and a.due_on == D(2025, 11, 10)
    with at(D(2025, 10, 14)), pytest.raises(ValidationError) as caught:
        a.status = Status.REGISTERED
        a.save()
        actions.request_correction(application=a, actor=county.clerk_a, items="再补一次")
    assert "一次性" in caught.value.message_dict["items"][0]


def test_correction_notice_after_seven_working_days_is_refused(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
    with at(D(2025, 10, 13)), pytest.raises(ValidationError) as caught:
        actions.request_correction(application=a, actor=county.clerk_a, items="x")
    assert "2025-10-11" in caught.value.message_dict["on"][0]


def test_correction_lapse_closes_as_other_no_correction(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
        actions.request_correction(application=a, actor=county.clerk_a, items="x", deadline=D(2025, 10, 20))
    with at(D(2025, 10, 20)), pytest.raises(ValidationError):
        actions.correction_lapsed(application=a, actor=county.clerk_a)
    with at(D(2025, 10, 21)):
        actions.correction_lapsed(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    assert (a.status, a.outcome, a.answered_on) == (Status.CLOSED, "other_no_correction", D(2025, 10, 21))


def test_extension_needs_the_head_once_and_before_the_deadline(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
        actions.accept(application=a, actor=county.clerk_a)
    with at(D(2025, 10, 20)):
        with pytest.raises(PermissionDenied):
            actions.extend(application=a, actor=county.clerk_a, days=20, reason="信息量大")
        with pytest.raises(ValidationError):
            actions.extend(application=a, actor=county.head_a, days=21, reason="信息量大")
        actions.extend(application=a, actor=county.head_a, days=20, reason="信息量大")
        with pytest.raises(ValidationError) as caught:
            actions.extend(application=a, actor=county.head_a, days=5, reason="again")
    assert "只能延长一次" in caught.value.message_dict["days"][0]
    a.refresh_from_db()
    assert a.due_on == D(2025, 11, 26) and a.extension_approved_by == county.head_a
    assert a.letters.filter(kind=LetterKind.EXTENSION).exists()


def test_extension_after_the_original_deadline_is_refused(county, seeded) -> None:
    with at(D(2025, 9, 25)):
        a = in_person(county, D(2025, 9, 25))
        actions.accept(application=a, actor=county.clerk_a)
    with at(D(2025, 10, 30)), pytest.raises(ValidationError) as caught:
        actions.extend(application=a, actor=county.head_a, days=10, reason="x")
    assert "届满前" in caught.value.message_dict["on"][0]


def test_consultation_pauses_and_agency_silence_is_consent(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
    with at(D(2025, 3, 5)):
        # Handed over: received the day it is sent (第三十四条 counts from the receipt).
        item = actions.consult(
            application=a, actor=county.clerk_a, kind="agency", party="测试县乙局", delivery="pickup"
        )
    a.refresh_from_db()
    assert a.status == Status.CONSULTING
    with at(D(2025, 3, 20)), pytest.raises(ValidationError):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.NO_REPLY)
    with at(D(2025, 3, 27)):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.NO_REPLY)
    item.refresh_from_db()
    a.refresh_from_db()
    assert item.opinion == Opinion.CONSENT and item.replied_on == D(2025, 3, 26)
    assert a.status == Status.PROCESSING
    # 15 working days paused (03-06..03-26): the due date moves from 03-31 by 15 working days.
    assert a.due_on == D(2025, 4, 22)
    assert a.letters.filter(kind=LetterKind.CONSULTATION, to_applicant=False).exists()


def test_transfer_accept_moves_the_case_and_keeps_the_first_receipt(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    with at(D(2025, 3, 5)):
        with pytest.raises(PermissionDenied):
            actions.transfer_accept(moved=moved, actor=county.clerk_a)
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
    a.refresh_from_db()
    moved.refresh_from_db()
    assert a.agency == county.dept_b and moved.status == TransferStatus.ACCEPTED
    # 第三十三条: the time limit runs from the first office's receipt; no restart (issue 12, point 4).
    assert a.received_on == D(2025, 3, 3) and a.status == Status.PROCESSING and a.due_on == D(2025, 3, 31)


def test_transfer_return_keeps_the_case(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
        with pytest.raises(ValidationError):
            actions.transfer_return(moved=moved, actor=county.clerk_b, reason=" ")
        actions.transfer_return(moved=moved, actor=county.clerk_b, reason="不是本局信息")
    a.refresh_from_db()
    assert a.agency == county.dept_a and a.status == Status.PROCESSING and a.received_on == D(2025, 3, 3)


def test_fee_by_count_notice_payment_and_lapse(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        cases = [in_person(county, D(2025, 3, 3)) for _ in range(11)]
        a = cases[-1]
        actions.accept(application=a, actor=county.clerk_a)
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_count", delivery="pickup")
    a.refresh_from_db()
    assert a.fee_amount == Decimal("100") and a.fee_units == 11 and a.status == Status.FEE_PENDING
    assert a.fee_due_on == D(2025, 3, 31)
    with at(D(2025, 4, 1)):
        actions.fee_lapsed(application=a, actor=county.clerk_a)
    a.refresh_from_db()
    assert (a.outcome, a.fee_status, a.status) == ("other_fee_unpaid", FeeStatus.LAPSED, Status.CLOSED)


def test_fee_below_threshold_is_refused_and_payment_resumes(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
        with pytest.raises(ValidationError):
            actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=30)
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=120, delivery="pickup")
    with at(D(2025, 3, 10)):
        actions.fee_settle(application=a, actor=county.clerk_a, result="paid", receipt_no="NO.1")
    a.refresh_from_db()
    assert a.fee_amount == Decimal("1100") and a.fee_paid_amount == Decimal("1100")
    # 03-31 plus the 5 paused working days, skipping 清明 (2025-04-04)
    assert a.status == Status.PROCESSING and a.due_on == D(2025, 4, 8)


def test_article_35_reasons(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        b = in_person(county, D(2025, 3, 3))
        for case in (a, b):
            actions.accept(application=case, actor=county.clerk_a)
            actions.ask_reasons(application=case, actor=county.clerk_a)
        actions.reasons_accepted(application=a, actor=county.clerk_a, reasons="研究需要", due_on=D(2025, 5, 30))
        actions.reasons_rejected(application=b, actor=county.clerk_a, reasons="无")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.due_on == D(2025, 5, 30) and a.status == Status.PROCESSING
    assert b.outcome == "rejected_mass_repeat" and b.status == Status.ANSWERED


def test_answer_partial_with_file_then_deliver(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
    upload = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    with at(D(2025, 3, 20)):
        with pytest.raises(ValidationError):
            actions.answer(application=a, actor=county.clerk_a, outcome="partial")
        actions.answer(
            application=a, actor=county.clerk_a, outcome="partial", text="第三页涉及个人隐私", files=[upload]
        )
        actions.deliver(application=a, actor=county.clerk_a, method="post")
    a.refresh_from_db()
    assert (a.status, a.outcome, a.answered_on, a.delivered_on) == (
        Status.CLOSED,
        "partial",
        D(2025, 3, 20),
        D(2025, 3, 20),
    )
    letter = a.letters.get(kind=LetterKind.ANSWER)
    assert "第三十七条" in letter.body and "报告.pdf" in letter.body
    assert "行政复议" in letter.body and "第二十三条" in letter.body


def test_unable_unclear_only_after_a_correction(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        with pytest.raises(ValidationError):
            actions.answer(application=a, actor=county.clerk_a, outcome="unable_unclear")


def test_withdraw_counts_as_other_other(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a, _ = actions.submit_online(agency=county.dept_a, data=person())
        actions.withdraw(application=a, actor=None, reason="不再需要")
    a.refresh_from_db()
    assert (a.status, a.outcome, a.received_on) == (Status.CLOSED, "other_other", D(2025, 3, 3))
    with pytest.raises(ValidationError):
        actions.withdraw(application=a, actor=None)


def test_every_transition_is_audited(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        actions.accept(application=a, actor=county.clerk_a)
        actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held", not_held_reason="not_exist")
        actions.deliver(application=a, actor=county.clerk_a, method="post")
    assert actions_of(a) == [
        "application.register",
        "application.confirm",
        "application.accept",
        "application.answer",
        "application.deliver",
    ]


def test_recompute_callback_updates_provisional_due_dates(county, seeded) -> None:
    with at(D(2026, 12, 15)):
        a = in_person(county, D(2026, 12, 15))
    assert a.due_provisional
    Application.objects.filter(pk=a.pk).update(due_on=D(2000, 1, 1))
    assert services.recompute_for_years([2027]) == 1
    a.refresh_from_db()
    assert a.due_on.year == 2027
