from django.urls import path

from gongkai.reportcheck import views

app_name = "reportcheck"
urlpatterns = [
    path("workspace/report-audit/", views.upload, name="upload"),
    path("workspace/report-audit/store/", views.store, name="store"),
]
