"""Where a request came from, kept for the length of the request so that services can record
it in the audit log without every call passing the request down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestOrigin:
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""


_NO_REQUEST = RequestOrigin()  # commands and background work: no address to record
_current_origin: ContextVar[RequestOrigin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> RequestOrigin:
    return _current_origin.get() or _NO_REQUEST


def origin_of(request: HttpRequest) -> RequestOrigin:
    return RequestOrigin(
        ip_address=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        path=request.path[:300],
    )


@contextmanager
def request_origin(origin: RequestOrigin) -> Iterator[None]:
    token = _current_origin.set(origin)
    try:
        yield
    finally:
        _current_origin.reset(token)


class AuditOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_origin(origin_of(request)):
            return self.get_response(request)
