"""Every state change of an application: permission, one transaction, validation against the
workflow table (models.TRANSITIONS), the write, its clock event, its letter, its audit event, and
the applicant's email after commit.

``actor=None`` is the system or the applicant on the public side (online form, status page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse

from gongkai.accounts.permissions import Perm, has_perm, require
from gongkai.agencies.models import Agency
from gongkai.applications import letters, querycode, services
from gongkai.applications.hooks import ensure_change_allowed, ensure_year_open
from gongkai.applications.models import (
    NOT_HELD_BASIS,
    OUTCOME_BASIS,
    OUTCOME_ROWS,
    TRANSITIONS,
    Appeal,
    AppealKind,
    AppealResult,
    ApplicantKind,
    ApplicantType,
    Application,
    CaseFile,
    Channel,
    Consultation,
    ConsultationKind,
    CorrectionRequestResult,
    Delivery,
    FeeMethod,
    FeeStatus,
    FileKind,
    IdType,
    LetterKind,
    NotHeldReason,
    Opinion,
    RequestKind,
    Status,
    Transfer,
    TransferStatus,
)
from gongkai.applications.rules import (
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    MAX_EXTENSION_DAYS,
    ClockKind,
    appeal_warning,
    fee_by_count,
    fee_by_pages,
    received_date,
    validate_resident_id,
    validate_uscc,
)
from gongkai.audit import labels
from gongkai.audit.actions import record, snapshot
from gongkai.calendar.cache import get_calendar
from gongkai.common.tasks import send_email
from gongkai.common.uploads import max_attachment_bytes, too_large_message

labels.register(
    {
        "application.submit": "在线提交政府信息公开申请",
        "application.register": "登记政府信息公开申请",
        **{f"application.{name}": t.label for name, t in TRANSITIONS.items()},
        "application.attach": "上传材料",
        "application.submit_correction": "申请人在线提交补正",
        services.RECOMPUTED: "节假日安排变化，期限重新计算",
        "application.import": "台账导入",
        "appeal.create": "登记行政复议或行政诉讼",
        "appeal.update": "更新行政复议或行政诉讼",
        "application.letter_template": "修改告知书模板",
    }
)

AUDITED = [
    "status",
    "handler_id",
    "agency_id",
    "received_on",
    "due_on",
    "outcome",
    "answered_on",
    "extension_days",
    "fee_status",
    "fee_amount",
    "correction_deadline",
    "correction_submitted_on",
    "delivered_on",
]


# ---------------------------------------------------------------------------------------------
# Applicant data
# ---------------------------------------------------------------------------------------------


@dataclass
class ApplicantData:
    applicant_kind: str
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    description: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    document_number: str = ""
    info_form: str = "paper"
    delivery: str = "post"


def clean_applicant(data: ApplicantData) -> ApplicantData:
    """Checks the fields of 第二十九条 and the identity number; raises a field-keyed ValidationError."""
    errors: dict[str, str] = {}
    if data.applicant_kind not in ApplicantKind.values:
        errors["applicant_kind"] = "请选择申请人类型"
    elif data.applicant_kind == ApplicantKind.PERSON:
        data.applicant_type = ApplicantType.NATURAL_PERSON
    elif data.applicant_type not in ApplicantType.values or data.applicant_type == ApplicantType.NATURAL_PERSON:
        errors["applicant_type"] = "请选择法人或其他组织的类别"
    if not data.applicant_name.strip():
        errors["applicant_name"] = "请填写申请人姓名或名称"
    if data.id_type and data.id_type not in IdType.values:
        errors["id_type"] = "证件类型无效"
    try:
        if data.id_type == IdType.RESIDENT_ID:
            data.id_number = validate_resident_id(data.id_number)
        elif data.id_type == IdType.USCC:
            data.id_number = validate_uscc(data.id_number)
        elif data.id_type and not data.id_number.strip():
            raise ValueError("请填写证件号码")
    except ValueError as exc:
        errors["id_number"] = str(exc)
    if not data.description.strip():
        errors["description"] = "请描述所需政府信息（名称、文号或便于查询的其他特征性描述）"
    if not (data.phone.strip() or data.email.strip() or data.address.strip()):
        errors["phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"
    if data.info_form not in dict(Application._meta.get_field("info_form").choices):
        errors["info_form"] = "信息的载体形式无效"
    if data.delivery not in Delivery.values:
        errors["delivery"] = "获取信息的方式无效"
    if data.delivery == Delivery.EMAIL and not data.email.strip():
        errors["email"] = "选择电子邮件方式获取信息时，请填写电子邮箱"
    if errors:
        raise ValidationError(errors)
    return data


def applicant_key(data: ApplicantData) -> str:
    if data.id_number:
        return f"{data.id_type}:{data.id_number.strip().upper()}"
    return f"name:{data.applicant_name.strip()}"


def _store_files(application: Application, files: list[UploadedFile], kind: str) -> list[CaseFile]:
    stored = []
    for upload in files:
        if upload.size and upload.size > max_attachment_bytes():
            raise ValidationError({"files": too_large_message(upload.name)})
        # The original name is data (shown and used for downloads); the stored file gets a generated one.
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "附件"
        stored.append(CaseFile.objects.create(application=application, kind=kind, file=upload, name=name))
    return stored


def _notify(application: Application, subject: str, body: str) -> None:
    """Emails the applicant (if an address was given) after the transaction commits."""
    if not application.email:
        return
    site = getattr(settings, "GONGKAI_SITE_URL", "")
    text = (
        f"{application.applicant_name}：\n\n{body}\n\n受理编号：{application.receipt_number}\n"
        f"办理机关：{application.agency.name}\n请凭查询码在 {site}/apply/status/ 查看办理进度和告知书。"
    )
    recipients = [application.email]
    transaction.on_commit(
        lambda: send_email.enqueue(subject=f"【政府信息公开】{subject}", body=text, recipients=recipients)
    )


# ---------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------


def submit_online(
    *,
    agency: Agency,
    data: ApplicantData,
    files: list[UploadedFile] | None = None,
    on: dt.date | None = None,
    request_kind: str = RequestKind.DISCLOSURE,
) -> tuple[Application, str]:
    """An application from the portal (第二十九条), or a 更正申请 (第四十一条). The receipt date is fixed
    when the office confirms it (第三十一条第（三）项), so the case starts as 待确认收到."""
    ensure_can_be_applied_to(agency)
    _check_request_kind(request_kind)
    data = clean_applicant(data)
    on = on or services.today()
    with transaction.atomic():
        code, code_hash = querycode.new_query_code()
        application = Application.objects.create(
            agency=agency,
            receipt_number=services.next_receipt_number(agency, on.year),
            query_code_hash=code_hash,
            status=Status.SUBMITTED,
            channel=Channel.ONLINE,
            request_kind=request_kind,
            submitted_on=on,
            applicant_key=applicant_key(data),
            **vars(data),
        )
        _store_files(application, files or [], FileKind.APPLICANT)
        record(
            action="application.submit",
            actor=None,
            target=application,
            after=snapshot(application, ["status", "channel", "submitted_on"]),
        )
        _notify(application, "申请已提交", "您的政府信息公开申请已提交，工作机构确认收到后开始计算答复期限。")
    return application, code


def register(
    *,
    agency: Agency,
    actor: Any,
    data: ApplicantData,
    channel: str,
    submitted_on: dt.date | None = None,
    arrived_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    files: list[UploadedFile] | None = None,
    notes: str = "",
    request_kind: str = RequestKind.DISCLOSURE,
) -> tuple[Application, str]:
    """An application (or a 更正申请, 第四十一条) received in person, by post, fax, email or otherwise,
    entered by staff with the dates that decide the 收到申请之日 (第三十一条). The query code is printed
    on the 受理回执 when the receipt date is known now."""
    require(actor, Perm.EDIT, agency)
    ensure_can_be_applied_to(agency)
    _check_request_kind(request_kind)
    data = clean_applicant(data)
    if channel not in Channel.values:
        raise ValidationError({"channel": "请选择申请方式"})
    dates = {
        "submitted_on": submitted_on,
        "arrived_on": arrived_on,
        "signed_on": signed_on,
        "confirmed_on": confirmed_on,
    }
    derived = received_date(channel, **dates)
    today = services.today()
    for name, value in dates.items():
        if value is not None and value > today:
            raise ValidationError({name: "日期不能晚于今天"})
    if channel == Channel.REGISTERED_MAIL and signed_on is None and confirmed_on is None:
        raise ValidationError({"signed_on": "邮寄的申请以签收之日为收到申请之日，请填写签收日期"})
    if channel == Channel.IN_PERSON and submitted_on is None:
        raise ValidationError({"submitted_on": "当面提交的申请以提交之日为收到申请之日，请填写提交日期"})
    with transaction.atomic():
        code, code_hash = querycode.new_query_code()
        year = (derived.date or submitted_on or arrived_on or today).year
        application = Application.objects.create(
            agency=agency,
            receipt_number=services.next_receipt_number(agency, year),
            query_code_hash=code_hash,
            status=Status.SUBMITTED,
            channel=channel,
            request_kind=request_kind,
            applicant_key=applicant_key(data),
            notes=notes,
            **dates,
            **vars(data),
        )
        _store_files(application, files or [], FileKind.APPLICANT)
        record(
            action="application.register",
            actor=actor,
            target=application,
            after=snapshot(application, ["status", "channel", *dates]),
            reason=derived.warning,
        )
        if derived.date is not None:
            _set_received(application, derived.date, derived.explanation, actor, query_code=code)
    return application, code


def _check_request_kind(request_kind: str) -> None:
    if request_kind not in RequestKind.values:
        raise ValidationError({"request_kind": "请选择申请类别：政府信息公开申请或更正申请"})


def _status_url() -> str:
    """The status page's full address, printed on the 受理回执 (GONGKAI_SITE_URL, issue 13 point 2)."""
    return f"{str(getattr(settings, 'GONGKAI_SITE_URL', '')).rstrip('/')}{reverse('applications:status')}"


