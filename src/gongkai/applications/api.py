"""API of 依申请公开: apply and follow a case with its query code (public), and the staff case list
and case detail (session login), scoped by the same permission function as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate
from ninja.security import django_auth

from gongkai.agencies.models import Agency
from gongkai.applications import actions, intake, querycode, services
from gongkai.applications.models import Application, Status
from gongkai.applications.selectors import VIEWS, filter_view, public_steps, visible_case, visible_cases
from gongkai.common.params import BoundedLimitOffsetPagination, check_year

router = Router(tags=["依申请公开"])


class ChallengeOut(Schema):
    token: str
    question: str


class ApplyIn(Schema):
    agency: str = ""  # empty: routed to the 政府信息公开工作主管部门 (GONGKAI_APPLICATIONS_ROUTING_AGENCY)
    request_kind: str = "disclosure"  # or "correction_request" (更正申请, 第四十一条)
    applicant_kind: str
    applicant_type: str = ""
    applicant_name: str
    id_type: str
    id_number: str
    description: str
    document_number: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    info_form: str = "paper"
    delivery: str = "post"
    challenge: str
    answer: int


class ApplyOut(Schema):
    receipt_number: str
    query_code: str
    agency: str


class CodeIn(Schema):
    code: str


class LetterOut(Schema):
    title: str
    number: str
    issued_on: dt.date


class StepOut(Schema):
    at: dt.datetime
    step: str


class StatusOut(Schema):
    receipt_number: str
    agency: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    outcome: str
    outcome_label: str
    answered_on: dt.date | None
    steps: list[StepOut]
    letters: list[LetterOut]


class ApplicableAgencyOut(Schema):
    code: str
    name: str


@router.get(
    "/applications/agencies", response=list[ApplicableAgencyOut], summary="可以受理申请的机关（不含村、居民委员会）"
)
def applicable_agencies(request: HttpRequest) -> list[dict]:
    """The agencies an application may be made to (services.applicable_agencies): the list for ``agency``."""
    return list(services.applicable_agencies().order_by("sort_path").values("code", "name"))


@router.get("/applications/challenge", response=ChallengeOut, summary="获取提交申请所需的验证问题")
def challenge(request: HttpRequest) -> dict:
    issued = intake.new_challenge()
    return {"token": issued.token, "question": issued.question}


@router.post("/applications", response={201: ApplyOut}, summary="提交政府信息公开申请（返回受理编号和查询码）")
def apply(request: HttpRequest, payload: ApplyIn) -> Reply:
    check = intake.check_challenge(payload.challenge, payload.answer)
    if check is intake.ChallengeCheck.EXPIRED:
        # A client of the API fetches the next question itself.
        raise ValidationError({"challenge": "验证问题已过期或无效，请重新获取"})
    if check is intake.ChallengeCheck.WRONG:
        raise ValidationError({"answer": "验证问题回答不正确"})
    if payload.agency:
        agency = Agency.objects.filter(code=payload.agency, is_active=True).first()
    else:
        agency = services.routing_agency()
    if agency is None:
        raise ValidationError({"agency": f"机关代码“{payload.agency}”不存在"})
    data = actions.ApplicantData(**payload.dict(exclude={"agency", "request_kind", "challenge", "answer"}))
    # The portal form's checks across fields (intake.consistency_errors), before anything is counted.
    conflicts = intake.consistency_errors(data)
    if conflicts:
        raise ValidationError(conflicts)
    # Checks and counts at once (intake.rate_limited), so parallel posts cannot all pass.
    refused = intake.rate_limited(request, data)
    if refused:
        raise ValidationError({"__all__": refused})
    application, code = actions.submit_online(agency=agency, data=data, request_kind=payload.request_kind)
    return Reply(201, {"receipt_number": application.receipt_number, "query_code": code, "agency": agency.name})


def _status(application: Application) -> dict:
    result = services.clock(application)
    return {
        "receipt_number": application.receipt_number,
        "agency": application.agency.name,
        "status": application.status,
        "status_label": application.get_status_display(),
        "received_on": application.received_on,
        "due_on": result.due.date if result.due and application.is_open else None,
        "due_provisional": bool(result.due and result.due.provisional),
        "outcome": application.outcome,
        "outcome_label": application.outcome_short,
        "answered_on": application.answered_on,
        "steps": [{"at": at, "step": step} for at, step in public_steps(application)],
        "letters": list(application.letters.filter(to_applicant=True).values("title", "number", "issued_on")),
    }


@router.post("/applications/status", response=StatusOut, summary="凭查询码查询办理进度")
def status(request: HttpRequest, payload: CodeIn) -> dict:
    application = querycode.find_by_code(payload.code)
    if application is None:
        raise ValidationError({"code": "查询码不正确"})
    return _status(application)


class CaseOut(Schema):
    id: int
    receipt_number: str
    agency: str
    status: str
    channel: str
    applicant_type: str
    applicant_name: str
    received_on: dt.date | None
    due_on: dt.date | None
    due_provisional: bool
    outcome: str
    answered_on: dt.date | None
    handler: str | None
    extension_days: int

    @staticmethod
    def resolve_agency(obj: Application) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_handler(obj: Application) -> str | None:
        return obj.handler.get_username() if obj.handler_id else None


class PausedOut(Schema):
    start: dt.date
    end: dt.date
    reason: str
    open: bool


class CaseDetailOut(CaseOut):
    description: str
    document_number: str
    received_basis: str
    legal_basis: str
    clock_state: str
    days_left: int | None
    overdue: bool
    paused: list[PausedOut]
    fee_status: str
    fee_amount: str | None
    letters: list[LetterOut]

    @staticmethod
    def resolve_letters(obj: Application) -> list:
        return obj.letters_out


@router.get("/staff/applications", response=list[CaseOut], auth=django_auth, summary="案件列表（工作人员，按权限范围）")
@paginate(BoundedLimitOffsetPagination)
def case_list(request: HttpRequest, view: str = "", status: str = "", agency: str = "", year: int | None = None):
    if view and view not in VIEWS:
        raise ValidationError({"view": f"视图应为：{'、'.join(VIEWS)}"})
    if status and status not in Status.values:
        raise ValidationError({"status": "状态无效"})
    cases = (
        filter_view(visible_cases(request.user), view, request.user, services.today())
        if view
        else (visible_cases(request.user))
    )
    if status:
        cases = cases.filter(status=status)
    if agency:
        cases = cases.filter(agency__code=agency)
    if year:
        cases = cases.filter(received_on__year=check_year(year))
    return cases.select_related("agency", "handler").order_by("-received_on", "-id")


@router.get("/staff/applications/{case_id}", response=CaseDetailOut, auth=django_auth, summary="案件详情（工作人员）")
def case_detail(request: HttpRequest, case_id: int) -> Application:
    application = visible_case(request.user, case_id)
    if application is None:
        raise Http404
    result = services.clock(application)
    # The computed facts ride on the instance so the schema's resolvers keep working.
    application.clock_state = result.state.value
    application.days_left = result.days_left
    application.overdue = result.overdue
    application.paused = [vars(p) for p in result.paused]
    application.fee_amount = str(application.fee_amount) if application.fee_amount is not None else None
    application.letters_out = list(application.letters.values("title", "number", "issued_on"))
    return application
