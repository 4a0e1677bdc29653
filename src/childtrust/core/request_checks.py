"""Checks of a request before anything reads it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

Handler = Callable[[HttpRequest], HttpResponse]

NUL_REFUSED_MESSAGE = (
    "The address holds a character that cannot be used (NUL, code 0). Remove it and try again."
)


def holds_nul(value: object) -> bool:
    """Whether text anywhere in the value (a string, or the keys and items of dicts, lists and
    tuples within it) holds a NUL character: the request's path and query here, an API request's
    JSON body in api.schemas.RequestBody."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(holds_nul(item) for item in value)
    return False


class NulCharacterRefusedMiddleware:
    """PostgreSQL can neither store nor compare text that holds a NUL character: a query or an
    audit event (which records the path) with one raises DataError, so a 500. No address of the
    service needs one, so a request whose path or query holds one is answered 400 here, before
    any session, audit or view reads it. (Forms refuse it in posted fields already: Django's
    ProhibitNullCharactersValidator; the API's bodies in api.schemas.RequestBody.)"""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not holds_nul([request.path, dict(request.GET.lists())]):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": NUL_REFUSED_MESSAGE}, status=400)
        return HttpResponse(
            NUL_REFUSED_MESSAGE, status=400, content_type="text/plain; charset=utf-8"
        )
