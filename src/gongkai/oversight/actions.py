"""The state changes of 督办, each in one transaction with its audit event: issue (the supervising
office), reply (the agency's head or clerk), close with an outcome (the supervising office); and the
audited reveal of an applicant's identifiers to a reader outside the handling agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import Perm, has_perm, require
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.applications.selectors import handles_case, visible_case
from gongkai.audit import labels
from gongkai.audit.actions import record, snapshot
from gongkai.calendar.workdays import add_working_days
from gongkai.common.tasks import send_email
from gongkai.oversight.models import Supervision, SupervisionOutcome, SupervisionStatus
from gongkai.reports.models import AnnualReport

labels.register(
    {
        "oversight.issue": "发出督办",
        "oversight.reply": "回复督办",
        "oversight.close": "督办办结",
        "application.reveal_identifiers": "查看申请人完整身份信息",
    }
)

# The longest deadline a 督办 may give, in working days (a quarter of a year).
MAX_WORKING_DAYS = 60
# Who in the supervised agency receives the notice by e-mail.
RECIPIENT_ROLES = (Role.HEAD, Role.REVIEWER, Role.CLERK)


def _emails(agency: Agency, roles: tuple[Role, ...]) -> list[str]:
    return sorted(
        set(
            Membership.objects.filter(agency=agency, role__in=roles, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _mail_after_commit(subject: str, body: str, recipients: list[str]) -> None:
    """The e-mail goes only once the 督办 is committed (a rolled-back one sends nothing)."""
    if recipients:
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, recipients=recipients))


def _link(supervision: Supervision) -> str:
    return f"{getattr(settings, 'GONGKAI_SITE_URL', '')}{reverse('oversight:detail', args=[supervision.pk])}"


def _text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def issue(
    *,
    actor: Any,
    matter: str,
    working_days: int,
    application: Application | None = None,
    report: AnnualReport | None = None,
    on: dt.date | None = None,
) -> Supervision:
    """A 督办 on one case or one annual report, answerable within ``working_days`` working days
    (on the site's calendar) from ``on``; the agency's staff are told by e-mail."""
    if application is not None and report is None:
        agency = application.agency
    elif report is not None and application is None:
        agency = report.agency
    else:
        raise ValidationError("督办应针对一件申请或一份年度报告")
    require(actor, Perm.OVERSEE, agency)
    text = _text(matter, "matter", "请填写督办事项")
    if not 1 <= working_days <= MAX_WORKING_DAYS:
        raise ValidationError({"working_days": f"办理时限应为1至{MAX_WORKING_DAYS}个工作日"})
    on = on or timezone.localdate()
    with transaction.atomic():
        supervision = Supervision.objects.create(
            agency=agency,
            application=application,
            report=report,
            matter=text,
            issued_by=actor,
            issued_on=on,
            working_days=working_days,
            due_on=add_working_days(on, working_days).date,
        )
        record(
            action="oversight.issue",
            actor=actor,
            target=supervision,
            after=snapshot(supervision, ["application_id", "report_id", "matter", "issued_on", "due_on"]),
        )
        _mail_after_commit(
            f"【督办】{agency.name}：{supervision.subject}",
            f"{agency.name}：\n\n{supervision.matter}\n\n请于{supervision.due_on:%Y年%m月%d日}前"
            f"（{working_days}个工作日内）办理并回复。\n督办通知：{_link(supervision)}\n",
            _emails(agency, RECIPIENT_ROLES),
        )
    return supervision


def _locked(supervision: Supervision) -> Supervision:
    return Supervision.objects.select_for_update().select_related("agency").get(pk=supervision.pk)


def reply(*, supervision: Supervision, actor: Any, text: str, on: dt.date | None = None) -> Supervision:
    """The supervised agency's answer: what it did about the matter."""
    require(actor, Perm.EDIT, supervision.agency)
    answer = _text(text, "text", "请填写办理情况")
    with transaction.atomic():
        current = _locked(supervision)
        if current.status != SupervisionStatus.ISSUED:
            raise ValidationError("该督办已回复或已办结")
        before = snapshot(current, ["status", "reply", "replied_on"])
        current.status = SupervisionStatus.REPLIED
        current.reply = answer
        current.replied_on = on or timezone.localdate()
        current.replied_by = actor
        current.save()
        record(
            action="oversight.reply",
            actor=actor,
            target=current,
            before=before,
            after=snapshot(current, ["status", "reply", "replied_on"]),
        )
        issuer_email = current.issued_by.email if current.issued_by.is_active else ""
        _mail_after_commit(
            f"【督办回复】{current.agency.name}：{current.subject}",
            f"{current.agency.name}已于{current.replied_on:%Y年%m月%d日}回复督办：\n\n{answer}\n\n{_link(current)}\n",
            [issuer_email] if issuer_email else [],
        )
    return current


def close(
    *, supervision: Supervision, actor: Any, outcome: str, note: str = "", on: dt.date | None = None
) -> Supervision:
    """The supervising office's conclusion; an unanswered 督办 may be closed only as 未整改."""
    require(actor, Perm.OVERSEE, supervision.agency)
    if outcome not in SupervisionOutcome.values:
        raise ValidationError({"outcome": "请选择办结结果"})
    with transaction.atomic():
        current = _locked(supervision)
        if current.status == SupervisionStatus.CLOSED:
            raise ValidationError("该督办已办结")
        if current.status == SupervisionStatus.ISSUED and outcome != SupervisionOutcome.UNRESOLVED:
            raise ValidationError({"outcome": "机关尚未回复，只能以“未整改”办结"})
        before = snapshot(current, ["status", "outcome", "outcome_note", "closed_on"])
        current.status = SupervisionStatus.CLOSED
        current.outcome = outcome
        current.outcome_note = (note or "").strip()
        current.closed_on = on or timezone.localdate()
        current.save()
        record(
            action="oversight.close",
            actor=actor,
            target=current,
            before=before,
            after=snapshot(current, ["status", "outcome", "outcome_note", "closed_on"]),
        )
    return current


def reveal_identifiers(*, application: Application, actor: Any, reason: str) -> Application:
    """Records that ``actor``, outside the handling agency, was shown the applicant's full identifiers,
    and why. The caller shows them on this one page only."""
    if visible_case(actor, application.pk) is None:
        raise PermissionDenied("您无权查看该申请")
    stated = _text(reason, "reason", "请说明查看完整身份信息的理由")
    if len(stated) < 4:
        raise ValidationError({"reason": "请具体说明查看完整身份信息的理由"})
    with transaction.atomic():
        record(
            action="application.reveal_identifiers",
            actor=actor,
            target=application,
            reason=stated,
            after={"handling_agency_member": handles_case(actor, application)},
        )
    return application


def can_reply(user: Any, supervision: Supervision) -> bool:
    return supervision.status == SupervisionStatus.ISSUED and has_perm(user, Perm.EDIT, supervision.agency)


def can_close(user: Any, supervision: Supervision) -> bool:
    return supervision.status != SupervisionStatus.CLOSED and has_perm(user, Perm.OVERSEE, supervision.agency)
