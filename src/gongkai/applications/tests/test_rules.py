"""Pure rules other than the clock: receipt date, fees, identity numbers, outcome labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.applications.models import OUTCOME_ROWS, TRANSITIONS, Status, allowed_transitions, parse_outcome
from gongkai.applications.rules import (
    fee_by_count,
    fee_by_pages,
    received_date,
    validate_resident_id,
    validate_uscc,
)
from gongkai.testing.helpers import RESIDENT_ID, USCC

D = dt.date


def test_received_date_by_channel() -> None:
    assert received_date("in_person", submitted_on=D(2025, 3, 3)).date == D(2025, 3, 3)
    mail = received_date("registered_mail", submitted_on=D(2025, 3, 1), signed_on=D(2025, 3, 4))
    assert mail.date == D(2025, 3, 4) and "签收" in mail.explanation
    letter = received_date("ordinary_letter", submitted_on=None, arrived_on=D(2025, 3, 4), confirmed_on=D(2025, 3, 6))
    assert letter.date == D(2025, 3, 6) and "当日" in letter.warning
    online = received_date("online", submitted_on=D(2025, 3, 1), confirmed_on=None)
    assert online.date is None
    assert received_date("fax", submitted_on=None, confirmed_on=D(2025, 3, 5)).date == D(2025, 3, 5)


@pytest.mark.parametrize(("count", "fee"), [(10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)])
def test_fee_by_count_marginal(count: int, fee: int) -> None:
    assert fee_by_count(count) == Decimal(fee)


def test_fee_by_count_several_items() -> None:
    # 30 件 in the month, this application 5 of them (26..30): 5 × 100 元.
    assert fee_by_count(30, 5) == Decimal(500)
    # 28..32: 28, 29, 30 at 100, 31, 32 at 200.
    assert fee_by_count(32, 5) == Decimal(700)
    with pytest.raises(ValueError):
        fee_by_count(2, 3)


@pytest.mark.parametrize(
    ("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)]
)
def test_fee_by_pages(pages: int, fee: int) -> None:
    assert fee_by_pages(pages) == Decimal(fee)


def test_resident_id() -> None:
    assert validate_resident_id(RESIDENT_ID.lower()) == RESIDENT_ID
    with pytest.raises(ValueError, match="校验位"):
        validate_resident_id("110105194912310021")
    with pytest.raises(ValueError, match="出生日期"):
        validate_resident_id("110105194913310021")
    with pytest.raises(ValueError, match="18位"):
        validate_resident_id("1101051949")


def test_uscc() -> None:
    assert validate_uscc(USCC) == USCC
    with pytest.raises(ValueError, match="校验位"):
        validate_uscc(USCC[:-1] + "1")
    with pytest.raises(ValueError, match="18位"):
        validate_uscc("91350100M000100YI3")


def test_outcome_keys_and_labels_are_the_report_rows() -> None:
    keys = [k for k, _ in OUTCOME_ROWS]
    assert keys[0] == "granted" and keys[-1] == "other_other" and len(keys) == 21
    assert parse_outcome("（三）1.属于国家秘密") == "denied_state_secret"
    assert parse_outcome("属于国家秘密") == "denied_state_secret"
    assert parse_outcome("1.属于国家秘密") == "denied_state_secret"
    assert parse_outcome("部分公开") == "partial"
    assert parse_outcome("其他") == "other_other"
    assert parse_outcome("（六）其他处理") is None
    assert parse_outcome("3.其他") == "other_other"
    assert parse_outcome("granted") == "granted"
    assert parse_outcome("予以公开") == "granted"


def test_transitions_are_data() -> None:
    # 转办 before receipt: the receiving office's receipt then counts (第三十一条, issue 12 point 4).
    assert allowed_transitions(Status.SUBMITTED) == ["confirm", "assign", "transfer", "withdraw", "correct_applicant"]
    assert "withdraw" not in allowed_transitions(Status.ANSWERED)
    # Only a correction of the applicant's registered data once closed (issue 12 point 13).
    assert allowed_transitions(Status.CLOSED) == ["correct_applicant"]
    assert TRANSITIONS["extend"].perm == "approve_extension"
