"""Form helpers shared by the apps."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# What an empty select says. Django's own "---------" reads as a broken page to citizens and staff.
EMPTY_LABEL = "请选择"
DJANGO_EMPTY_LABEL = "---------"
# The label of the box that narrows a select of agencies (data-filter, gongkai/select-filter.js).
FILTER_AGENCIES = "按名称查找机关（输入名称中的字）"


def label_empty_choices(form: forms.BaseForm, label: str = EMPTY_LABEL) -> None:
    """Gives every select of ``form`` still showing Django's "---------" the prompt ``label``; a
    select whose empty choice the form already names keeps its own words."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField) and hasattr(field.widget, "choices"):
            # Only what the select shows changes; the field validates against its own choices.
            field.widget.choices = [
                (value, label if value == "" and text == DJANGO_EMPTY_LABEL else text)
                for value, text in field.widget.choices
            ]


class EmptyLabelsMixin(forms.BaseForm):
    """Put first among a form's bases: its selects say "请选择" instead of "---------"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label_empty_choices(self)


class PlainSelect(forms.Select):
    """A select rendered in Python, not through a template per option: Django's widget templates cost
    about 0.1 ms an option, and a select of a province's agencies holds two thousand (the search
    form, the online application, a transfer). Same markup as ``forms.Select``, without option groups."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        # html.escape quotes as Django's escape does (& < > " '), without a SafeString per option.
        options = "".join(
            f'<option value="{escape(str(option))}"{" selected" if str(option) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for option, label in self.choices
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # escaped above
