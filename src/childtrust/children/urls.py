from django.urls import URLPattern, URLResolver

from childtrust.children.views import (
    access_review,
    child_record,
    involvement,
    locality,
    records_import,
    review,
    search,
    sharing,
)

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