def _set_received(application: Application, on: dt.date, basis: str, actor: Any, *, query_code: str = "") -> None:
    """Fixes the 收到申请之日 and issues the 受理回执. ``query_code`` is known only at a staff registration
    (only its hash is stored): the letter prints it then, else says it was given at submission."""
    ensure_year_open(application.agency, on)  # a new case dated in a locked year would alter its report
    before = snapshot(application, AUDITED)
    application.received_on = on
    application.received_basis = basis
    application.status = Status.REGISTERED
    application.save()
    services.add_event(application, ClockKind.RECEIVED, on)
    result = services.refresh_due(application)
    due = result.due.date if result.due else None
    # A letter states a definite date (2025年2月8日, never "（暂定）"); if a provisional year later moves
    # it, the case page warns staff (services.deadline_warnings) and the letter stays as sent.
    letters.issue(
        application,
        LetterKind.RECEIPT,
        issued_on=on,
        extra={
            "due": letters.cn_date(due) if due else "",
            "query_code": query_code,
            "site_url": _status_url(),
            "correction_request": application.request_kind == RequestKind.CORRECTION_REQUEST,
            "answer_days": services.clock_settings(application.request_kind).answer_days,
        },
        deadline=due,
    )
    record(
        action="application.confirm",
        actor=actor,
        target=application,
        before=before,
        after=snapshot(application, AUDITED),
        reason=basis,
    )
    _notify(application, "申请已收到", f"本机关已于{letters.cn_date(on)}收到您的申请，答复期限为{_cn(result.due)}。")


def _cn(due: Any) -> str:
    """A date as letters and e-mails to the applicant write it: 2025年2月8日 (a WorkDate's 暂定 mark dropped)."""
    if due is None:
        return ""
    return letters.cn_date(due if isinstance(due, dt.date) else due.date)


def ensure_can_be_applied_to(agency: Agency, field: str = "agency") -> None:
    """村民委员会 and 居民委员会 are not 行政机关 (services.NOT_ADMINISTRATIVE_KINDS): refused as the agency."""
    if agency.kind in services.NOT_ADMINISTRATIVE_KINDS:
        raise ValidationError(
            {field: f"{agency.name}不是行政机关，不受理政府信息公开申请（村务、居务公开请向其直接了解）"}
        )


def _lock(application: Application, name: str, actor: Any) -> tuple[Application, dict]:
    """Locks the row, checks the permission and that ``name`` is allowed from the current status."""
    application = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    transition = TRANSITIONS[name]
    if actor is not None:
        require(actor, Perm(transition.perm), application.agency)
    if application.request_kind not in transition.kinds:
        raise ValidationError({"status": f"{application.get_request_kind_display()}不适用“{transition.label}”"})
    if application.status not in transition.sources:
        raise ValidationError({"status": f"当前状态“{application.get_status_display()}”下不能{transition.label}"})
    return application, snapshot(application, AUDITED)


def _guard_locked_years(application: Application, before: dict) -> None:
    """Refuses a change that would alter a published and locked annual report."""
    after = snapshot(application, AUDITED)
    agencies = [application.agency]
    if before.get("agency_id") and before.get("agency_id") != after.get("agency_id"):
        agencies.append(Agency.objects.get(pk=before["agency_id"]))
    ensure_change_allowed(agencies, before, after, today=services.today())


def _done(application: Application, name: str, actor: Any, before: dict, reason: str = "") -> Application:
    target = TRANSITIONS[name].target
    if target is not None:
        application.status = target
    _guard_locked_years(application, before)
    application.save()
    services.refresh_due(application)
    record(
        action=f"application.{name}",
        actor=actor,
        target=application,
        before=before,
        after=snapshot(application, AUDITED),
        reason=reason,
    )
    return application


def _date(on: dt.date | None, field: str = "on", not_before: dt.date | None = None) -> dt.date:
    value = on or services.today()
    if value > services.today():
        raise ValidationError({field: "日期不能晚于今天"})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"日期不能早于{not_before.isoformat()}"})
    return value


