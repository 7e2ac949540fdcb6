"""Pages of 依申请公开: the public form and status page, and the staff workspace (lists, the case
page with one form per allowed transition, registration, letters, files, archive, ledger)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.applications import actions, intake, letters, querycode, services, steps
from gongkai.applications.forms import OnlineForm, RegisterForm
from gongkai.applications.models import (
    OUTCOME_ROWS,
    TRANSITIONS,
    AppealResult,
    Application,
    CaseFile,
    FileKind,
    Letter,
    Status,
    allowed_transitions,
    outcome_short,
)
from gongkai.applications.rules import ClockState, received_date
from gongkai.applications.selectors import (
    VIEWS,
    filter_view,
    handles_case,
    incoming_transfers,
    public_steps,
    visible_case,
    visible_cases,
)
from gongkai.audit.models import Event
from gongkai.common.params import MAX_ID, page_param, parse_int
from gongkai.common.tasks import send_email
from gongkai.common.web import download_response, run_action

SESSION_KEY = "applications_codes"  # the cases this browser may follow (their ids)
RECEIPTS_KEY = "applications_receipts"  # {case id: query code} of the receipts this browser may show again
RECEIPTS_KEPT = 5
RECEIPT_MAILS_KEY = "applications_receipt_mails"
RECEIPT_MAILS_MAX = 3
PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------
# Public side
# ---------------------------------------------------------------------------------------------


def apply(request: HttpRequest) -> HttpResponse:
    """The online application form (第二十九条). A successful post redirects to the receipt page, so a
    reload shows the receipt again instead of posting again (post/redirect/get)."""
    if request.method == "POST":
        already = _already_submitted(request)
        if already is not None:
            return already
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
                    lambda: actions.submit_online(
                        agency=agency,
                        data=data,
                        files=form.cleaned_data["files"],
                        request_kind=form.cleaned_data["request_kind"],
                    ),
                    form=form,
                )
                if submitted.ok:
                    application, code = submitted.value
                    intake.remember_submission(form.submission_token, application.pk)
                    _remember(request, application)
                    _keep_receipt(request, application, code)
                    return redirect("applications:receipt", pk=application.pk)
        # A second post of the same form racing the first fails its (single-use) question; it finds the
        # application the first one created once that is committed.
        already = _already_submitted(request)
        if already is not None:
            return already
    else:
        initial = {}
        if request.GET.get("agency", "").isdigit():
            initial["agency"] = int(request.GET["agency"])
        form = OnlineForm(initial=initial)
    return render(request, "applications/apply.html", {"form": form, "errors": _error_summary(form)})


def _already_submitted(request: HttpRequest) -> HttpResponse | None:
    """The answer to a form posted again (reload, back button, double click): the receipt of the
    application it created, and nothing new."""
    created = intake.submitted_with(request.POST.get("submission", ""))
    if created is None:
        return None
    if created in request.session.get(SESSION_KEY, []):
        messages.info(request, "这份申请已经提交过，没有重复提交。")
        return redirect("applications:receipt", pk=created)
    # Another browser holds no right to that case's receipt: it is told, and shown nothing of the case.
    messages.info(request, "这份表单已经提交过，没有重复提交。请凭查询码查询办理进度。")
    return redirect("applications:status")


def _error_summary(form: OnlineForm) -> list[tuple[str, str]]:
    """(anchor, message) of each error, in the order of the form, for the summary at the top of the page.
    Each field in error also gets its message as its description, read out when the field takes focus."""
    summary = [("", str(e)) for e in form.non_field_errors()]
    for field in form:
        if field.name == "challenge" or not field.errors:
            continue
        anchor = field.auto_id
        if field.widget_type == "radioselect":
            anchor = f"{anchor}_0"  # a radio group: its first option takes the focus
        else:
            described = field.field.widget.attrs.get("aria-describedby", "")
            field.field.widget.attrs["aria-describedby"] = f"{described} {field.auto_id}-error".strip()
        summary.extend((anchor, str(e)) for e in field.errors)
    return summary


def _remember(request: HttpRequest, application: Application) -> None:
    codes = set(request.session.get(SESSION_KEY, []))
    codes.add(application.pk)
    request.session[SESSION_KEY] = sorted(codes)


def _keep_receipt(request: HttpRequest, application: Application, code: str) -> None:
    """The code stays in this browser's (server-side) session, so the receipt page can be reloaded and
    printed; the database keeps only its hash."""
    receipts = dict(request.session.get(RECEIPTS_KEY, {}))
    receipts[str(application.pk)] = code
    request.session[RECEIPTS_KEY] = dict(list(receipts.items())[-RECEIPTS_KEPT:])


def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page of an online application (GET, so reloading it changes nothing)."""
    code = request.session.get(RECEIPTS_KEY, {}).get(str(pk))
    if code is None:
        raise Http404
    application = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if request.method == "POST":
        _email_receipt(request, application, code)
        return redirect("applications:receipt", pk=pk)
    context: dict[str, Any] = {
        "application": application,
        "code": querycode.display(code),
        "masked_email": _masked_email(application.email),
        "status_url": request.build_absolute_uri(reverse("applications:status")),
    }
    context.update(_case_summary(application))
    return render(request, "applications/submitted.html", context)


