"""Workforce managers' remits: who is limited to one agency, limiting one (by their username
and the agency) and lifting a limit. Administrators and workforce managers with no remit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.workforce import access
from childtrust.workforce.forms.establishment.people import ConfirmForm, RemitForm
from childtrust.workforce.selectors.establishment import people as selectors
from childtrust.workforce.services.establishment import remits as services


@access_required(access.can_set_workforce_remits)
def remits(request: AuthenticatedRequest) -> HttpResponse:
    form = RemitForm(posted(request), agencies=agencies_by_name())
    saved = form_write(
        request,
        form,
        lambda data: services.workforce_remit_set(
            actor=request.user, user=data["username"], agency=data["agency"]
        ),
    )
    if saved is not None:
        messages.success(
            request, f"{saved.user.get_full_name() or saved.user} is now limited to {saved.agency}."
        )
        return redirect("workforce:remits")
    return render(
        request,
        "workforce/establishment/remits.html",
        {"form": form, "remits": selectors.remits_all()},
    )


@access_required(access.can_set_workforce_remits)
def remit_clear(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    remit = found(selectors.remit_with_pk(pk))
    form = ConfirmForm(posted(request))
    cleared = form_write(
        request,
        form,
        lambda _data: services.workforce_remit_clear(actor=request.user, user=remit.user),
    )
    if cleared is not None:
        messages.success(
            request, f"{cleared.get_full_name() or cleared} now works on every partner's workforce."
        )
        return redirect("workforce:remits")
    return render(
        request, "workforce/establishment/remit_clear.html", {"form": form, "remit": remit}
    )


urls: list[URLPattern] = [
    path("remits/", remits, name="remits"),
    path("remits/<int:pk>/clear/", remit_clear, name="remit_clear"),
]
