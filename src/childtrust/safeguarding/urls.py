from django.urls import URLPattern, URLResolver

from childtrust.core.prefix_pages import index_redirect
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
    # Every address prefix is a page (core.prefix_pages): a child's safeguarding pages and a
    # concern are reached from the child, an assessment from its referral.
    index_redirect("", "safeguarding:notifications"),
    index_redirect("children/", "children:search"),
    index_redirect("concerns/", "children:search"),
    index_redirect("assessments/", "safeguarding:front_door"),
]
