"""Public portal pages and staff screens of proactive disclosure."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.views.decorators.http import require_POST

from gongkai.accounts.permissions import Perm, agencies_with, has_perm
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import offered_agencies
from gongkai.audit.models import Event
from gongkai.common import pagecache
from gongkai.common.pagecache import cache_public_page
from gongkai.common.params import page_param, year_param
from gongkai.common.spreadsheets import safe_cell
from gongkai.common.text import strip_control_chars
from gongkai.common.uploads import max_attachment_bytes, too_large_message
from gongkai.common.web import download_response, run_action
from gongkai.disclosure import actions, counters, docimport, search, selectors
from gongkai.disclosure.forms import (
    AttachmentForm,
    BatchForm,
    DocumentForm,
    DraftForm,
    FiguresForm,
    FiguresImportForm,
    GuideForm,
    LinkForm,
    NewItemForm,
    ReviewForm,
    SearchForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.disclosure.hooks import item_panels
from gongkai.disclosure.models import (
    AgencyFigures,
    AgencyGuide,
    Attachment,
    Category,
    DraftBatch,
    Item,
    ListedCount,
)
from gongkai.disclosure.rules import ARTICLE_20_ITEMS, STATUS_LABELS, Status, article_20_label
from gongkai.disclosure.selectors import depth_message, find_items
from gongkai.disclosure.tasks import draft_batch

PAGE_SIZE = 20
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
}
INLINE_KINDS = {"pdf", "png", "jpeg", "gif"}
# 重点领域 columns of the portal home: items of these 第二十条 items (规范性文件, 行政许可, 处罚与强制, 预决算,
# 收费, 重大建设项目, 民生政策).
HOME_COLUMNS = [1, 5, 6, 7, 8, 10, 11]


def _feeds_for(agency: Agency | None = None, category: Category | None = None) -> list[tuple[str, str]]:
    feeds = []
    if agency is not None:
        feeds.append((f"{agency.name}主动公开信息", reverse("disclosure:feed_agency", args=[agency.code])))
    if category is not None:
        feeds.append((f"{category.name}类信息", reverse("disclosure:feed_category", args=[category.code])))
    return feeds


# ---------------------------------------------------------------------------------------------
# Public portal
# ---------------------------------------------------------------------------------------------


@cache_public_page
def items_home(request: HttpRequest) -> HttpResponse:
    # Every list walks an index newest-first and stops (models.Item.Meta.indexes); the facets' counts
    # are maintained (counters), never counted here.
    listed = Item.objects.listed().without_body().select_related("agency", "category").order_by(*selectors.NEWEST)
    columns = []
    for number in HOME_COLUMNS:
        columns.append(
            {
                "number": number,
                "label": article_20_label(number).split(" ", 1)[0],
                "title": ARTICLE_20_ITEMS[number],
                "items": list(listed.filter(article20=number)[:5]),
            }
        )
    by_category = counters.with_prefix("c")
    categories = [{"code": c.code, "name": c.name, "n": by_category.get(str(c.pk), 0)} for c in Category.objects.all()]
    years = sorted((int(y) for y in counters.with_prefix("y")), reverse=True)
    offered = offered_agencies("id", "code", "name", "depth")
    context = {
        "latest": listed[:12],
        "columns": columns,
        "categories": categories,
        "agencies": offered.agencies,
        "agencies_total": offered.total,
        "agencies_all": offered.complete,
        "years": years,
        "form": SearchForm(offered=offered),
        "feeds": [("全部最新政府信息", reverse("disclosure:feed_latest"))],
        **pagecache.public_context(request),
    }
    return render(request, "disclosure/items_home.html", context)


@cache_public_page
def search_view(request: HttpRequest) -> HttpResponse:
    """Search and browse: with a query it searches; without one it lists by the same filters."""
    form = SearchForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    agency, category = data.get("agency"), data.get("category")
    filters = search.Filters(
        agency_id=agency.pk if agency else None,
        category_id=category.pk if category else None,
        year=data.get("year"),
        validity=data.get("validity") or None,
    )
    page_number = page_param(request)
    sort = data.get("sort") or "relevance"
    q = data.get("q") or ""
    max_pages = selectors.MAX_RESULTS // PAGE_SIZE
    too_deep = page_number > max_pages
    offset = (page_number - 1) * PAGE_SIZE
    # Past the depth limit the page still counts the hits (and says so), but lists none of them.
    found = find_items(q, filters, sort=sort, offset=0 if too_deep else offset, limit=0 if too_deep else PAGE_SIZE)
    items, count = found.items, found.count
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    pages = max(1, -(-min(count, selectors.MAX_RESULTS) // PAGE_SIZE))
    context = {
        "form": form,
        "items": items,
        "count": count,
        "count_exact": found.exact,
        "max_results": selectors.MAX_RESULTS,
        "depth_message": depth_message() if too_deep or count > selectors.MAX_RESULTS else "",
        "too_deep": too_deep,
        "filtered": any(params.get(k) for k in ("agency", "category", "year", "validity", "sort")),
        "query": q,
        "page": page_number,
        "pages": pages,
        "previous_url": f"?{urlencode({**params, 'page': min(page_number - 1, pages)})}" if page_number > 1 else "",
        "next_url": f"?{urlencode({**params, 'page': page_number + 1})}" if page_number < pages else "",
        "feeds": _feeds_for(agency, category),
        "form_errors": form.errors if form.is_bound else {},
        **search.results_context(items, q, filters),  # snippets, the query as understood
        **pagecache.public_context(request),
    }
    return render(request, "disclosure/search.html", context)


def _public_item(request: HttpRequest, index_number: str) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category"), index_number=index_number)
    if not actions.may_see_item(request.user, item):
        raise Http404("没有找到该信息")
    return item


@cache_public_page
def item_detail(request: HttpRequest, index_number: str, printable: bool = False) -> HttpResponse:
    item = _public_item(request, index_number)
    context = {
        "item": item,
        "attachments": item.attachments.all(),
        "interpretations": item.interpretations.public().select_related("agency"),
        "interprets": item.interprets.public().select_related("agency"),
        "replaced_by": item.replaced_by.public().first(),
        "replaces": item.replaces if item.replaces and item.replaces.is_public else None,
        "article20": article_20_label(item.article20) if item.article20 else "",
        "feeds": _feeds_for(item.agency, item.category),
        **pagecache.public_context(request),
    }
    return render(request, "disclosure/item_print.html" if printable else "disclosure/item.html", context)


def attachment_download(request: HttpRequest, pk: int, sha256: str) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("item__agency"), pk=pk, sha256=sha256)
    if not actions.may_see_attachments(request.user, attachment.item):
        raise Http404("没有找到该附件")
    if not default_storage.exists(attachment.file.name):
        raise Http404("附件文件缺失")
    # The type comes from the checked content, never from the uploader's name: a PDF called
    # "x.html" is still served as a PDF.
    name = attachment.name
    if not name.lower().endswith(attachment.extension):
        name += attachment.extension
    response = download_response(
        default_storage.open(attachment.file.name, "rb"),
        name,
        CONTENT_TYPES[attachment.kind],
        inline=attachment.kind in INLINE_KINDS,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _public_agency(code: str) -> Agency:
    return get_object_or_404(Agency, code=code, is_active=True)


def catalogue_rows(agency: Agency, category: Category | None, year: int | None):
    qs = (
        Item.objects.listed()
        .without_body()
        .filter(agency=agency)
        .select_related("category")
        .order_by(*selectors.NEWEST)
    )
    if category is not None:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(formed_on__year=year)
    return qs


@cache_public_page
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开目录 (第十二条): 索引, 名称, 内容概述, 生成日期."""
    agency = _public_agency(code)
    category = Category.objects.filter(code=request.GET.get("category", "")).first()
    year = year_param(request)
    rows = catalogue_rows(agency, category, year)
    if request.GET.get("format") == "xlsx":
        return _catalogue_xlsx(agency, rows)
    # Unfiltered, the agency's maintained count instead of a count of its items.
    maintained = counters.count(f"a{agency.pk}") if category is None and not year else None
    page = Paginator(selectors.NewestRows(rows, maintained), 50).get_page(request.GET.get("page"))
    years = pagecache.aggregate(
        f"catalogue-years:{agency.pk}",
        lambda: list(
            Item.objects.listed()
            .filter(agency=agency)
            .annotate(y=ExtractYear("formed_on"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        ),
    )
    params = {k: v for k, v in request.GET.items() if k in {"category", "year"} and v}
    context = {
        "agency": agency,
        "page": page,
        "categories": Category.objects.all(),
        "category": category,
        "year": year,
        "years": list(years),
        "xlsx_url": "?" + urlencode({**params, "format": "xlsx"}),
        "query": urlencode(params),
        "feeds": _feeds_for(agency),
        **pagecache.public_context(request),
    }
    return render(request, "disclosure/catalogue.html", context)


# The catalogue sheet's columns: heading and width in characters (index numbers and dates fit,
# titles and summaries wrap at a readable width).
CATALOGUE_COLUMNS = (
    ("索引号", 24),
    ("名称", 48),
    ("内容概述", 60),
    ("生成日期", 12),
    ("发布日期", 12),
    ("主题分类", 16),
    ("文号", 22),
)
_DATE_COLUMNS = ("D", "E")


def _catalogue_xlsx(agency: Agency, rows) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "政府信息公开目录"
    sheet.append([heading for heading, _ in CATALOGUE_COLUMNS])
    for index, (_, width) in enumerate(CATALOGUE_COLUMNS, start=1):
        sheet.cell(1, index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"  # the header stays in view while scrolling
    for item in rows.iterator():
        # Stored text may predate the input check; openpyxl refuses control characters outright.
        sheet.append(
            [
                item.index_number,
                safe_cell(strip_control_chars(item.title)),  # a title may read as a formula
                safe_cell(strip_control_chars(item.summary)),
                item.formed_on,
                item.published_on,
                item.category.name,
                safe_cell(strip_control_chars(item.doc_number)),
            ]
        )
        for column in _DATE_COLUMNS:  # real dates (sortable, filterable), shown as on the portal
            sheet[f"{column}{sheet.max_row}"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return download_response(
        out.getvalue(),
        f"{agency.name}政府信息公开目录.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# The 受理机构 facts in the order a 指南 gives them (labels as citizens read them).
GUIDE_OFFICE_FACTS = (
    ("address", "办公地址"),
    ("postcode", "邮政编码"),
    ("office_hours", "办公时间"),
    ("phone", "联系电话"),
    ("fax", "传真"),
    ("email", "电子邮箱"),
)


@cache_public_page
def guide(request: HttpRequest, code: str) -> HttpResponse:
    """政府信息公开指南 (第十二条): the agency's facts plus its editable text."""
    agency = _public_agency(code)
    context = {
        "agency": agency,
        "guide": AgencyGuide.objects.filter(agency=agency).first(),
        "categories": Category.objects.all(),
        "feeds": _feeds_for(agency),
        "can_edit": has_perm(request.user, Perm.MANAGE_AGENCY, agency),
        # 依申请公开 and 监督和救济 are built from the agency's facts, so they stay current with them.
        "office": [(label, getattr(agency, name)) for name, label in GUIDE_OFFICE_FACTS],
        "missing": agency.missing_guide_facts(),
        "review_body": agency.review_body(),
        "supervising": agency.supervising_government(),
        **pagecache.public_context(request),
    }
    return render(request, "disclosure/guide.html", context)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(lines: list[str]) -> HttpResponse:
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"
    return HttpResponse(body, content_type="application/xml")


@cache_public_page
def sitemap(request: HttpRequest) -> HttpResponse:
    """A sitemap index (sitemaps.org): one sitemap of the portal's pages, then one per section of item
    ids (counters.SITEMAP_SECTION items at most, far below the protocol's 50,000 URLs per file), with
    the last change of each, from the maintained counts."""
    base = request.build_absolute_uri("/").rstrip("/")
    lines = [f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines.append(f"<sitemap><loc>{base}{reverse('disclosure:sitemap_pages')}</loc></sitemap>")
    for row in ListedCount.objects.filter(key__startswith="s", count__gt=0).order_by("key"):
        loc = base + reverse("disclosure:sitemap_items", args=[int(row.key[1:])])
        lastmod = f"<lastmod>{row.changed:%Y-%m-%dT%H:%M:%S%z}</lastmod>" if row.changed else ""
        lines.append(f"<sitemap><loc>{escape(loc)}</loc>{lastmod}</sitemap>")
    lines.append("</sitemapindex>")
    return _xml(lines)


@cache_public_page
def sitemap_pages(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    urls = [base + reverse("disclosure:items")]
    # One reverse() per pattern, not two per agency: a province has two thousand.
    catalogue = base + reverse("disclosure:catalogue", args=["-"]).replace("/-/", "/{}/")
    guide = base + reverse("disclosure:guide", args=["-"]).replace("/-/", "/{}/")
    for code in Agency.objects.filter(is_active=True).values_list("code", flat=True):
        quoted = quote(code, safe=RFC3986_SUBDELIMS + "~:@")  # as reverse() quotes a path segment
        urls += [catalogue.format(quoted), guide.format(quoted)]
    return _xml([f'<urlset xmlns="{SITEMAP_NS}">', *(f"<url><loc>{escape(u)}</loc></url>" for u in urls), "</urlset>"])


@cache_public_page
def sitemap_items(request: HttpRequest, section: int) -> HttpResponse:
    """The listed items of one section of ids, each with its last change."""
    first = section * counters.SITEMAP_SECTION
    rows = (
        Item.objects.listed()
        .filter(id__gte=first, id__lt=first + counters.SITEMAP_SECTION)
        .order_by("id")
        .values_list("index_number", "updated_at")
    )
    # One reverse() for the pattern, not one per item: a section holds tens of thousands.
    base = request.build_absolute_uri(reverse("disclosure:item", args=["-"])).removesuffix("-/")
    lines = [f'<urlset xmlns="{SITEMAP_NS}">']
    for number, updated in rows.iterator(chunk_size=5000):
        # Quoted as reverse() quotes a path argument; listed items all have their 索引号.
        loc = escape(base + quote(number or "", safe=RFC3986_SUBDELIMS + "/~:@") + "/")
        lines.append(f"<url><loc>{loc}</loc><lastmod>{updated:%Y-%m-%d}</lastmod></url>")
    if len(lines) == 1 and section > 0:
        raise Http404("没有这一部分")
    lines.append("</urlset>")
    return _xml(lines)


# ---------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------


def _staff_item(request: HttpRequest, pk: int, perm: Perm = Perm.VIEW_INTERNAL) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category"), pk=pk)
    if not has_perm(request.user, Perm.VIEW_INTERNAL, item.agency):
        raise Http404("没有找到该信息")  # another agency's record is not even confirmed to exist
    if not has_perm(request.user, perm, item.agency):
        raise PermissionDenied("您没有执行此操作的权限")
    return item


@login_required
def staff_items(request: HttpRequest) -> HttpResponse:
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    qs = Item.objects.filter(agency__in=visible).select_related("agency", "category").order_by("-updated_at")
    status = request.GET.get("status", "")
    if status in STATUS_LABELS:
        qs = qs.filter(status=status)
    if request.GET.get("late") == "1":
        qs = qs.filter(is_late=True)
    agency_code = request.GET.get("agency", "")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    counts = dict(
        Item.objects.filter(agency__in=visible).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    context = {
        "page": page,
        "statuses": [(s, STATUS_LABELS[s], counts.get(s, 0)) for s in Status],
        "status": status,
        "late_only": request.GET.get("late") == "1",
        "agencies": visible.order_by("sort_path"),
        "agency_code": agency_code,
        "can_create": agencies_with(request.user, Perm.EDIT).exists(),
        "review_count": actions.review_queue(request.user).count(),
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
    }
    return render(request, "disclosure/staff_items.html", context)


@login_required
def staff_timeliness(request: HttpRequest) -> HttpResponse:
    """Late items per agency and year (第二十六条), for the agencies the user may see."""
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    rows = (
        Item.objects.filter(agency__in=visible, published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("agency__code", "agency__name", "year")
        .annotate(total=Count("id"), late=Count("id", filter=Q(is_late=True)))
        .order_by("agency__sort_path", "-year")
    )
    return render(request, "disclosure/staff_timeliness.html", {"rows": rows})


# Drafting: from a 公文 file or by hand, in one pass with the attachments (docs/disclosure.md).
DOCUMENT_SALT = "gongkai.disclosure.document"
IMPORT_PREFIX = "disclosure/imports/"
# A held 公文 that was never saved as a draft is deleted after this long (at the next import).
IMPORT_KEEP = dt.timedelta(days=2)


@dataclass
class HeldDocument:
    """The 公文 a draft is being read from, stored until the draft is saved: its storage path, the
    uploader's file name and what was recognised (without the body, which is in the form)."""

    path: str
    name: str
    recognised: dict[str, Any]

    def token(self, user: Any) -> str:
        payload = {"u": user.pk, "p": self.path, "n": self.name, "r": self.recognised}
        return signing.dumps(payload, salt=DOCUMENT_SALT, compress=True)

    @classmethod
    def from_token(cls, user: Any, token: str) -> HeldDocument | None:
        try:
            payload = signing.loads(token, salt=DOCUMENT_SALT, max_age=IMPORT_KEEP)
        except signing.BadSignature:
            return None
        if payload.get("u") != user.pk or not str(payload.get("p", "")).startswith(IMPORT_PREFIX):
            return None
        if not default_storage.exists(payload["p"]):
            return None
        return cls(path=payload["p"], name=payload["n"], recognised=payload["r"])

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as handle:
            return handle.read()


def _purge_held_documents() -> None:
    """Deletes held 公文 older than IMPORT_KEEP: drafts a clerk started from a file and never saved."""
    cutoff = timezone.now() - IMPORT_KEEP
    try:
        _, names = default_storage.listdir(IMPORT_PREFIX)
        for name in names:
            if default_storage.get_modified_time(IMPORT_PREFIX + name) < cutoff:
                default_storage.delete(IMPORT_PREFIX + name)
    except (OSError, NotImplementedError):
        pass  # nothing held yet, or a storage that cannot list: the files wait for the next purge


def _preselected_agency(editable, issuer: str = "") -> Agency | None:
    """The 发布机构 to preselect: the clerk's only agency, else the one the 公文 names as its issuer."""
    agencies = list(editable)
    if len(agencies) == 1:
        return agencies[0]
    if issuer:
        exact = [a for a in agencies if a.name == issuer]
        named = exact or [a for a in agencies if a.name and a.name in issuer]
        if len(named) == 1:
            return named[0]
    return None


def _uploaded_files(request: HttpRequest, form: Any, uploads: list) -> list[tuple[str, bytes]] | None:
    """The attachments chosen in the drafting form as (name, bytes); None after an error on the form."""
    files = []
    for upload in uploads:
        if upload.size > max_attachment_bytes():
            form.add_error("attachments", too_large_message(upload.name))
            return None
        files.append((upload.name, upload.read()))
    return files


def _duplicates_of(agency_id: Any, title: str, doc_number: str, user: Any, exclude: Item | None = None) -> list[Item]:
    agency = agencies_with(user, Perm.VIEW_INTERNAL).filter(pk=agency_id).first() if str(agency_id).isdigit() else None
    if agency is None or not (title.strip() or doc_number.strip()):
        return []
    return actions.find_duplicates(agency=agency, title=title, doc_number=doc_number, exclude=exclude)


def _form_value(form: Any, name: str) -> str:
    value = form.data.get(name) if form.is_bound else form.initial.get(name)
    return str(getattr(value, "pk", value) or "")


def _draft_page(request: HttpRequest, form: Any, *, item: Item | None = None, document: HeldDocument | None = None):
    agency_id = item.agency_id if item is not None else _form_value(form, "agency")
    context = {
        "form": form,
        "item": item,
        "document": document,
        "recognised": document.recognised if document else None,
        "document_form": DocumentForm() if item is None and document is None else None,
        "duplicates": _duplicates_of(
            agency_id, _form_value(form, "title"), _form_value(form, "doc_number"), request.user, exclude=item
        ),
        "panels": item_panels(request, item) if item is not None else [],  # e.g. the 标准目录 entries to link
    }
    return render(request, "disclosure/staff_form.html", context)


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    editable = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
    if not editable.exists():
        raise PermissionDenied("您没有起草政府信息的权限")
    initial = {"formed_on": timezone.localdate(), "agency": _preselected_agency(editable)}
    form = NewItemForm(request.POST or None, request.FILES or None, agencies=editable, initial=initial)
    document = None
    if request.method == "POST" and request.POST.get("document_token"):
        document = HeldDocument.from_token(request.user, request.POST["document_token"])
        if document is None:
            form.add_error(None, "上传的公文原件已过期或无效，请重新上传公文文件。")
    if request.method == "POST" and form.is_valid():
        files = _uploaded_files(request, form, form.cleaned_data["attachments"])
        if files is not None:
            values, agency = form.item_values(), form.cleaned_data["agency"]
            created = run_action(
                lambda: actions.item_create_with_files(
                    agency=agency,
                    actor=request.user,
                    original=(document.name, document.read()) if document else None,
                    attachments=files,
                    recognised=document.recognised if document else None,
                    **values,
                ),
                request=request,
                form=form,
                success="草稿已保存。",
            )
            if created.ok:
                if document is not None:
                    default_storage.delete(document.path)  # kept now as the draft's attachment
                return redirect("disclosure:staff_item", pk=created.value.pk)
    return _draft_page(request, form, document=document)


@login_required
@require_POST
def staff_import(request: HttpRequest) -> HttpResponse:
    """Reads an uploaded 公文 and shows the drafting form filled with what was recognised."""
    editable = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
    if not editable.exists():
        raise PermissionDenied("您没有起草政府信息的权限")
    upload_form = DocumentForm(request.POST, request.FILES)
    if not upload_form.is_valid():
        messages.error(request, "请选择要识别的公文文件（DOCX 或 PDF）。")
        return redirect("disclosure:staff_new")
    upload = upload_form.cleaned_data["file"]
    if upload.size > max_attachment_bytes():
        messages.error(request, too_large_message(upload.name))
        return redirect("disclosure:staff_new")
    data = upload.read()
    try:
        found = docimport.read_document(data)
    except ValidationError as exc:
        messages.error(request, f"无法识别“{upload.name}”：" + "；".join(exc.messages))
        return redirect("disclosure:staff_new")
    _purge_held_documents()
    path = default_storage.save(f"{IMPORT_PREFIX}{uuid.uuid4().hex}", ContentFile(data))
    recognised = {k: v for k, v in found.as_dict().items() if k != "body"}
    document = HeldDocument(path=path, name=upload.name, recognised=recognised)
    initial = {
        "agency": _preselected_agency(editable, found.issuer),
        "title": found.title,
        "doc_number": found.doc_number,
        "formed_on": found.formed_on or timezone.localdate(),
        "body": found.body,
        "document_token": document.token(request.user),
    }
    if found.genre:
        initial["genre"] = found.genre
    form = NewItemForm(agencies=editable, initial=initial)
    return _draft_page(request, form, document=document)


@login_required
def staff_duplicates(request: HttpRequest) -> HttpResponse:
    """The duplicate warning of the drafting form, refreshed (htmx) as 文号, 名称 or 机构 change."""
    exclude = None
    item_pk = request.GET.get("item", "")
    if item_pk.isdigit():
        exclude = Item.objects.filter(
            pk=int(item_pk), agency__in=agencies_with(request.user, Perm.VIEW_INTERNAL)
        ).first()
    agency_id = exclude.agency_id if exclude is not None else request.GET.get("agency", "")
    duplicates = _duplicates_of(
        agency_id, request.GET.get("title", "")[:300], request.GET.get("doc_number", "")[:100], request.user, exclude
    )
    return render(request, "disclosure/_duplicates.html", {"duplicates": duplicates})


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    form = DraftForm(request.POST or None, request.FILES or None, instance=Item.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        files = _uploaded_files(request, form, form.cleaned_data["attachments"])
        if files is not None:
            saved = run_action(
                lambda: actions.item_update_with_files(
                    item=item, actor=request.user, attachments=files, **form.item_values()
                ),
                request=request,
                form=form,
                success="已保存修改。",
            )
            if saved.ok:
                return redirect("disclosure:staff_item", pk=item.pk)
    return _draft_page(request, form, item=item)


@login_required
def staff_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk)
    user = request.user
    editable = item.status in {Status.DRAFT, Status.RETURNED}
    context = {
        "item": item,
        "article20": article_20_label(item.article20) if item.article20 else "",
        "attachments": item.attachments.all(),
        "interpretations": item.interpretations.all(),
        "events": Event.objects.for_object(item).select_related("actor"),
        "can_edit": has_perm(user, Perm.EDIT, item.agency) and editable,
        "can_submit": has_perm(user, Perm.EDIT, item.agency) and editable,
        "can_review": has_perm(user, Perm.REVIEW, item.agency)
        and item.status == Status.SUBMITTED
        and user.pk not in {item.submitted_by_id, item.created_by_id},
        "can_publish": has_perm(user, Perm.EDIT, item.agency) and item.status == Status.APPROVED,
        "can_withdraw": has_perm(user, Perm.REVIEW, item.agency) and item.status == Status.PUBLISHED,
        "can_new_version": has_perm(user, Perm.EDIT, item.agency) and item.status == Status.PUBLISHED,
        "can_link": has_perm(user, Perm.EDIT, item.agency),
        "duplicates": actions.find_duplicates(
            agency=item.agency, title=item.title, doc_number=item.doc_number, exclude=item
        )
        if editable
        else [],
        "withdraw_form": WithdrawForm(),
        "attachment_form": AttachmentForm(),
        "link_form": LinkForm(),
        "validity_form": ValidityForm(initial={"validity": item.validity}),
        "public_url": item.get_absolute_url() if item.is_public else "",
        "panels": item_panels(request, item),  # e.g. the 标准目录 entries (gongkai.disclosure.hooks)
    }
    return render(request, "disclosure/staff_item.html", context)


# 保密审查: a queue of what waits for this reviewer, each item's content first and the decision after it.


@login_required
def staff_review_queue(request: HttpRequest) -> HttpResponse:
    queue = actions.review_queue(request.user)
    return render(request, "disclosure/staff_review_queue.html", {"queue": queue})


def _neighbours(queue: list[int], pk: int) -> tuple[int | None, int | None]:
    if pk not in queue:
        return None, queue[0] if queue else None
    position = queue.index(pk)
    return (queue[position - 1] if position > 0 else None, queue[position + 1] if position + 1 < len(queue) else None)


@login_required
def staff_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.REVIEW)
    queue = list(actions.review_queue(request.user).values_list("pk", flat=True))
    previous_pk, next_pk = _neighbours(queue, item.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            reviewed = run_action(
                lambda: actions.item_review(
                    item=item,
                    actor=request.user,
                    approve=approve,
                    note=form.cleaned_data["note"],
                    checklist=form.ticks(),
                ),
                request=request,
                form=form,
                success="保密审查通过。" if approve else "已退回修改。",
                denied="您没有执行此操作的权限",
            )
            if reviewed.ok:
                # On to the next item of the queue, so a batch is reviewed without going back to the list.
                if item.pk in queue and next_pk is not None:
                    return redirect("disclosure:staff_review", pk=next_pk)
                if item.pk in queue:
                    messages.info(request, "审查队列中已没有待审查的信息。")
                    return redirect("disclosure:staff_review_queue")
                return redirect("disclosure:staff_item", pk=item.pk)
            if not form.errors:
                return redirect("disclosure:staff_item", pk=item.pk)  # refused as a whole (e.g. own draft)
        else:
            messages.error(request, "请按提示补全审查结论。")
    elif item.pk not in queue:
        messages.info(request, f"该信息当前状态为“{item.status_label}”，不在您的审查队列中。")
        return redirect("disclosure:staff_item", pk=item.pk)
    context = {
        "item": item,
        "article20": article_20_label(item.article20) if item.article20 else "",
        "attachments": item.attachments.all(),
        "review_form": form,
        "position": queue.index(item.pk) + 1 if item.pk in queue else None,
        "queue_size": len(queue),
        "previous_pk": previous_pk,
        "next_pk": next_pk,
        "duplicates": actions.find_duplicates(
            agency=item.agency, title=item.title, doc_number=item.doc_number, exclude=item
        ),
        "events": Event.objects.for_object(item).select_related("actor"),
    }
    return render(request, "disclosure/staff_review.html", context, status=400 if form.errors else 200)


# Several 公文 at once: the files wait in storage, the worker drafts them (gongkai.disclosure.tasks).
BATCH_PREFIX = "disclosure/batches/"


@login_required
def staff_batch(request: HttpRequest) -> HttpResponse:
    editable = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
    if not editable.exists():
        raise PermissionDenied("您没有起草政府信息的权限")
    form = BatchForm(
        request.POST or None,
        request.FILES or None,
        agencies=editable,
        initial={"agency": _preselected_agency(editable)},
    )
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["files"]
        too_large = [u.name for u in uploads if u.size > max_attachment_bytes() * 5]
        if too_large:
            form.add_error("files", too_large_message(too_large[0], max_attachment_bytes() * 5))
        else:
            batch = DraftBatch.objects.create(
                owner=request.user, agency=form.cleaned_data["agency"], category=form.cleaned_data["category"]
            )
            batch.files = [
                {"name": u.name, "path": default_storage.save(f"{BATCH_PREFIX}{batch.pk}/{n}", ContentFile(u.read()))}
                for n, u in enumerate(uploads)
            ]
            batch.total = len(batch.files)
            batch.save(update_fields=["files", "total"])
            draft_batch.enqueue(str(batch.pk))
            return redirect("disclosure:staff_batch_detail", pk=batch.pk)
    recent = DraftBatch.objects.filter(owner=request.user).select_related("agency")[:10]
    return render(request, "disclosure/staff_batch.html", {"form": form, "recent": recent})


def _own_batch(request: HttpRequest, pk: Any) -> DraftBatch:
    batch = get_object_or_404(DraftBatch.objects.select_related("agency", "category"), pk=pk)
    if batch.owner_id != request.user.pk:
        raise Http404("没有找到该批次")
    return batch


def _batch_context(batch: DraftBatch) -> dict[str, Any]:
    items = Item.objects.in_bulk([r["item"] for r in batch.results if r.get("item")])
    rows = [{**r, "draft": items.get(r["item"]) if r.get("item") else None} for r in batch.results]
    return {"batch": batch, "rows": rows}


@login_required
def staff_batch_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return render(request, "disclosure/staff_batch_detail.html", _batch_context(_own_batch(request, pk)))


@login_required
def staff_batch_progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress bar, polled by htmx until the batch is finished; then the summary in its place."""
    return render(request, "disclosure/_batch_progress.html", _batch_context(_own_batch(request, pk)))


def _run(request: HttpRequest, back_to: Item, func, success: str, **kwargs: Any) -> HttpResponse:
    """Runs an action for a screen: its Chinese refusal becomes a message, and the user returns to the item."""
    run_action(
        lambda: func(actor=request.user, **kwargs),
        request=request,
        success=success,
        separately=True,
        denied="您没有执行此操作的权限",
    )
    return redirect("disclosure:staff_item", pk=back_to.pk)


@login_required
@require_POST
def staff_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    return _run(request, item, actions.item_submit, "已提交保密审查。", item=item)


@login_required
@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    return _run(request, item, actions.item_publish, "已发布。", item=item)


@login_required
@require_POST
def staff_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.REVIEW)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _run(request, item, actions.item_withdraw, "已撤回，公开页面将显示撤回说明。", item=item, reason=reason)


@login_required
@require_POST
def staff_validity(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.REVIEW)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择有效性并填写正确的日期。")
        return redirect("disclosure:staff_item", pk=item.pk)
    return _run(request, item, actions.item_set_validity, "有效性已更新。", item=item, **form.cleaned_data)


@login_required
@require_POST
def staff_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    drafted = run_action(
        lambda: actions.item_new_version(item=item, actor=request.user),
        request=request,
        success="已起草新版本；新版本发布后，原信息将标注为已被替代。",
    )
    return redirect("disclosure:staff_item", pk=drafted.value.pk if drafted.ok else item.pk)


@login_required
@require_POST
def staff_attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
        return redirect("disclosure:staff_item", pk=item.pk)
    upload = form.cleaned_data["file"]
    if upload.size > max_attachment_bytes():
        messages.error(request, too_large_message(upload.name))
        return redirect("disclosure:staff_item", pk=item.pk)
    return _run(
        request, item, actions.attachment_add, "附件已上传。", item=item, filename=upload.name, data=upload.read()
    )


@login_required
@require_POST
def staff_detach(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    return _run(request, item, actions.attachment_remove, "附件已删除。", attachment=attachment)


@login_required
@require_POST
def staff_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = _staff_item(request, pk, Perm.EDIT)
    form = LinkForm(request.POST)
    other = (
        Item.objects.filter(index_number=form.cleaned_data["index_number"].strip()).first() if form.is_valid() else None
    )
    if other is None:
        messages.error(request, "没有找到该索引号的信息。")
        return redirect("disclosure:staff_item", pk=item.pk)
    return _run(
        request, item, actions.item_link_interpretation, "已关联政策解读。", document=item, interpretation=other
    )


@login_required
def staff_guide(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    if not has_perm(request.user, Perm.MANAGE_AGENCY, agency):
        raise Http404("没有找到该机构")
    instance = AgencyGuide.objects.filter(agency=agency).first() or AgencyGuide(agency=agency)
    form = GuideForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.guide_update(agency=agency, actor=request.user, **form.cleaned_data)
        messages.success(request, "指南已保存。")
        return redirect("disclosure:guide", code=agency.code)
    return render(request, "disclosure/staff_guide.html", {"agency": agency, "form": form})


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    editable = agencies_with(request.user, Perm.EDIT).order_by("sort_path")
    visible = agencies_with(request.user, Perm.VIEW_INTERNAL)
    rows = AgencyFigures.objects.filter(agency__in=visible).select_related("agency").order_by("-year", "agency__path")
    this_year = timezone.localdate().year
    return render(
        request,
        "disclosure/figures.html",
        {
            "rows": rows,
            "agencies": editable,
            "years": list(range(this_year, this_year - 6, -1)),
            "import_form": FiguresImportForm(),
        },
    )


@login_required
def figures_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    if not has_perm(request.user, Perm.EDIT, agency):
        raise Http404("没有找到该机构")
    instance = AgencyFigures.objects.filter(agency=agency, year=year).first() or AgencyFigures(agency=agency, year=year)
    form = FiguresForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = run_action(
            lambda: actions.figures_save(agency=agency, year=year, actor=request.user, **form.cleaned_data),
            request=request,
            form=form,
            success=f"{agency.name}{year}年度数据已保存。",
        )
        if saved.ok:
            return redirect("disclosure:figures")
    return render(request, "disclosure/figures_edit.html", {"agency": agency, "year": year, "form": form})


@login_required
def figures_pick(request: HttpRequest) -> HttpResponse:
    code, year = request.GET.get("agency", ""), request.GET.get("year", "")
    if not code or not year.isdigit():
        messages.error(request, "请选择机构和年度。")
        return redirect("disclosure:figures")
    return redirect("disclosure:figures_edit", code=code, year=int(year))


@login_required
@require_POST
def figures_upload(request: HttpRequest) -> HttpResponse:
    form = FiguresImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择 CSV 或 XLSX 文件。")
        return redirect("disclosure:figures")
    upload = form.cleaned_data["file"]
    run_action(
        lambda: actions.figures_import(data=upload.read(), filename=upload.name, actor=request.user),
        request=request,
        success=lambda result: f"已导入 {result.saved} 行，未改动其他数据。",
        separately=True,
    )
    return redirect("disclosure:figures")
