"""Each step of a case declared once: one form per transition of ``models.TRANSITIONS`` (plus the few
non-transition steps of the case page). The form holds the fields and their validation, knows when the
step is one of the case's next lawful steps (shown first on the case page, the rest folded) and calls
its action with the cleaned data. The case page renders these forms generically; ``views.case_action``
binds the posted data to the named form and runs it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.applications import actions, services
from gongkai.applications.models import (
    OUTCOME_ROWS,
    TRANSITIONS,
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    Consultation,
    ConsultationKind,
    CorrectionRequestResult,
    Delivery,
    FeeMethod,
    FeeStatus,
    FileKind,
    NotHeldReason,
    Opinion,
    Status,
    outcome_short,
)
from gongkai.applications.rules import ClockResult
from gongkai.calendar.cache import get_calendar
from gongkai.common.forms import EMPTY_LABEL, FILTER_AGENCIES, PlainSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


@dataclass(frozen=True)
class CaseState:
    """What a step needs to know about the case to offer itself and its defaults."""

    application: Application
    user: Any
    today: dt.date
    clock: ClockResult


class StepForm(forms.Form):
    name: ClassVar[str]
    summary: ClassVar[str] = ""  # the button text; the transition's label by default
    secondary: ClassVar[bool] = False  # withdraw-type steps: never styled as the primary action

    def __init__(self, state: CaseState, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.name}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.state = state
        self.application = state.application
        self.setup()

    def setup(self) -> None:
        """Choices and defaults that depend on the case."""

    @classmethod
    def title(cls) -> str:
        return cls.summary or TRANSITIONS[cls.name].label

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        """One of the next lawful steps of the case in its status (shown first)."""
        return False

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        """Whether the step is offered at all now (beyond the status and permission check)."""
        return True

    def run(self, actor: Any) -> object:
        raise NotImplementedError


def _on(label: str = "日期", required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


def _today(form: StepForm, *names: str) -> None:
    for name in names:
        form.fields[name].initial = form.state.today


STEPS: dict[str, type[StepForm]] = {}


def step(cls: type[StepForm]) -> type[StepForm]:
    STEPS[cls.name] = cls
    return cls


@step
class Confirm(StepForm):
    name = "confirm"
    signed_on = _on("签收日期")
    arrived_on = _on("到达日期")
    confirmed_on = _on("确认日期")

    def setup(self) -> None:
        if self.application.channel == "registered_mail":
            del self.fields["arrived_on"], self.fields["confirmed_on"]
            _today(self, "signed_on")
        else:
            del self.fields["signed_on"]
            self.fields["arrived_on"].initial = self.application.submitted_on
            _today(self, "confirmed_on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.confirm(
            application=self.application,
            actor=actor,
            confirmed_on=d.get("confirmed_on"),
            signed_on=d.get("signed_on"),
            arrived_on=d.get("arrived_on"),
        )


@step
class Accept(StepForm):
    name = "accept"
    on = _on("受理日期")

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        return actions.accept(application=self.application, actor=actor, on=self.cleaned_data["on"])


@step
class RequestCorrection(StepForm):
    name = "request_correction"
    items = forms.CharField(label="需要补正的事项（逐项列明）", widget=forms.Textarea(attrs={"rows": 3}))
    deadline = _on("补正期限")
    on = _on("告知日期")

    def setup(self) -> None:
        _today(self, "on")
        days = int(str(services.setting("GONGKAI_APPLICATIONS_CORRECTION_DAYS")))
        self.fields["deadline"].initial = get_calendar().add_working_days(self.state.today, days).date

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        # 第三十条: once, within 7 working days of receipt.
        due = state.clock.correction_notice_due
        return due is None or state.today <= due.date

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return state.application.status == Status.REGISTERED

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.request_correction(
            application=self.application, actor=actor, items=d["items"], deadline=d["deadline"], on=d["on"]
        )


@step
class ReceiveCorrection(StepForm):
    name = "receive_correction"
    on = _on("收到补正日期")
    text = forms.CharField(label="补正内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label="补正材料")

    def setup(self) -> None:
        self.fields["on"].initial = self.application.correction_submitted_on or self.state.today
        if self.application.correction_submitted_on:
            self.fields["text"].label = "补正内容（不填则采用申请人在线提交的内容）"

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.receive_correction(
            application=self.application, actor=actor, on=d["on"], text=d["text"], files=d["files"]
        )


@step
class CorrectionLapsed(StepForm):
    name = "correction_lapsed"
    summary = "逾期不补正，不再处理"
    secondary = True
    on = _on()

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        deadline = state.application.correction_deadline
        return deadline is None or state.today > deadline

    def run(self, actor: Any) -> object:
        return actions.correction_lapsed(application=self.application, actor=actor, on=self.cleaned_data["on"])


@step
class Assign(StepForm):
    name = "assign"
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), empty_label=None)

    def setup(self) -> None:
        field = self.fields["handler"]
        field.queryset = User.objects.filter(memberships__agency=self.application.agency, is_active=True).distinct()
        field.initial = self.application.handler_id

    def run(self, actor: Any) -> object:
        return actions.assign(application=self.application, actor=actor, handler=self.cleaned_data["handler"])


@step
class Transfer(StepForm):
    name = "transfer"
    to_agency = forms.ModelChoiceField(
        label="转至机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        widget=PlainSelect(attrs={"data-filter": FILTER_AGENCIES}),
    )
    reason = forms.CharField(label="理由")
    on = _on("转办日期")

    def setup(self) -> None:
        self.fields["to_agency"].queryset = services.applicable_agencies().exclude(pk=self.application.agency_id)
        _today(self, "on")

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.transfer(
            application=self.application, actor=actor, to_agency=d["to_agency"], reason=d["reason"], on=d["on"]
        )


@step
class Consult(StepForm):
    name = "consult"
    kind = forms.ChoiceField(label="类型", choices=ConsultationKind.choices)
    party = forms.CharField(label="被征求意见方")
    on = _on("发出日期")
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices, initial=Delivery.POST)
    received_on = _on("对方收到日期（留空则按送达方式推定；15个工作日自收到次日起算）")

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return state.application.status == Status.PROCESSING

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.consult(
            application=self.application,
            actor=actor,
            kind=d["kind"],
            party=d["party"],
            on=d["on"],
            delivery=d["delivery"],
            received_on=d["received_on"],
        )


class _OpenConsultation(StepForm):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none(), empty_label=None)

    def setup(self) -> None:
        self.fields["consultation"].queryset = self.application.consultations.filter(replied_on__isnull=True)


@step
class ConsultReceived(_OpenConsultation):
    name = "consult_received"
    received_on = _on("对方实际收到日期（签收日期）", required=True)

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.consult_received(consultation=d["consultation"], actor=actor, received_on=d["received_on"])


@step
class ConsultReply(_OpenConsultation):
    name = "consult_reply"
    opinion = forms.ChoiceField(label="意见", choices=[o for o in Opinion.choices if o[0]])
    reply = forms.CharField(label="意见内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    on = _on("收到意见日期")

    def setup(self) -> None:
        super().setup()
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.consult_reply(
            consultation=d["consultation"], actor=actor, opinion=d["opinion"], reply=d["reply"], on=d["on"]
        )


@step
class NotifyThirdParty(StepForm):
    name = "notify_third_party"
    consultation = forms.ModelChoiceField(
        label="不同意公开的第三方", queryset=Consultation.objects.none(), empty_label=None
    )
    content = forms.CharField(label="决定公开的政府信息内容")
    reasons = forms.CharField(label="决定公开的理由", widget=forms.Textarea(attrs={"rows": 2}))
    on = _on("告知日期")

    def setup(self) -> None:
        self.fields["consultation"].queryset = self._objections(self.application)
        _today(self, "on")

    @staticmethod
    def _objections(application: Application):
        return application.consultations.filter(
            kind=ConsultationKind.THIRD_PARTY, opinion=Opinion.OBJECT, disclosure_notified_on__isnull=True
        )

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        return cls._objections(state.application).exists()

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.notify_third_party(
            consultation=d["consultation"], actor=actor, content=d["content"], reasons=d["reasons"], on=d["on"]
        )


@step
class Extend(StepForm):
    name = "extend"
    summary = "延期（负责人批准）"
    days = forms.IntegerField(label="延长工作日数（最长20）", initial=20, min_value=1, max_value=20)
    reason = forms.CharField(label="延期理由")
    on = _on("批准日期")

    def setup(self) -> None:
        _today(self, "on")
        due = self.state.clock.due
        if due is not None:
            self.fields["on"].label = f"批准日期（不晚于{due.date:%Y-%m-%d}）"

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        # 第三十三条第二款: once, approved no later than the deadline.
        due = state.clock.due
        return not state.application.extension_days and due is not None and state.today <= due.date

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.extend(application=self.application, actor=actor, days=d["days"], reason=d["reason"], on=d["on"])


@step
class FeeNotice(StepForm):
    name = "fee_notice"
    method = forms.ChoiceField(label="收费方式", choices=FeeMethod.choices)
    units = forms.IntegerField(
        label="按量：页数；按件：本月累计件数（留空则按登记记录计算）", required=False, min_value=0
    )
    items = forms.IntegerField(label="本申请计件数", initial=1, min_value=1)
    on = _on("通知日期")
    delivery = forms.ChoiceField(label="送达方式", choices=Delivery.choices)
    received_on = _on("申请人收到日期（留空则按送达方式推定；缴费期限自收到次日起算）")

    def setup(self) -> None:
        _today(self, "on")
        self.fields["delivery"].initial = self.application.delivery

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.fee_notice(
            application=self.application,
            actor=actor,
            method=d["method"],
            units=d["units"],
            items=d["items"] or 1,
            on=d["on"],
            delivery=d["delivery"],
            received_on=d["received_on"],
        )


@step
class FeeNoticeReceived(StepForm):
    name = "fee_notice_received"
    received_on = _on("申请人实际收到收费通知日期（签收日期）", required=True)

    def run(self, actor: Any) -> object:
        return actions.fee_notice_received(
            application=self.application, actor=actor, received_on=self.cleaned_data["received_on"]
        )


@step
class FeeSettle(StepForm):
    name = "fee_settle"
    result = forms.ChoiceField(
        label="结果",
        choices=[(FeeStatus.PAID, "已缴费"), (FeeStatus.WAIVED, "减免"), (FeeStatus.CANCELLED, "取消收费")],
    )
    amount = forms.DecimalField(label="实收金额（元）", required=False, max_digits=12, decimal_places=2)
    receipt_no = forms.CharField(label="财政票据号", required=False)
    reason = forms.CharField(label="减免或取消理由", required=False)
    on = _on()

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.fee_settle(
            application=self.application,
            actor=actor,
            result=d["result"],
            on=d["on"],
            amount=d["amount"],
            receipt_no=d["receipt_no"],
            reason=d["reason"],
        )


@step
class FeeLapsed(StepForm):
    name = "fee_lapsed"
    summary = "逾期未缴费，不再处理"
    secondary = True
    on = _on()

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def offered(cls, state: CaseState) -> bool:
        due = state.application.fee_due_on
        return due is None or state.today > due

    def run(self, actor: Any) -> object:
        return actions.fee_lapsed(application=self.application, actor=actor, on=self.cleaned_data["on"])


@step
class AskReasons(StepForm):
    name = "ask_reasons"
    summary = "要求说明理由（第三十五条）"
    on = _on("通知日期")

    def setup(self) -> None:
        _today(self, "on")

    def run(self, actor: Any) -> object:
        return actions.ask_reasons(application=self.application, actor=actor, on=self.cleaned_data["on"])


@step
class ReasonsAccepted(StepForm):
    name = "reasons_accepted"
    summary = "理由合理，确定期限"
    reasons = forms.CharField(label="申请人说明的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = _on("确定的答复期限（第三十五条）", required=True)
    on = _on("告知日期")

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.reasons_accepted(
            application=self.application, actor=actor, reasons=d["reasons"], due_on=d["due_on"], on=d["on"]
        )


@step
class ReasonsRejected(StepForm):
    name = "reasons_rejected"
    summary = "理由不合理，不予处理"
    reasons = forms.CharField(
        label="申请人说明的理由及不合理的原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = _on("答复日期")

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.reasons_rejected(application=self.application, actor=actor, reasons=d["reasons"], on=d["on"])


# Outcomes produced by their own steps (逾期不补正, 逾期未缴费, 第三十五条), not chosen in 答复.
STEP_OUTCOMES = ("other_no_correction", "other_fee_unpaid", "rejected_mass_repeat")


@step
class Answer(StepForm):
    name = "answer"
    outcome = forms.ChoiceField(label="处理结果", choices=())
    not_held_reason = forms.ChoiceField(
        label="不掌握的情形（第三十六条第（四）、（五）项）",
        required=False,
        choices=[("", "（处理结果为“本机关不掌握相关政府信息”时选择）"), *NotHeldReason.choices],
    )
    responsible_agency = forms.CharField(label="负责公开的机关（能够确定的）", required=False)
    responsible_contact = forms.CharField(label="该机关的联系方式", required=False)
    legal_basis = forms.CharField(label="法律依据（留空则按处理结果引用条例条款）", required=False)
    text = forms.CharField(label="答复内容或理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label="提供的政府信息（文件）")
    on = _on("答复日期")

    def setup(self) -> None:
        self.fields["outcome"].choices = [(k, outcome_short(k)) for k, _ in OUTCOME_ROWS if k not in STEP_OUTCOMES]
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.answer(
            application=self.application,
            actor=actor,
            outcome=d["outcome"],
            legal_basis=d["legal_basis"],
            text=d["text"],
            files=d["files"],
            on=d["on"],
            not_held_reason=d["not_held_reason"],
            responsible_agency=d["responsible_agency"],
            responsible_contact=d["responsible_contact"],
        )


@step
class AnswerCorrectionRequest(StepForm):
    name = "answer_correction_request"
    summary = "更正申请答复（第四十一条）"
    result = forms.ChoiceField(label="处理结果", choices=CorrectionRequestResult.choices)
    text = forms.CharField(
        label="更正的内容；不予更正的理由；转送时的说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competent_agency = forms.CharField(label="有权更正的行政机关（转送时填写）", required=False, max_length=200)
    competent_contact = forms.CharField(label="该机关的联系方式", required=False, max_length=200)
    on = _on("答复日期")

    def setup(self) -> None:
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.answer_correction_request(
            application=self.application,
            actor=actor,
            result=d["result"],
            text=d["text"],
            competent_agency=d["competent_agency"],
            competent_contact=d["competent_contact"],
            on=d["on"],
        )


@step
class Deliver(StepForm):
    name = "deliver"
    method = forms.ChoiceField(label="送达方式", choices=Delivery.choices)
    on = _on("送达日期")

    def setup(self) -> None:
        self.fields["method"].initial = self.application.delivery
        _today(self, "on")

    @classmethod
    def lead(cls, state: CaseState) -> bool:
        return True

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.deliver(application=self.application, actor=actor, method=d["method"], on=d["on"])


@step
class Withdraw(StepForm):
    name = "withdraw"
    secondary = True
    reason = forms.CharField(label="撤回方式和理由", required=False)
    on = _on("撤回日期")

    def setup(self) -> None:
        _today(self, "on")

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.withdraw(application=self.application, actor=actor, reason=d["reason"], on=d["on"])


@step
class CorrectApplicant(StepForm):
    name = "correct_applicant"
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    reason = forms.CharField(label="更正理由")

    EDITABLE: ClassVar[tuple[str, ...]] = ("applicant_name", "id_number", "phone", "email", "address", "postcode")

    def setup(self) -> None:
        for name in self.EDITABLE:
            self.fields[name].initial = getattr(self.application, name)

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        changes = {k: d[k] for k in self.EDITABLE if d[k] != getattr(self.application, k)}
        return actions.correct_applicant(application=self.application, actor=actor, changes=changes, reason=d["reason"])


# Steps of the case page that are not transitions (any status; Perm.EDIT is checked by the action).
@step
class Attach(StepForm):
    name = "attach"
    summary = "上传材料"
    kind = forms.ChoiceField(label="类别", choices=FileKind.choices, initial=FileKind.INTERNAL)
    files = FilesField(label="选择文件", required=True)

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.attach(application=self.application, actor=actor, files=d["files"], kind=d["kind"])


@step
class AppealCreate(StepForm):
    name = "appeal"
    summary = "登记行政复议或行政诉讼"
    kind = forms.ChoiceField(label="类型", choices=AppealKind.choices)
    filed_on = _on("申请或起诉日期", required=True)
    body = forms.CharField(label="复议机关或法院")
    case_number = forms.CharField(label="案号", required=False)
    result = forms.ChoiceField(label="结果", choices=AppealResult.choices, initial=AppealResult.PENDING)
    decided_on = _on("决定或判决日期")

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.appeal_create(
            application=self.application,
            actor=actor,
            kind=d["kind"],
            filed_on=d["filed_on"],
            body=d["body"],
            case_number=d["case_number"],
            result=d["result"],
            decided_on=d["decided_on"],
        )


@step
class AppealUpdate(StepForm):
    name = "appeal_update"
    summary = "更新行政复议或行政诉讼"
    appeal = forms.ModelChoiceField(label="案件", queryset=Appeal.objects.none(), empty_label=EMPTY_LABEL)
    result = forms.ChoiceField(label="结果", choices=AppealResult.choices)
    decided_on = _on("决定或判决日期")
    note = forms.CharField(label="说明", required=False)

    def setup(self) -> None:
        self.fields["appeal"].queryset = self.application.appeals.all()

    def run(self, actor: Any) -> object:
        d = self.cleaned_data
        return actions.appeal_update(
            appeal=d["appeal"], actor=actor, result=d["result"], decided_on=d["decided_on"], note=d["note"]
        )


NOT_TRANSITIONS = ("attach", "appeal", "appeal_update")
# Decided from the receiving agency's side (views.transfer_decide), not from the case's own steps.
DECIDED_ELSEWHERE = ("transfer_accept", "transfer_return")


def case_steps(state: CaseState, allowed: list[str]) -> tuple[list[StepForm], list[StepForm]]:
    """The forms of the steps allowed now: the next lawful ones first, then the rest (folded)."""
    lead: list[StepForm] = []
    rest: list[StepForm] = []
    for name in allowed:
        cls = STEPS.get(name)
        if cls is None or not cls.offered(state):
            continue
        form = cls(state)
        (lead if cls.lead(state) and not cls.secondary else rest).append(form)
    return lead, rest


def bind(name: str, state: CaseState, data: Any, files: Any) -> StepForm:
    cls = STEPS.get(name)
    if cls is None:
        raise KeyError(name)
    return cls(state, data, files)


def form_errors(form: StepForm) -> ValidationError:
    """The form's field errors as one refusal, each prefixed with its field's label, for the case page."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    return ValidationError(messages)
