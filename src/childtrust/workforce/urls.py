from childtrust.workforce.views import home

app_name = "workforce"

# Each subject's pages list their own addresses, all under /workforce/.
urlpatterns = [
    *home.urls,
]
