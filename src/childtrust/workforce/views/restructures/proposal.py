"""The pages that change a restructure's proposal: proposing one, changing it, planning the
first dismissal (with the law's earliest day shown, and the acknowledgement a day earlier than
that needs), recording the HR1 notification, putting it in place, finishing and withdrawing.
Workforce managers within their remit (workforce/access.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import posted
from childtrust.core.permissions import access_required
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.workforce import access
from childtrust.workforce.forms.restructures import (
    ConfirmForm,
    FirstDismissalForm,
    Hr1Form,
    ImplementForm,
    RestructureForm,
)
from childtrust.workforce.models import Restructure
from childtrust.workforce.selectors import restructures as selectors
from childtrust.workforce.services import restructures as services
from childtrust.workforce.views.restructures._common import managed


def _agencies(request: AuthenticatedRequest) -> Any:
    remit = access.workforce_remit_of(request.user)
    agencies = agencies_by_name()
    return agencies if remit is None else agencies.filter(pk=remit.pk)


@access_required(access.can_manage_workforce)
def restructure_create(request: AuthenticatedRequest) -> HttpResponse:
    form = RestructureForm(posted(request), agencies=_agencies(request))
    saved = form_write(
        request,
        form,
        lambda _data: services.restructure_create(actor=request.user, **form.service_arguments()),
    )
    if saved is not None:
        messages.success(request, f"The restructure “{saved.title}” has been proposed.")
        return redirect("workforce:restructure", pk=saved.pk)
    return render(request, "workforce/restructures/form.html", {"form": form, "restructure": None})


@access_required(access.can_manage_workforce)
def restructure_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = managed(request, pk)
    form = RestructureForm(
        posted(request),
        agencies=_agencies(request),
        initial=RestructureForm.initial_for(found),
    )
    saved = form_write(
        request,
        form,
        lambda _data: services.restructure_update(
            actor=request.user, restructure=found, **form.service_arguments()
        ),
    )
    if saved is not None:
        messages.success(request, f"The restructure “{saved.title}” has been changed.")
        return redirect("workforce:restructure", pk=saved.pk)
    return render(request, "workforce/restructures/form.html", {"form": form, "restructure": found})


@access_required(access.can_manage_workforce)
def restructure_first_dismissal(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = managed(request, pk)
    form = FirstDismissalForm(
        posted(request),
        initial={
            "first_dismissal_on": found.first_dismissal_on,
            "early_dismissal_reason": found.early_dismissal_reason,
        },
    )
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_first_dismissal_set(
            actor=request.user,
            restructure=found,
            first_dismissal_on=data["first_dismissal_on"],
            early_dismissal_reason=data.get("early_dismissal_reason") or "",
            acknowledged=bool(data.get("acknowledged")),
        ),
    )
    if saved is not None:
        messages.success(request, "The planned first dismissal has been set.")
        return redirect("workforce:restructure", pk=found.pk)
    return render(
        request,
        "workforce/restructures/first_dismissal.html",
        {
            "form": form,
            "restructure": found,
            "assessment": selectors.restructure_assessment(found, timezone.localdate()),
        },
    )


@access_required(access.can_manage_workforce)
def restructure_hr1(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = managed(request, pk)
    form = Hr1Form(
        posted(request),
        initial={"hr1_notified_on": found.hr1_notified_on, "hr1_reference": found.hr1_reference},
    )
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_hr1_record(
            actor=request.user,
            restructure=found,
            hr1_notified_on=data["hr1_notified_on"],
            hr1_reference=data.get("hr1_reference") or "",
        ),
    )
    if saved is not None:
        warning = selectors.restructure_assessment(saved, timezone.localdate()).warning
        messages.success(request, "The HR1 notification has been recorded.")
        if warning:
            messages.warning(request, warning)
        return redirect("workforce:restructure", pk=found.pk)
    return render(
        request,
        "workforce/restructures/hr1.html",
        {
            "form": form,
            "restructure": found,
            "assessment": selectors.restructure_assessment(found, timezone.localdate()),
        },
    )


@access_required(access.can_manage_workforce)
def restructure_implement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = managed(request, pk)
    form = ImplementForm(posted(request), initial={"implemented_on": timezone.localdate()})
    saved = form_write(
        request,
        form,
        lambda data: services.restructure_implement(
            actor=request.user, restructure=found, implemented_on=data["implemented_on"]
        ),
    )
    if saved is not None:
        messages.success(
            request,
            "The restructure has been put in place: its new posts exist and its changes are "
            "made. Record what became of each person next.",
        )
        return redirect("workforce:restructure", pk=found.pk)
    return render(
        request,
        "workforce/restructures/implement.html",
        {"form": form, "restructure": found, "changes": list(found.post_changes.all())},
    )


def _confirm(request: AuthenticatedRequest, pk: int, *, finish: bool) -> HttpResponse:
    found = managed(request, pk)
    form = ConfirmForm(posted(request))

    def write(_data: object) -> Restructure:
        if finish:
            return services.restructure_finish(actor=request.user, restructure=found)
        return services.restructure_withdraw(actor=request.user, restructure=found)

    if form_write(request, form, write) is not None:
        messages.success(
            request, f"The restructure has been {'finished' if finish else 'withdrawn'}."
        )
        return redirect("workforce:restructure", pk=found.pk)
    return render(
        request,
        "workforce/restructures/confirm_status.html",
        {"form": form, "restructure": found, "finish": finish},
    )


@access_required(access.can_manage_workforce)
def restructure_finish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, finish=True)


@access_required(access.can_manage_workforce)
def restructure_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm(request, pk, finish=False)


urls: list[URLPattern] = [
    path("restructures/new/", restructure_create, name="restructure_create"),
    path("restructures/<int:pk>/edit/", restructure_edit, name="restructure_edit"),
    path(
        "restructures/<int:pk>/first-dismissal/",
        restructure_first_dismissal,
        name="restructure_first_dismissal",
    ),
    path("restructures/<int:pk>/hr1/", restructure_hr1, name="restructure_hr1"),
    path("restructures/<int:pk>/implement/", restructure_implement, name="restructure_implement"),
    path("restructures/<int:pk>/finish/", restructure_finish, name="restructure_finish"),
    path("restructures/<int:pk>/withdraw/", restructure_withdraw, name="restructure_withdraw"),
]