def confirm(
    *,
    application: Application,
    actor: Any,
    confirmed_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    arrived_on: dt.date | None = None,
) -> Application:
    """确认收到: fixes the 收到申请之日 of an online, fax, letter or mail application (第三十一条)."""
    with transaction.atomic():
        application, _ = _lock(application, "confirm", actor)
        application.confirmed_on = confirmed_on or application.confirmed_on
        application.signed_on = signed_on or application.signed_on
        application.arrived_on = arrived_on or application.arrived_on
        if application.channel in (Channel.ONLINE, Channel.FAX, Channel.ORDINARY_LETTER, Channel.OTHER):
            application.confirmed_on = _date(application.confirmed_on, "confirmed_on", application.submitted_on)
        derived = received_date(
            application.channel,
            submitted_on=application.submitted_on,
            signed_on=application.signed_on,
            arrived_on=application.arrived_on,
            confirmed_on=application.confirmed_on,
        )
        if derived.date is None:
            raise ValidationError({"signed_on": "请填写确定收到申请之日所需的日期"})
        _set_received(application, derived.date, derived.explanation, actor)
    return application


def accept(*, application: Application, actor: Any, on: dt.date | None = None) -> Application:
    """受理: the day is checked (not before receipt, not in the future) and recorded with the step."""
    with transaction.atomic():
        application, before = _lock(application, "accept", actor)
        on = _date(on, "on", application.received_on)
        if application.handler_id is None and actor is not None and getattr(actor, "is_authenticated", False):
            application.handler = actor
        return _done(application, "accept", actor, before, reason=f"{letters.cn_date(on)}受理")


def request_correction(
    *, application: Application, actor: Any, items: str, deadline: dt.date | None = None, on: dt.date | None = None
) -> Application:
    """补正告知 (第三十条): once, within 7 working days of receipt, with the items and a deadline."""
    with transaction.atomic():
        application, before = _lock(application, "request_correction", actor)
        on = _date(on, "on", application.received_on)
        if application.clock_events.filter(kind=ClockKind.CORRECTION_REQUESTED).exists():
            raise ValidationError({"items": "补正告知应当一次性作出（第三十条），本申请已告知过补正"})
        if not items.strip():
            raise ValidationError({"items": "请列明需要补正的事项"})
        calendar = get_calendar()
        notice_due = calendar.add_working_days(application.received_on, CORRECTION_NOTICE_DAYS)
        if on > notice_due.date:
            raise ValidationError(
                {"on": f"补正告知应当自收到申请之日起7个工作日内作出（第三十条），期限为{notice_due}"}
            )
        default_days = int(services.setting("GONGKAI_APPLICATIONS_CORRECTION_DAYS"))
        deadline = deadline or calendar.add_working_days(on, default_days).date
        if deadline <= on:
            raise ValidationError({"deadline": "补正期限应当晚于告知日期"})
        application.correction_items = items.strip()
        application.correction_deadline = deadline
        services.add_event(application, ClockKind.CORRECTION_REQUESTED, on, until=deadline)
        letters.issue(
            application,
            LetterKind.CORRECTION,
            issued_on=on,
            extra={"items": application.correction_items, "deadline": letters.cn_date(deadline)},
        )
        _done(application, "request_correction", actor, before)
        _notify(
            application,
            "请补正申请",
            f"您的申请需要补正，请于{letters.cn_date(deadline)}前提交补正材料。需要补正的事项：\n{items}",
        )
    return application


def receive_correction(
    *,
    application: Application,
    actor: Any,
    on: dt.date | None = None,
    text: str = "",
    files: list[UploadedFile] | None = None,
) -> Application:
    """收到补正: the answer clock restarts from this day (第三十条). A 补正 sent online is taken in
    with its text; its receipt day defaults to the day it was sent."""
    with transaction.atomic():
        application, before = _lock(application, "receive_correction", actor)
        on = _date(on or application.correction_submitted_on, "on", application.received_on)
        # Kept apart from the description: letters quote the application as made, with no internal marker.
        application.correction_text = text.strip() or application.correction_text
        _store_files(application, files or [], FileKind.CORRECTION)
        services.add_event(application, ClockKind.CORRECTION_RECEIVED, on)
        _done(application, "receive_correction", actor, before)
        _notify(
            application, "已收到补正", f"本机关已于{letters.cn_date(on)}收到您的补正，答复期限为{application.due_on}。"
        )
    return application


def submit_correction_online(
    *, application: Application, text: str, files: list[UploadedFile] | None = None, on: dt.date | None = None
) -> Application:
    """The applicant sends the 补正 through the portal (opened with the query code). Nothing on the
    clock moves yet: as with an online application (第三十一条第（三）项), the day it counts from is the
    day the office confirms receipt with ``receive_correction``, which offers this day by default."""
    files = files or []
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
        if application.status != Status.CORRECTION:
            raise ValidationError({"status": "本申请当前不需要补正"})
        if application.correction_submitted_on is not None:
            sent = letters.cn_date(application.correction_submitted_on)
            raise ValidationError({"text": f"已于{sent}在线提交补正材料，请等待工作机构确认"})
        if not text.strip() and not files:
            raise ValidationError({"text": "请填写补正内容或上传补正材料"})
        before = snapshot(application, AUDITED)
        _store_files(application, files, FileKind.CORRECTION)
        application.correction_submitted_on = on or services.today()
        application.correction_text = text.strip()[:5000]
        application.save(update_fields=["correction_submitted_on", "correction_text", "updated_at"])
        record(
            action="application.submit_correction",
            actor=None,
            target=application,
            before=before,
            after={**snapshot(application, AUDITED), "files": [f.name for f in files]},
        )
        _notify(application, "补正材料已提交", "您的补正材料已在线提交，工作机构确认收到后重新计算答复期限。")
    return application


def correction_lapsed(*, application: Application, actor: Any, on: dt.date | None = None) -> Application:
    """逾期不补正 (第三十条): 视为放弃申请; report row ``other_no_correction``."""
    with transaction.atomic():
        application, before = _lock(application, "correction_lapsed", actor)
        on = _date(on)
        if application.correction_deadline and on <= application.correction_deadline:
            raise ValidationError({"on": f"补正期限{application.correction_deadline.isoformat()}尚未届满"})
        # 第三十条: only "无正当理由逾期不补正" is a waiver; a correction sent online by the deadline was in time,
        # whether or not the office has confirmed it yet.
        sent = application.correction_submitted_on
        if sent is not None and application.correction_deadline and sent <= application.correction_deadline:
            raise ValidationError(
                {"on": f"申请人已于{letters.cn_date(sent)}在补正期限内提交补正，请确认收到补正（第三十条）"}
            )
        _close(application, "other_no_correction", on)
        _answer_letter(application, on, "")
        _done(application, "correction_lapsed", actor, before)
        _notify(application, "申请不再处理", "您未在补正期限内补正，视为放弃申请，本机关不再处理该申请。")
    return application


