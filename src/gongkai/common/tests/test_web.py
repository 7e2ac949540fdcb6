"""The shared page helpers: run_action, download_response, client_ip."""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import quote

import pytest
from django import forms
from django.conf import Settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from gongkai.common.web import client_ip, download_response, run_action


class TitleForm(forms.Form):
    title = forms.CharField()


def _request(**meta: str) -> HttpRequest:
    request = RequestFactory().post("/", **meta)
    request._messages = CookieStorage(request)
    return request


def _shown(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _refuse(error: ValidationError | PermissionDenied) -> Callable[[], None]:
    def action() -> None:
        raise error

    return action


def test_refusal_goes_beside_the_form_fields() -> None:
    form = TitleForm({"title": "x"})
    assert form.is_valid()
    request = _request()
    refusal = ValidationError({"title": "标题重复", "year": "该年度已锁定"})
    outcome = run_action(_refuse(refusal), request=request, form=form, success="已保存")
    assert not outcome.ok and outcome.errors == ["标题重复", "该年度已锁定"]
    assert form.errors["title"] == ["标题重复"]
    assert form.non_field_errors() == ["该年度已锁定"]  # a field the form does not have goes to the top
    assert _shown(request) == []
    with pytest.raises(ValueError):
        _ = outcome.value


def test_refusal_becomes_one_message_or_one_per_refusal() -> None:
    rows = ValidationError(["第2行：缺少日期", "第3行：金额有误"])
    request = _request()
    run_action(_refuse(rows), request=request, failure="导入未完成：")
    assert _shown(request) == [("error", "导入未完成：第2行：缺少日期；第3行：金额有误")]
    request = _request()
    run_action(_refuse(rows), request=request, separately=True)
    assert _shown(request) == [("error", "第2行：缺少日期"), ("error", "第3行：金额有误")]


def test_without_a_request_the_refusal_is_only_returned() -> None:
    outcome = run_action(_refuse(ValidationError("模板语法有误")))
    assert not outcome and outcome.errors == ["模板语法有误"]


def test_permission_denied_is_shown_only_when_asked() -> None:
    request = _request()
    outcome = run_action(_refuse(PermissionDenied()), request=request, denied="无权操作")
    assert outcome.errors == ["无权操作"] and _shown(request) == [("error", "无权操作")]
    with pytest.raises(PermissionDenied):
        run_action(_refuse(PermissionDenied("不是本机关")), request=_request())


def test_success_message_and_value() -> None:
    request = _request()
    outcome = run_action(lambda: 3, request=request, success=lambda n: f"已导入{n}件")
    assert outcome.ok and outcome.value == 3 and _shown(request) == [("success", "已导入3件")]
    assert run_action(lambda: None).value is None  # an action that returns nothing still succeeds


def test_download_keeps_the_chinese_file_name_and_the_type() -> None:
    response = download_response(b"%PDF-1.7", "甲局2024年年度报告.pdf", "application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("甲局2024年年度报告.pdf")
    assert response["Content-Length"] == "8" and response.getvalue() == b"%PDF-1.7"
    shown = download_response(io.BytesIO(b"<p>"), "报告.html", "text/html; charset=utf-8", inline=True)
    assert shown["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert shown["Content-Type"] == "text/html; charset=utf-8"
    guessed = download_response(b"PK", "台账.xlsx")
    assert guessed["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_client_ip_trusts_forwarded_for_only_behind_the_proxy(settings: Settings) -> None:
    request = _request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    settings.GONGKAI_BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.5"
    settings.GONGKAI_BEHIND_PROXY = True
    # The right-most entry is the one nginx appended; the left part is whatever the client sent.
    assert client_ip(request) == "203.0.113.9"
    assert client_ip(_request(REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"
    assert client_ip(_request(REMOTE_ADDR="")) is None
