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
]
