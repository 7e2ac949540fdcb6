"""The legal engine of 依申请公开, as pure functions (no database, no clock of their own).

- ``compute_clock``: the answer deadline of one case from its recorded clock events (第三十、三十二、
  三十三、三十四、三十五条; 国办函〔2020〕109号 for the fee wait).
- ``received_date``: the 收到申请之日 by channel (第三十一条).
- ``fee_by_count`` / ``fee_by_pages``: the 信息处理费 (国办函〔2020〕109号 第三、四、五条).
- ``validate_resident_id`` / ``validate_uscc``: identity numbers of applicants.

Every period counts working days on a ``WorkingCalendar`` with the start day not counted (民法典
第二百零一条 by analogy, as the calendar module does).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gongkai.calendar.rules import WorkDate, WorkingCalendar

# 第三十三条第二款: 20 working days to answer; one extension of at most 20 more.
ANSWER_DAYS = 20
MAX_EXTENSION_DAYS = 20
# 第三十条: the correction notice within 7 working days of receipt.
CORRECTION_NOTICE_DAYS = 7
# 第三十二条 / 第三十四条: the consulted party answers within 15 working days of receiving the letter.
CONSULTATION_DAYS = 15
# 国办函〔2020〕109号 (as quoted by the Sichuan notice): payment within 20 working days counted from the day
# after the applicant receives the notice ("自收到本通知次日起").
FEE_PAYMENT_DAYS = 20


class ClockKind(StrEnum):
    """What happened to a case that matters for its deadline. Stored per case, so the clock can
    always be recomputed from scratch (for example after a year's holiday arrangement changes)."""

    RECEIVED = "received"  # 收到申请之日 (第三十一条); also a transfer accepted by another agency
    CORRECTION_REQUESTED = "correction_requested"  # 补正告知 sent (第三十条); ``until`` = 补正期限
    CORRECTION_RECEIVED = "correction_received"  # the clock restarts (第三十条)
    # 征求意见书 sent (第三十二、三十四条); ``ref`` = consultation, ``until`` = the consulted party's receipt
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"  # reply received (or the window closed)
    EXTENDED = "extended"  # 延期 (第三十三条第二款); ``days``
    FEE_NOTICE = "fee_notice"  # 收费通知 (109号); ``until`` = the applicant's receipt of the notice
    FEE_SETTLED = "fee_settled"  # paid, waived or cancelled
    DEADLINE_SET = "deadline_set"  # 第三十五条: the 合理期限 set by the agency; ``until``
    STOPPED = "stopped"  # answered, withdrawn, or closed for lapse


class FeeClock(StrEnum):
    """How the wait for a fee payment affects the answer clock (an open question, see
    docs/applications.md): a pause (default), a restart on payment, or no effect."""

    PAUSE = "pause"
    RESTART = "restart"
    NONE = "none"


@dataclass(frozen=True)
class ClockEvent:
    kind: ClockKind
    on: dt.date
    days: int | None = None
    until: dt.date | None = None
    ref: int | None = None


@dataclass(frozen=True)
class ClockSettings:
    answer_days: int = ANSWER_DAYS
    consultation_days: int = CONSULTATION_DAYS
    fee_payment_days: int = FEE_PAYMENT_DAYS
    fee_clock: FeeClock = FeeClock.PAUSE


@dataclass(frozen=True)
class PausedPeriod:
    """Working days in (start, end] are not counted. ``open`` while the pause is still running; its
    ``end`` is then the latest day it can last (the consultation or payment window)."""

    start: dt.date
    end: dt.date
    reason: str
    open: bool = False


class ClockState(StrEnum):
    NOT_STARTED = "not_started"  # receipt not yet confirmed (第三十一条)
    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_CORRECTION = "awaiting_correction"
    STOPPED = "stopped"


@dataclass(frozen=True)
class ClockResult:
    state: ClockState
    due: WorkDate | None = None  # the answer deadline (None before receipt or while awaiting a correction)
    original_due: WorkDate | None = None  # the deadline without the extension: an extension must be approved by then
    start: dt.date | None = None  # the day the current count starts from (receipt or correction)
    days_left: int | None = None  # working days from ``today`` to ``due``; negative once overdue
    overdue: bool = False
    paused: tuple[PausedPeriod, ...] = ()
    correction_notice_due: WorkDate | None = None
    correction_deadline: dt.date | None = None
    stopped_on: dt.date | None = None
    provisional: bool = False
    notes: tuple[str, ...] = field(default=())


def _window_end(calendar: WorkingCalendar, start: dt.date, days: int) -> dt.date:
    return calendar.add_working_days(start, days).date


def _paused_days(periods: list[PausedPeriod]) -> set[dt.date]:
    days: set[dt.date] = set()
    for p in periods:
        current = p.start + dt.timedelta(days=1)
        while current <= p.end:
            days.add(current)
            current += dt.timedelta(days=1)
    return days


def _count_forward(calendar: WorkingCalendar, start: dt.date, n: int, skip: set[dt.date]) -> dt.date:
    """The n-th counted working day after ``start``, skipping paused days (第三十三条第三款)."""
    current, remaining = start, n
    while remaining:
        current += dt.timedelta(days=1)
        if calendar.is_working_day(current) and current not in skip:
            remaining -= 1
    return current


def compute_clock(
    events: list[ClockEvent],
    calendar: WorkingCalendar,
    today: dt.date,
    settings: ClockSettings | None = None,
) -> ClockResult:
    """The answer deadline of a case from its events. Pure: the same events, calendar and ``today``
    always give the same result.

    - 第三十三条: 20 working days after the 收到申请之日; one extension adds its days.
    - 第三十条: while a correction is awaited there is no answer deadline; when it arrives, the count
      restarts from that day (earlier pauses and consumed days no longer matter).
    - 第三十三条第三款: consultation time (第三十二、三十四条) is not counted: working days in
      (dispatch, reply] are skipped; an unanswered consultation pauses at most until its 15-working-day
      window closes.
    - Fee wait (109号): by ``settings.fee_clock`` a pause from the notice to settlement (at most the
      20-working-day payment window), a restart on settlement, or nothing.
    - 第三十五条: a deadline set by the agency replaces the computed one.
    """
    settings = settings or ClockSettings()
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].on, pair[0]))
    start: dt.date | None = None
    received: dt.date | None = None
    extension = 0
    fixed: dt.date | None = None
    awaiting_correction = False
    correction_deadline: dt.date | None = None
    stopped_on: dt.date | None = None
    # Each open pause: (the day it starts, the day its window counts from: the consulted party's or the
    # applicant's receipt of the letter, 第三十二、三十四条 and 109号; the sending day when not recorded).
    open_consultations: dict[int | None, tuple[dt.date, dt.date]] = {}
    fee_open: tuple[dt.date, dt.date] | None = None
    periods: list[PausedPeriod] = []
    notes: list[str] = []

    for _, ev in ordered:
        if stopped_on is not None:
            break
        if ev.kind is ClockKind.RECEIVED:
            start = received = ev.on
            awaiting_correction = False
        elif ev.kind is ClockKind.CORRECTION_REQUESTED:
            awaiting_correction = True
            correction_deadline = ev.until
        elif ev.kind is ClockKind.CORRECTION_RECEIVED:
            start = ev.on  # 第三十条: "答复期限自行政机关收到补正的申请之日起计算"
            awaiting_correction = False
            periods = [p for p in periods if p.end > ev.on]
        elif ev.kind is ClockKind.CONSULTATION_STARTED:
            open_consultations[ev.ref] = (ev.on, max(ev.until or ev.on, ev.on))
        elif ev.kind is ClockKind.CONSULTATION_ENDED:
            opened = open_consultations.pop(ev.ref, None)
            if opened is not None:
                limit = _window_end(calendar, opened[1], settings.consultation_days)
                periods.append(PausedPeriod(opened[0], min(ev.on, limit), "征求意见"))
        elif ev.kind is ClockKind.EXTENDED:
            extension += ev.days or 0
        elif ev.kind is ClockKind.FEE_NOTICE:
            fee_open = (ev.on, max(ev.until or ev.on, ev.on))
        elif ev.kind is ClockKind.FEE_SETTLED:
            if fee_open is not None:
                if settings.fee_clock is FeeClock.PAUSE:
                    limit = _window_end(calendar, fee_open[1], settings.fee_payment_days)
                    periods.append(PausedPeriod(fee_open[0], min(ev.on, limit), "等待缴费"))
                elif settings.fee_clock is FeeClock.RESTART:
                    start = ev.on
                    notes.append("缴费后答复期限重新计算")
            fee_open = None
        elif ev.kind is ClockKind.DEADLINE_SET:
            fixed = ev.until
        elif ev.kind is ClockKind.STOPPED:
            stopped_on = ev.on

    # Pauses still running at the end of the events last, at most, until their window closes.
    for began, counted_from in open_consultations.values():
        end = _window_end(calendar, counted_from, settings.consultation_days)
        periods.append(PausedPeriod(began, end, "征求意见", open=stopped_on is None and end > today))
    if fee_open is not None and settings.fee_clock is FeeClock.PAUSE:
        end = _window_end(calendar, fee_open[1], settings.fee_payment_days)
        periods.append(PausedPeriod(fee_open[0], end, "等待缴费", open=stopped_on is None and end > today))

    notice_due = calendar.add_working_days(received, CORRECTION_NOTICE_DAYS) if received else None
    if start is None:
        return ClockResult(ClockState.NOT_STARTED, stopped_on=stopped_on, notes=tuple(notes))
    if awaiting_correction:
        return ClockResult(
            ClockState.STOPPED if stopped_on else ClockState.AWAITING_CORRECTION,
            start=start,
            correction_notice_due=notice_due,
            correction_deadline=correction_deadline,
            stopped_on=stopped_on,
            provisional=notice_due.provisional if notice_due else False,
            notes=tuple(notes),
        )

    relevant = [p for p in periods if p.end > start]
    skip = _paused_days(relevant)
    original = _count_forward(calendar, start, settings.answer_days, skip)
    due_date = fixed or _count_forward(calendar, start, settings.answer_days + extension, skip)
    if fixed is not None:
        notes.append("依第三十五条确定的答复期限")
    due = WorkDate(due_date, calendar.is_provisional(start, due_date))
    original_due = WorkDate(original, calendar.is_provisional(start, original))

    reference = stopped_on or today
    if reference <= due_date:
        left = calendar.working_days_between(reference, due_date).days
    else:
        left = -calendar.working_days_between(due_date, reference).days
    paused_now = any(p.open and p.start <= today for p in relevant)
    if stopped_on is not None:
        state = ClockState.STOPPED
    elif paused_now:
        state = ClockState.PAUSED
    else:
        state = ClockState.RUNNING
    return ClockResult(
        state=state,
        due=due,
        original_due=original_due,
        start=start,
        days_left=left,
        overdue=reference > due_date,
        paused=tuple(sorted(relevant, key=lambda p: p.start)),
        correction_notice_due=notice_due,
        correction_deadline=correction_deadline,
        stopped_on=stopped_on,
        provisional=due.provisional,
        notes=tuple(notes),
    )


