from __future__ import annotations

import datetime as dt

from django import forms

from gongkai.catalogue.models import Area, Tier


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
