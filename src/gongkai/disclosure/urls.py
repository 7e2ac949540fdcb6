from django.urls import path

from gongkai.common.pagecache import cache_public_page
from gongkai.disclosure import feeds, views

app_name = "disclosure"
urlpatterns = [
    # Public portal. Specific paths come before the item path, whose 索引号 contains a slash.
    path("items/", views.items_home, name="items"),
    path("items/search/", views.search_view, name="search"),
    path("items/feeds/latest.atom", cache_public_page(feeds.LatestFeed()), name="feed_latest"),
    path("items/feeds/agency/<str:code>.atom", cache_public_page(feeds.AgencyFeed()), name="feed_agency"),
    path("items/feeds/category/<str:code>.atom", cache_public_page(feeds.CategoryFeed()), name="feed_category"),
    path("items/attachments/<int:pk>/<str:sha256>/", views.attachment_download, name="attachment"),
    path("items/<path:index_number>/print/", views.item_detail, {"printable": True}, name="item_print"),
    path("items/<path:index_number>/", views.item_detail, name="item"),
    path("agencies/<str:code>/catalogue/", views.catalogue, name="catalogue"),
    path("agencies/<str:code>/guide/", views.guide, name="guide"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("sitemap-pages.xml", views.sitemap_pages, name="sitemap_pages"),
    path("sitemap-items-<int:section>.xml", views.sitemap_items, name="sitemap_items"),
    # Staff workspace.
    path("workspace/items/", views.staff_items, name="staff_items"),
    path("workspace/items/new/", views.staff_new, name="staff_new"),
    path("workspace/items/timeliness/", views.staff_timeliness, name="staff_timeliness"),
    path("workspace/items/import/", views.staff_import, name="staff_import"),
    path("workspace/items/duplicates/", views.staff_duplicates, name="staff_duplicates"),
    path("workspace/items/review/", views.staff_review_queue, name="staff_review_queue"),
    path("workspace/items/batches/", views.staff_batch, name="staff_batch"),
    path("workspace/items/batches/<uuid:pk>/", views.staff_batch_detail, name="staff_batch_detail"),
    path("workspace/items/batches/<uuid:pk>/progress/", views.staff_batch_progress, name="staff_batch_progress"),
    path("workspace/items/<int:pk>/", views.staff_item, name="staff_item"),
    path("workspace/items/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("workspace/items/<int:pk>/submit/", views.staff_submit, name="staff_submit"),
    path("workspace/items/<int:pk>/review/", views.staff_review, name="staff_review"),
    path("workspace/items/<int:pk>/publish/", views.staff_publish, name="staff_publish"),
    path("workspace/items/<int:pk>/withdraw/", views.staff_withdraw, name="staff_withdraw"),
    path("workspace/items/<int:pk>/validity/", views.staff_validity, name="staff_validity"),
    path("workspace/items/<int:pk>/new-version/", views.staff_new_version, name="staff_new_version"),
    path("workspace/items/<int:pk>/attachments/", views.staff_attach, name="staff_attach"),
    path("workspace/items/<int:pk>/attachments/<int:attachment_pk>/delete/", views.staff_detach, name="staff_detach"),
    path("workspace/items/<int:pk>/interpretations/", views.staff_link, name="staff_link"),
    path("workspace/agencies/<str:code>/guide/", views.staff_guide, name="staff_guide"),
    path("workspace/figures/", views.figures, name="figures"),
    path("workspace/figures/pick/", views.figures_pick, name="figures_pick"),
    path("workspace/figures/import/", views.figures_upload, name="figures_import"),
    path("workspace/figures/<str:code>/<int:year>/", views.figures_edit, name="figures_edit"),
]
