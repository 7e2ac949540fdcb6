"""Staff pages of the ledger: export a year, import a file, download the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.accounts.permissions import Perm, agencies_with
from gongkai.applications import ledger as ledger_module
from gongkai.applications import services
from gongkai.common.params import MAX_ID, int_param, year_param
from gongkai.common.web import download_response, run_action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    editable = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL).order_by("sort_path")
    errors: list[str] = []
    if request.method == "POST":
        agency = editable.filter(pk=request.POST.get("agency") or 0).first()
        upload = request.FILES.get("file")
        if agency is None or upload is None:
            errors.append("请选择机关和台账文件")
        else:
            # Every bad row is listed beside the upload form, so run_action gets no request for messages.
            imported = run_action(
                lambda: ledger_module.import_ledger(
                    agency=agency, data=upload.read(), filename=upload.name, actor=request.user
                )
            )
            errors = imported.errors
            if imported.ok:
                messages.success(request, f"已导入{imported.value}件历史申请。")
                return redirect("applications:ledger")
    year = services.today().year
    return render(
        request,
        "applications/ledger.html",
        {
            "editable": editable,
            "visible": visible,
            "errors": errors,
            "years": list(range(year, year - 6, -1)),
        },
    )


@login_required
def ledger_template(request: HttpRequest) -> HttpResponse:
    return download_response(ledger_module.template_xlsx(), "政府信息公开申请台账模板.xlsx", XLSX)


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    agency_id = int_param(request, "agency", label="机关", minimum=1, maximum=MAX_ID)
    agency = agencies_with(request.user, Perm.VIEW_INTERNAL).filter(pk=agency_id or 0).first()
    year = year_param(request)
    if agency is None or year is None:
        raise Http404
    return download_response(
        ledger_module.export_xlsx(agency, year), f"{agency.code}-{year}年政府信息公开申请台账.xlsx", XLSX
    )
