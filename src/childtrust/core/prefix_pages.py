"""Every address prefix is a page: an address that is only the start of others' (/voice/,
/plan/objectives/, /resources/budget/) sends the reader on to the page that lists what lies
under it, never to a 404. Each app lists its own in its urls module."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views.generic import RedirectView


def index_redirect(route: str, to: str) -> URLPattern:
    """`route` answers with a (temporary) redirect to the page named `to`, which checks who may
    open it as it always does."""
    return path(route, RedirectView.as_view(pattern_name=to, permanent=False))
