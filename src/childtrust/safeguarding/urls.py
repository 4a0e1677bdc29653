from django.urls import URLPattern, URLResolver

from childtrust.safeguarding.views import team_around_child, team_around_child_forms

app_name = "safeguarding"

# Each part of the app adds its own pages (views/<part>.py's urlpatterns).
urlpatterns: list[URLPattern | URLResolver] = [
    *team_around_child.urlpatterns,
    *team_around_child_forms.urlpatterns,
]
