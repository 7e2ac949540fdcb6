"""Public agency data: names and the contact facts of the 指南, never staff or internal records."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from gongkai.agencies.models import Agency

router = Router(tags=["机构"])


class AgencyOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_code: str | None
    office_name: str
    address: str
    office_hours: str
    phone: str
    fax: str
    email: str
    website: str

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_parent_code(obj: Agency) -> str | None:
        return obj.parent.code if obj.parent_id else None


@router.get("/agencies", response=list[AgencyOut], summary="全部机构（公开信息）")
def list_agencies(request, kind: str | None = None, parent: str | None = None):
    agencies = Agency.objects.filter(is_active=True).select_related("parent").order_by("sort_path")
    if kind:
        agencies = agencies.filter(kind=kind)
    if parent:
        agencies = agencies.filter(parent__code=parent)
    return agencies


@router.get("/agencies/{code}", response=AgencyOut, summary="一个机构（公开信息）")
def get_agency(request, code: str):
    return get_object_or_404(Agency.objects.select_related("parent"), code=code, is_active=True)
