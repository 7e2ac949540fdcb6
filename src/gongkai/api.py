"""The JSON API (django-ninja): one NinjaAPI, a router per app, OpenAPI at /api/schema."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError

from gongkai.common.params import BadParameter

api = NinjaAPI(
    title="Gongkai 政府信息公开平台 API",
    version="1",
    description="公开数据无需登录；工作人员接口使用登录会话（Cookie）与 CSRF 令牌。",
    openapi_url="/schema",
    docs_url="/docs",
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "输入有误", "errors": errors}, status=422)


@api.exception_handler(BadRequest)
def bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    # A query parameter out of range (gongkai.common.params): the same shape as any other input error.
    field = exc.name if isinstance(exc, BadParameter) else "__all__"
    return api.create_response(request, {"detail": "输入有误", "errors": {field: [str(exc)]}}, status=422)


# What pydantic reports, in the words the rest of the API uses.
_SCHEMA_MESSAGES = {
    "missing": "必须填写",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式有误",
    "dict_type": "格式有误",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
}


def _schema_message(error: dict[str, Any]) -> str:
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind in {"greater_than_equal", "greater_than"}:
        return f"不能小于{context.get('ge', context.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"不能大于{context.get('le', context.get('lt'))}"
    if kind == "string_too_long":
        return f"最多{context.get('max_length')}个字符"
    if kind == "string_too_short":
        return f"至少{context.get('min_length')}个字符"
    return _SCHEMA_MESSAGES.get(kind, "格式有误")


@api.exception_handler(SchemaError)
def schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """Parameters and bodies that do not fit the schema: 422 with a Chinese message per field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        names = [str(part) for part in error.get("loc", ()) if part not in {"query", "path", "body", "payload"}]
        errors.setdefault(names[-1] if names else "__all__", []).append(_schema_message(error))
    return api.create_response(request, {"detail": "输入有误", "errors": errors}, status=422)


def _register_routers() -> None:
    from gongkai.agencies.api import router as agencies_router
    from gongkai.applications.api import router as applications_router
    from gongkai.audit.api import router as audit_router
    from gongkai.disclosure.api import router as disclosure_router
    from gongkai.reports.api import router as reports_router

    api.add_router("/", agencies_router)
    api.add_router("/staff/", audit_router)
    # These two apps define their own paths under /api/ (public ones and /staff/… ones).
    api.add_router("/", disclosure_router)
    api.add_router("/", applications_router)
    api.add_router("/", reports_router)


_register_routers()
