"""Pages of 督办: the register (filters, XLSX export), issuing on a case or report, one 督办 with its
reply and conclusion, and the audited reveal of an applicant's identifiers."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.applications.selectors import applicant_identifiers, handles_case, visible_case
from gongkai.common.params import MAX_ID, int_param
from gongkai.common.spreadsheets import safe_row
from gongkai.common.web import download_response, run_action
from gongkai.oversight import actions, selectors
from gongkai.oversight.forms import CloseForm, IssueForm, ReplyForm, RevealForm
from gongkai.oversight.models import Supervision, SupervisionStatus
from gongkai.reports.models import AnnualReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTER_LIMIT = 500


def _filters(request: HttpRequest) -> dict:
    agency_id = int_param(request, "agency", label="机关", minimum=1, maximum=MAX_ID)
    agency = selectors.register_agencies(request.user).filter(pk=agency_id).first() if agency_id else None
    status = request.GET.get("status", "")
    return {
        "only_overdue": request.GET.get("overdue") == "1",
        "agency": agency,
        "status": status if status in SupervisionStatus.values else "",
    }


@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    filters = _filters(request)
    rows = list(selectors.register(user, today=today, **filters)[:REGISTER_LIMIT])
    can_oversee = agencies_with(user, Perm.OVERSEE).exists()
    return render(
        request,
        "oversight/register.html",
        {
            "rows": rows,
            "today": today,
            "filters": filters,
            "statuses": SupervisionStatus.choices,
            "agencies": selectors.register_agencies(user),
            "query": request.GET.urlencode(),
            "can_oversee": can_oversee,
            "overdue_cases": selectors.overdue_cases_to_supervise(user, today)[:50] if can_oversee else [],
            "reports": selectors.reports_to_supervise(user)[:50] if can_oversee else [],
        },
    )


EXPORT_HEADER = [
    "督办编号",
    "被督办机关",
    "督办对象",
    "督办事项",
    "督办日期",
    "回复期限",
    "状态",
    "是否逾期",
    "回复日期",
    "办理情况",
    "办结结果",
    "办结意见",
    "办结日期",
]


@login_required
def export(request: HttpRequest) -> FileResponse:
    from openpyxl import Workbook

    today = timezone.localdate()
    book = Workbook()
    sheet = book.active
    sheet.title = "督办登记"
    sheet.append(EXPORT_HEADER)
    for s in selectors.register(request.user, today=today, **_filters(request)):
        late = s.is_overdue(today) or s.replied_late()
        sheet.append(
            safe_row(
                [
                    s.pk,
                    s.agency.name,
                    s.subject,
                    s.matter,
                    s.issued_on,
                    s.due_on,
                    s.get_status_display(),
                    "是" if late else "否",
                    s.replied_on,
                    s.reply,
                    s.get_outcome_display(),
                    s.outcome_note,
                    s.closed_on,
                ]
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return download_response(buffer.getvalue(), f"督办登记-{today:%Y%m%d}.xlsx", XLSX)


@login_required
def issue_view(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    case_id = _id(source.get("case"))
    report_id = _id(source.get("report"))
    application = visible_case(request.user, case_id) if case_id else None
    report = AnnualReport.objects.select_related("agency").filter(pk=report_id).first() if report_id else None
    subject = application or report
    if subject is None or (application and report):
        raise Http404
    if not has_perm(request.user, Perm.OVERSEE, subject.agency):
        raise PermissionDenied("您没有督办该机关的权限")
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_action(
            lambda: actions.issue(
                actor=request.user,
                application=application,
                report=report,
                matter=form.cleaned_data["matter"],
                working_days=form.cleaned_data["working_days"],
            ),
            request=request,
            form=form,
            success="督办已发出，被督办机关将在待办中看到并收到邮件通知。",
        )
        if done.ok:
            return redirect("oversight:detail", done.value.pk)
    return render(
        request, "oversight/new.html", {"form": form, "application": application, "report": report, "subject": subject}
    )


def _id(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _supervision_for(request: HttpRequest, pk: int) -> Supervision:
    """Another office's 督办 answers 404, like another agency's case."""
    return get_object_or_404(selectors.visible_supervisions(request.user), pk=pk)


def _detail(request: HttpRequest, supervision: Supervision, **forms: object) -> HttpResponse:
    user = request.user
    return render(
        request,
        "oversight/detail.html",
        {
            "s": supervision,
            "today": timezone.localdate(),
            "can_reply": actions.can_reply(user, supervision),
            "can_close": actions.can_close(user, supervision),
            "reply_form": forms.get("reply_form") or ReplyForm(),
            "close_form": forms.get("close_form") or CloseForm(),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _supervision_for(request, pk))


@login_required
@require_POST
def reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervision = _supervision_for(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        done = run_action(
            lambda: actions.reply(supervision=supervision, actor=request.user, text=form.cleaned_data["text"]),
            request=request,
            form=form,
            success="已回复督办。",
        )
        if done.ok:
            return redirect("oversight:detail", supervision.pk)
    return _detail(request, supervision, reply_form=form)


@login_required
@require_POST
def close_view(request: HttpRequest, pk: int) -> HttpResponse:
    supervision = _supervision_for(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        done = run_action(
            lambda: actions.close(
                supervision=supervision,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            ),
            request=request,
            form=form,
            success="督办已办结。",
        )
        if done.ok:
            return redirect("oversight:detail", supervision.pk)
    return _detail(request, supervision, close_form=form)


@login_required
def reveal_identifiers_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Shows the applicant's identifiers in full to a reader outside the handling agency once a reason
    is stated and audited. The answer is this page alone: nothing is remembered, so the next view of
    the case is masked again."""
    application = visible_case(request.user, pk)
    if application is None:
        raise Http404
    if handles_case(request.user, application):
        return redirect("applications:case", application.pk)
    form = RevealForm(request.POST or None)
    identifiers = None
    if request.method == "POST" and form.is_valid():
        done = run_action(
            lambda: actions.reveal_identifiers(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            form=form,
        )
        if done.ok:
            identifiers = applicant_identifiers(request.user, application, revealed=True)
    response = render(
        request, "oversight/identifiers.html", {"a": application, "form": form, "identifiers": identifiers}
    )
    # The revealed page must not be kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response
