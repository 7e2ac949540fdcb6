"""The 公开时限 parser on real-style phrasings, timeliness on the fixture calendar, periods and score."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalogue.rules import (
    Recurrence,
    Scoring,
    Trigger,
    Unit,
    Verdict,
    chinese_number,
    format_channels,
    missing_slots,
    parse_channels,
    parse_time_limit,
    score,
    slots,
    split_elements,
    tick,
    timeliness,
)

W, D = Unit.WORKING_DAY, Unit.DAY
# (text, trigger, amount, unit, 公示期, recurrence)
PARSED = [
    ("信息形成或者变更之日起20个工作日内", Trigger.FORMED_OR_CHANGED, 20, W, None, Recurrence.EVENT),
    ("自该信息形成或者变更之日起20个工作日内予以公开", Trigger.FORMED_OR_CHANGED, 20, W, None, Recurrence.EVENT),
    ("自信息形成或变更之日起 20 个工作日内", Trigger.FORMED_OR_CHANGED, 20, W, None, Recurrence.EVENT),
    ("信息形成之日起7个工作日内", Trigger.FORMED, 7, W, None, Recurrence.EVENT),
    ("信息变更之日起二十个工作日内", Trigger.CHANGED, 20, W, None, Recurrence.EVENT),
    ("制定或获取信息之日起20个工作日内", Trigger.MADE_OR_OBTAINED, 20, W, None, Recurrence.EVENT),
    ("自作出行政处罚决定之日起7个工作日内", Trigger.DECIDED, 7, W, None, Recurrence.EVENT),
    ("行政许可决定作出之日起7个工作日内", Trigger.DECIDED, 7, W, None, Recurrence.EVENT),
    ("项目批准之日起10日内", Trigger.DECIDED, 10, D, None, Recurrence.EVENT),
    ("批准后二十日内", Trigger.DECIDED, 20, D, None, Recurrence.EVENT),
    ("自审核通过之日起十五天内", Trigger.DECIDED, 15, D, None, Recurrence.EVENT),
    ("10个工作日内，公示7个工作日", Trigger.FORMED_OR_CHANGED, 10, W, 7, Recurrence.EVENT),
    ("20个工作日内，公示期不少于5个工作日", Trigger.FORMED_OR_CHANGED, 20, W, 5, Recurrence.EVENT),
    ("二十个工作日内", Trigger.FORMED_OR_CHANGED, 20, W, None, Recurrence.EVENT),
    ("每季度结束后15日内", Trigger.FORMED, 15, D, None, Recurrence.QUARTERLY),
    ("每月结束后10个工作日内", Trigger.FORMED, 10, W, None, Recurrence.MONTHLY),
    ("每年度结束后30日内", Trigger.FORMED, 30, D, None, Recurrence.YEARLY),
]
# Kept as written, marked for manual review, never guessed.
UNPARSEABLE = [
    "及时公开",
    "按规定",
    "按有关规定执行",
    "实时更新",
    "常态化公开",
    "长期，最新有效",
    "每年1月31日前",
    "每月10日前",
    "自收到申请之日起20个工作日内",
    "按规定时限后10日内",
    "",
]


@pytest.mark.parametrize(("text", "trigger", "amount", "unit", "publicity", "recurrence"), PARSED)
def test_parses_real_phrasings(text, trigger, amount, unit, publicity, recurrence):
    rule = parse_time_limit(text)
    assert (rule.trigger, rule.amount, rule.unit, rule.publicity_amount, rule.recurrence) == (
        trigger,
        amount,
        unit,
        publicity,
        recurrence,
    )
    assert rule.computable and not rule.needs_review
    assert rule.text == text.strip()


@pytest.mark.parametrize("text", UNPARSEABLE)
def test_unparseable_limits_are_kept_for_manual_review(text):
    rule = parse_time_limit(text)
    assert rule.needs_review and not rule.computable
    assert rule.text == text
    assert rule.note  # says why, in Chinese
    assert rule.describe() == "待人工确认"


def test_duration_and_recurrence_are_kept_beside_the_limit():
    rule = parse_time_limit("信息形成之日起20个工作日内，长期，最新有效")
    assert rule.amount == 20 and rule.duration == "长期，最新有效"
    assert parse_time_limit("每年1月31日前").recurrence is Recurrence.YEARLY
    assert (
        parse_time_limit("10个工作日内，公示7个工作日").describe()
        == "自信息形成或者变更之日起10个工作日内，公示期7个工作日"
    )


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("20", "二十", "十五", "七", "三十", "一百", "两", "x")] == [
        20,
        20,
        15,
        7,
        30,
        100,
        2,
        None,
    ]


def _t(cal, text, formed, published, today=dt.date(2025, 12, 31)):
    return timeliness(
        limit=parse_time_limit(text),
        formed=formed,
        published=published,
        today=today,
        add_working_days=cal.add_working_days,
        working_days_between=cal.working_days_between,
    )


def test_timeliness_on_the_working_day_calendar(cal):
    # 2025-09-30 + 7 working days crosses the National Day holiday (10月1日–8日) and counts the
    # 调休 Saturday 10月11日: 9, 10, 11, 13, 14, 15, 16 → due 10月16日.
    on_time = _t(cal, "信息形成之日起7个工作日内", dt.date(2025, 9, 30), dt.date(2025, 10, 16))
    assert on_time.verdict is Verdict.ON_TIME and on_time.due == dt.date(2025, 10, 16)
    late = _t(cal, "信息形成之日起7个工作日内", dt.date(2025, 9, 30), dt.date(2025, 10, 21))
    assert late.verdict is Verdict.LATE and late.late_days == 3
    pending = _t(cal, "信息形成之日起7个工作日内", dt.date(2025, 12, 29), None)
    assert pending.verdict is Verdict.PENDING
    overdue = _t(cal, "信息形成之日起7个工作日内", dt.date(2025, 12, 1), None)
    assert overdue.verdict is Verdict.LATE and overdue.late_days > 0
    days = _t(cal, "批准后二十日内", dt.date(2025, 3, 1), dt.date(2025, 3, 25))
    assert days.verdict is Verdict.LATE and days.late_days == 4 and days.due == dt.date(2025, 3, 21)
    unknown = _t(cal, "及时公开", dt.date(2025, 3, 1), dt.date(2025, 3, 2))
    assert unknown.verdict is Verdict.UNKNOWN and unknown.due is None


def test_provisional_when_the_year_is_not_confirmed(cal):
    result = _t(cal, "信息形成之日起20个工作日内", dt.date(2027, 3, 1), None, today=dt.date(2027, 3, 2))
    assert result.provisional and "暂定" in result.label


def test_slots_and_missing_slots():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert len(slots(Recurrence.MONTHLY, start, end)) == 12
    assert slots(Recurrence.QUARTERLY, dt.date(2025, 2, 10), dt.date(2025, 7, 1)) == [
        (dt.date(2025, 2, 10), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1)),
    ]
    assert slots(Recurrence.EVENT, start, end) == [(start, end)]
    assert missing_slots(Recurrence.QUARTERLY, start, end, [dt.date(2025, 2, 1), dt.date(2025, 11, 3)]) == [
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    ]
    assert missing_slots(Recurrence.EVENT, start, end, []) == [(start, end)]


def test_score_is_configurable_and_never_negative():
    assert score(Scoring(), late=2, missing=1, incomplete=2) == 95.0
    assert score(Scoring(base=10, per_late=5), late=3, missing=0, incomplete=0) == 0.0


def test_ticks_and_channels():
    assert [tick(v) for v in ("√", "■", "✔", "", "□", "x")] == [True, True, True, False, False, None]
    assert parse_channels("■政府网站\n□政府公报\n■社区/企事业单位/村公示栏（电子屏）") == (
        ["website", "notice_board"],
        [],
    )
    assert parse_channels("政府网站、公开查阅点、村务公开栏") == (["website", "reading_point", "notice_board"], [])
    assert parse_channels("政府网站、飞鸽传书") == (["website"], ["飞鸽传书"])
    assert parse_channels(format_channels(["gazette", "targeted"])) == (["gazette", "targeted"], [])


def test_elements_checklist():
    assert split_elements("项目名称、建设单位，批复文号；投资额。") == ["项目名称", "建设单位", "批复文号", "投资额"]
