"""The pages that attach an indicator to a priority of the outcomes framework, one from each
side: the indicator's page links to the first, the priority's place in the framework to the
second. Both write through services.attachments."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found
from childtrust.core.permissions import access_required
from childtrust.outcomes import access, selectors
from childtrust.outcomes.attachment_forms import IndicatorPriorityForm, PriorityIndicatorForm
from childtrust.outcomes.services.attachments import indicator_priority_attach
from childtrust.partnership.selectors.framework import priority_with_pk


def _framework_at(priority_id: int) -> str:
    return f"{reverse('partnership:framework')}#priority-{priority_id}"


@access_required(access.can_attach_indicator)
def indicator_priority(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """From the indicator's side: which priority it shows progress on."""
    indicator = found(selectors.indicator_with_id(pk))
    initial = {
        "priority": indicator.priority,
        "framework_indicator": indicator.framework_indicator,
    }
    form = IndicatorPriorityForm(request.POST or None, initial=initial)
    saved = form_write(
        request,
        form,
        lambda data: indicator_priority_attach(actor=request.user, indicator=indicator, **data),
    )
    if saved:
        if saved.priority is None:
            messages.success(request, f"“{saved}” is no longer attached to a priority.")
        else:
            messages.success(request, f"“{saved}” now shows progress on “{saved.priority}”.")
        return redirect("outcomes:indicator", pk=saved.pk)
    return render(
        request, "outcomes/indicator_priority.html", {"form": form, "indicator": indicator}
    )


@access_required(access.can_attach_indicator)
def priority_attach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """From the priority's side: which indicator shows its progress."""
    priority = found(priority_with_pk(pk))
    form = PriorityIndicatorForm(request.POST or None, priority=priority)
    saved = form_write(
        request,
        form,
        lambda data: indicator_priority_attach(
            actor=request.user,
            indicator=data["indicator"],
            priority=priority,
            framework_indicator=data["framework_indicator"],
        ),
    )
    if saved:
        messages.success(request, f"“{saved}” now shows progress on “{priority}”.")
        return redirect(_framework_at(priority.pk))
    return render(
        request,
        "outcomes/priority_attach.html",
        {"form": form, "priority": priority, "framework_url": _framework_at(priority.pk)},
    )
