"""Public catalogue pages (the 标准目录 is itself published) and the staff screens: import, export,
linking items to entries, the 要素 checklist and the compliance view."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.agencies.models import Agency
from gongkai.catalogue import actions, selectors
from gongkai.catalogue.forms import EntryForm, ImportForm, PeriodForm, RuleForm
from gongkai.catalogue.models import Area, Catalogue, Entry, EntryItem, ensure_default_areas
from gongkai.catalogue.sheet import Layout, write_sheet
from gongkai.common.spreadsheets import safe_row
from gongkai.common.web import add_action_errors
from gongkai.disclosure.models import Item

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, chinese_name: str, ascii_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(chinese_name)}"
    return response


def entry_values(entry: Entry) -> dict[str, Any]:
    return {key: getattr(entry, key) for key in (*actions.ENTRY_TEXT_FIELDS, *actions.ENTRY_LIST_FIELDS, "subject")}


def catalogue_xlsx(catalogue: Catalogue) -> bytes:
    layout = Layout(catalogue.has_level3, catalogue.has_city_level, catalogue.has_duration, catalogue.has_publicity)
    return write_sheet(catalogue.heading, layout, [entry_values(e) for e in catalogue.entries.all()])


# ---------------------------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    """The county's, its departments' and townships' catalogues in one place (国办发〔2019〕54号)."""
    catalogues = selectors.current_catalogues(Agency.objects.filter(is_active=True))
    groups: dict[int, dict[str, Any]] = {}
    for catalogue in catalogues:
        group = groups.setdefault(catalogue.agency_id, {"agency": catalogue.agency, "catalogues": []})
        group["catalogues"].append(catalogue)
    return render(request, "catalogue/public_index.html", {"groups": list(groups.values())})


def public_agency(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code, is_active=True)
    catalogues = selectors.current_catalogues([agency])
    return render(request, "catalogue/public_agency.html", {"agency": agency, "catalogues": catalogues})


def public_catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = get_object_or_404(Catalogue.objects.select_related("agency", "area"), pk=pk, agency__is_active=True)
    published = EntryItem.objects.filter(item__in=Item.objects.listed()).select_related("item")
    entries = catalogue.entries.prefetch_related(Prefetch("links", queryset=published, to_attr="published_links"))
    return render(request, "catalogue/public_catalogue.html", {"catalogue": catalogue, "entries": entries})


def export_catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = get_object_or_404(Catalogue.objects.select_related("agency", "area"), pk=pk, agency__is_active=True)
    return _xlsx(catalogue_xlsx(catalogue), f"{catalogue.heading}.xlsx", f"catalogue-{catalogue.pk}.xlsx")


# ---------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------


def _editable_agencies(request: HttpRequest) -> list[Agency]:
    return list(agencies_with(request.user, Perm.EDIT).order_by("sort_path"))


@login_required
def staff_index(request: HttpRequest, form: ImportForm | None = None) -> HttpResponse:
    ensure_default_areas()
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    catalogues = Catalogue.objects.filter(agency__in=visible).select_related("agency", "area")
    editable = _editable_agencies(request)
    context = {
        "catalogues": catalogues,
        "form": form or (ImportForm(agencies=editable) if editable else None),
        "areas": Area.objects.all(),
    }
    return render(request, "catalogue/staff_index.html", context, status=400 if form is not None else 200)


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """An empty catalogue in the county layout, with one example row to overwrite."""
    example = {
        "serial": "1",
        "level1": "（示例）政策文件",
        "level2": "规范性文件",
        "content": "文件名称、文号、发布日期、正文",
        "basis": "《中华人民共和国政府信息公开条例》",
        "time_limit": "信息形成或者变更之日起20个工作日内",
        "subject": "县××局",
        "channels": ["website"],
        "audiences": ["public"],
        "modes": ["proactive"],
        "levels": ["county"],
    }
    data = write_sheet("××县××领域基层政务公开标准目录", Layout(), [example])
    return _xlsx(data, "基层政务公开标准目录模板.xlsx", "catalogue-template.xlsx")


@login_required
@require_POST
def staff_import(request: HttpRequest) -> HttpResponse:
    editable = _editable_agencies(request)
    form = ImportForm(request.POST, request.FILES, agencies=editable)
    if not form.is_valid():
        return staff_index(request, form)
    agency = next(a for a in editable if a.code == form.cleaned_data["agency"])
    upload = form.cleaned_data["file"]
    try:
        catalogue = actions.catalogue_import(
            agency=agency,
            tier=form.cleaned_data["tier"],
            area=form.cleaned_data["area"],
            version=form.cleaned_data["version"],
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
        )
    except ValidationError as exc:
        add_action_errors(form, exc)
        return staff_index(request, form)
    messages.success(request, f"已导入{catalogue.entries.count()}个事项。")
    return redirect("catalogue:staff_catalogue", pk=catalogue.pk)