def _masked_email(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{name[:1]}***@{domain}" if domain else ""


def _email_receipt(request: HttpRequest, application: Application, code: str) -> None:
    """Sends the receipt, code included, to the address the applicant gave (only that one: the page
    cannot be used to send mail elsewhere); at most a few times per session."""
    sent = int(request.session.get(RECEIPT_MAILS_KEY, 0))
    if not application.email or sent >= RECEIPT_MAILS_MAX:
        messages.error(request, "无法发送：申请中没有填写电子邮箱，或发送次数已达上限。请抄写或打印查询码。")
        return
    request.session[RECEIPT_MAILS_KEY] = sent + 1
    status_url = request.build_absolute_uri(reverse("applications:status"))
    body = (
        f"{application.applicant_name}：\n\n您的政府信息公开申请已提交。\n\n受理编号：{application.receipt_number}\n"
        f"办理机关：{application.agency.name}\n查询码：{querycode.display(code)}\n\n"
        f"请凭查询码在 {status_url} 查看办理进度和告知书。查询码请妥善保存，不要告诉他人。"
    )
    send_email.enqueue(subject="【政府信息公开】申请已提交（查询码）", body=body, recipients=[application.email])
    messages.success(request, f"已把受理编号和查询码发送到 {_masked_email(application.email)}。")


def _case_summary(application: Application) -> dict[str, Any]:
    """What was asked, of whom, and the time limit in plain words, for the receipt and status pages."""
    settings_now = services.clock_settings(application.request_kind)
    result = services.clock(application)
    rule = application.received_basis or received_date(application.channel, submitted_on=None).explanation
    return {
        "clock": result,
        "received_rule": rule,
        "answer_days": settings_now.answer_days,
        "deadline_running": result.due is not None and result.state in (ClockState.RUNNING, ClockState.PAUSED),
        "days_left_abs": abs(result.days_left) if result.days_left is not None else None,
    }


def status(request: HttpRequest) -> HttpResponse:
    """The status page, opened with the query code (POST, so the code stays out of addresses and logs).
    It shows this case's progress and letters and nothing about anyone else. The code is accepted in any
    case, with or without spaces or dashes between its groups."""
    application = None
    error = ""
    if request.method == "POST":
        application = querycode.find_by_code(request.POST.get("code", ""))
        if application is None:
            error = "查询码不正确，请核对后重新输入（共16位，字母不区分大小写，可以带空格）"
        else:
            _remember(request, application)
    elif request.GET.get("case", "").isdigit() and int(request.GET["case"]) in request.session.get(SESSION_KEY, []):
        application = Application.objects.select_related("agency").get(pk=int(request.GET["case"]))
    context: dict[str, Any] = {"application": application, "error": error}
    if application is not None:
        context.update(_public_context(application))
        context.update(_case_summary(application))
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
    agencies = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
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
                request_kind=data["request_kind"],
            ),
            form=form,
        )
        if registered.ok:
            application, code = registered.value
            return render(request, "applications/registered.html", {"application": application, "code": code})
    return render(request, "applications/register.html", {"form": form})