def _close(application: Application, outcome: str, on: dt.date) -> None:
    # A 更正申请 is no row of table 三 (第四十一条 is not a disclosure application): no outcome.
    if application.request_kind == RequestKind.DISCLOSURE:
        application.outcome = outcome
        application.legal_basis = application.legal_basis or OUTCOME_BASIS.get(outcome, "")
    application.answered_on = on
    services.add_event(application, ClockKind.STOPPED, on)


def assign(*, application: Application, actor: Any, handler: Any) -> Application:
    with transaction.atomic():
        application, before = _lock(application, "assign", actor)
        if handler is not None and not has_perm(handler, Perm.EDIT, application.agency):
            raise ValidationError({"handler": f"{handler}不是本机关的办理人员"})
        application.handler = handler
        return _done(application, "assign", actor, before)


# ---------------------------------------------------------------------------------------------
# Transfer between agencies in the system
# ---------------------------------------------------------------------------------------------


def transfer(
    *, application: Application, actor: Any, to_agency: Agency, reason: str, on: dt.date | None = None
) -> Transfer:
    with transaction.atomic():
        application, before = _lock(application, "transfer", actor)
        if to_agency.pk == application.agency_id:
            raise ValidationError({"to_agency": "不能转办给本机关"})
        ensure_can_be_applied_to(to_agency, "to_agency")
        if not reason.strip():
            raise ValidationError({"reason": "请说明转办理由（信息由哪个机关负责公开）"})
        moved = Transfer.objects.create(
            application=application,
            from_agency=application.agency,
            to_agency=to_agency,
            sent_on=_date(on),
            reason=reason.strip(),
        )
        _done(application, "transfer", actor, before, reason=f"转至{to_agency.name}：{reason}")
    return moved


def transfer_accept(*, moved: Transfer, actor: Any, on: dt.date | None = None) -> Application:
    """The receiving agency takes the case over. Once an office has confirmed receipt, the time limit
    keeps running from that first receipt (第三十三条: "自收到申请之日起"): the receiving office sees the
    original deadline. A case forwarded before any receipt was confirmed is received on the day the
    receiving office accepts it (by the setting; otherwise it confirms receipt itself, 第三十一条)."""
    with transaction.atomic():
        require(actor, Perm.EDIT, moved.to_agency) if actor is not None else None
        application, before = _lock(moved.application, "transfer_accept", None)
        moved = Transfer.objects.select_for_update().get(pk=moved.pk)
        if moved.status != TransferStatus.PENDING:
            raise ValidationError({"status": "该转办已处理"})
        on = _date(on, "on", moved.sent_on)
        moved.status, moved.decided_on = TransferStatus.ACCEPTED, on
        moved.save()
        if application.received_on is not None:
            # 第三十六条第（五）项: the applicant is told in writing, by the office that had received the
            # application, which agency is responsible; the deadline still runs from the first receipt.
            due = services.clock(application, on).due
            letters.issue(
                application,
                LetterKind.TRANSFER,
                issued_on=on,
                extra={"to_agency": moved.to_agency.name, "to_agency_contact": moved.to_agency.phone, "due": _cn(due)},
                deadline=due.date if due else None,
                agency_name=moved.from_agency.name,
            )
        application.agency = moved.to_agency
        application.handler = None
        if application.received_on is not None:
            application.status = Status.PROCESSING
        elif services.setting("GONGKAI_APPLICATIONS_TRANSFER_RESTARTS_CLOCK"):
            ensure_year_open(moved.to_agency, on)
            application.received_on = on
            application.received_basis = f"{moved.from_agency.name}转办，本机关接收之日为收到申请之日"
            application.status = Status.REGISTERED
            services.add_event(application, ClockKind.RECEIVED, on)
        else:
            application.status = Status.SUBMITTED
        _done(application, "transfer_accept", actor, before)
        _notify(application, "申请已转由其他机关办理", f"您的申请已转由{moved.to_agency.name}办理。")
    return application


def transfer_return(*, moved: Transfer, actor: Any, reason: str, on: dt.date | None = None) -> Application:
    with transaction.atomic():
        require(actor, Perm.EDIT, moved.to_agency) if actor is not None else None
        application, before = _lock(moved.application, "transfer_return", None)
        moved = Transfer.objects.select_for_update().get(pk=moved.pk)
        if moved.status != TransferStatus.PENDING:
            raise ValidationError({"status": "该转办已处理"})
        if not reason.strip():
            raise ValidationError({"reason": "请说明退回理由"})
        moved.status, moved.decided_on, moved.return_reason = TransferStatus.RETURNED, _date(on), reason.strip()
        moved.save()
        _done(application, "transfer_return", actor, before, reason=reason)
    return application


# ---------------------------------------------------------------------------------------------
# Consultation (第三十二、三十四条)
# ---------------------------------------------------------------------------------------------


def consult(
    *,
    application: Application,
    actor: Any,
    kind: str,
    party: str,
    on: dt.date | None = None,
    delivery: str = Delivery.POST,
    received_on: dt.date | None = None,
) -> Consultation:
    """A written 征求意见书; the time is not counted against the answer deadline (第三十三条第三款). The
    15 working days run from the consulted party's receipt (第三十二、三十四条): ``received_on`` when
    known, else the default of the ``delivery`` method (services.notice_received)."""
    with transaction.atomic():
        application, before = _lock(application, "consult", actor)
        if kind not in ConsultationKind.values:
            raise ValidationError({"kind": "请选择征求意见的类型"})
        if not party.strip():
            raise ValidationError({"party": "请填写被征求意见的第三方或机关"})
        on = _date(on, "on", application.received_on)
        if delivery not in Delivery.values:
            raise ValidationError({"delivery": "请选择征求意见书的送达方式"})
        if received_on is not None:
            _date(received_on, "received_on", on)
        receipt = services.notice_received(delivery, on, received_on).date or on
        item = Consultation.objects.create(
            application=application,
            kind=kind,
            party=party.strip(),
            sent_on=on,
            delivery=delivery,
            received_on=receipt,
            window_ends_on=services.consultation_window_end(receipt),
        )
        services.add_event(application, ClockKind.CONSULTATION_STARTED, on, ref=item.pk, until=receipt)
        letters.issue(
            application,
            LetterKind.CONSULTATION,
            issued_on=on,
            to_applicant=False,
            recipient=item.party,
            extra={"third_party": kind == ConsultationKind.THIRD_PARTY},
        )
        _done(application, "consult", actor, before, reason=str(item))
    return item


def consult_received(*, consultation: Consultation, actor: Any, received_on: dt.date) -> Consultation:
    """Records the day the consulted party actually received the 征求意见书 (e.g. the postal return
    slip); its 15-working-day window (第三十二、三十四条) is recomputed from it."""
    with transaction.atomic():
        application, before = _lock(consultation.application, "consult_received", actor)
        item = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if item.replied_on is not None:
            raise ValidationError({"received_on": "已记录意见"})
        item.received_on = _date(received_on, "received_on", item.sent_on)
        item.window_ends_on = services.consultation_window_end(item.received_on)
        item.save(update_fields=["received_on", "window_ends_on"])
        application.clock_events.filter(kind=ClockKind.CONSULTATION_STARTED, ref=item.pk).update(until=item.received_on)
        _done(application, "consult_received", actor, before, reason=f"{item}：{item.received_on.isoformat()}收到")
    return item


