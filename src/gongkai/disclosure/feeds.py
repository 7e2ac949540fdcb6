"""Atom feeds of newly published items: the whole portal's, per agency and per category."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.agencies.models import Agency
from gongkai.common.text import strip_control_chars
from gongkai.disclosure.models import Category, Item

SHANGHAI = ZoneInfo("Asia/Shanghai")
FEED_SIZE = 30


class _ItemFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        return self.queryset(obj).select_related("agency").order_by("-published_on", "-id")[:FEED_SIZE]

    # Stored text may predate the input check: a control character would make the whole feed a 500.
    def item_title(self, item: Item) -> str:
        return strip_control_chars(item.title)

    def item_description(self, item: Item) -> str:
        return strip_control_chars(item.summary or item.body_text[:300])

    def item_link(self, item: Item) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Item) -> str:
        return item.index_number or str(item.pk)

    def item_author_name(self, item: Item) -> str:
        return strip_control_chars(item.agency.name)

    def item_pubdate(self, item: Item) -> dt.datetime:
        # A publication date is a calendar day in Asia/Shanghai.
        return dt.datetime.combine(item.published_on, dt.time(0, 0), tzinfo=SHANGHAI)

    def item_updateddate(self, item: Item) -> dt.datetime:
        return item.updated_at


class AgencyFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, code: str) -> Agency:
        return get_object_or_404(Agency, code=code, is_active=True)

    def title(self, obj: Agency) -> str:
        return strip_control_chars(f"{obj.name} · 主动公开政府信息")

    def link(self, obj: Agency) -> str:
        return reverse("disclosure:catalogue", args=[obj.code])

    def subtitle(self, obj: Agency) -> str:
        return strip_control_chars(f"{obj.name}最新发布的政府信息")

    def queryset(self, obj: Agency):
        return Item.objects.listed().filter(agency=obj)


class CategoryFeed(_ItemFeed):
    def get_object(self, request: HttpRequest, code: str) -> Category:
        return get_object_or_404(Category, code=code)

    def title(self, obj: Category) -> str:
        return strip_control_chars(f"{obj.name} · 主动公开政府信息")

    def link(self, obj: Category) -> str:
        return reverse("disclosure:search") + f"?category={obj.code}"

    def subtitle(self, obj: Category) -> str:
        return strip_control_chars(f"主题分类“{obj.name}”最新发布的政府信息")

    def queryset(self, obj: Category):
        return Item.objects.listed().filter(category=obj)


class LatestFeed(_ItemFeed):
    """The whole portal's latest items, advertised on the home page."""

    def title(self) -> str:
        return "主动公开政府信息 · 最新发布"

    def link(self) -> str:
        return reverse("disclosure:items")

    def subtitle(self) -> str:
        return "本平台各机构最新发布的政府信息"

    def queryset(self, obj: None):
        return Item.objects.listed()
