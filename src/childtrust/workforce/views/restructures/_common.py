"""What the restructures' pages share: a restructure found and visible (404) and then checked
(403) for changing, and C1's launch summary, shown only once its template exists."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.http import found
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.models import Restructure
from childtrust.workforce.selectors.restructures import restructure_with_everything

LAUNCH_SUMMARY = "workforce/launch/_launch_summary.html"


def viewed(request: AuthenticatedRequest, pk: int) -> Restructure:
    """The restructure, or 404 for none and for one the user may not see (as the API and the
    launch page answer, so that no one learns which restructures exist)."""
    restructure = found(restructure_with_everything(pk))
    if not access.can_view_restructure(request.user, restructure):
        raise Http404("No such restructure")
    return restructure


def managed(request: AuthenticatedRequest, pk: int) -> Restructure:
    """As `viewed`, and then 403 for one the user may see but not change."""
    restructure = viewed(request, pk)
    require(access.can_manage_restructure(request.user, restructure), to="change this restructure")
    return restructure


def launch_summary_template() -> str | None:
    """The launch's summary (the cascade message and the wellbeing round) once its template is
    there to include."""
    try:
        get_template(LAUNCH_SUMMARY)
    except TemplateDoesNotExist:
        return None
    return LAUNCH_SUMMARY


def removing(remove: Callable[[], None]) -> Callable[[object], bool]:
    """A removal for form_write, which counts what the service returns as written: True once
    the service has removed it."""

    def write(_data: object) -> bool:
        remove()
        return True

    return write
