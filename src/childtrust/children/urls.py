from django.urls import URLPattern, URLResolver

from childtrust.children.views import (
    access_review,
    child_record,
    involvement,
    locality,
    records_import,
    retention,
    review,
    search,
    sharing,
)
from childtrust.core.prefix_pages import index_redirect

app_name = "children"

# Each part of the app adds its own pages (views/<part>.py's urlpatterns).
urlpatterns: list[URLPattern | URLResolver] = []
urlpatterns += search.urlpatterns
urlpatterns += locality.urlpatterns
urlpatterns += child_record.urlpatterns
urlpatterns += involvement.urlpatterns
urlpatterns += sharing.urlpatterns
urlpatterns += access_review.urlpatterns
urlpatterns += review.urlpatterns
urlpatterns += records_import.urlpatterns
urlpatterns += retention.urlpatterns
# Every address prefix is a page (core.prefix_pages).
urlpatterns += [
    index_redirect("access/", "children:break_glass_list"),
    index_redirect("records/imports/", "children:records_load"),
]
