from django.contrib import admin
from django.urls import include, path

from gongkai.api import api

admin.site.site_header = "公开 Gongkai 系统管理"
admin.site.site_title = "Gongkai 管理"
admin.site.index_title = "系统管理"

# Each app's urls.py spells out its full paths: public pages at the top level, staff pages under
# /workspace/, so the URL says which side of the system a page belongs to.
urlpatterns = [
    path("", include("gongkai.site.urls")),
    path("", include("gongkai.accounts.urls")),
    path("", include("gongkai.agencies.urls")),
    path("", include("gongkai.audit.urls")),
    path("workspace/calendar/", include("gongkai.calendar.urls")),
    path("", include("gongkai.disclosure.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.catalogue.urls")),
    path("", include("gongkai.reportcheck.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.oversight.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Chinese error pages in the site's layout (docs/security.md): never Django's English defaults.
handler400 = "gongkai.site.views.bad_request"
handler403 = "gongkai.site.views.permission_denied"
handler404 = "gongkai.site.views.page_not_found"
handler500 = "gongkai.site.views.server_error"
