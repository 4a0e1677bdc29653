from childtrust.core.prefix_pages import index_redirect
from childtrust.workforce.views import (
    establishment,
    home,
    imports,
    launch,
    measures,
    restructures,
    statistics,
)

app_name = "workforce"

# Each subject's pages list their own addresses, all under /workforce/.
urlpatterns = [
    *home.urls,
    *establishment.urls,
    *imports.urls,
    *measures.urls,
    *statistics.urls,
    *restructures.urls,
    *launch.urls,
    # The starts of addresses that have no page of their own lead to the page that lists them.
    index_redirect("people/", "partnership:staff_list"),
    index_redirect("establishment/", "workforce:home"),
]
