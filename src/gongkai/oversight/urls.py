from django.urls import path

from gongkai.oversight import views

app_name = "oversight"
urlpatterns = [
    path("workspace/oversight/", views.register_view, name="register"),
    path("workspace/oversight/export.xlsx", views.export, name="export"),
    path("workspace/oversight/new/", views.issue_view, name="new"),
    path("workspace/oversight/<int:pk>/", views.detail, name="detail"),
    path("workspace/oversight/<int:pk>/reply/", views.reply_view, name="reply"),
    path("workspace/oversight/<int:pk>/close/", views.close_view, name="close"),
    path("workspace/oversight/cases/<int:pk>/identifiers/", views.reveal_identifiers_view, name="reveal_identifiers"),
]
