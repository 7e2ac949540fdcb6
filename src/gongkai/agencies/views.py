from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.agencies.actions import agency_update
from gongkai.agencies.forms import AgencyFactsForm
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.common.web import run_action


def public_list(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.filter(is_active=True).order_by("sort_path")
    return render(request, "agencies/public_list.html", {"agencies": agencies})


def _public_sections(request: HttpRequest, agency: Agency) -> list[str]:
    """HTML that apps above this one add to the public agency page: each names a function
    ``(request, agency) -> str`` as ``agency_page_section`` on its AppConfig (as ``workspace_panel``)."""
    sections = []
    for config in apps.get_app_configs():
        path = getattr(config, "agency_page_section", "")
        if path:
            sections.append(import_string(path)(request, agency))
    return [html for html in sections if html]


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code, is_active=True)
    context = {
        "agency": agency,
        "children": agency.children.filter(is_active=True).order_by("sort_path"),
        "sections": _public_sections(request, agency),
    }
    return render(request, "agencies/public_detail.html", context)


def _visible_agency(request: HttpRequest, code: str, perm: Perm = Perm.VIEW_INTERNAL) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    if not has_perm(request.user, perm, agency):
        # Not 403: another agency's internal pages are not even confirmed to exist.
        raise Http404("没有找到该机构")
    return agency


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    agencies = agencies_with(request.user, Perm.VIEW_INTERNAL).order_by("sort_path")
    return render(request, "agencies/staff_list.html", {"agencies": agencies})


@login_required
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = _visible_agency(request, code)
    context = {
        "agency": agency,
        "members": agency.memberships.select_related("user").order_by("role", "user__username"),
        "events": Event.objects.filter(agency=agency).select_related("actor")[:50],
        "can_edit": has_perm(request.user, Perm.MANAGE_AGENCY, agency),
        "guide_missing": agency.missing_guide_facts(),
    }
    return render(request, "agencies/staff_detail.html", context)


@login_required
def staff_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency = _visible_agency(request, code, Perm.MANAGE_AGENCY)
    form = AgencyFactsForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        saved = run_action(
            lambda: agency_update(agency=agency, actor=request.user, **form.cleaned_data),
            request=request,
            form=form,
            success="机构信息已保存。",
        )
        if saved.ok:
            return redirect("agencies:staff_detail", code=agency.code)
    return render(request, "agencies/staff_edit.html", {"agency": agency, "form": form})
