"""``{% applicant_identifiers a as ids %}``: the applicant's identifiers as the page's reader may see
them (gongkai.applications.selectors.applicant_identifiers). A page that shows them after an audited
reveal sets ``identifiers_revealed`` in its context."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.applications import selectors
from gongkai.applications.models import Application

register = template.Library()


@register.simple_tag(takes_context=True)
def applicant_identifiers(context: dict[str, Any], application: Application) -> selectors.ApplicantIdentifiers:
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.applicant_identifiers(user, application, revealed=bool(context.get("identifiers_revealed")))
