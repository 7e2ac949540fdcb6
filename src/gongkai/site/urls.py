from django.urls import path

from gongkai.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("workspace/", views.workspace, name="workspace"),
    path("healthz", views.healthz, name="healthz"),
]
