from django.urls import path

from gongkai.audit import views

app_name = "audit"
urlpatterns = [
    path("workspace/audit/", views.events, name="events"),
]
