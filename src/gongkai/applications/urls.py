from django.urls import path

from gongkai.applications import ledger_views, views

app_name = "applications"
urlpatterns = [
    # Public pages
    path("apply/", views.apply, name="apply"),
    path("apply/receipt/<int:pk>/", views.receipt, name="receipt"),
    path("apply/status/", views.status, name="status"),
    path("apply/status/<int:pk>/letters/<int:letter_id>.<str:fmt>", views.public_letter, name="public_letter"),
    path("apply/status/<int:pk>/files/<int:file_id>/", views.public_file, name="public_file"),
    path("apply/status/<int:pk>/withdraw/", views.public_withdraw, name="public_withdraw"),
    path("apply/status/<int:pk>/correction/", views.public_correction, name="public_correction"),
    # Staff pages
    path("workspace/applications/", views.case_list, name="cases"),
    path("workspace/applications/new/", views.register_view, name="register"),
    path("workspace/applications/received-date/", views.received_preview, name="received_preview"),
    path("workspace/applications/ledger/", ledger_views.ledger, name="ledger"),
    path("workspace/applications/letter-templates/", views.letter_templates, name="letter_templates"),
    path("workspace/applications/ledger/template.xlsx", ledger_views.ledger_template, name="ledger_template"),
    path("workspace/applications/ledger/export.xlsx", ledger_views.ledger_export, name="ledger_export"),
    path(
        "workspace/applications/transfers/<int:transfer_id>/<str:decision>/",
        views.transfer_decide,
        name="transfer_decide",
    ),
    path("workspace/applications/<int:pk>/", views.case_detail, name="case"),
    path("workspace/applications/<int:pk>/do/<str:name>/", views.case_action, name="action"),
    path("workspace/applications/<int:pk>/letters/<int:letter_id>.<str:fmt>", views.staff_letter, name="letter"),
    path("workspace/applications/<int:pk>/files/<int:file_id>/", views.staff_file, name="file"),
    path("workspace/applications/<int:pk>/archive.zip", views.archive, name="archive"),
]
