from django.urls import path

from gongkai.catalogue import views

app_name = "catalogue"
urlpatterns = [
    # Public: the county's catalogues in one place, each agency's, and each catalogue with its items.
    path("catalogue/", views.public_index, name="public_index"),
    path("catalogue/agency/<str:code>/", views.public_agency, name="public_agency"),
    path("catalogue/<int:pk>/", views.public_catalogue, name="public_catalogue"),
    path("catalogue/<int:pk>/catalogue.xlsx", views.export_catalogue, name="export"),
    # Staff.
    path("workspace/catalogue/", views.staff_index, name="staff_index"),
    path("workspace/catalogue/template.xlsx", views.template_download, name="template"),
    path("workspace/catalogue/import/", views.staff_import, name="import"),
    path("workspace/catalogue/compliance/", views.compliance_view, name="compliance"),
    path("workspace/catalogue/<int:pk>/", views.staff_catalogue, name="staff_catalogue"),
    path("workspace/catalogue/items/<int:item_pk>/", views.staff_item_links, name="item_links"),
    path("workspace/catalogue/links/<int:pk>/unlink/", views.staff_unlink, name="unlink"),
    path("workspace/catalogue/links/<int:pk>/elements/", views.staff_elements, name="elements"),
    path("workspace/catalogue/entries/<int:pk>/rule/", views.staff_rule, name="rule"),
    path("workspace/catalogue/entries/<int:pk>/edit/", views.staff_entry_edit, name="entry_edit"),
]
