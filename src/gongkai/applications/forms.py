"""Forms of the online application and of staff registration (the abuse protections: intake.py)."""

from __future__ import annotations

from django import forms

from gongkai.applications import services
from gongkai.applications.actions import ApplicantData
from gongkai.applications.intake import (
    ChallengeCheck,
    check_challenge,
    consistency_errors,
    is_submission_token,
    new_challenge,
    new_submission_token,
)
from gongkai.applications.models import (
    ORGANISATION_TYPES,
    ApplicantKind,
    Channel,
    Delivery,
    IdType,
    InfoForm,
    RequestKind,
)
from gongkai.common.forms import FILTER_AGENCIES, PlainSelect

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# Django's "这个字段是必填项。" does not say what to do; each field says it in its own words.
REQUIRED_MESSAGES = {
    "applicant_kind": "请选择申请人类型：自然人，或法人或其他组织",
    "applicant_type": "请选择法人或其他组织的类别",
    "applicant_name": "请填写申请人的姓名或名称",
    "id_type": "请选择身份证明类型",
    "id_number": "请填写证件号码",
    "description": "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述",
    "info_form": "请选择信息的载体形式",
    "delivery": "请选择获取信息的方式",
    "agency": "请选择向哪个机关申请",
    "answer": "请用数字回答验证问题",
    "channel": "请选择申请方式",
    "request_kind": "请选择申请类别：政府信息公开申请或更正申请",
}
AUTOCOMPLETE = {
    "applicant_name": "name",
    "id_number": "off",
    "contact_person": "name",
    "phone": "tel",
    "email": "email",
    "address": "street-address",
    "postcode": "postal-code",
}


class ApplicantForm(forms.Form):
    # 第四十一条: a request to correct an inaccurate record about oneself is a request of its own.
    request_kind = forms.ChoiceField(
        label="申请类别（要求更正与本人相关的不准确政府信息记录的，选“更正申请”，在内容描述中写明要更正的记录，并附上证据）",
        choices=RequestKind.choices,
        initial=RequestKind.DISCLOSURE,
        required=False,  # a client that does not send it (an older page, a script) applies for disclosure
    )
    applicant_kind = forms.ChoiceField(
        label="申请人类型", choices=ApplicantKind.choices, widget=forms.RadioSelect, initial=ApplicantKind.PERSON
    )
    applicant_type = forms.ChoiceField(
        label="法人或其他组织的类别",
        required=False,
        choices=[("", "请选择类别"), *[(t.value, t.label) for t in ORGANISATION_TYPES]],
    )
    applicant_name = forms.CharField(label="姓名或名称", max_length=100)
    id_type = forms.ChoiceField(label="身份证明类型", choices=IdType.choices, initial=IdType.RESIDENT_ID)
    id_number = forms.CharField(label="证件号码", max_length=40)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱（填写后每一步办理进展都会邮件告知）", required=False)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    description = forms.CharField(label="所需政府信息的名称或内容描述", widget=forms.Textarea(attrs={"rows": 5}))
    document_number = forms.CharField(label="文号（如知道）", max_length=100, required=False)
    info_form = forms.ChoiceField(label="信息的载体形式", choices=InfoForm.choices)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)
    files = MultipleFileField(label="附件（身份证明等，可多选）")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
                self.fields[name].error_messages["invalid_choice"] = message
        for name, hint in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = hint
        self.fields["phone"].widget.input_type = "tel"
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"
        self.fields["email"].error_messages["invalid"] = "请填写正确的电子邮箱，例如 name@example.cn"

    def clean_request_kind(self) -> str:
        return self.cleaned_data.get("request_kind") or RequestKind.DISCLOSURE

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("applicant_kind") == ApplicantKind.PERSON:
            # The category is asked of organisations only; a value left over from a switch is ignored.
            cleaned["applicant_type"] = ""
        present = {k: cleaned.get(k) or "" for k in ApplicantData.__dataclass_fields__}
        for name, message in consistency_errors(ApplicantData(**present)).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def applicant_data(self) -> ApplicantData:
        data = self.cleaned_data
        return ApplicantData(**{k: data.get(k) or "" for k in ApplicantData.__dataclass_fields__})


class OnlineForm(ApplicantForm):
    agency = forms.ModelChoiceField(
        label="向哪个机关申请",
        # 村民委员会 and 居民委员会 are not 行政机关 (services.applicable_agencies).
        queryset=services.applicable_agencies().only("id", "code", "name"),
        required=False,
        empty_label="不确定：由政府信息公开工作主管部门分送",
        # A province's agencies: thousands of options, narrowed by typing (select-filter.js).
        widget=PlainSelect(attrs={"data-filter": FILTER_AGENCIES}),
    )
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.IntegerField(label="验证问题", error_messages={"invalid": "请用数字回答验证问题"})
    # One per form shown: a second post of the same form finds the application the first created.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = ["agency", "request_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every display asks a fresh question; the template renders this token, never the posted one.
        challenge = new_challenge()
        self.question = challenge.question
        self.challenge_token = challenge.token
        self.fields["applicant_type"].widget.attrs["aria-describedby"] = "applicant_type-help"  # apply.html
        # The submission token stays the same while the applicant corrects the form, as nothing was created.
        posted = self.data.get("submission", "") if self.is_bound else ""
        self.submission_token = posted if is_submission_token(posted) else new_submission_token()

    def clean(self):
        cleaned = super().clean()
        check = check_challenge(cleaned.get("challenge") or "", cleaned.get("answer"))
        if check is ChallengeCheck.EXPIRED:
            # The page shows a new question, so the applicant answers again rather than fetching one.
            self.add_error("answer", "验证问题已过期，请重新回答")
        elif check is ChallengeCheck.WRONG:
            self.add_error("answer", "验证问题回答不正确")
        return cleaned


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    submitted_on = forms.DateField(label="提交日期（当面提交之日）", required=False, widget=DATE)
    arrived_on = forms.DateField(label="到达日期（信函、传真、邮件到达之日）", required=False, widget=DATE)
    signed_on = forms.DateField(label="签收日期（邮寄需签收的）", required=False, widget=DATE)
    confirmed_on = forms.DateField(label="确认日期（与申请人确认之日）", required=False, widget=DATE)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["channel", "submitted_on", "arrived_on", "signed_on", "confirmed_on"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = False
        self.fields["agency"] = forms.ModelChoiceField(label="办理机关", queryset=agencies, empty_label=None)
        self.order_fields(["agency", "request_kind", *self.field_order])
