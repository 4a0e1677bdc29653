"""Checks of a request before anything reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

Handler = Callable[[HttpRequest], HttpResponse]

NUL_REFUSED_MESSAGE = (
    "The address holds a character that cannot be used (NUL, code 0). Remove it and try again."
)


def _holds_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )


class NulCharacterRefusedMiddleware:
    """PostgreSQL can neither store nor compare text that holds a NUL character: a query or an
    audit event (which records the path) with one raises DataError, so a 500. No address of the
    service needs one, so a request whose path or query holds one is answered 400 here, before
    any session, audit or view reads it. (Forms refuse it in posted fields already: Django's
    ProhibitNullCharactersValidator; the API's bodies in api.schemas.RequestBody.)"""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _holds_nul(request):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": NUL_REFUSED_MESSAGE}, status=400)
        return HttpResponse(
            NUL_REFUSED_MESSAGE, status=400, content_type="text/plain; charset=utf-8"
        )
