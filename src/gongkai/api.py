"""The JSON API (django-ninja): one NinjaAPI, a router per app, OpenAPI at /api/schema."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

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
