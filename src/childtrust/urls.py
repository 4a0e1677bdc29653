from django.contrib import admin
from django.urls import include, path

from childtrust.api.urls import api
from childtrust.core import views as core_views
from childtrust.core.prefix_pages import index_redirect

urlpatterns = [
    path("", include("childtrust.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("childtrust.accounts.urls")),
    path("", include("childtrust.partnership.urls")),
    path("voice/", include("childtrust.voice.urls")),
    path("outcomes/", include("childtrust.outcomes.urls")),
    path("resources/", include("childtrust.resources.urls")),
    path("plan/", include("childtrust.strategy.urls")),
    path("workforce/", include("childtrust.workforce.urls")),
    path("children/", include("childtrust.children.urls")),
    path("safeguarding/", include("childtrust.safeguarding.urls")),
    path("audit/", include("childtrust.audit.urls")),
    index_redirect("api/", "api-v1:api-root"),  # every address prefix is a page
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler403 = "childtrust.core.errors.permission_denied"
handler404 = "childtrust.core.errors.page_not_found"
handler500 = "childtrust.core.errors.server_error"
