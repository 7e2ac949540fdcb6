"""Background tasks of the platform itself."""

from __future__ import annotations

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, recipients: list[str]) -> int:
    """Sends one email through the configured backend (console in the demo); retried by re-enqueueing."""
    return send_mail(subject, body, None, recipients, fail_silently=False)