def _staff_catalogue(request: HttpRequest, pk: int) -> Catalogue:
    catalogue = get_object_or_404(Catalogue.objects.select_related("agency", "area"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, catalogue.agency):
        raise Http404
    return catalogue


@login_required
def staff_catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    catalogue = _staff_catalogue(request, pk)
    entries = catalogue.entries.prefetch_related(
        Prefetch("links", queryset=EntryItem.objects.select_related("item", "entry"))
    )
    rows = [(e, [(link, selectors.link_timeliness(link)) for link in e.links.all()]) for e in entries]
    context = {
        "catalogue": catalogue,
        "rows": rows,
        "may_edit": has_perm(request.user, Perm.EDIT, catalogue.agency),
        "review_count": sum(1 for e, _ in rows if e.needs_review),
    }
    return render(request, "catalogue/staff_catalogue.html", context)


def _staff_item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, item.agency):
        raise Http404
    return item


def _item_link_context(request: HttpRequest, item: Item) -> dict[str, Any]:
    """The item's entries with their timeliness, the suggested entries and every entry it may be linked to."""
    links = [
        (link, selectors.link_timeliness(link))
        for link in item.catalogue_links.select_related("entry__catalogue__area")
    ]
    linked = {link.entry_id for link, _ in links}
    entries = (
        Entry.objects.filter(catalogue__in=selectors.current_catalogues([item.agency]))
        .exclude(pk__in=linked)
        .select_related("catalogue__area")
    )
    return {
        "item": item,
        "links": links,
        "suggestions": [e for e in selectors.suggest_entries(item) if e.pk not in linked],
        "entries": [e for e in entries if e.is_proactive],
        "may_edit": has_perm(request.user, Perm.EDIT, item.agency),
    }


@login_required
def staff_item_links(request: HttpRequest, item_pk: int) -> HttpResponse:
    """The item-side page: its entries, suggestions, and the form that links one more."""
    item = _staff_item(request, item_pk)
    error = ""
    if request.method == "POST":
        # A suggestion (radio) or the full list (select): the first one chosen.
        chosen = next((v for v in request.POST.getlist("entry") if v.isdigit()), "0")
        entry = Entry.objects.filter(pk=chosen).select_related("catalogue__agency").first()
        if entry is None:
            error = "请选择目录事项"
        else:
            try:
                actions.entry_link_item(entry=entry, item=item, actor=request.user)
            except PermissionDenied as exc:
                error = str(exc)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(request, f"已关联到“{entry.name}”。")
                # Back to the page the clerk linked from (the item's own page or its draft form).
                back = request.POST.get("next", "")
                if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                    return redirect(back)
                return redirect("catalogue:item_links", item_pk=item.pk)
    context = {**_item_link_context(request, item), "error": error}
    return render(request, "catalogue/item_links.html", context, status=400 if error else 200)


def item_panel(request: HttpRequest, item: Item | None) -> str:
    """The catalogue's panel on the item's staff page and draft form (gongkai.disclosure.hooks): the
    entries the item is filed under and the suggested ones, with a form to link one. Nothing for a
    new draft or an agency without a catalogue."""
    if item is None or not has_perm(request.user, Perm.VIEW_INTERNAL, item.agency):
        return ""
    context = _item_link_context(request, item)
    if not context["links"] and not context["entries"]:
        return ""
    context["next"] = request.get_full_path()
    return render_to_string("catalogue/_item_panel.html", context, request=request)