def consult_reply(
    *, consultation: Consultation, actor: Any, opinion: str, reply: str = "", on: dt.date | None = None
) -> Consultation:
    """The reply, or its absence once the window closed: a third party's silence leaves the decision
    to the agency (第三十二条); another agency's silence counts as consent (第三十四条)."""
    with transaction.atomic():
        application, before = _lock(consultation.application, "consult_reply", actor)
        item = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if item.replied_on is not None or item.opinion:
            raise ValidationError({"opinion": "已记录意见"})
        if opinion not in (Opinion.CONSENT, Opinion.OBJECT, Opinion.NO_REPLY):
            raise ValidationError({"opinion": "请选择意见"})
        on = _date(on, "on", item.sent_on)
        if opinion == Opinion.NO_REPLY:
            if on <= item.window_ends_on:
                raise ValidationError({"opinion": f"答复期限{item.window_ends_on.isoformat()}尚未届满"})
            on = item.window_ends_on
            if item.kind == ConsultationKind.AGENCY:
                opinion = Opinion.CONSENT  # 第三十四条: "逾期未提出意见的视为同意公开"
                reply = reply or "逾期未提出意见，视为同意公开（第三十四条）"
            else:
                reply = reply or "第三方逾期未提出意见，由本机关依照条例规定决定是否公开（第三十二条）"
        item.opinion, item.reply, item.replied_on = opinion, reply.strip(), on
        item.save()
        services.add_event(application, ClockKind.CONSULTATION_ENDED, on, ref=item.pk)
        if not application.consultations.filter(replied_on__isnull=True).exists():
            application.status = Status.PROCESSING
        _done(application, "consult_reply", actor, before, reason=f"{item}：{item.get_opinion_display()}")
    return item


# ---------------------------------------------------------------------------------------------
# Extension (第三十三条第二款)
# ---------------------------------------------------------------------------------------------


def extend(*, application: Application, actor: Any, days: int, reason: str, on: dt.date | None = None) -> Application:
    """延期: once, at most 20 working days, approved by the 负责人 (Perm.APPROVE_EXTENSION) no later
    than the original deadline; the applicant is told by letter (and email)."""
    with transaction.atomic():
        application, before = _lock(application, "extend", actor)
        on = _date(on, "on", application.received_on)
        if application.extension_days:
            raise ValidationError({"days": "答复期限只能延长一次（第三十三条第二款）"})
        if not 1 <= days <= MAX_EXTENSION_DAYS:
            raise ValidationError({"days": "延长的期限最长不得超过20个工作日（第三十三条第二款）"})
        if not reason.strip():
            raise ValidationError({"reason": "请说明延期理由"})
        current = services.clock(application, on)
        if current.due is not None and on > current.due.date:
            raise ValidationError({"on": f"延期应当在答复期限{current.due}届满前批准"})
        application.extension_days = days
        application.extension_reason = reason.strip()
        application.extension_approved_by = actor if getattr(actor, "is_authenticated", False) else None
        services.add_event(application, ClockKind.EXTENDED, on, days=days)
        _done(application, "extend", actor, before, reason=reason)
        result = services.clock(application, on)
        letters.issue(
            application,
            LetterKind.EXTENSION,
            issued_on=on,
            extra={"reason": reason.strip().rstrip("。"), "days": days, "due": _cn(result.due)},
            deadline=result.due.date if result.due else None,
        )
        _notify(application, "答复期限延长", f"经负责人同意，答复期限延长{days}个工作日，至{_cn(result.due)}。")
    return application


# ---------------------------------------------------------------------------------------------
# 信息处理费 (第四十二条; 国办函〔2020〕109号)
# ---------------------------------------------------------------------------------------------


def month_count(application: Application) -> int:
    """The applicant's applications to this agency received in the natural month of this one, this one
    included. 109号 第四条 counts "同一申请人" per natural month without naming the agency; the fee is the
    charging agency's, so only the applications made to it count (reading in docs/applications.md)."""
    on = application.received_on or application.submitted_on or services.today()
    return (
        Application.objects.filter(
            agency_id=application.agency_id,
            request_kind=RequestKind.DISCLOSURE,
            applicant_key=application.applicant_key,
            received_on__year=on.year,
            received_on__month=on.month,
            received_on__lte=on,
        ).count()
        or 1
    )


def fee_notice(
    *,
    application: Application,
    actor: Any,
    method: str,
    units: int | None = None,
    items: int = 1,
    on: dt.date | None = None,
    delivery: str | None = None,
    received_on: dt.date | None = None,
) -> Application:
    """收费通知: 按件 from the applicant's monthly count, 按量 from the pages; payment within 20 working
    days from the day after the applicant receives the notice (109号, "自收到本通知次日起"). The receipt is
    ``received_on`` when known, else the default of the ``delivery`` method (the applicant's chosen way
    by default; see services.notice_received)."""
    with transaction.atomic():
        application, before = _lock(application, "fee_notice", actor)
        on = _date(on, "on", application.received_on)
        if method == FeeMethod.BY_COUNT:
            count = units or month_count(application)
            amount = fee_by_count(count, items)
            units_text = f"您本自然月累计申请{count}件，本申请计{items}件"
        elif method == FeeMethod.BY_PAGES:
            if not units or units < 0:
                raise ValidationError({"units": "请填写页数"})
            count, amount = units, fee_by_pages(units)
            units_text = f"所提供信息共{units}页"
        else:
            raise ValidationError({"method": "请选择按件计收或按量计收"})
        if amount <= 0:
            raise ValidationError({"units": "按照收费标准，本申请不需要收费"})
        delivery = delivery or application.delivery
        if delivery not in Delivery.values:
            raise ValidationError({"delivery": "请选择收费通知的送达方式"})
        if received_on is not None:
            _date(received_on, "received_on", on)
        receipt = services.notice_received(delivery, on, received_on).date or on
        due = get_calendar().add_working_days(receipt, FEE_PAYMENT_DAYS)
        application.fee_method, application.fee_units, application.fee_amount = method, count, amount
        application.fee_status, application.fee_notice_on, application.fee_due_on = FeeStatus.PENDING, on, due.date
        application.fee_notice_delivery, application.fee_notice_received_on = delivery, receipt
        services.add_event(application, ClockKind.FEE_NOTICE, on, until=receipt)
        letters.issue(
            application,
            LetterKind.FEE,
            issued_on=on,
            extra={
                "method": FeeMethod(method).label,
                "units_text": units_text,
                "amount": f"{amount:.2f}",
                "due": _cn(due),
            },
            deadline=due.date,
        )
        _done(application, "fee_notice", actor, before)
        _notify(application, "信息处理费收费通知", f"请于{_cn(due)}前缴纳信息处理费{amount:.2f}元，逾期视为放弃申请。")
    return application


