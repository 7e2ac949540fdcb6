from django.urls import path

from gongkai.agencies import views

app_name = "agencies"
urlpatterns = [
    path("agencies/", views.public_list, name="public_list"),
    path("agencies/<str:code>/", views.public_detail, name="public_detail"),
    path("workspace/agencies/", views.staff_list, name="staff_list"),
    path("workspace/agencies/<str:code>/", views.staff_detail, name="staff_detail"),
    path("workspace/agencies/<str:code>/edit/", views.staff_edit, name="staff_edit"),
]