# ---------------------------------------------------------------------------------------------
# 第三十一条: the 收到申请之日 by channel
# ---------------------------------------------------------------------------------------------


class Channel(StrEnum):
    IN_PERSON = "in_person"
    REGISTERED_MAIL = "registered_mail"
    ORDINARY_LETTER = "ordinary_letter"
    FAX = "fax"
    ONLINE = "online"
    OTHER = "other"


@dataclass(frozen=True)
class ReceivedDate:
    date: dt.date | None
    explanation: str
    warning: str = ""


def received_date(
    channel: str,
    *,
    submitted_on: dt.date | None,
    signed_on: dt.date | None = None,
    arrived_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> ReceivedDate:
    """The 收到申请之日 under 第三十一条, with the reason in words and a warning when the office
    confirmed a letter later than the day it arrived."""
    ch = Channel(channel)
    if ch is Channel.IN_PERSON:
        return ReceivedDate(submitted_on, "当面提交，以提交之日为收到申请之日（第三十一条第（一）项）")
    if ch is Channel.REGISTERED_MAIL:
        return ReceivedDate(signed_on, "邮寄提交，以行政机关签收之日为收到申请之日（第三十一条第（二）项）")
    if ch is Channel.ORDINARY_LETTER:
        warning = ""
        if arrived_on and confirmed_on and confirmed_on > arrived_on:
            warning = "平常信函应当于收到申请的当日与申请人确认（第三十一条第（二）项），本件确认晚于收到日"
        return ReceivedDate(
            confirmed_on,
            "平常信函等无需签收的邮寄方式，以与申请人确认之日为收到申请之日（第三十一条第（二）项）",
            warning,
        )
    if ch in (Channel.ONLINE, Channel.FAX):
        return ReceivedDate(
            confirmed_on, "通过互联网渠道或者传真提交，以双方确认之日为收到申请之日（第三十一条第（三）项）"
        )
    # 其他方式: the 条例 names no rule; the office's confirmation fixes the date [D].
    return ReceivedDate(
        confirmed_on or submitted_on, "其他方式提交，以工作机构确认收到之日为收到申请之日（参照第三十一条）"
    )


def notice_received_date(
    method: str, sent_on: dt.date, calendar: WorkingCalendar, *, signed_on: dt.date | None, post_days: int
) -> ReceivedDate:
    """The day a notice reaches its addressee (the applicant's 收费通知, a consulted party's 征求意见书):
    the windows of 109号 ("自收到本通知次日起") and 第三十二、三十四条 ("自收到征求意见书之日起") run from it.
    The default per delivery method follows 第三十一条: handed over, the same day; by post, the signing
    date, else ``post_days`` working days after posting (a configurable presumption [D]); e-mail, online
    or fax, the day sent."""
    if method == "post":
        if signed_on is not None:
            return ReceivedDate(signed_on, "邮寄送达，以签收之日为收到之日（参照第三十一条第（二）项）")
        presumed = calendar.add_working_days(sent_on, post_days).date
        return ReceivedDate(presumed, f"邮寄送达，签收日期未登记，按寄出后{post_days}个工作日推定收到")
    if method == "pickup":
        return ReceivedDate(signed_on or sent_on, "当面送达，以送达之日为收到之日（参照第三十一条第（一）项）")
    return ReceivedDate(
        signed_on or sent_on, "通过互联网、电子邮件或传真送达，以发出之日为收到之日（参照第三十一条第（三）项）"
    )


# ---------------------------------------------------------------------------------------------
# 信息处理费 (国办函〔2020〕109号)
# ---------------------------------------------------------------------------------------------


def _count_total(n: int) -> Decimal:
    """F(n): the fee for the first n 件 of a natural month (第四条: ≤10 free; 11–30 at 100 元; then each
    band of 10 raises the rate by 100 元 per 件)."""
    total = 100 * max(0, min(n, 30) - 10)
    band = 1
    while n > 30 + 10 * (band - 1):
        first = 31 + 10 * (band - 1)
        last = min(n, 30 + 10 * band)
        total += 100 * (1 + band) * (last - first + 1)
        band += 1
    return Decimal(total)


def fee_by_count(month_count: int, items: int = 1) -> Decimal:
    """按件计收: ``month_count`` is the applicant's cumulative 件 in the natural month including this
    application's ``items`` (第四条)."""
    if items < 0 or month_count < items:
        raise ValueError("件数有误")
    return _count_total(month_count) - _count_total(month_count - items)


def fee_by_pages(pages: int) -> Decimal:
    """按量计收 (第五条): ≤30 free; 31–100 at 10 元; 101–200 at 20 元; beyond at 40 元 per page."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    p = pages
    return Decimal(10 * max(0, min(p, 100) - 30) + 20 * max(0, min(p, 200) - 100) + 40 * max(0, p - 200))


# ---------------------------------------------------------------------------------------------
# Identity numbers
# ---------------------------------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def validate_resident_id(number: str) -> str:
    """A mainland 居民身份证号码 (GB 11643): 18 characters, a real birth date, the ISO 7064 check
    character. Returns the normalised number or raises ValueError with a Chinese message."""
    value = number.strip().upper()
    if not _ID_PATTERN.match(value):
        raise ValueError("身份证号码应为18位，前17位为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError("身份证号码中的出生日期无效") from None
    if birth.year < 1900 or birth > dt.date.today():
        raise ValueError("身份证号码中的出生日期无效")
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        raise ValueError("身份证号码校验位不正确，请核对")
    return value


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def validate_uscc(number: str) -> str:
    """A 统一社会信用代码 (GB 32100-2015): 18 characters of its alphabet with the check character."""
    value = number.strip().upper()
    if len(value) != 18 or any(c not in _USCC_CHARS for c in value):
        raise ValueError("统一社会信用代码应为18位，由数字和大写字母（不含I、O、Z、S、V）组成")
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(value[:17], _USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    if _USCC_CHARS[check] != value[17]:
        raise ValueError("统一社会信用代码校验位不正确，请核对")
    return value


# ---------------------------------------------------------------------------------------------
# 复议前置 (行政复议法（2023）第二十三条)
# ---------------------------------------------------------------------------------------------

# 行政复议法 as revised in 2023, in force since 2024-01-01 (第九十条): 第二十三条第一款第（四）项 makes
# 行政复议 the first step against "申请政府信息公开，行政机关不予公开".
REVIEW_FIRST_SINCE = dt.date(2024, 1, 1)


def review_comes_first(outcome: str, answered_on: dt.date | None) -> bool:
    """A 不予公开 or 部分公开 decision made since 2024-01-01 (not a 行政查询事项, 第三十六条第（七）项,
    which is no refusal but a pointer to another procedure)."""
    refused = outcome == "partial" or (outcome.startswith("denied") and outcome != "denied_admin_query")
    return refused and answered_on is not None and answered_on >= REVIEW_FIRST_SINCE


def appeal_warning(kind: str, outcome: str, answered_on: dt.date | None) -> str:
    """The warning a direct lawsuit gets when the law required 行政复议 first (it is recorded, since a
    court decides admissibility, but staff and the report reader should see it)."""
    if kind == "litigation_direct" and review_comes_first(outcome, answered_on):
        return (
            "对不予公开（含部分公开）决定不服的，应当先申请行政复议（《中华人民共和国行政复议法》第二十三条），"
            "本件未经复议直接起诉"
        )
    return ""
