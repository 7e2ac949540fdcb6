"""The legal clock (rules.compute_clock) at every boundary; pure, no database.

Dates of 2025 are checked against the published arrangement (国办发明电〔2024〕12号): 国庆 and 中秋
2025-10-01..08 off, 2025-09-28 (Sun) and 2025-10-11 (Sat) make-up working days.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.rules import (
    ClockEvent,
    ClockKind,
    ClockSettings,
    ClockState,
    FeeClock,
    compute_clock,
)

D = dt.date
K = ClockKind


def run(cal, events, today, **settings):
    return compute_clock(events, cal, today, ClockSettings(**settings))


def test_not_started_without_receipt(cal) -> None:
    result = run(cal, [], D(2025, 9, 25))
    assert result.state is ClockState.NOT_STARTED and result.due is None


def test_twenty_working_days_across_national_day_with_make_up_days(cal) -> None:
    result = run(cal, [ClockEvent(K.RECEIVED, D(2025, 9, 25))], D(2025, 9, 25))
    assert result.due.date == D(2025, 10, 29)
    assert result.correction_notice_due.date == D(2025, 10, 11)  # a Saturday make-up working day
    assert result.state is ClockState.RUNNING and not result.provisional
    assert result.days_left == 20 and not result.overdue


def test_receipt_on_a_holiday_starts_counting_the_next_working_day(cal) -> None:
    result = run(cal, [ClockEvent(K.RECEIVED, D(2025, 10, 3))], D(2025, 10, 3))
    # Day 1 is Thursday 2025-10-09 (the holiday runs to 10-08); Saturday 10-11 counts; day 20 is 11-04.
    assert result.due.date == D(2025, 11, 4)


def test_due_day_itself_is_not_overdue_and_the_next_day_is(cal) -> None:
    events = [ClockEvent(K.RECEIVED, D(2025, 9, 25))]
    on_due = run(cal, events, D(2025, 10, 29))
    assert on_due.days_left == 0 and not on_due.overdue
    after = run(cal, events, D(2025, 10, 30))
    assert after.overdue and after.days_left == -1


def test_extension_adds_twenty_and_keeps_the_original_deadline(cal) -> None:
    events = [ClockEvent(K.RECEIVED, D(2025, 9, 25)), ClockEvent(K.EXTENDED, D(2025, 10, 20), days=20)]
    result = run(cal, events, D(2025, 10, 20))
    assert result.due.date == D(2025, 11, 26)
    assert result.original_due.date == D(2025, 10, 29)


def test_correction_suspends_then_restarts_from_the_correction_day(cal) -> None:
    requested = [
        ClockEvent(K.RECEIVED, D(2025, 9, 25)),
        ClockEvent(K.CORRECTION_REQUESTED, D(2025, 9, 26), until=D(2025, 10, 20)),
    ]
    waiting = run(cal, requested, D(2025, 10, 9))
    assert waiting.state is ClockState.AWAITING_CORRECTION and waiting.due is None
    assert waiting.correction_deadline == D(2025, 10, 20)
    restarted = run(cal, [*requested, ClockEvent(K.CORRECTION_RECEIVED, D(2025, 10, 13))], D(2025, 10, 13))
    assert restarted.start == D(2025, 10, 13)
    assert restarted.due.date == cal.add_working_days(D(2025, 10, 13), 20).date == D(2025, 11, 10)


def test_days_consumed_before_a_correction_do_not_carry_over(cal) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.CONSULTATION_STARTED, D(2025, 3, 4), ref=1),
        ClockEvent(K.CONSULTATION_ENDED, D(2025, 3, 10), ref=1),
        ClockEvent(K.CORRECTION_REQUESTED, D(2025, 3, 11), until=D(2025, 3, 31)),
        ClockEvent(K.CORRECTION_RECEIVED, D(2025, 3, 17)),
    ]
    result = run(cal, events, D(2025, 3, 17))
    assert result.due.date == cal.add_working_days(D(2025, 3, 17), 20).date
    assert result.paused == ()


def test_consultation_pause_skips_the_days_until_the_reply(cal) -> None:
    # 2025-03: no holidays. Receipt Mon 03-03; letter sent Wed 03-05; reply Wed 03-12 (5 working days).
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.CONSULTATION_STARTED, D(2025, 3, 5), ref=7),
        ClockEvent(K.CONSULTATION_ENDED, D(2025, 3, 12), ref=7),
    ]
    result = run(cal, events, D(2025, 3, 12))
    plain = cal.add_working_days(D(2025, 3, 3), 20).date  # 2025-03-31
    assert plain == D(2025, 3, 31)
    assert result.due.date == cal.add_working_days(plain, 5).date == D(2025, 4, 8)
    assert [(p.start, p.end, p.open) for p in result.paused] == [(D(2025, 3, 5), D(2025, 3, 12), False)]
    assert result.state is ClockState.RUNNING


def test_unanswered_consultation_pauses_at_most_fifteen_working_days(cal) -> None:
    events = [ClockEvent(K.RECEIVED, D(2025, 3, 3)), ClockEvent(K.CONSULTATION_STARTED, D(2025, 3, 5), ref=1)]
    during = run(cal, events, D(2025, 3, 10))
    assert during.state is ClockState.PAUSED
    window_end = cal.add_working_days(D(2025, 3, 5), 15).date  # 2025-03-26
    assert during.paused[0].end == window_end and during.paused[0].open
    assert during.due.date == cal.add_working_days(D(2025, 3, 31), 15).date
    # A late reply does not pause beyond the window (第三十二条 / 第三十四条: 15 working days).
    late = run(cal, [*events, ClockEvent(K.CONSULTATION_ENDED, D(2025, 4, 15), ref=1)], D(2025, 4, 15))
    assert late.due == during.due and late.paused[0].end == window_end


def test_overlapping_consultations_pause_once(cal) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.CONSULTATION_STARTED, D(2025, 3, 5), ref=1),
        ClockEvent(K.CONSULTATION_STARTED, D(2025, 3, 7), ref=2),
        ClockEvent(K.CONSULTATION_ENDED, D(2025, 3, 10), ref=1),
        ClockEvent(K.CONSULTATION_ENDED, D(2025, 3, 12), ref=2),
    ]
    result = run(cal, events, D(2025, 3, 12))
    # Paused days are the union 03-06..03-12: 5 working days, as with one consultation to 03-12.
    assert result.due.date == D(2025, 4, 8)


def test_fee_wait_pauses_by_default(cal) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.FEE_NOTICE, D(2025, 3, 5)),
        ClockEvent(K.FEE_SETTLED, D(2025, 3, 12)),
    ]
    assert run(cal, events, D(2025, 3, 12)).due.date == D(2025, 4, 8)
    waiting = run(cal, events[:2], D(2025, 3, 10))
    assert waiting.state is ClockState.PAUSED
    assert waiting.paused[0].end == cal.add_working_days(D(2025, 3, 5), 20).date


def test_fee_wait_as_restart_or_without_effect(cal) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.FEE_NOTICE, D(2025, 3, 5)),
        ClockEvent(K.FEE_SETTLED, D(2025, 3, 12)),
    ]
    restart = run(cal, events, D(2025, 3, 12), fee_clock=FeeClock.RESTART)
    assert restart.due.date == cal.add_working_days(D(2025, 3, 12), 20).date
    none = run(cal, events, D(2025, 3, 12), fee_clock=FeeClock.NONE)
    assert none.due.date == D(2025, 3, 31)


def test_article_35_deadline_replaces_the_computed_one(cal) -> None:
    events = [ClockEvent(K.RECEIVED, D(2025, 3, 3)), ClockEvent(K.DEADLINE_SET, D(2025, 3, 20), until=D(2025, 5, 30))]
    result = run(cal, events, D(2025, 3, 20))
    assert result.due.date == D(2025, 5, 30) and result.notes


def test_stopped_case_is_judged_on_its_answer_date(cal) -> None:
    events = [ClockEvent(K.RECEIVED, D(2025, 9, 25)), ClockEvent(K.STOPPED, D(2025, 10, 29))]
    in_time = run(cal, events, D(2026, 1, 5))
    assert in_time.state is ClockState.STOPPED and not in_time.overdue
    late = run(cal, [events[0], ClockEvent(K.STOPPED, D(2025, 10, 30))], D(2026, 1, 5))
    assert late.overdue and late.days_left == -1


def test_events_after_the_stop_are_ignored(cal) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(K.STOPPED, D(2025, 3, 10)),
        ClockEvent(K.EXTENDED, D(2025, 3, 11), days=20),
    ]
    assert run(cal, events, D(2025, 3, 11)).due.date == D(2025, 3, 31)


def test_year_not_confirmed_is_provisional(cal) -> None:
    near = run(cal, [ClockEvent(K.RECEIVED, D(2026, 11, 2))], D(2026, 11, 2))
    assert not near.provisional
    crossing = run(cal, [ClockEvent(K.RECEIVED, D(2026, 12, 15))], D(2026, 12, 15))
    assert crossing.due.date.year == 2027 and crossing.provisional and crossing.due.provisional


def test_spring_festival_2026(cal) -> None:
    # 2026 春节: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) are make-up working days.
    result = run(cal, [ClockEvent(K.RECEIVED, D(2026, 2, 10))], D(2026, 2, 10))
    assert result.due.date == cal.add_working_days(D(2026, 2, 10), 20).date
    counted = [D(2026, 2, 10) + dt.timedelta(days=i) for i in range(1, (result.due.date - D(2026, 2, 10)).days + 1)]
    assert D(2026, 2, 14) in counted and cal.is_working_day(D(2026, 2, 14))
    assert not cal.is_working_day(D(2026, 2, 16))


@pytest.mark.parametrize("kind", [K.CONSULTATION_STARTED, K.FEE_NOTICE])
def test_pause_before_receipt_restart_is_dropped(cal, kind) -> None:
    events = [
        ClockEvent(K.RECEIVED, D(2025, 3, 3)),
        ClockEvent(kind, D(2025, 3, 4), ref=1),
        ClockEvent(K.RECEIVED, D(2025, 6, 3)),
    ]
    result = run(cal, events, D(2025, 6, 3))
    assert result.due.date == cal.add_working_days(D(2025, 6, 3), 20).date