def fee_notice_received(*, application: Application, actor: Any, received_on: dt.date) -> Application:
    """Records the day the applicant actually received the 收费通知 (e.g. the postal return slip); the
    payment window (109号) and the fee pause are recomputed from it."""
    with transaction.atomic():
        application, before = _lock(application, "fee_notice_received", actor)
        received_on = _date(received_on, "received_on", application.fee_notice_on)
        application.fee_notice_received_on = received_on
        application.fee_due_on = services.fee_due(received_on)
        notice = application.clock_events.filter(kind=ClockKind.FEE_NOTICE).order_by("-on", "-id").first()
        if notice is not None:
            notice.until = received_on
            notice.save(update_fields=["until"])
        _done(application, "fee_notice_received", actor, before, reason=f"收到收费通知：{received_on.isoformat()}")
    return application


def fee_settle(
    *,
    application: Application,
    actor: Any,
    result: str,
    on: dt.date | None = None,
    amount: Decimal | None = None,
    receipt_no: str = "",
    reason: str = "",
) -> Application:
    """Payment (with the 财政票据号), 减免 (waiver) or cancellation of the fee."""
    with transaction.atomic():
        application, before = _lock(application, "fee_settle", actor)
        on = _date(on, "on", application.fee_notice_on)
        if result == FeeStatus.PAID:
            if on > application.fee_due_on:
                raise ValidationError({"on": "已超过缴费期限"})
            application.fee_paid_amount = amount if amount is not None else application.fee_amount
            application.fee_receipt_no = receipt_no.strip()
        elif result == FeeStatus.WAIVED:
            if not reason.strip():
                raise ValidationError({"reason": "请说明减免理由"})
            application.fee_paid_amount = amount if amount is not None else Decimal("0")
        elif result == FeeStatus.CANCELLED:
            application.fee_paid_amount = Decimal("0")
        else:
            raise ValidationError({"result": "请选择缴费、减免或取消"})
        application.fee_status = result
        services.add_event(application, ClockKind.FEE_SETTLED, on)
        _done(application, "fee_settle", actor, before, reason=reason)
    return application


def fee_lapsed(*, application: Application, actor: Any, on: dt.date | None = None) -> Application:
    """逾期未缴费: 视为放弃申请; report row ``other_fee_unpaid``."""
    with transaction.atomic():
        application, before = _lock(application, "fee_lapsed", actor)
        on = _date(on)
        if on <= application.fee_due_on:
            raise ValidationError({"on": f"缴费期限{application.fee_due_on.isoformat()}尚未届满"})
        application.fee_status = FeeStatus.LAPSED
        services.add_event(application, ClockKind.FEE_SETTLED, application.fee_due_on)
        _close(application, "other_fee_unpaid", on)
        _answer_letter(application, on, "")
        _done(application, "fee_lapsed", actor, before)
        _notify(application, "申请不再处理", "您逾期未缴纳信息处理费，视为放弃申请，本机关不再处理该申请。")
    return application


# ---------------------------------------------------------------------------------------------
# 第三十五条: abnormal volume
# ---------------------------------------------------------------------------------------------


def ask_reasons(*, application: Application, actor: Any, on: dt.date | None = None) -> Application:
    with transaction.atomic():
        application, before = _lock(application, "ask_reasons", actor)
        on = _date(on, "on", application.received_on)
        # 第三十五条: the request for reasons is a written notice, dated the day given.
        letters.issue(application, LetterKind.REASONS_REQUEST, issued_on=on)
        _done(application, "ask_reasons", actor, before, reason=f"{letters.cn_date(on)}要求说明理由")
        _notify(
            application, "请说明申请理由", "您申请公开政府信息的数量、频次明显超过合理范围，请说明理由（第三十五条）。"
        )
    return application


def reasons_accepted(
    *, application: Application, actor: Any, reasons: str, due_on: dt.date, on: dt.date | None = None
) -> Application:
    """Reasonable: a longer deadline, set and recorded (第三十五条)."""
    with transaction.atomic():
        application, before = _lock(application, "reasons_accepted", actor)
        on = _date(on, "on", application.received_on)
        current = services.clock(application, on)
        if current.due is not None and due_on <= current.due.date:
            raise ValidationError({"due_on": f"确定的合理期限应当晚于现行答复期限{current.due}"})
        application.volume_reasons = reasons.strip()
        services.add_event(application, ClockKind.DEADLINE_SET, on, until=due_on)
        # 第三十五条: "确定延迟答复的合理期限并告知申请人", in writing.
        letters.issue(
            application,
            LetterKind.REASONS_DEADLINE,
            issued_on=on,
            extra={"reasons": application.volume_reasons.rstrip("。"), "due": letters.cn_date(due_on)},
            deadline=due_on,
        )
        _done(application, "reasons_accepted", actor, before, reason=reasons)
        _notify(
            application,
            "答复期限调整",
            f"本机关认为您说明的理由合理，确定于{letters.cn_date(due_on)}前答复（第三十五条）。",
        )
    return application


def reasons_rejected(
    *, application: Application, actor: Any, reasons: str = "", on: dt.date | None = None
) -> Application:
    """Unreasonable: 不予处理, report row ``rejected_mass_repeat`` (第三十五条)."""
    with transaction.atomic():
        application, before = _lock(application, "reasons_rejected", actor)
        on = _date(on, "on", application.received_on)
        application.volume_reasons = reasons.strip()
        _close(application, "rejected_mass_repeat", on)
        _answer_letter(application, on, "")
        _done(application, "reasons_rejected", actor, before, reason=reasons)
        _notify(application, "申请已答复", "本机关已对您的申请作出答复，请查看答复告知书。")
    return application


# ---------------------------------------------------------------------------------------------
# 答复, 送达, withdrawal
# ---------------------------------------------------------------------------------------------


def _answer_letter(application: Application, on: dt.date, text: str, files: str = "") -> None:
    letters.issue(
        application,
        LetterKind.ANSWER,
        issued_on=on,
        outcome=application.outcome,
        extra={"text": text, "files": files, "ground": letters.answer_ground(application)},
    )


NOT_HELD_CHOICE = "请选择：经检索没有所申请公开的信息（第三十六条第（四）项），或者不属于本机关负责公开（第（五）项）"


