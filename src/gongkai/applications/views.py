"""Pages of 依申请公开: the public form and status page, and the staff workspace (lists, the case
page with one form per allowed transition, registration, letters, files, archive, ledger)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.models import User
from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.agencies.models import Agency
from gongkai.applications import actions, intake, letters, services
from gongkai.applications.forms import OnlineForm, RegisterForm
from gongkai.applications.models import (
    OUTCOME_ROWS,
    TRANSITIONS,
    AppealKind,
    AppealResult,
    Application,
    CaseFile,
    ConsultationKind,
    Delivery,
    FeeMethod,
    FeeStatus,
    FileKind,
    Letter,
    Opinion,
    Status,
    allowed_transitions,
    outcome_short,
)
from gongkai.applications.selectors import (
    VIEWS,
    filter_view,
    incoming_transfers,
    public_steps,
    visible_case,
    visible_cases,
)
from gongkai.audit.models import Event
from gongkai.calendar.cache import get_calendar
from gongkai.common.params import MAX_ID, page_param, parse_int
from gongkai.common.web import download_response, run_action

SESSION_KEY = "applications_codes"
PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------
# Public side
# ---------------------------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    """The online application form (第二十九条)."""
    if request.method == "POST":
        form = OnlineForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.applicant_data()
            refused = intake.rate_limited(request, data)
            agency = form.cleaned_data["agency"] or services.routing_agency()
            if agency is None:
                form.add_error("agency", "请选择机关")
            elif refused:
                form.add_error(None, refused)
            else:
                submitted = run_action(
                    lambda: actions.submit_online(agency=agency, data=data, files=form.cleaned_data["files"]), form=form
                )
                if submitted.ok:
                    application, code = submitted.value
                    _remember(request, application)
                    return render(request, "applications/submitted.html", {"application": application, "code": code})
    else:
        initial = {}
        if request.GET.get("agency", "").isdigit():
            initial["agency"] = int(request.GET["agency"])
        form = OnlineForm(initial=initial)
    return render(request, "applications/apply.html", {"form": form})


def _remember(request: HttpRequest, application: Application) -> None:
    codes = set(request.session.get(SESSION_KEY, []))
    codes.add(application.pk)
    request.session[SESSION_KEY] = sorted(codes)


def status(request: HttpRequest) -> HttpResponse:
    """The status page, opened with the query code (POST, so the code stays out of addresses and logs).
    It shows this case's progress and letters and nothing about anyone else."""
    application = None
    error = ""
    if request.method == "POST":
        application = services.find_by_code(request.POST.get("code", ""))
        if application is None:
            error = "查询码不正确，请核对后重新输入"
        else:
            _remember(request, application)
    elif request.GET.get("case", "").isdigit() and int(request.GET["case"]) in request.session.get(SESSION_KEY, []):
        application = Application.objects.select_related("agency").get(pk=int(request.GET["case"]))
    context: dict[str, Any] = {"application": application, "error": error}
    if application is not None:
        context.update(_public_context(application))
    return render(request, "applications/status.html", context)


def _public_context(application: Application) -> dict[str, Any]:
    return {
        "clock": services.clock(application),
        "steps": public_steps(application),
        "letters": application.letters.filter(to_applicant=True),
        "answer_files": application.files.filter(kind=FileKind.ANSWER),
        "can_withdraw": application.status in TRANSITIONS["withdraw"].sources,
        "can_correct": application.status == Status.CORRECTION and application.correction_submitted_on is None,
    }


def _public_case(request: HttpRequest, pk: int) -> Application:
    if pk not in request.session.get(SESSION_KEY, []):
        raise Http404
    return get_object_or_404(Application, pk=pk)


def public_letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    application = _public_case(request, pk)
    letter = get_object_or_404(Letter, pk=letter_id, application=application, to_applicant=True)
    return _letter_response(letter, fmt)


def public_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    application = _public_case(request, pk)
    item = get_object_or_404(CaseFile, pk=file_id, application=application, kind=FileKind.ANSWER)
    return download_response(item.file.open("rb"), item.name)


