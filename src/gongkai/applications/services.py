"""Glue between the stored cases and the pure rules: settings, the clock of one case, receipt
numbers, and the recompute callback the calendar calls when a year changes."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.applications.models import Application, CaseEvent, Consultation, ReceiptCounter, RequestKind, Status
from gongkai.applications.rules import (
    ANSWER_DAYS,
    CONSULTATION_DAYS,
    FEE_PAYMENT_DAYS,
    ClockEvent,
    ClockKind,
    ClockResult,
    ClockSettings,
    FeeClock,
    ReceivedDate,
    compute_clock,
    notice_received_date,
)
from gongkai.audit.models import Event
from gongkai.calendar.cache import get_calendar

# Documented settings (docs/applications.md); each may be overridden in Django settings.
DEFAULTS: dict[str, object] = {
    "GONGKAI_APPLICATIONS_FEE_CLOCK": FeeClock.PAUSE.value,
    "GONGKAI_APPLICATIONS_CORRECTION_DAYS": 15,
    "GONGKAI_APPLICATIONS_REMIND_DAYS": 3,
    "GONGKAI_APPLICATIONS_RATE_PER_IP": 10,
    "GONGKAI_APPLICATIONS_RATE_PER_APPLICANT": 5,
    "GONGKAI_APPLICATIONS_RATE_WINDOW": 3600,
    "GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK": True,
    "GONGKAI_APPLICATIONS_POST_RECEIPT_DAYS": 5,
    "GONGKAI_APPLICATIONS_ROUTING_AGENCY": "",
    # 第四十一条 sets no time limit for a 更正申请: 20 working days by analogy with 第三十三条 (a reading,
    # docs/applications.md).
    "GONGKAI_APPLICATIONS_CORRECTION_REQUEST_DAYS": ANSWER_DAYS,
}


def setting(name: str) -> object:
    return getattr(settings, name, DEFAULTS[name])


def routing_agency():
    """Where an application goes when the applicant does not know the agency: the configured agency
    (the 政府信息公开工作主管部门's office), else the root of the agency tree; it forwards the case with 转办."""
    from gongkai.agencies.models import Agency

    code = str(setting("GONGKAI_APPLICATIONS_ROUTING_AGENCY"))
    active = Agency.objects.filter(is_active=True)
    if code:
        return active.filter(code=code).first()
    return active.filter(parent__isnull=True).order_by("path").first()


# 村民委员会 and 居民委员会 are 基层群众性自治组织, not 行政机关: no application is made to them under the
# 条例 (their openness duty is 村务公开, 村民委员会组织法 第三十条); they stay in the tree for reporting.
NOT_ADMINISTRATIVE_KINDS = frozenset({"village", "community"})


def applicable_agencies():
    """The agencies an application may be made to: active 行政机关, without 村民委员会 and 居民委员会
    (actions.ensure_can_be_applied_to refuses them). For the public form and the API."""
    from gongkai.agencies.models import Agency

    return Agency.objects.filter(is_active=True).exclude(kind__in=NOT_ADMINISTRATIVE_KINDS)


def clock_settings(request_kind: str = RequestKind.DISCLOSURE) -> ClockSettings:
    """The clock's settings; a 更正申请 (第四十一条) has its own answer period."""
    fee_clock = FeeClock(str(setting("GONGKAI_APPLICATIONS_FEE_CLOCK")))
    if request_kind == RequestKind.CORRECTION_REQUEST:
        days = int(str(setting("GONGKAI_APPLICATIONS_CORRECTION_REQUEST_DAYS")))
        return ClockSettings(answer_days=days, fee_clock=fee_clock)
    return ClockSettings(fee_clock=fee_clock)


def today() -> dt.date:
    """Today in Beijing (statutory days are Beijing days; TIME_ZONE is Asia/Shanghai)."""
    return timezone.localdate()


def clock_events(application: Application) -> list[ClockEvent]:
    return [
        ClockEvent(ClockKind(e.kind), e.on, days=e.days, until=e.until, ref=e.ref)
        for e in application.clock_events.all()
    ]


def clock(application: Application, on: dt.date | None = None) -> ClockResult:
    """The case's clock as of ``on`` (default today), from its stored events."""
    return compute_clock(
        clock_events(application), get_calendar(), on or today(), clock_settings(application.request_kind)
    )


def add_event(application: Application, kind: ClockKind, on: dt.date, **values: object) -> CaseEvent:
    return CaseEvent.objects.create(application=application, kind=kind.value, on=on, **values)


def refresh_due(application: Application) -> ClockResult:
    """Recomputes and stores the case's due date (a denormalised copy for lists and reminders)."""
    result = clock(application)
    due = result.due.date if result.due else None
    provisional = bool(result.due and result.due.provisional)
    if (application.due_on, application.due_provisional) != (due, provisional):
        application.due_on, application.due_provisional = due, provisional
        Application.objects.filter(pk=application.pk).update(due_on=due, due_provisional=provisional)
    return result


# Letters whose stated deadline is the answer deadline (the fee notice states the payment deadline).
ANSWER_DEADLINE_LETTERS = ("receipt", "extension", "reasons_deadline", "transfer")


def deadline_warnings(application: Application) -> list[str]:
    """Warnings for staff when a deadline stated to the applicant in a letter no longer matches the
    stored one (a provisional year's holidays were confirmed since). The letter stays as sent; a
    deadline that moved earlier must be told to the applicant again (docs/applications.md)."""
    from gongkai.applications.letters import cn_date

    if application.status == Status.CLOSED:
        return []
    warnings: list[str] = []
    stated = application.letters.filter(to_applicant=True, deadline__isnull=False)
    checks = [(ANSWER_DEADLINE_LETTERS, application.due_on, "答复期限")]
    if application.fee_status == "pending":
        checks.append((("fee",), application.fee_due_on, "缴费期限"))
    for kinds, current, what in checks:
        letter = stated.filter(kind__in=kinds).order_by("-issued_on", "-id").first()
        if letter is None or letter.deadline is None or current is None or letter.deadline == current:
            continue
        # Only a recomputation for the calendar: a pause or an extension moves the deadline lawfully.
        if not Event.objects.for_object(application).filter(action=RECOMPUTED, occurred_at__gt=letter.created_at):
            continue
        told = cn_date(letter.deadline)
        if current < letter.deadline:
            warnings.append(
                f"节假日安排确认后，{what}由{told}提前至{cn_date(current)}，早于《{letter.title}》告知申请人的日期："
                "请重新书面告知申请人"
            )
        else:
            warnings.append(
                f"节假日安排确认后，{what}由{told}变为{cn_date(current)}；已发出的《{letter.title}》不变，仍以告知的日期为准"
            )
    return warnings


def notice_received(method: str, sent_on: dt.date, signed_on: dt.date | None = None) -> ReceivedDate:
    """The addressee's receipt of a notice, by delivery method (rules.notice_received_date)."""
    post_days = int(str(setting("GONGKAI_APPLICATIONS_POST_RECEIPT_DAYS")))
    return notice_received_date(method, sent_on, get_calendar(), signed_on=signed_on, post_days=post_days)


def fee_due(received_on: dt.date) -> dt.date:
    """109号: "自收到本通知次日起20个工作日内" (the receipt day itself is not counted)."""
    return get_calendar().add_working_days(received_on, FEE_PAYMENT_DAYS).date


def consultation_window_end(received_on: dt.date) -> dt.date:
    """第三十二、三十四条: "自收到征求意见书之日起15个工作日内" (counted from the next day, as every period)."""
    return get_calendar().add_working_days(received_on, CONSULTATION_DAYS).date


def refresh_windows(application: Application) -> bool:
    """Recomputes the stored payment and consultation windows from their receipt dates (after a year's
    holiday arrangement is confirmed); True when one changed."""
    changed = False
    if application.fee_status == "pending" and application.fee_notice_received_on:
        due = fee_due(application.fee_notice_received_on)
        if due != application.fee_due_on:
            application.fee_due_on = due
            Application.objects.filter(pk=application.pk).update(fee_due_on=due)
            changed = True
    for item in application.consultations.filter(replied_on__isnull=True, received_on__isnull=False):
        end = consultation_window_end(item.received_on or item.sent_on)
        if end != item.window_ends_on:
            Consultation.objects.filter(pk=item.pk).update(window_ends_on=end)
            changed = True
    return changed


RECOMPUTED = "application.deadline_recomputed"


def recompute_for_years(years: list[int]) -> int:
    """Calendar callback: recompute every open case whose deadline or payment/consultation window may
    reach into a changed year. A changed deadline is audited, so the case page can tell staff that a
    date already stated in a letter has moved (deadline_warnings)."""
    from gongkai.audit.actions import record

    if not years:
        return 0
    first = dt.date(min(years), 1, 1)
    changed = 0
    cases = Application.objects.exclude(status=Status.CLOSED).filter(received_on__isnull=False)
    for application in cases.filter(received_on__gte=first - dt.timedelta(days=200)).iterator():
        with transaction.atomic():
            before = {"due_on": application.due_on, "fee_due_on": application.fee_due_on}
            provisional = application.due_provisional
            windows_changed = refresh_windows(application)
            refresh_due(application)
            after = {"due_on": application.due_on, "fee_due_on": application.fee_due_on}
            if before != after:
                record(
                    action=RECOMPUTED,
                    actor=None,
                    target=application,
                    before={k: v.isoformat() if v else None for k, v in before.items()},
                    after={k: v.isoformat() if v else None for k, v in after.items()},
                    reason="节假日安排变化，期限重新计算",
                )
            changed += windows_changed or before != after or provisional != application.due_provisional
    return changed


# ---------------------------------------------------------------------------------------------
# Receipt numbers (query codes: gongkai.applications.querycode)
# ---------------------------------------------------------------------------------------------


def next_receipt_number(agency, year: int) -> str:
    """``{agency code}-{year}-{serial:05d}``; the counter row is locked, so two concurrent
    submissions never get the same serial."""
    with transaction.atomic():
        ReceiptCounter.objects.get_or_create(agency=agency, year=year)
        counter = ReceiptCounter.objects.select_for_update().get(agency=agency, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{agency.code}-{year}-{counter.last:05d}"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()
