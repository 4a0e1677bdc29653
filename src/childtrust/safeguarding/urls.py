from django.urls import URLPattern, URLResolver

app_name = "safeguarding"

# Each part of the app adds its own pages (views/<part>.py's urlpatterns).
urlpatterns: list[URLPattern | URLResolver] = []
