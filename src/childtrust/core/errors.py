"""Error pages in the service's own design, in plain English."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The one place a page's refusal becomes a response: a service or an access function raised
    PermissionDenied, with the sentence `core.permissions.require` gives when it has one."""
    reason = str(exception) if exception is not None else ""
    return render(request, "core/403.html", {"reason": reason}, status=403)


def page_not_found(
    request: HttpRequest,
    exception: Exception | None = None,  # noqa: ARG001 (Django passes it by this name)
) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)
