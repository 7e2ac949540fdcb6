"""PlainSelect: the markup of Django's Select, rendered without a template per option."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from gongkai.common.forms import PlainSelect

CHOICES = [("", "全部"), ("a1", "县财政局"), ("b2", "<县>水利局 & “河长办”")]


def _pair(value, **field_options):
    class Plain(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=PlainSelect, **field_options)

    class Django(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, **field_options)

    data = {"pick": value} if value is not None else None
    return str(Plain(data)["pick"]), str(Django(data)["pick"])


@pytest.mark.parametrize("value", [None, "", "a1", "b2", "不存在"])
@pytest.mark.parametrize("required", [False, True])
def test_plain_select_renders_what_djangos_select_renders(value, required):
    plain, django = _pair(value, required=required)
    assert parse_html(plain) == parse_html(django), (plain, django)


def test_plain_select_escapes_labels_and_marks_one_choice():
    plain, _ = _pair("b2")
    assert "&lt;县&gt;水利局 &amp; “河长办”" in plain
    assert plain.count("selected") == 1 and '<option value="b2" selected>' in plain
