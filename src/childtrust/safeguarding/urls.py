from django.urls import URLPattern, URLResolver

from childtrust.safeguarding.views import (
    alert_rules,
    alerts,
    chronology,
    clocks,
    concerns,
    front_door,
    front_door_meetings,
    notifications,
    team_around_child,
    team_around_child_forms,
)

app_name = "safeguarding"

# Each part of the app adds its own pages (views/<part>.py's urlpatterns).
urlpatterns: list[URLPattern | URLResolver] = [
    *concerns.urlpatterns,
    *notifications.urlpatterns,
    *alerts.urlpatterns,
    *alert_rules.urlpatterns,
    *chronology.urlpatterns,
    *team_around_child.urlpatterns,
    *team_around_child_forms.urlpatterns,
    *front_door.urlpatterns,
    *front_door_meetings.urlpatterns,
    *clocks.urlpatterns,
]
