from __future__ import annotations

import datetime as dt

from django import forms

from gongkai.catalogue.models import Area, Tier
from gongkai.catalogue.rules import AUDIENCES, CHANNELS, LEVELS, MODES


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label="编制机构")
    tier = forms.ChoiceField(label="层级", choices=Tier.choices)
    area = forms.ModelChoiceField(label="领域", queryset=Area.objects.all(), empty_label="请选择领域")
    version = forms.DateField(label="版本日期", initial=dt.date.today, widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label="目录文件（XLSX）")

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.code, a.name) for a in (agencies or [])]


class PeriodForm(forms.Form):
    agency = forms.ChoiceField(label="机构（含下级）", required=False)
    start = forms.DateField(label="起始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "我可查看的全部机构")] + [(a.code, a.name) for a in (agencies or [])]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "截止日期不能早于起始日期")
        return data


class RuleForm(forms.Form):
    time_limit = forms.CharField(label="公开时限", max_length=300)


class EntryForm(forms.Form):
    """One entry edited in place (the same columns as the county's sheet); saved by actions.entry_update."""

    serial = forms.CharField(label="序号", max_length=20, required=False)
    level1 = forms.CharField(label="一级事项", max_length=200)
    level2 = forms.CharField(label="二级事项", max_length=200, required=False)
    level3 = forms.CharField(label="三级事项", max_length=200, required=False)
    content = forms.CharField(label="公开内容（要素）", widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.CharField(label="公开依据", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    time_limit = forms.CharField(label="公开时限", max_length=300, required=False)
    duration = forms.CharField(label="公开时长", max_length=100, required=False)
    publicity = forms.CharField(label="公示期", max_length=100, required=False)
    subject = forms.CharField(label="公开主体", max_length=200, required=False)
    channels = forms.MultipleChoiceField(
        label="公开渠道和载体", choices=CHANNELS, required=False, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label="公开对象", choices=AUDIENCES, required=False, widget=forms.CheckboxSelectMultiple
    )
    modes = forms.MultipleChoiceField(label="公开方式", choices=MODES, widget=forms.CheckboxSelectMultiple)
    levels = forms.MultipleChoiceField(label="公开层级", choices=LEVELS, widget=forms.CheckboxSelectMultiple)
