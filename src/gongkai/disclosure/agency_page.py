"""What this app adds to the public page of an agency: its latest published items (the agencies app
collects the section through ``agency_page_section`` on this app's AppConfig, so it imports nothing
from here)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Item

LATEST_ON_AGENCY_PAGE = 8


def agency_page_section(request: HttpRequest, agency: Agency) -> str:
    items = (
        Item.objects.listed()
        .filter(agency=agency)
        .select_related("agency")
        .order_by("-published_on", "-id")[:LATEST_ON_AGENCY_PAGE]
    )
    context = {"agency": agency, "items": list(items)}
    return render_to_string("disclosure/_agency_latest.html", context, request=request)