def _case_state(request: HttpRequest, application: Application) -> steps.CaseState:
    return steps.CaseState(application, request.user, services.today(), services.clock(application))


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _case_for(request, pk)
    user = request.user
    state = _case_state(request, application)
    can_edit = has_perm(user, Perm.EDIT, application.agency)
    allowed = [
        n
        for n in allowed_transitions(application.status, application.request_kind)
        if actions.can(user, application, n)
    ]
    lead, rest = steps.case_steps(state, allowed)
    incoming = incoming_transfers(user).filter(application=application).first()
    return render(
        request,
        "applications/case.html",
        {
            "a": application,
            "clock": state.clock,
            "lead_steps": lead,
            "other_steps": rest,
            "allowed": allowed,
            "can_edit": can_edit,
            "incoming": incoming,
            "warnings": services.deadline_warnings(application),
            "events": Event.objects.for_object(application).select_related("agency").order_by("occurred_at", "id"),
            "letters": application.letters.all(),
            "files": application.files.all(),
            "consultations": application.consultations.all(),
            "transfers": application.transfers.select_related("from_agency", "to_agency"),
            "appeals": application.appeals.all(),
            "attach_form": steps.STEPS["attach"](state) if can_edit else None,
            "appeal_form": steps.STEPS["appeal"](state) if can_edit else None,
            "appeal_results": AppealResult.choices,
            "today": state.today,
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


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Runs one step of the case: its form (steps.STEPS) validates the post and calls the action."""
    application = _case_for(request, pk)
    if name not in steps.STEPS:
        raise Http404
    form = steps.bind(name, _case_state(request, application), request.POST, request.FILES)
    label = form.title()

    def run() -> object:
        if not form.is_valid():
            raise steps.form_errors(form)
        return form.run(request.user)

    done = run_action(run, request=request, success=f"已{label}。", failure=f"{label}未完成：", denied="无权操作")
    warning = getattr(done.value, "warning", "") if done.ok else ""
    if warning:
        messages.warning(request, warning)
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


def _require_handling_agency(request: HttpRequest, application: Application) -> None:
    """Need to know: material that shows the applicant's identifiers in full goes to the handling
    agency only; supervisors see the case page with the identifiers masked (and an audited reveal)."""
    if not handles_case(request.user, application):
        raise PermissionDenied("申请人的身份材料仅由办理机关查阅；如需查看，请在案件页面说明理由后显示")


@login_required
def staff_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    application = _case_for(request, pk)
    item = get_object_or_404(CaseFile, pk=file_id, application=application)
    _require_handling_agency(request, application)  # an applicant's materials may carry an ID card copy
    return download_response(item.file.open("rb"), item.name)


@login_required
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    """归档 (第四十五条): a closed case as one ZIP bundle for the paper archive."""
    from gongkai.applications.archive import build_archive

    application = _case_for(request, pk)
    if application.status != Status.CLOSED:
        raise Http404
    _require_handling_agency(request, application)  # the bundle holds the applicant's identifiers in full
    return download_response(build_archive(application), f"{application.receipt_number}-归档.zip", "application/zip")


@login_required
def letter_templates(request: HttpRequest) -> HttpResponse:
    """The 负责人 edits the agency's letter wording (placeholders only); empty restores the default."""
    from gongkai.applications.models import LetterKind, LetterTemplate

    agencies = agencies_with(request.user, Perm.MANAGE_AGENCY).order_by("sort_path")
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
