"""The service's URLs plus one bare view: the same server, middleware and session, no page work."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 (a view is called with it)
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare", bare),
    path("", include("childtrust.urls")),
]
