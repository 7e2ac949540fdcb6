from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form


def add_action_errors(form: Form, exc: ValidationError) -> None:
    """Shows an action's ValidationError on the form: field errors beside their fields, the rest
    (and errors without a field, e.g. a locked report year) at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
