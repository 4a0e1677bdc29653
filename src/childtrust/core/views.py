"""The home page (what needs the person signed in), the imports that did not load, and the
health check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from childtrust.core.access import NOT_LOADED_DAYS, import_jobs_not_loaded
from childtrust.core.home import needs_of
from childtrust.core.navigation import visible_sections

if TYPE_CHECKING:  # core sits below accounts: it names the signed-in request, never imports it
    from childtrust.accounts.http import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """What needs the person, from every app's provider (core.home), then the sections."""
    sections = visible_sections(request.user)
    return render(
        request,
        "core/home.html",
        {
            "needs": needs_of(request.user),
            "can_view_audit": "audit:event_list" in sections,
        },
    )


#: What each kind of import loads, in words (the kinds are the apps' job kinds).
IMPORT_KIND_WORDS = {
    "resources.spend": "Spend",
    "outcomes.": "Indicator data",
    "workforce.establishment": "Establishment",
    "workforce.statistics": "National workforce statistics",
}


def _kind_words(kind: str) -> str:
    return next((w for k, w in IMPORT_KIND_WORDS.items() if kind.startswith(k)), kind)


@login_required
def imports(request: AuthenticatedRequest) -> HttpResponse:
    """The files that did not load lately, of those the person may see (core.access); `kind`
    keeps one kind, as the home page's count of spend files links here."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in IMPORT_KIND_WORDS else ""
    jobs = list(import_jobs_not_loaded(request.user, kind=kind)[:200])
    return render(
        request,
        "core/imports.html",
        {
            "rows": [(job, _kind_words(job.kind)) for job in jobs],
            "kind_words": _kind_words(kind) if kind else "",
            "days": NOT_LOADED_DAYS,
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:  # noqa: ARG001 (a view is called with it)
    """200 when the database answers, 503 when it does not: for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
