"""Forms of the online application and of staff registration (the abuse protections: intake.py)."""

from __future__ import annotations

from django import forms

from gongkai.agencies.models import Agency
from gongkai.applications.actions import ApplicantData
from gongkai.applications.intake import ChallengeCheck, check_challenge, new_challenge
from gongkai.applications.models import ORGANISATION_TYPES, ApplicantKind, Channel, Delivery, IdType, InfoForm

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


class ApplicantForm(forms.Form):
    applicant_kind = forms.ChoiceField(
        label="申请人类型", choices=ApplicantKind.choices, widget=forms.RadioSelect, initial=ApplicantKind.PERSON
    )
    applicant_type = forms.ChoiceField(
        label="法人或其他组织的类别",
        required=False,
        choices=[("", "（自然人无需选择）"), *[(t.value, t.label) for t in ORGANISATION_TYPES]],
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

    def applicant_data(self) -> ApplicantData:
        data = self.cleaned_data
        return ApplicantData(**{k: data.get(k) or "" for k in ApplicantData.__dataclass_fields__})


class OnlineForm(ApplicantForm):
    agency = forms.ModelChoiceField(
        label="向哪个机关申请",
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        empty_label="不确定：由政府信息公开工作主管部门分送",
    )
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.IntegerField(label="验证问题")
    field_order = ["agency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every display asks a fresh question; the template renders this token, never the posted one.
        challenge = new_challenge()
        self.question = challenge.question
        self.challenge_token = challenge.token

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
        self.order_fields(["agency", *self.field_order])
