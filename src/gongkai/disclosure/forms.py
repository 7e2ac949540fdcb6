from __future__ import annotations

from typing import Any

from django import forms

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import Offered, offered_agencies
from gongkai.common.forms import EmptyLabelsMixin, PlainSelect
from gongkai.disclosure.actions import EDITABLE, FIGURE_FIELDS, GUIDE_FIELDS, REVIEW_CHECKLIST
from gongkai.disclosure.models import AgencyFigures, AgencyGuide, Category, Item, Validity
from gongkai.disclosure.rules import ARTICLE_21_CHOICES, CHANNEL_LABELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_TYPES = ".docx,.pdf,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; the types are checked later by content (actions.sniff)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ItemForm(EmptyLabelsMixin, forms.ModelForm):
    article21_topics = forms.MultipleChoiceField(
        label="第二十一条事项", choices=ARTICLE_21_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label="同时在以下渠道公开",
        choices=list(CHANNEL_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Item
        fields = EDITABLE
        widgets = {
            "formed_on": DATE,
            "valid_from": DATE,
            "invalid_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12, "data-rich-text": ""}),
        }
        help_texts = {
            "body": "用工具栏设置段落、标题、列表、表格、加粗和链接，可直接粘贴 Word 或网页内容；"
            "保存时自动清除脚本、样式等不安全或多余的内容。"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()
        self.fields["article20"].widget.choices = [
            ("", "（不属于第二十条所列事项）"),
            *self.fields["article20"].choices[1:],
        ]


class DraftForm(ItemForm):
    """The drafting form: the item's fields and, in the same post, its attachments (one pass)."""

    attachments = MultipleFileField(
        label="添加附件（可多选）",
        help_text="PDF、DOCX、XLSX 或 PNG、JPEG、GIF 图片，与草稿一起保存。",
    )

    def item_values(self) -> dict:
        """The cleaned values the item actions take (the files go separately)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "attachments"}


class NewItemForm(DraftForm):
    agency = forms.ModelChoiceField(label="发布机构", queryset=Agency.objects.none())
    # The 公文 the draft was read from, held until the draft is saved (views.DOCUMENT_SALT).
    document_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta(ItemForm.Meta):
        fields = ["agency", *ItemForm.Meta.fields]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.order_fields(["agency", *ItemForm.Meta.fields, "attachments"])

    def item_values(self) -> dict:
        return {k: v for k, v in super().item_values().items() if k not in {"agency", "document_token"}}


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="公文文件（DOCX，或带文字层的 PDF）",
        help_text="按 GB/T 9704 版式识别标题、发文机关、文号、成文日期、主送机关、正文和附件说明；"
        "识别结果保存前可修改。",
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_TYPES}),
    )


class BatchForm(EmptyLabelsMixin, forms.Form):
    agency = forms.ModelChoiceField(label="发布机构", queryset=Agency.objects.none())
    category = forms.ModelChoiceField(label="主题分类", queryset=Category.objects.none())
    files = MultipleFileField(
        label="公文文件（可多选 DOCX、PDF，或一个 ZIP 压缩包）",
        required=True,
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_TYPES + ",.zip,application/zip"}),
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["category"].queryset = Category.objects.all()


class ReviewForm(forms.Form):
    checklist = forms.MultipleChoiceField(
        label="保密审查要点（通过前逐项确认）",
        choices=REVIEW_CHECKLIST,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(
        label="审查结论", choices=[("approve", "通过"), ("return", "退回修改")], widget=forms.RadioSelect
    )
    note = forms.CharField(label="审查意见（退回时必填）", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        ticked = set(data.get("checklist") or [])
        if data.get("decision") == "approve" and ticked != {key for key, _ in REVIEW_CHECKLIST}:
            self.add_error("checklist", "审查通过前须逐项确认以上要点；有未确认的要点时请退回修改。")
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", "退回时须写明理由。")
        return data

    def ticks(self) -> dict[str, bool]:
        ticked = set(self.cleaned_data.get("checklist") or [])
        return {key: key in ticked for key, _ in REVIEW_CHECKLIST}


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", widget=forms.Textarea(attrs={"rows": 3}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    invalid_on = forms.DateField(label="失效或废止日期", required=False, widget=DATE)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件（PDF、DOCX、XLSX 或图片）")


class LinkForm(forms.Form):
    index_number = forms.CharField(label="政策解读的索引号", max_length=64)


class GuideForm(forms.ModelForm):
    class Meta:
        model = AgencyGuide
        fields = GUIDE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in GUIDE_FIELDS}


class FiguresForm(forms.ModelForm):
    class Meta:
        model = AgencyFigures
        fields = FIGURE_FIELDS


class FiguresImportForm(forms.Form):
    file = forms.FileField(label="CSV 或 XLSX 文件")


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    # A filter left empty means every agency or category, as 有效性 says.
    agency = forms.ModelChoiceField(
        label="发布机构",
        queryset=Agency.objects.filter(is_active=True).only("id", "code", "name"),
        required=False,
        to_field_name="code",
        empty_label="全部",
        widget=PlainSelect,  # a province's agencies: thousands of options
    )
    category = forms.ModelChoiceField(
        label="主题分类",
        queryset=Category.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="全部",
        widget=PlainSelect,
    )
    year = forms.IntegerField(label="发布年度", required=False, min_value=2000, max_value=2100)
    validity = forms.ChoiceField(
        label="有效性", choices=[("", "全部"), *Validity.choices], required=False, widget=PlainSelect
    )
    sort = forms.ChoiceField(
        label="排序",
        choices=[("relevance", "按相关度"), ("newest", "按发布日期")],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, offered: Offered | None = None, **kwargs: Any) -> None:
        """``offered``: the agencies the page has read already (offered_agencies), to read them once."""
        super().__init__(*args, **kwargs)
        offered = offered or offered_agencies("id", "code", "name")
        choices = [("", "全部"), *((a.code, a.name) for a in offered.agencies)]
        if not offered.complete:
            # A province: the select offers the top two levels and the agency asked for; any active
            # agency is still accepted (its page links here with ?agency=).
            asked = self.data.get("agency") if self.is_bound else None
            if asked and asked not in dict(choices):
                choices += list(Agency.objects.filter(is_active=True, code=asked).values_list("code", "name"))
        self.fields["agency"].widget.choices = choices  # what was read, not the field's queryset again
