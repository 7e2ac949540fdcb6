"""The reads of 依申请公开 that the pages, the API and the workspace panel share: which cases a user
may see, the named case lists, incoming transfers, and the steps the applicant is shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.applications import services
from gongkai.applications.models import Application, Status, Transfer, TransferStatus
from gongkai.audit.models import Event
from gongkai.calendar.cache import get_calendar


def visible_cases(user: Any) -> QuerySet[Application]:
    """Cases of the agencies the user may see, plus cases transferred to an agency the user handles."""
    return Application.objects.filter(
        Q(agency__in=agencies_with(user, Perm.VIEW_INTERNAL))
        | Q(transfers__status=TransferStatus.PENDING, transfers__to_agency__in=agencies_with(user, Perm.EDIT))
    ).distinct()


def visible_case(user: Any, pk: int) -> Application | None:
    """One case, or None when the user may not see it (pages and API answer 404, not 403)."""
    return visible_cases(user).filter(pk=pk).select_related("agency", "handler").first()


VIEWS: dict[str, str] = {
    "mine": "我的案件",
    "agency": "本机关",
    "subtree": "下级机关（主管部门）",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "submitted": "待确认收到",
    "correction": "待补正",
    "consulting": "征求意见中",
    "fee_pending": "待缴费",
    "closed": "已办结",
}


def filter_view(cases: QuerySet[Application], view: str, user: Any, today: dt.date) -> QuerySet[Application]:
    open_cases = cases.exclude(status=Status.CLOSED)
    if view == "mine":
        return open_cases.filter(handler=user)
    if view == "agency":
        return open_cases.filter(agency__in=agencies_with(user, Perm.EDIT))
    if view == "subtree":
        return cases.filter(agency__in=agencies_with(user, Perm.OVERSEE))
    if view == "due_soon":
        days = int(services.setting("GONGKAI_APPLICATIONS_REMIND_DAYS"))
        limit = get_calendar().add_working_days(today, days).date
        return open_cases.filter(due_on__gte=today, due_on__lte=limit).exclude(status=Status.ANSWERED)
    if view == "overdue":
        return open_cases.filter(due_on__lt=today).exclude(status=Status.ANSWERED)
    if view in ("submitted", "correction", "consulting", "fee_pending"):
        return open_cases.filter(status=view)
    if view == "closed":
        return cases.filter(status=Status.CLOSED)
    return open_cases


def incoming_transfers(user: Any) -> QuerySet[Transfer]:
    """Transfers from other agencies waiting for an agency the user handles to accept or return them."""
    return Transfer.objects.filter(status=TransferStatus.PENDING, to_agency__in=agencies_with(user, Perm.EDIT))


# What the applicant sees of each audit action (never who did it or internal notes).
PUBLIC_STEPS = {
    "application.submit": "申请已在线提交",
    "application.register": "申请已登记",
    "application.confirm": "确认收到申请",
    "application.accept": "已受理",
    "application.request_correction": "告知补正",
    "application.submit_correction": "在线提交补正材料",
    "application.receive_correction": "收到补正",
    "application.correction_lapsed": "逾期未补正，不再处理",
    "application.transfer": "转其他机关办理",
    "application.transfer_accept": "其他机关已接收",
    "application.transfer_return": "转办退回，继续办理",
    "application.consult": "征求意见（所需时间不计入答复期限）",
    "application.consult_reply": "征求意见结束",
    "application.extend": "延长答复期限",
    "application.fee_notice": "发出收费通知",
    "application.fee_settle": "收费事项已处理",
    "application.fee_lapsed": "逾期未缴费，不再处理",
    "application.ask_reasons": "要求说明理由",
    "application.reasons_accepted": "确定答复期限",
    "application.reasons_rejected": "不予处理",
    "application.answer": "已答复",
    "application.answer_correction_request": "更正申请已答复",
    "application.deliver": "已送达",
    "application.withdraw": "申请已撤回",
}


def public_steps(application: Application) -> list[tuple[dt.datetime, str]]:
    """(when, what) of each step of the case the applicant is shown, oldest first."""
    events = Event.objects.for_object(application).order_by("occurred_at", "id")
    return [(e.occurred_at, PUBLIC_STEPS[e.action]) for e in events if e.action in PUBLIC_STEPS]


# ---------------------------------------------------------------------------------------------
# Need to know: the applicant's identifiers, in full for the handling agency only
# ---------------------------------------------------------------------------------------------


def handles_case(user: Any, application: Application) -> bool:
    """Whether ``user`` works in the agency handling the case (Perm.EDIT there): only they need the
    applicant's identifiers; supervisors and other readers see them masked."""
    return has_perm(user, Perm.EDIT, application.agency)


def _mask(text: str, keep_start: int, keep_end: int) -> str:
    """``text`` with all but its first ``keep_start`` and last ``keep_end`` characters starred; a text
    too short to keep anything hidden is starred whole."""
    if not text:
        return ""
    if len(text) <= keep_start + keep_end:
        return "*" * len(text)
    return text[:keep_start] + "*" * (len(text) - keep_start - keep_end) + text[len(text) - keep_end :]


def mask_id_number(value: str) -> str:
    """110105********002X: the issuing region and the last four stay, enough to tell two people apart."""
    return _mask(value, 6 if len(value) >= 15 else 1, 4 if len(value) >= 15 else 1)


def mask_phone(value: str) -> str:
    """138****0000: the carrier prefix and the last four."""
    return _mask(value, 3, 4)


def mask_email(value: str) -> str:
    """z***@example.cn: the domain stays."""
    name, at, domain = value.partition("@")
    return f"{name[:1]}***{at}{domain}" if value else ""


def mask_address(value: str) -> str:
    """The first six characters (province, city or district), the street and number hidden."""
    return _mask(value, 6, 0)


@dataclass(frozen=True)
class ApplicantIdentifiers:
    """The applicant's identifiers as one reader may see them; ``masked`` says some were hidden."""

    id_number: str
    phone: str
    email: str
    address: str
    masked: bool


def applicant_identifiers(user: Any, application: Application, *, revealed: bool = False) -> ApplicantIdentifiers:
    """In full for the handling agency, or once ``revealed`` (an audited reveal with a stated reason,
    gongkai.oversight.actions.reveal_identifiers); masked for everyone else."""
    if revealed or handles_case(user, application):
        return ApplicantIdentifiers(
            application.id_number, application.phone, application.email, application.address, masked=False
        )
    return ApplicantIdentifiers(
        mask_id_number(application.id_number),
        mask_phone(application.phone),
        mask_email(application.email),
        mask_address(application.address),
        masked=any((application.id_number, application.phone, application.email, application.address)),
    )