@login_required
@require_POST
def staff_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(EntryItem.objects.select_related("item__agency", "entry"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, link.item.agency):
        raise Http404
    actions.entry_unlink_item(link=link, actor=request.user)
    messages.success(request, "已取消关联。")
    return redirect("catalogue:item_links", item_pk=link.item_id)


@login_required
def staff_elements(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's 要素 checklist for one linked item."""
    link = get_object_or_404(EntryItem.objects.select_related("item__agency", "entry__catalogue"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, link.item.agency):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            actions.link_check_elements(link=link, present=request.POST.getlist("present"), actor=request.user)
        except (PermissionDenied, ValidationError) as exc:
            error = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            messages.success(request, "已保存要素核对结果。")
            return redirect("catalogue:staff_catalogue", pk=link.entry.catalogue_id)
    context = {"link": link, "elements": link.entry.elements, "present": link.elements_present or [], "error": error}
    return render(request, "catalogue/elements.html", context, status=400 if error else 200)


@login_required
@require_POST
def staff_rule(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Entry.objects.select_related("catalogue__agency"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, entry.catalogue.agency):
        raise Http404
    form = RuleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写公开时限")
        actions.entry_set_rule(entry=entry, time_limit=form.cleaned_data["time_limit"], actor=request.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, "公开时限已确认。")
    return redirect(reverse("catalogue:staff_catalogue", args=[entry.catalogue_id]) + f"#entry-{entry.pk}")


@login_required
def staff_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edits one entry in place (not only by re-importing the sheet); audited by actions.entry_update."""
    entry = get_object_or_404(Entry.objects.select_related("catalogue__agency", "catalogue__area"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, entry.catalogue.agency):
        raise Http404
    if not has_perm(request.user, Perm.EDIT, entry.catalogue.agency):
        raise PermissionDenied("您没有修改该目录的权限")
    form = EntryForm(request.POST or None, initial=entry_values(entry))
    if request.method == "POST" and form.is_valid():
        try:
            actions.entry_update(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, f"已保存“{entry.name}”。")
            return redirect(reverse("catalogue:staff_catalogue", args=[entry.catalogue_id]) + f"#entry-{entry.pk}")
    status = 400 if request.method == "POST" else 200
    return render(request, "catalogue/entry_form.html", {"entry": entry, "form": form}, status=status)


@login_required
def compliance_view(request: HttpRequest) -> HttpResponse:
    """Each 主动 entry's items in a period: on time, late, missing, 要素 incomplete; a score per agency."""
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL).order_by("sort_path")
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("start", dt.date(today.year, 1, 1).isoformat())
    data.setdefault("end", today.isoformat())
    form = PeriodForm(data, agencies=visible)
    blocks: list[selectors.AgencyCompliance] = []
    if form.is_valid():
        scope = visible
        code = form.cleaned_data["agency"]
        if code:
            root = visible.filter(code=code).first()
            if root is None:
                raise Http404
            scope = visible.filter(path__startswith=root.path)
        blocks = selectors.compliance(scope, form.cleaned_data["start"], form.cleaned_data["end"], today)
        if request.GET.get("format") == "xlsx":
            return _xlsx(
                compliance_xlsx(blocks, form.cleaned_data["start"], form.cleaned_data["end"]),
                "基层政务公开标准目录落实情况.xlsx",
                "catalogue-compliance.xlsx",
            )
    query = request.GET.copy()
    query["format"] = "xlsx"
    context = {
        "form": form,
        "blocks": blocks,
        "xlsx_query": query.urlencode(),
        "scoring": blocks[0].scoring if blocks else None,
    }
    return render(request, "catalogue/compliance.html", context, status=200 if form.is_valid() else 400)


def compliance_xlsx(blocks: list[selectors.AgencyCompliance], start: dt.date, end: dt.date) -> bytes:
    """The assessment's usual form: a summary sheet (score per agency) and a detail sheet per problem.
    Names and titles are user text: safe_row keeps them from becoming formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = "得分汇总"
    summary.append([f"基层政务公开标准目录落实情况（{start:%Y年%m月%d日}至{end:%Y年%m月%d日}）"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append(
        [
            "机构",
            "主动公开事项数",
            "关联信息数",
            "按时公开",
            "超期公开",
            "应公开未公开",
            "要素不全",
            "按时公开率（%）",
            "得分",
        ]
    )
    for block in blocks:
        summary.append(
            safe_row(
                [
                    block.agency.name,
                    block.entries,
                    block.items,
                    block.on_time,
                    block.late,
                    block.missing,
                    block.incomplete,
                    block.on_time_rate,
                    block.score,
                ]
            )
        )
    detail = book.create_sheet("问题明细")
    detail.append(
        ["机构", "领域", "公开事项", "公开时限", "问题", "信息名称", "生成日期", "发布日期", "应公开日期", "说明"]
    )
    for block in blocks:
        for row in block.rows:
            entry = row.entry
            base = [block.agency.name, entry.catalogue.area.name, entry.name, entry.time_limit]
            for link_row in row.links:
                item, verdict = link_row.link.item, link_row.timeliness
                if verdict.verdict.value == "late":
                    detail.append(
                        safe_row(
                            [
                                *base,
                                "超期公开",
                                item.title,
                                item.formed_on,
                                item.published_on,
                                verdict.due,
                                verdict.label,
                            ]
                        )
                    )
                if link_row.link.elements_missing:
                    missing = "、".join(link_row.link.elements_missing)
                    detail.append(
                        safe_row(
                            [*base, "要素不全", item.title, item.formed_on, item.published_on, None, f"缺：{missing}"]
                        )
                    )
            for a, b in row.missing:
                detail.append(
                    safe_row([*base, "应公开未公开", "", None, None, None, f"{a:%Y-%m-%d}至{b:%Y-%m-%d}无公开信息"])
                )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