@require_POST
def public_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _public_case(request, pk)
    run_action(
        lambda: actions.withdraw(application=application, actor=None, reason=request.POST.get("reason", "")[:500]),
        request=request,
        success="申请已撤回。",
    )
    return redirect(f"{reverse('applications:status')}?case={application.pk}")


def public_correction(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect(f"{reverse('applications:status')}?case={pk}")
    application = _public_case(request, pk)
    run_action(
        lambda: actions.submit_correction_online(
            application=application, text=request.POST.get("text", ""), files=request.FILES.getlist("files")
        ),
        request=request,
        success="补正材料已提交，工作机构确认收到后重新计算答复期限。",
    )
    return redirect(f"{reverse('applications:status')}?case={application.pk}")


def _letter_response(letter: Letter, fmt: str) -> HttpResponse:
    name = f"{letter.number}-{letter.title}"
    if fmt == "pdf":
        return download_response(letters.to_pdf(letter), f"{name}.pdf", "application/pdf")
    if fmt == "docx":
        return download_response(
            letters.to_docx(letter),
            f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    raise Http404


# ---------------------------------------------------------------------------------------------
# Staff side
# ---------------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    view = request.GET.get("view", "")
    if view not in VIEWS:
        view = "mine" if user.handled_applications.exclude(status=Status.CLOSED).exists() else ""
    today = services.today()
    cases = filter_view(visible_cases(user), view, user, today).select_related("agency", "handler")
    query = request.GET.get("q", "").strip()
    if query:
        cases = cases.filter(
            Q(receipt_number__icontains=query) | Q(description__icontains=query) | Q(applicant_name__icontains=query)
        )
    cases = cases.order_by("due_on", "-created_at") if view not in ("closed", "subtree") else cases
    page = page_param(request)
    rows = list(cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    incoming = incoming_transfers(user).select_related("application")
    return render(
        request,
        "applications/staff_list.html",
        {
            "cases": rows[:PAGE_SIZE],
            "has_next": len(rows) > PAGE_SIZE,
            "page": page,
            "view": view,
            "views": VIEWS,
            "query": query,
            "today": today,
            "incoming": incoming,
            "can_register": agencies_with(user, Perm.EDIT).exists(),
            "can_oversee": agencies_with(user, Perm.OVERSEE).exists(),
            "can_manage_templates": agencies_with(user, Perm.MANAGE_AGENCY).exists(),
        },
    )


def _case_for(request: HttpRequest, pk: int) -> Application:
    """Another agency's case answers 404, not 403 (foundation rule)."""
    found = visible_case(request.user, pk)
    if found is None:
        raise Http404
    return found


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    agencies = agencies_with(request.user, Perm.EDIT).order_by("path")
    if not agencies.exists():
        raise PermissionDenied("您没有登记申请的权限")
    form = RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registered = run_action(
            lambda: actions.register(
                agency=data["agency"],
                actor=request.user,
                data=form.applicant_data(),
                channel=data["channel"],
                submitted_on=data["submitted_on"],
                arrived_on=data["arrived_on"],
                signed_on=data["signed_on"],
                confirmed_on=data["confirmed_on"],
                files=data["files"],
                notes=data["notes"],
            ),
            form=form,
        )
        if registered.ok:
            application, code = registered.value
            return render(request, "applications/registered.html", {"application": application, "code": code})
    return render(request, "applications/register.html", {"form": form})


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case_for(request, pk)
    user = request.user
    result = services.clock(application)
    can_edit = has_perm(user, Perm.EDIT, application.agency)
    allowed = [n for n in allowed_transitions(application.status) if actions.can(user, application, n)]
    incoming = incoming_transfers(user).filter(application=application).first()
    calendar = get_calendar()
    return render(
        request,
        "applications/case.html",
        {
            "a": application,
            "clock": result,
            "allowed": allowed,
            "can_edit": can_edit,
            "incoming": incoming,
            "events": Event.objects.for_object(application).select_related("agency").order_by("occurred_at", "id"),
            "letters": application.letters.all(),
            "files": application.files.all(),
            "consultations": application.consultations.all(),
            "transfers": application.transfers.select_related("from_agency", "to_agency"),
            "appeals": application.appeals.all(),
            "outcomes": [
                (k, outcome_short(k))
                for k, _ in OUTCOME_ROWS
                if k not in ("other_no_correction", "other_fee_unpaid", "rejected_mass_repeat")
            ],
            "handlers": User.objects.filter(memberships__agency=application.agency, is_active=True).distinct(),
            "agencies": Agency.objects.filter(is_active=True).exclude(pk=application.agency_id),
            "consultation_kinds": ConsultationKind.choices,
            "opinions": [o for o in Opinion.choices if o[0]],
            "deliveries": Delivery.choices,
            "fee_methods": FeeMethod.choices,
            "fee_results": [(FeeStatus.PAID, "已缴费"), (FeeStatus.WAIVED, "减免"), (FeeStatus.CANCELLED, "取消收费")],
            "appeal_kinds": AppealKind.choices,
            "appeal_results": AppealResult.choices,
            "file_kinds": FileKind.choices,
            "today": services.today(),
            "correction_default": calendar.add_working_days(
                services.today(), int(services.setting("GONGKAI_APPLICATIONS_CORRECTION_DAYS"))
            ).date,
        },
    )


def _date(request: HttpRequest, name: str, required: bool = False) -> dt.date | None:
    text = request.POST.get(name, "").strip()
    if not text:
        if required:
            raise ValidationError({name: "请填写日期"})
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError({name: "日期格式应为 YYYY-MM-DD"}) from None


def _int(request: HttpRequest, name: str) -> int | None:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError({name: "请填写整数"})
    return int(text)


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")


Handler = Callable[[HttpRequest, Application], object]


def _decimal(request: HttpRequest, name: str) -> Decimal | None:
    text = request.POST.get(name, "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError({name: "请填写金额"}) from None


def _handler_user(request: HttpRequest, application: Application) -> User | None:
    value = _int(request, "handler")
    return User.objects.filter(pk=value).first() if value else None


def _consultation(request: HttpRequest, application: Application):
    return get_object_or_404(application.consultations, pk=_int(request, "consultation") or 0)


HANDLERS: dict[str, Handler] = {
    "confirm": lambda r, a: actions.confirm(
        application=a,
        actor=r.user,
        confirmed_on=_date(r, "confirmed_on"),
        signed_on=_date(r, "signed_on"),
        arrived_on=_date(r, "arrived_on"),
    ),
    "accept": lambda r, a: actions.accept(application=a, actor=r.user, on=_date(r, "on")),
    "request_correction": lambda r, a: actions.request_correction(
        application=a, actor=r.user, items=_text(r, "items"), deadline=_date(r, "deadline"), on=_date(r, "on")
    ),
    "receive_correction": lambda r, a: actions.receive_correction(
        application=a, actor=r.user, on=_date(r, "on"), text=_text(r, "text"), files=r.FILES.getlist("files")
    ),
    "correction_lapsed": lambda r, a: actions.correction_lapsed(application=a, actor=r.user, on=_date(r, "on")),
    "assign": lambda r, a: actions.assign(application=a, actor=r.user, handler=_handler_user(r, a)),
    "transfer": lambda r, a: actions.transfer(
        application=a,
        actor=r.user,
        to_agency=get_object_or_404(Agency, pk=_int(r, "to_agency") or 0),
        reason=_text(r, "reason"),
        on=_date(r, "on"),
    ),
    "consult": lambda r, a: actions.consult(
        application=a,
        actor=r.user,
        kind=_text(r, "kind"),
        party=_text(r, "party"),
        on=_date(r, "on"),
        delivery=_text(r, "delivery") or "post",
        received_on=_date(r, "received_on"),
    ),
    "consult_received": lambda r, a: actions.consult_received(
        consultation=_consultation(r, a), actor=r.user, received_on=_date(r, "received_on", True)
    ),
    "consult_reply": lambda r, a: actions.consult_reply(
        consultation=_consultation(r, a),
        actor=r.user,
        opinion=_text(r, "opinion"),
        reply=_text(r, "reply"),
        on=_date(r, "on"),
    ),
    "extend": lambda r, a: actions.extend(
        application=a, actor=r.user, days=_int(r, "days") or 0, reason=_text(r, "reason"), on=_date(r, "on")
    ),
    "fee_notice": lambda r, a: actions.fee_notice(
        application=a,
        actor=r.user,
        method=_text(r, "method"),
        units=_int(r, "units"),
        items=_int(r, "items") or 1,
        on=_date(r, "on"),
        delivery=_text(r, "delivery") or None,
        received_on=_date(r, "received_on"),
    ),
    "fee_notice_received": lambda r, a: actions.fee_notice_received(
        application=a, actor=r.user, received_on=_date(r, "received_on", True)
    ),
    "fee_settle": lambda r, a: actions.fee_settle(
        application=a,
        actor=r.user,
        result=_text(r, "result"),
        on=_date(r, "on"),
        amount=_decimal(r, "amount"),
        receipt_no=_text(r, "receipt_no"),
        reason=_text(r, "reason"),
    ),
    "fee_lapsed": lambda r, a: actions.fee_lapsed(application=a, actor=r.user, on=_date(r, "on")),
    "ask_reasons": lambda r, a: actions.ask_reasons(application=a, actor=r.user, on=_date(r, "on")),
    "reasons_accepted": lambda r, a: actions.reasons_accepted(
        application=a, actor=r.user, reasons=_text(r, "reasons"), due_on=_date(r, "due_on", True), on=_date(r, "on")
    ),
    "reasons_rejected": lambda r, a: actions.reasons_rejected(
        application=a, actor=r.user, reasons=_text(r, "reasons"), on=_date(r, "on")
    ),
    "answer": lambda r, a: actions.answer(
        application=a,
        actor=r.user,
        outcome=_text(r, "outcome"),
        legal_basis=_text(r, "legal_basis"),
        text=_text(r, "text"),
        files=r.FILES.getlist("files"),
        on=_date(r, "on"),
    ),
    "deliver": lambda r, a: actions.deliver(application=a, actor=r.user, method=_text(r, "method"), on=_date(r, "on")),
    "withdraw": lambda r, a: actions.withdraw(
        application=a, actor=r.user, reason=_text(r, "reason"), on=_date(r, "on")
    ),
    "attach": lambda r, a: actions.attach(
        application=a, actor=r.user, files=r.FILES.getlist("files"), kind=_text(r, "kind") or FileKind.INTERNAL
    ),
    "appeal": lambda r, a: actions.appeal_create(
        application=a,
        actor=r.user,
        kind=_text(r, "kind"),
        filed_on=_date(r, "filed_on", True),
        body=_text(r, "body"),
        case_number=_text(r, "case_number"),
        result=_text(r, "result") or "pending",
        decided_on=_date(r, "decided_on"),
        note=_text(r, "note"),
    ),
    "appeal_update": lambda r, a: actions.appeal_update(
        appeal=get_object_or_404(a.appeals, pk=_int(r, "appeal") or 0),
        actor=r.user,
        result=_text(r, "result"),
        decided_on=_date(r, "decided_on"),
        note=_text(r, "note"),
    ),
}


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = _case_for(request, pk)
    handler = HANDLERS.get(name)
    if handler is None:
        raise Http404
    label = (
        TRANSITIONS[name].label
        if name in TRANSITIONS
        else {"attach": "上传材料", "appeal": "登记复议诉讼", "appeal_update": "更新复议诉讼"}[name]
    )
    run_action(
        lambda: handler(request, application),
        request=request,
        success=f"已{label}。",
        failure=f"{label}未完成：",
        denied="无权操作",
    )
    return redirect("applications:case", pk=application.pk)


@login_required
@require_POST
def transfer_decide(request: HttpRequest, transfer_id: int, decision: str) -> HttpResponse:
    moved = get_object_or_404(incoming_transfers(request.user), pk=transfer_id)
    if decision == "accept":
        run_action(
            lambda: actions.transfer_accept(moved=moved, actor=request.user, on=_date(request, "on")),
            request=request,
            success="已接收转办。",
        )
    else:
        run_action(
            lambda: actions.transfer_return(
                moved=moved, actor=request.user, reason=_text(request, "reason"), on=_date(request, "on")
            ),
            request=request,
            success="已退回转办。",
        )
    if decision == "accept":
        return redirect("applications:case", pk=moved.application_id)
    return redirect("applications:cases")


@login_required
def staff_letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    application = _case_for(request, pk)
    return _letter_response(get_object_or_404(Letter, pk=letter_id, application=application), fmt)


@login_required
def staff_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    application = _case_for(request, pk)
    item = get_object_or_404(CaseFile, pk=file_id, application=application)
    return download_response(item.file.open("rb"), item.name)


@login_required
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    """归档 (第四十五条): a closed case as one ZIP bundle for the paper archive."""
    from gongkai.applications.archive import build_archive

    application = _case_for(request, pk)
    if application.status != Status.CLOSED:
        raise Http404
    return download_response(build_archive(application), f"{application.receipt_number}-归档.zip", "application/zip")


@login_required
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The 负责人 edits the agency's letter wording (placeholders only); empty restores the default."""
    from gongkai.applications.models import LetterKind, LetterTemplate

    agencies = agencies_with(request.user, Perm.MANAGE_AGENCY).order_by("path")
    agency_id = parse_int(
        "agency", request.GET.get("agency") or request.POST.get("agency"), label="机关", minimum=1, maximum=MAX_ID
    )
    agency = agencies.filter(pk=agency_id or 0).first() or agencies.first()
    if agency is None:
        raise PermissionDenied("您没有管理本机关告知书模板的权限")
    kind = request.GET.get("kind") or request.POST.get("kind") or LetterKind.RECEIPT
    outcome = request.GET.get("outcome") or request.POST.get("outcome") or ""
    if kind not in LetterKind.values or (outcome and outcome not in dict(OUTCOME_ROWS)):
        raise Http404
    error = ""
    if request.method == "POST":
        # The refusal shows beside the template text, so run_action gets no request for messages.
        saved = run_action(
            lambda: actions.letter_template_save(
                agency=agency, actor=request.user, kind=kind, outcome=outcome, body=request.POST.get("body", "")
            )
        )
        error = "；".join(saved.errors)
        if saved.ok:
            messages.success(request, "模板已保存。")
            return redirect(
                f"{reverse('applications:letter_templates')}?agency={agency.pk}&kind={kind}&outcome={outcome}"
            )
    own = LetterTemplate.objects.filter(agency=agency, kind=kind, outcome=outcome).first()
    return render(
        request,
        "applications/letter_templates.html",
        {
            "agencies": agencies,
            "agency": agency,
            "kind": kind,
            "outcome": outcome,
            "kinds": LetterKind.choices,
            "outcomes": [(k, outcome_short(k)) for k, _ in OUTCOME_ROWS],
            "own": own,
            "error": error,
            "placeholders": letters.placeholders(kind).items(),
            "body": request.POST.get("body")
            if error
            else (own.body if own else letters.template_source(agency, kind, outcome)),
        },
    )


@login_required
def received_preview(request: HttpRequest) -> HttpResponse:
    """The 收到申请之日 the registration form's dates give (第三十一条), shown as they are typed (htmx)."""
    from gongkai.applications.rules import received_date

    channel = request.GET.get("channel", "")
    dates: dict[str, dt.date | None] = {}
    for name in ("submitted_on", "arrived_on", "signed_on", "confirmed_on"):
        try:
            dates[name] = dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            dates[name] = None
    derived = (
        received_date(channel, **dates) if channel in dict(Application._meta.get_field("channel").choices) else None
    )
    return render(request, "applications/_received_preview.html", {"derived": derived})