def answer(
    *,
    application: Application,
    actor: Any,
    outcome: str,
    legal_basis: str = "",
    text: str = "",
    files: list[UploadedFile] | None = None,
    on: dt.date | None = None,
    not_held_reason: str = "",
    responsible_agency: str = "",
    responsible_contact: str = "",
) -> Application:
    """答复 with a typed outcome (one report row), its legal basis and the information provided.

    ``unable_not_held`` says which of 第三十六条第（四）项 (the information does not exist) or 第（五）项
    (not this agency's to disclose, naming the responsible agency and its contact when known) applies."""
    with transaction.atomic():
        application, before = _lock(application, "answer", actor)
        on = _date(on, "on", application.received_on)
        if outcome not in dict(OUTCOME_ROWS):
            raise ValidationError({"outcome": "请选择处理结果"})
        if outcome in ("other_no_correction", "other_fee_unpaid", "rejected_mass_repeat"):
            raise ValidationError({"outcome": "该处理结果由逾期不补正、逾期未缴费或第三十五条的办理步骤产生"})
        if (
            outcome == "unable_unclear"
            and not application.clock_events.filter(kind=ClockKind.CORRECTION_RECEIVED).exists()
        ):
            raise ValidationError({"outcome": "“补正后申请内容仍不明确”只适用于已经补正的申请"})
        stored = _store_files(application, files or [], FileKind.ANSWER)
        if (
            outcome in ("granted", "partial")
            and not stored
            and not text.strip()
            and not application.files.filter(kind=FileKind.ANSWER).exists()
        ):
            raise ValidationError({"files": "予以公开或部分公开时，请上传所提供的信息或说明获取方式"})
        if outcome == "other_other" and not text.strip():
            raise ValidationError({"text": "请说明其他处理的情形"})
        default_basis = OUTCOME_BASIS.get(outcome, "")
        application.not_held_reason = application.responsible_agency = application.responsible_contact = ""
        if outcome == "unable_not_held":
            if not_held_reason not in NotHeldReason.values:
                raise ValidationError({"not_held_reason": NOT_HELD_CHOICE})
            application.not_held_reason = not_held_reason
            default_basis = NOT_HELD_BASIS[not_held_reason]
            if not_held_reason == NotHeldReason.OTHER_AGENCY:
                application.responsible_agency = responsible_agency.strip()
                application.responsible_contact = responsible_contact.strip()
        if outcome in ("granted", "partial"):
            # 第三十二条: disclosing over a third party's objection must be told to it in writing first.
            untold = application.consultations.filter(
                kind=ConsultationKind.THIRD_PARTY, opinion=Opinion.OBJECT, disclosure_notified_on__isnull=True
            ).first()
            if untold is not None:
                told = "决定公开的，应当先将决定公开的内容和理由书面告知第三方（第三十二条）"
                raise ValidationError({"outcome": f"{untold.party}不同意公开：{told}"})
        application.legal_basis = legal_basis.strip() or default_basis
        application.answer_text = text.strip()
        _close(application, outcome, on)
        _answer_letter(application, on, application.answer_text, "、".join(f.name for f in stored))
        _done(application, "answer", actor, before)
        _notify(application, "申请已答复", "本机关已对您的申请作出答复，请查看答复告知书和所提供的信息。")
    return application


CORRECTION_REQUEST_BASIS = "《中华人民共和国政府信息公开条例》第四十一条"
CORRECTION_REQUEST_LETTERS = {
    CorrectionRequestResult.CORRECTED: LetterKind.CORRECTED,
    CorrectionRequestResult.FORWARDED: LetterKind.CORRECTION_FORWARDED,
    CorrectionRequestResult.REFUSED: LetterKind.CORRECTION_REFUSED,
}


def answer_correction_request(
    *,
    application: Application,
    actor: Any,
    result: str,
    text: str = "",
    competent_agency: str = "",
    competent_contact: str = "",
    on: dt.date | None = None,
) -> Application:
    """The answer to a 更正申请 (第四十一条), with its letter: corrected (saying what was corrected), not
    this agency's (forwarded to the agency with the power to correct, named, with its contact), or refused
    with reasons (the record is accurate, or the evidence does not show it is not)."""
    with transaction.atomic():
        application, before = _lock(application, "answer_correction_request", actor)
        on = _date(on, "on", application.received_on)
        text, competent_agency = text.strip(), competent_agency.strip()
        if result not in CorrectionRequestResult.values:
            raise ValidationError({"result": "请选择处理结果：予以更正、转送有权更正的机关或不予更正"})
        if result == CorrectionRequestResult.CORRECTED and not text:
            raise ValidationError({"text": "请写明更正的内容（更正前后的记录）"})
        if result == CorrectionRequestResult.FORWARDED and not competent_agency:
            raise ValidationError({"competent_agency": "请写明有权更正的行政机关（第四十一条）"})
        if result == CorrectionRequestResult.REFUSED and not text:
            raise ValidationError({"text": "请说明不予更正的理由"})
        application.correction_request_result = result
        application.legal_basis = CORRECTION_REQUEST_BASIS
        application.answer_text = text
        application.responsible_agency = competent_agency
        application.responsible_contact = competent_contact.strip() if competent_agency else ""
        _close(application, "", on)
        letters.issue(
            application,
            CORRECTION_REQUEST_LETTERS[CorrectionRequestResult(result)],
            issued_on=on,
            extra={
                "text": text.rstrip("。"),
                "reasons": text.rstrip("。"),
                "competent_agency": competent_agency,
                "competent_contact": application.responsible_contact,
            },
        )
        _done(application, "answer_correction_request", actor, before, reason=CorrectionRequestResult(result).label)
        _notify(application, "更正申请已答复", "本机关已对您的更正申请作出处理，请查看告知书。")
    return application


def notify_third_party(
    *, consultation: Consultation, actor: Any, content: str, reasons: str, on: dt.date | None = None
) -> Consultation:
    """第三十二条: the third party objected, but the agency finds that withholding may gravely affect the
    public interest and decides to disclose: it tells the third party in writing what will be disclosed
    and why (a letter to the third party, not to the applicant)."""
    with transaction.atomic():
        application, before = _lock(consultation.application, "notify_third_party", actor)
        item = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if item.kind != ConsultationKind.THIRD_PARTY or item.opinion != Opinion.OBJECT:
            raise ValidationError({"consultation": "只有第三方不同意公开时，才需要书面告知决定公开（第三十二条）"})
        if item.disclosure_notified_on is not None:
            raise ValidationError({"consultation": "已书面告知该第三方"})
        if not content.strip():
            raise ValidationError({"content": "请写明决定公开的政府信息内容"})
        if not reasons.strip():
            raise ValidationError({"reasons": "请说明决定公开的理由（不公开可能对公共利益造成重大影响）"})
        on = _date(on, "on", item.replied_on or item.sent_on)
        item.disclosure_notified_on, item.disclosure_reasons = on, reasons.strip()
        item.save(update_fields=["disclosure_notified_on", "disclosure_reasons"])
        letters.issue(
            application,
            LetterKind.THIRD_PARTY,
            issued_on=on,
            to_applicant=False,
            recipient=item.party,
            extra={"content": content.strip().rstrip("。"), "reasons": reasons.strip().rstrip("。")},
        )
        _done(application, "notify_third_party", actor, before, reason=f"{item.party}：{reasons.strip()}")
    return item


def deliver(*, application: Application, actor: Any, method: str, on: dt.date | None = None) -> Application:
    with transaction.atomic():
        application, before = _lock(application, "deliver", actor)
        if method not in Delivery.values:
            raise ValidationError({"method": "请选择送达方式"})
        application.delivered_on = _date(on, "on", application.answered_on)
        application.delivered_by = method
        return _done(application, "deliver", actor, before)


