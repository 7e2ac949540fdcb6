from django.urls import path, re_path

from gongkai.reportcheck import views

app_name = "reportcheck"
urlpatterns = [
    path("workspace/report-audit/", views.upload, name="upload"),
    path("workspace/report-audit/store/", views.store, name="store"),
    path("workspace/report-audit/batches/<uuid:batch_id>/", views.batch_page, name="batch"),
    path("workspace/report-audit/batches/<uuid:batch_id>/progress/", views.batch_progress, name="progress"),
    re_path(
        r"^workspace/report-audit/batches/(?P<batch_id>[0-9a-f-]{36})/findings\.(?P<kind>xlsx|csv)$",
        views.export_findings,
        name="export_findings",
    ),
    re_path(
        r"^workspace/report-audit/batches/(?P<batch_id>[0-9a-f-]{36})/comparison\.(?P<kind>xlsx|csv)$",
        views.export_comparison,
        name="export_comparison",
    ),
]
