"""Helpers every app's pages and API share: run an action and show its refusal, send a download,
read the client's address. Written once here so the apps do not each grow their own copy."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Generic, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, HttpRequest

T = TypeVar("T")


def add_action_errors(form: Form, exc: ValidationError) -> None:
    """Shows an action's ValidationError on the form: field errors beside their fields, the rest
    (and errors without a field, e.g. a locked report year) at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class Outcome(Generic[T]):
    """What run_action gives back: ``ok`` and the action's return ``value``, or the refusal ``errors``."""

    def __init__(self, value: T | None = None, errors: list[str] | None = None) -> None:
        self._value = value
        self.errors: list[str] = errors or []
        self.ok = errors is None

    @property
    def value(self) -> T:
        if not self.ok:
            raise ValueError("the action was refused; it has no value")
        # ok means the action returned it (None included, for actions that return nothing).
        return cast(T, self._value)

    def __bool__(self) -> bool:
        return self.ok


def run_action(
    action: Callable[[], T],
    *,
    request: HttpRequest | None = None,
    form: Form | None = None,
    success: str | Callable[[T], str] = "",
    failure: str = "",
    separately: bool = False,
    denied: str | None = None,
) -> Outcome[T]:
    """Runs an action (a state change of actions.py) for a page and shows its Chinese refusal.

    A ValidationError goes beside the ``form``'s fields when there is a form; otherwise, with a
    ``request``, into one error message (``failure`` + the refusals joined by "；"), or one message per
    refusal when ``separately`` (the rows of an import); with neither, only into ``Outcome.errors``.
    A PermissionDenied is caught only when ``denied`` is given (its text, or ``denied`` when it has
    none); otherwise it stays a 403. On success the ``success`` message (text, or made from the
    action's value) is shown. The caller decides where to go next from ``Outcome.ok``.
    """
    try:
        value = action()
    except ValidationError as exc:
        if form is not None:
            add_action_errors(form, exc)
        elif request is not None:
            if separately:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.error(request, failure + "；".join(exc.messages))
        return Outcome(errors=list(exc.messages))
    except PermissionDenied as exc:
        if denied is None:
            raise
        message = str(exc) or denied
        if request is not None:
            messages.error(request, message)
        return Outcome(errors=[message])
    text = success(value) if callable(success) else success
    if text and request is not None:
        messages.success(request, text)
    return Outcome(value)


def download_response(
    data_or_file: bytes | IO[bytes], filename: str, content_type: str | None = None, inline: bool = False
) -> FileResponse:
    """A file download; Django writes Content-Disposition, with the RFC 5987 ``filename*`` a Chinese
    name needs. Without ``content_type`` Django guesses it from the file name. ``inline`` opens the
    file in the browser (PDF, HTML, pictures) instead of saving it."""
    body = io.BytesIO(data_or_file) if isinstance(data_or_file, bytes) else data_or_file
    return FileResponse(body, as_attachment=not inline, filename=filename, content_type=content_type)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind nginx (GONGKAI_BEHIND_PROXY) it is the right-most entry of
    X-Forwarded-For, the one nginx appended: everything left of it is whatever the client sent, so
    trusting it would let anyone choose their address (and escape the rate limits)."""
    if getattr(settings, "GONGKAI_BEHIND_PROXY", False):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None
