"""Labels and links of the workspace and the shared forms (issue 13, point 11)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

import pytest
from django import forms

import gongkai
from gongkai.common.forms import DJANGO_EMPTY_LABEL, label_empty_choices
from gongkai.testing.helpers import in_person

pytestmark = pytest.mark.django_db


def test_case_numbers_in_recent_actions_link_to_the_case(county, seeded, client):
    application = in_person(county, dt.date(2025, 3, 3))
    client.force_login(county.clerk_a)
    page = client.get("/workspace/").content.decode()
    assert f'<a href="/workspace/applications/{application.pk}/">「{application.receipt_number}」</a>' in page


def test_empty_selects_say_please_choose(county, client):
    client.force_login(county.clerk_a)
    for url in ("/workspace/items/new/", "/workspace/items/batches/"):
        page = client.get(url).content.decode()
        assert DJANGO_EMPTY_LABEL not in page and '<option value="" selected>请选择</option>' in page, url
    search = client.get("/items/search/").content.decode()
    assert DJANGO_EMPTY_LABEL not in search and '<option value="" selected>全部</option>' in search


def _all_form_classes() -> list[type[forms.BaseForm]]:
    # The apps keep their forms in forms.py, and the case's steps in applications/steps.py.
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "steps"} and ".tests" not in module.name:
            importlib.import_module(module.name)

    def below(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    return sorted(
        {c for c in below(forms.BaseForm) if c.__module__.startswith("gongkai.")}, key=lambda c: c.__qualname__
    )


def test_no_form_that_stands_alone_shows_dashes(county):
    """Every form of the project that can be built without arguments: no select says "---------"."""
    checked = 0
    for form_class in _all_form_classes():
        try:
            html = str(form_class())
        except Exception:  # noqa: S112 - forms that need a case, an agency or a user are checked on their pages
            continue
        checked += 1
        assert DJANGO_EMPTY_LABEL not in html, form_class
    assert checked > 10


def test_the_helper_keeps_labels_a_form_chose():
    class Choice(forms.Form):
        plain = forms.ChoiceField(choices=[("", DJANGO_EMPTY_LABEL), ("a", "甲")])
        named = forms.ChoiceField(choices=[("", "（不限）"), ("a", "甲")])

    form = Choice()
    label_empty_choices(form)
    assert next(iter(form.fields["plain"].widget.choices)) == ("", "请选择")
    assert next(iter(form.fields["named"].widget.choices)) == ("", "（不限）")
    assert not Choice({"plain": "b", "named": "a"}).is_valid()  # validation still uses the field's own choices


def test_no_step_form_of_a_case_shows_dashes(county, seeded):
    from gongkai.applications import services, steps

    application = in_person(county, dt.date(2025, 3, 3))
    state = steps.CaseState(application, county.clerk_a, dt.date(2025, 3, 4), services.clock(application))
    for name, step_form in steps.STEPS.items():
        assert DJANGO_EMPTY_LABEL not in str(step_form(state)), name
