"""Read-only public API of published items (主动公开). Staff data never appears here."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from gongkai.agencies.models import Agency
from gongkai.common.params import MAX_PAGE, YEAR_MAX, YEAR_MIN
from gongkai.disclosure import search, selectors
from gongkai.disclosure.models import Category, Item, Validity
from gongkai.disclosure.selectors import depth_message, find_items

router = Router(tags=["主动公开"])
PAGE_SIZE = 20


class ItemSummary(Schema):
    index_number: str
    title: str
    agency: str
    category: str
    formed: dt.date
    published: dt.date | None
    url: str


class ItemHit(ItemSummary):
    # HTML: the item's text around the first hit, the query's words in <mark>, the rest escaped (null
    # without a query, or when the hit is in no text shown).
    snippet: str | None


class ItemPage(Schema):
    # Counted no further than selectors.MAX_RESULTS + 1 (the list pages no deeper): past it, count_exact
    # is false and count means "more than MAX_RESULTS".
    count: int
    count_exact: bool = Field(True, description="false: more hits than count says; they are not all counted")
    next: str | None
    previous: str | None
    results: list[ItemHit]


class AttachmentOut(Schema):
    name: str
    kind: str
    size: int
    sha256: str
    url: str


class ItemOut(ItemSummary):
    doc_number: str
    agency_code: str
    category_code: str
    genre: str
    status: str
    article20: int | None
    validity: str
    summary: str
    body_text: str
    body_html: str
    attachments: list[AttachmentOut]
    withdrawn_reason: str
    replaced_by: str | None
    interpretations: list[str]


def _summary(request: HttpRequest, item: Item) -> dict:
    return {
        "index_number": item.index_number,
        "title": item.title,
        "agency": item.agency.name,
        "category": item.category.name,
        "formed": item.formed_on,
        "published": item.published_on,
        "url": request.build_absolute_uri(item.get_absolute_url()),
    }


@router.get("/items", response=ItemPage, summary="检索或浏览已发布的政府信息")
def list_items(
    request: HttpRequest,
    q: str = "",
    agency: str = "",
    category: str = "",
    year: int | None = None,
    validity: str = "",
    sort: str = "relevance",
    page: int = 1,
):
    """``q`` uses the full-text search (substring recall, two-character queries included)."""
    errors: dict[str, list[str]] = {}
    agency_obj = Agency.objects.filter(code=agency).first() if agency else None
    if agency and agency_obj is None:
        errors["agency"] = [f"机构代码“{agency}”不存在"]
    category_obj = Category.objects.filter(code=category).first() if category else None
    if category and category_obj is None:
        errors["category"] = [f"主题分类代码“{category}”不存在"]
    if not 1 <= page <= MAX_PAGE:
        errors["page"] = [f"页码应为1至{MAX_PAGE}之间的整数"]
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = [f"年度应为{YEAR_MIN}至{YEAR_MAX}之间的整数"]
    # The value becomes a search token (full-text MATCH on SQLite): only the known values get there.
    if validity and validity not in Validity.values:
        errors["validity"] = [f"有效性只能是：{'、'.join(Validity.values)}"]
    if sort not in {"relevance", "newest"}:
        errors["sort"] = ["排序只能是 relevance 或 newest"]
    if "page" not in errors and (page - 1) * PAGE_SIZE >= selectors.MAX_RESULTS:
        errors["page"] = [f"页码超出可翻阅的范围（第{selectors.MAX_RESULTS // PAGE_SIZE}页以内）：{depth_message()}"]
    if errors:
        raise ValidationError(errors)
    filters = search.Filters(
        agency_id=agency_obj.pk if agency_obj else None,
        category_id=category_obj.pk if category_obj else None,
        year=year,
        validity=validity or None,
    )
    offset = (page - 1) * PAGE_SIZE
    found = find_items(q, filters, sort=sort, offset=offset, limit=PAGE_SIZE)
    items, count = found.items, found.count
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    base = request.build_absolute_uri(reverse("api:list_items"))

    def link(number: int) -> str:
        return f"{base}?{urlencode({**params, 'page': number})}"

    snippets = search.snippets(items, q)
    return {
        "count": count,
        "count_exact": found.exact,
        "next": link(page + 1) if offset + PAGE_SIZE < min(count, selectors.MAX_RESULTS) else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [{**_summary(request, i), "snippet": snippets.get(i.pk)} for i in items],
    }


@router.get("/items/{path:index_number}", response=ItemOut, summary="一条已发布的政府信息")
def get_item(request: HttpRequest, index_number: str):
    item = get_object_or_404(Item.objects.public().select_related("agency", "category"), index_number=index_number)
    withdrawn = item.status == "withdrawn"
    replaced = item.replaced_by.public().first()
    return {
        **_summary(request, item),
        "doc_number": item.doc_number,
        "agency_code": item.agency.code,
        "category_code": item.category.code,
        "genre": item.get_genre_display(),
        "status": item.status,
        "article20": item.article20,
        "validity": item.validity,
        "summary": item.summary,
        # A withdrawn item keeps its record and the reason, not its content.
        "body_text": "" if withdrawn else item.body_text,
        "body_html": "" if withdrawn else item.body,
        "attachments": []
        if withdrawn
        else [
            {
                "name": a.name,
                "kind": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "url": request.build_absolute_uri(reverse("disclosure:attachment", args=[a.pk, a.sha256])),
            }
            for a in item.attachments.all()
        ],
        "withdrawn_reason": item.withdrawn_reason,
        "replaced_by": replaced.index_number if replaced else None,
        "interpretations": [i.index_number for i in item.interpretations.public()],
    }
