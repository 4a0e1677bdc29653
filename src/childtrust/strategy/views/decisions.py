"""The decision log's pages: every decision, one decision with its appraisal and meeting,
drafting and changing a draft, and recording it as decided, which locks it (no edit link; a
POST to change it is refused with the date it was locked). Everyone signed in reads; strategic
leads and administrators write (strategy/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.strategy import access
from childtrust.strategy.change_rules import decision_locked_message
from childtrust.strategy.forms.change import ConfirmForm, DecisionForm
from childtrust.strategy.models import Decision, DecisionStatus
from childtrust.strategy.selectors import change as selectors
from childtrust.strategy.services import decisions as services


def _locked(decision: Decision) -> str:
    if decision.status == DecisionStatus.DECIDED:
        return decision_locked_message(decision)
    return ""


@access_required(access.can_view_strategy)
def decisions(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "strategy/change/decisions.html",
        {
            "decisions": selectors.decisions_all(),
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_view_strategy)
def decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_decision = found(selectors.decision_with_pk(pk))
    return render(
        request,
        "strategy/change/decision.html",
        {
            "decision": found_decision,
            "locked": _locked(found_decision),
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_manage_strategy)
def decision_create(request: AuthenticatedRequest) -> HttpResponse:
    form = DecisionForm(posted(request))
    saved = form_write(
        request, form, lambda data: services.decision_create(actor=request.user, **data)
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been added to the log as a draft.")
        return redirect("strategy:decision", pk=saved.pk)
    return render(request, "strategy/change/decision_form.html", {"form": form, "decision": None})


@access_required(access.can_manage_strategy)
def decision_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = found(selectors.decision_with_pk(pk))
    form = DecisionForm(posted(request), initial=DecisionForm.initial_for(existing))
    saved = form_write(
        request,
        form,
        lambda data: services.decision_update(actor=request.user, decision=existing, **data),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” has been updated.")
        return redirect("strategy:decision", pk=saved.pk)
    return render(
        request,
        "strategy/change/decision_form.html",
        {"form": form, "decision": existing, "locked": _locked(existing)},
    )


@access_required(access.can_manage_strategy)
def decision_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST records the decision as decided and locks it."""
    existing = found(selectors.decision_with_pk(pk))
    form = ConfirmForm(posted(request))
    saved = form_write(
        request,
        form,
        lambda _data: services.decision_record_as_decided(actor=request.user, decision=existing),
    )
    if saved is not None:
        messages.success(request, f"“{saved.title}” is recorded as decided and is now locked.")
        return redirect("strategy:decision", pk=saved.pk)
    return render(
        request,
        "strategy/change/decision_decide.html",
        {"form": form, "decision": existing, "locked": _locked(existing)},
    )


urls: list[URLPattern] = [
    path("decisions/", decisions, name="decisions"),
    path("decisions/new/", decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decision, name="decision"),
    path("decisions/<int:pk>/edit/", decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/decide/", decision_decide, name="decision_decide"),
]
