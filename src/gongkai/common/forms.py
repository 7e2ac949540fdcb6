"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms

# What an empty select says. Django's own "---------" reads as a broken page to citizens and staff.
EMPTY_LABEL = "请选择"
DJANGO_EMPTY_LABEL = "---------"


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
