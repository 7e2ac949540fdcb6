"""Issue 12, letters and answers (points 6–11, the transfer letter): each test sits at the boundary the
legal review found, with a frozen clock where dates matter, and names the article it enforces."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import actions, services
from gongkai.applications.models import Application, LetterKind, Opinion
from gongkai.testing.helpers import PASSWORD, at, in_person, person

D = dt.date
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
pytestmark = pytest.mark.django_db


def _processing(county, day: dt.date, **values: object) -> Application:
    with at(day):
        a = in_person(county, day, **values)
        actions.accept(application=a, actor=county.clerk_a)
    return a


def _answer_body(a: Application) -> str:
    return a.letters.get(kind=LetterKind.ANSWER).body


# --- 6. 第三十六条第（四）项 and 第（五）项 are two distinct answers ----------------------------------


def test_not_held_needs_to_say_which_of_items_four_and_five(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)), pytest.raises(ValidationError) as caught:
        actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held")
    assert "第三十六条第（四）项" in caught.value.message_dict["not_held_reason"][0]


def test_not_held_item_four_says_the_information_does_not_exist(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.answer(application=a, actor=county.clerk_a, outcome="unable_not_held", not_held_reason="not_exist")
    a.refresh_from_db()
    body = _answer_body(a)
    assert a.legal_basis == "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    assert "该政府信息不存在" in body and "经检索" in body
    assert "（四）（五）" not in body and "第（五）项" not in body and "经审查，经检索" not in body


def test_not_held_item_five_names_the_responsible_agency_and_contact(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.answer(
            application=a,
            actor=county.clerk_a,
            outcome="unable_not_held",
            not_held_reason="other_agency",
            responsible_agency="测试县自然资源局",
            responsible_contact="0000-1234567",
        )
    a.refresh_from_db()
    body = _answer_body(a)
    assert a.legal_basis.endswith("第三十六条第（五）项") and a.outcome == "unable_not_held"
    assert "不属于本机关负责公开" in body
    assert "由测试县自然资源局负责公开（联系方式：0000-1234567），请向该机关提出申请" in body
    assert "不存在" not in body


# --- 7. 第三十五条 and 第三十二条 written notices ------------------------------------------------------


def test_asking_for_reasons_issues_a_letter_dated_the_day_given(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 12)):
        actions.ask_reasons(application=a, actor=county.clerk_a, on=D(2025, 3, 10))
    letter = a.letters.get(kind=LetterKind.REASONS_REQUEST)
    assert letter.issued_on == D(2025, 3, 10) and letter.to_applicant
    assert "第三十五条" in letter.body and "请您说明理由" in letter.body


def test_accepted_reasons_issue_a_letter_with_the_reasonable_deadline(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.ask_reasons(application=a, actor=county.clerk_a)
    with at(D(2025, 3, 14)):
        actions.reasons_accepted(application=a, actor=county.clerk_a, reasons="课题研究需要。", due_on=D(2025, 5, 30))
    letter = a.letters.get(kind=LetterKind.REASONS_DEADLINE)
    assert letter.deadline == D(2025, 5, 30)
    assert "延迟答复的合理期限为2025年5月30日前" in letter.body and "第三十五条" in letter.body
    assert "“课题研究需要”" in letter.body


def _objected(county) -> tuple[Application, object]:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 4)):
        item = actions.consult(
            application=a, actor=county.clerk_a, kind="third_party", party="某公司", delivery="pickup"
        )
    with at(D(2025, 3, 10)):
        actions.consult_reply(consultation=item, actor=county.clerk_a, opinion=Opinion.OBJECT, reply="商业秘密")
    return a, item


def test_disclosure_over_a_third_party_objection_needs_the_written_notice_first(county, seeded) -> None:
    a, item = _objected(county)
    with at(D(2025, 3, 11)), pytest.raises(ValidationError) as caught:
        actions.answer(application=a, actor=county.clerk_a, outcome="granted", text="见附件")
    assert "第三十二条" in caught.value.message_dict["outcome"][0]
    with at(D(2025, 3, 11)):
        actions.notify_third_party(
            consultation=item,
            actor=county.clerk_a,
            content="2024年排污许可执行报告",
            reasons="涉及周边居民健康，不公开可能对公共利益造成重大影响",
        )
        actions.answer(application=a, actor=county.clerk_a, outcome="granted", text="见附件")
    letter = a.letters.get(kind=LetterKind.THIRD_PARTY)
    assert (letter.recipient, letter.to_applicant, letter.issued_on) == ("某公司", False, D(2025, 3, 11))
    assert "决定予以公开" in letter.body and "不公开可能对公共利益造成重大影响" in letter.body
    item.refresh_from_db()
    assert item.disclosure_notified_on == D(2025, 3, 11)


def test_third_party_notice_only_after_an_objection(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 4)):
        item = actions.consult(
            application=a, actor=county.clerk_a, kind="third_party", party="某公司", delivery="pickup"
        )
        with pytest.raises(ValidationError):
            actions.notify_third_party(consultation=item, actor=county.clerk_a, content="x", reasons="y")


# --- 8. Letter dates: 2025年2月8日, never ISO, never "（暂定）"; staff warned when a deadline moves ----


def test_letters_state_definite_chinese_dates_even_in_a_provisional_year(county, seeded) -> None:
    with at(D(2026, 12, 15)):
        a = in_person(county, D(2026, 12, 15))
        actions.accept(application=a, actor=county.clerk_a)
        actions.fee_notice(application=a, actor=county.clerk_a, method="by_pages", units=120, delivery="pickup")
    a.refresh_from_db()
    assert a.due_provisional  # the deadline reaches into 2027, not yet confirmed
    for letter in a.letters.all():
        assert "暂定" not in letter.body, letter.kind
        assert not ISO_DATE.search(letter.body), letter.kind
    receipt = a.letters.get(kind=LetterKind.RECEIPT)
    told = receipt.deadline
    assert told is not None and told.year == 2027
    assert f"即不晚于{told.year}年{told.month}月{told.day}日" in receipt.body


def test_extension_letter_date_is_written_in_chinese(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 20)):
        actions.extend(application=a, actor=county.head_a, days=10, reason="需要汇总。")
    body = a.letters.get(kind=LetterKind.EXTENSION).body
    assert "至2025年4月15日前作出答复" in body and not ISO_DATE.search(body)


def test_case_warns_staff_when_a_stated_deadline_moves(client, county, seeded) -> None:
    with at(D(2026, 12, 15)):
        a = in_person(county, D(2026, 12, 15))
    confirmed = a.due_on
    assert a.due_provisional and services.deadline_warnings(a) == []
    # The receipt was issued while 2027 was provisional and gave one day later; once the year's holidays
    # are confirmed the deadline is recomputed one day earlier: staff must re-notify.
    told = confirmed + dt.timedelta(days=1)
    a.letters.filter(kind=LetterKind.RECEIPT).update(deadline=told)
    Application.objects.filter(pk=a.pk).update(due_on=told)
    with at(D(2026, 12, 20)):
        assert services.recompute_for_years([2027]) == 1
    a.refresh_from_db()
    assert a.due_on == confirmed
    [warning] = services.deadline_warnings(a)
    assert "提前" in warning and "重新书面告知申请人" in warning
    with at(D(2026, 12, 21)):
        client.login(username="clerk_a", password=PASSWORD)
        page = client.get(reverse("applications:case", args=[a.pk])).content.decode()
    assert "重新书面告知申请人" in page
    assert a.letters.get(kind=LetterKind.RECEIPT).deadline == told  # the letter stays as sent


def test_a_lawful_pause_moving_the_deadline_is_no_warning(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 4)):
        actions.consult(application=a, actor=county.clerk_a, kind="agency", party="测试县乙局", delivery="pickup")
    a.refresh_from_db()
    assert a.due_on != a.letters.get(kind=LetterKind.RECEIPT).deadline
    assert services.deadline_warnings(a) == []


def test_no_internal_marker_or_stray_punctuation_in_letters(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3), description="2024年某项目环境影响评价报告。")
        actions.request_correction(application=a, actor=county.clerk_a, items="请写明文号")
    with at(D(2025, 3, 5)):
        actions.receive_correction(application=a, actor=county.clerk_a, text="文号为某发〔2024〕1号")
    with at(D(2025, 3, 10)):
        actions.answer(application=a, actor=county.clerk_a, outcome="granted", text="见附件。")
    a.refresh_from_db()
    assert a.correction_text == "文号为某发〔2024〕1号" and "【补正】" not in a.description
    for letter in a.letters.all():
        assert "【" not in letter.body and "。”。" not in letter.body and "。。" not in letter.body
    assert "“2024年某项目环境影响评价报告”。" in _answer_body(a)


# --- 9. 第三十六条第（七）项: a 行政查询事项 is no 不予公开 decision ------------------------------------


def test_admin_query_answer_points_to_the_special_procedure(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.answer(
            application=a, actor=county.clerk_a, outcome="denied_admin_query", text="请向不动产登记机构申请查询。"
        )
    body = _answer_body(a)
    assert "行政查询事项" in body and "依照有关法律、行政法规的规定办理" in body
    assert "不予公开" not in body  # neither the decision nor the 复议前置 remedy
    assert "六个月内向人民法院提起行政诉讼" in body


def test_a_real_refusal_still_states_review_first(county, seeded) -> None:
    a = _processing(county, D(2025, 3, 3))
    with at(D(2025, 3, 10)):
        actions.answer(application=a, actor=county.clerk_a, outcome="denied_state_secret")
    assert "应当先申请行政复议" in _answer_body(a)


# --- 10. 复议前置 (行政复议法（2023）第二十三条) -------------------------------------------------------


def _answered(county, day: dt.date, outcome: str) -> Application:
    with at(day):
        a = in_person(county, day)
        actions.accept(application=a, actor=county.clerk_a)
        actions.answer(application=a, actor=county.clerk_a, outcome=outcome, text="说明")
    a.refresh_from_db()
    return a


def test_direct_lawsuit_against_a_refusal_since_2024_gets_a_warning(county, seeded) -> None:
    a = _answered(county, D(2024, 1, 2), "partial")
    suit = actions.appeal_create(
        application=a, actor=None, kind="litigation_direct", filed_on=D(2024, 2, 1), body="测试县人民法院"
    )
    assert "第二十三条" in suit.warning


def test_direct_lawsuit_before_2024_or_against_a_grant_gets_none(county, seeded) -> None:
    old = _answered(county, D(2024, 1, 2), "granted")
    suit = actions.appeal_create(
        application=old, actor=None, kind="litigation_direct", filed_on=D(2024, 2, 1), body="测试县人民法院"
    )
    assert suit.warning == ""
    query = _answered(county, D(2024, 1, 2), "denied_admin_query")
    suit = actions.appeal_create(
        application=query, actor=None, kind="litigation_direct", filed_on=D(2024, 2, 1), body="测试县人民法院"
    )
    assert suit.warning == ""


def test_lawsuit_after_review_needs_the_review_on_file(county, seeded) -> None:
    a = _answered(county, D(2024, 1, 2), "denied_state_secret")
    with pytest.raises(ValidationError) as caught:
        actions.appeal_create(
            application=a, actor=None, kind="litigation_after_review", filed_on=D(2024, 5, 1), body="测试县人民法院"
        )
    assert "请先登记该行政复议" in caught.value.message_dict["kind"][0]
    actions.appeal_create(application=a, actor=None, kind="review", filed_on=D(2024, 2, 1), body="测试县人民政府")
    actions.appeal_create(
        application=a, actor=None, kind="litigation_after_review", filed_on=D(2024, 5, 1), body="测试县人民法院"
    )
    assert a.appeals.count() == 2


# --- 11. 村民委员会 and 居民委员会 are not 行政机关 --------------------------------------------------


def test_village_committee_cannot_be_applied_to(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        with pytest.raises(ValidationError) as caught:
            actions.submit_online(agency=county.village, data=person())
        assert "不是行政机关" in caught.value.message_dict["agency"][0]
        a = in_person(county, D(2025, 3, 3))
        with pytest.raises(ValidationError):
            actions.transfer(application=a, actor=county.clerk_a, to_agency=county.village, reason="村里的")
    assert not Application.objects.filter(agency=county.village).exists()
    assert county.village not in services.applicable_agencies()
    assert county.township in services.applicable_agencies()


# --- The transfer letter (第三十六条第（五）项) ------------------------------------------------------


def test_transfer_after_receipt_tells_the_applicant_in_writing(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a = in_person(county, D(2025, 3, 3))
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    assert not a.letters.filter(kind=LetterKind.TRANSFER).exists()  # not before the receiving office takes it
    with at(D(2025, 3, 17)):
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
    letter = a.letters.get(kind=LetterKind.TRANSFER)
    assert letter.to_applicant and letter.signed_by == county.dept_a.name and letter.issued_on == D(2025, 3, 17)
    assert f"由{county.dept_b.name}负责公开" in letter.body and "第三十六条第（五）项" in letter.body
    assert "不晚于2025年3月31日" in letter.body and letter.deadline == D(2025, 3, 31)


def test_transfer_before_receipt_sends_no_transfer_letter(county, seeded) -> None:
    with at(D(2025, 3, 3)):
        a, _ = actions.submit_online(agency=county.dept_a, data=person())
        moved = actions.transfer(application=a, actor=county.clerk_a, to_agency=county.dept_b, reason="乙局制作")
    with at(D(2025, 3, 5)):
        actions.transfer_accept(moved=moved, actor=county.clerk_b)
    assert not a.letters.filter(kind=LetterKind.TRANSFER).exists()
