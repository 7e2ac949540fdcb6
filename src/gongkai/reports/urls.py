from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("workspace/reports/", views.overview, name="overview"),
    path("workspace/reports/<str:code>/<int:year>/", views.staff_detail, name="staff_detail"),
    path("workspace/reports/<str:code>/<int:year>/build/", views.build, name="build"),
    path("workspace/reports/<str:code>/<int:year>/sections/", views.edit_sections, name="edit_sections"),
    path("workspace/reports/<str:code>/<int:year>/publish/", views.publish, name="publish"),
    path("workspace/reports/<str:code>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("workspace/reports/<str:code>/<int:year>/lock/", views.lock, name="lock"),
    path("workspace/reports/<str:code>/<int:year>/report.<str:suffix>", views.staff_download, name="staff_download"),
    path("agencies/<str:code>/reports/", views.public_list, name="public_list"),
    path("agencies/<str:code>/reports/<int:year>/", views.public_detail, name="public_detail"),
    path("agencies/<str:code>/reports/<int:year>/report.<str:suffix>", views.public_download, name="public_download"),
    path(
        "agencies/<str:code>/reports/<int:year>/v<int:number>/report.<str:suffix>",
        views.public_download,
        name="public_version_download",
    ),
]