def withdraw(*, application: Application, actor: Any, reason: str = "", on: dt.date | None = None) -> Application:
    """撤回 by the applicant at any point before the answer: report row ``other_other``. From the
    status page (actor None) or registered by staff."""
    with transaction.atomic():
        application, before = _lock(application, "withdraw", actor)
        on = _date(on)
        application.answer_text = f"申请人撤回申请。{reason.strip()}".strip()
        if application.received_on is None:
            # Withdrawn before receipt was confirmed: it still counts as received (and closed) that day.
            application.received_on = on
            application.received_basis = "申请人在确认收到前撤回"
        _close(application, "other_other", on)
        _done(application, "withdraw", actor, before, reason=reason or "申请人撤回")
    return application


# The registered applicant data staff may correct (a typo in a name, number or address).
APPLICANT_FIELDS = [
    "applicant_kind",
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
]


def correct_applicant(*, application: Application, actor: Any, changes: dict[str, str], reason: str) -> Application:
    """Corrects the applicant's registered data with a stated reason, audited field by field. The fields
    are checked as at registration; a change of the applicant type of a case counted in a locked report
    year is refused (the report's applicant columns would change)."""
    if not reason.strip():
        raise ValidationError({"reason": "请说明更正理由（如登记时笔误）"})
    unknown = set(changes) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationError({"changes": f"不能在此更正：{'、'.join(sorted(unknown))}"})
    with transaction.atomic():
        application, _ = _lock(application, "correct_applicant", actor)
        watched = [*APPLICANT_FIELDS, "received_on", "answered_on", "outcome"]
        before = snapshot(application, watched)
        current = {name: getattr(application, name) for name in ApplicantData.__dataclass_fields__}
        data = clean_applicant(ApplicantData(**{**current, **{k: (v or "").strip() for k, v in changes.items()}}))
        for name in APPLICANT_FIELDS:
            setattr(application, name, getattr(data, name))
        application.applicant_key = applicant_key(data)
        after = snapshot(application, watched)
        if before == after:
            raise ValidationError({"changes": "没有需要更正的内容"})
        ensure_change_allowed([application.agency], before, after, today=services.today())
        application.save()
        record(
            action="application.correct_applicant",
            actor=actor,
            target=application,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after={k: v for k, v in after.items() if before.get(k) != v},
            reason=reason.strip(),
        )
    return application


def attach(*, application: Application, actor: Any, files: list[UploadedFile], kind: str) -> list[CaseFile]:
    require(actor, Perm.EDIT, application.agency)
    with transaction.atomic():
        stored = _store_files(application, files, kind)
        record(
            action="application.attach",
            actor=actor,
            target=application,
            after={"files": [f.name for f in stored], "kind": kind},
        )
    return stored


# ---------------------------------------------------------------------------------------------
# Reviews and lawsuits (table 四)
# ---------------------------------------------------------------------------------------------


def appeal_create(
    *,
    application: Application,
    actor: Any,
    kind: str,
    filed_on: dt.date,
    body: str,
    case_number: str = "",
    result: str = AppealResult.PENDING,
    decided_on: dt.date | None = None,
    note: str = "",
) -> Appeal:
    if actor is not None:
        require(actor, Perm.EDIT, application.agency)
    errors = {}
    if kind not in AppealKind.values:
        errors["kind"] = "请选择类型"
    if not body.strip():
        errors["body"] = "请填写复议机关或法院"
    if result not in AppealResult.values:
        errors["result"] = "结果无效"
    if result != AppealResult.PENDING and decided_on is None:
        errors["decided_on"] = "已审结的案件请填写决定或判决日期"
    if decided_on is not None and decided_on < filed_on:
        errors["decided_on"] = "决定日期不能早于申请或起诉日期"
    if kind == AppealKind.LITIGATION_AFTER_REVIEW and not application.appeals.filter(kind=AppealKind.REVIEW).exists():
        # Table 四 counts a 复议后起诉 apart: the review it follows must be on file.
        errors["kind"] = "复议后起诉，请先登记该行政复议"
    if errors:
        raise ValidationError(errors)
    warning = appeal_warning(kind, application.outcome, application.answered_on)
    ensure_year_open(application.agency, filed_on)
    with transaction.atomic():
        item = Appeal.objects.create(
            application=application,
            kind=kind,
            filed_on=filed_on,
            body=body.strip(),
            case_number=case_number.strip(),
            result=result,
            decided_on=decided_on,
            note=note.strip(),
            warning=warning,
        )
        record(
            action="appeal.create",
            actor=actor,
            target=item,
            agency=application.agency,
            after=snapshot(item, ["kind", "filed_on", "body", "result", "decided_on"]),
            reason=warning,
        )
    return item


def appeal_update(*, appeal: Appeal, actor: Any, result: str, decided_on: dt.date | None, note: str = "") -> Appeal:
    if actor is not None:
        require(actor, Perm.EDIT, appeal.application.agency)
    if result not in AppealResult.values:
        raise ValidationError({"result": "结果无效"})
    if result != AppealResult.PENDING and decided_on is None:
        raise ValidationError({"decided_on": "已审结的案件请填写决定或判决日期"})
    with transaction.atomic():
        item = Appeal.objects.select_for_update().get(pk=appeal.pk)
        # Table 四 counts a case in its filing year with its result at that year's end.
        if any(d is not None and d.year == item.filed_on.year for d in (item.decided_on, decided_on)):
            ensure_year_open(item.application.agency, item.filed_on)
        before = snapshot(item, ["result", "decided_on", "note"])
        item.result, item.decided_on, item.note = result, decided_on, note.strip() or item.note
        item.save()
        record(
            action="appeal.update",
            actor=actor,
            target=item,
            agency=item.application.agency,
            before=before,
            after=snapshot(item, ["result", "decided_on", "note"]),
        )
    return item


def can(actor: Any, application: Application, name: str) -> bool:
    """Whether ``actor`` may run transition ``name`` on the case now (for showing buttons)."""
    transition = TRANSITIONS[name]
    if application.status not in transition.sources or application.request_kind not in transition.kinds:
        return False
    try:
        require(actor, Perm(transition.perm), application.agency)
    except PermissionDenied:
        return False
    return True


def letter_template_save(*, agency: Agency, actor: Any, kind: str, body: str, outcome: str = "") -> None:
    """An agency's own wording of a letter (负责人: Perm.MANAGE_AGENCY). An empty body restores the default."""
    from gongkai.applications.models import LetterTemplate

    require(actor, Perm.MANAGE_AGENCY, agency)
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "文书类型无效"})
    if outcome and outcome not in dict(OUTCOME_ROWS):
        raise ValidationError({"outcome": "处理结果无效"})
    # Only the kind's placeholders: a template must not reach records beyond its own letter.
    try:
        letters.validate_template(kind, body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    with transaction.atomic():
        current = LetterTemplate.objects.filter(agency=agency, kind=kind, outcome=outcome).first()
        before = {"body": current.body} if current else None
        if not body.strip():
            if current:
                current.delete()
        else:
            LetterTemplate.objects.update_or_create(agency=agency, kind=kind, outcome=outcome, defaults={"body": body})
        record(
            action="application.letter_template",
            actor=actor,
            agency=agency,
            before=before,
            after={"kind": kind, "outcome": outcome, "body": body},
        )
