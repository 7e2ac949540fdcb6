from __future__ import annotations

from django import forms

from gongkai.oversight.actions import MAX_WORKING_DAYS
from gongkai.oversight.models import SupervisionOutcome


class IssueForm(forms.Form):
    matter = forms.CharField(
        label="督办事项",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "请填写督办事项"},
    )
    working_days = forms.IntegerField(
        label="办理时限（工作日）",
        initial=5,
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        error_messages={"required": "请填写办理时限"},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="办理情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "请填写办理情况"},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="办结结果", choices=SupervisionOutcome.choices)
    note = forms.CharField(label="办结意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看理由",
        max_length=500,
        error_messages={"required": "请说明查看完整身份信息的理由"},
    )
