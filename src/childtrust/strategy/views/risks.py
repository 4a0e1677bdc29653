"""The risk register's pages: the register with its 5x5 heat map (residual scores, or inherent
with ?scores=inherent), the risks past their review date and the closed ones; one risk; adding,
changing, closing and reopening a risk; the register as CSV. Everyone signed in reads;
strategic leads and administrators keep the register (strategy/access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.csv_files import csv_download
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.strategy import access
from childtrust.strategy.forms.change import ConfirmForm, RiskForm
from childtrust.strategy.models import Risk
from childtrust.strategy.selectors import risks as selectors
from childtrust.strategy.selectors.plan import plan_current
from childtrust.strategy.services import risks as services


@access_required(access.can_view_strategy)
def risks(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    residual = request.GET.get("scores") != "inherent"
    open_risks = selectors.risks_open()
    return render(
        request,
        "strategy/change/risks.html",
        {
            "risks": [(risk, selectors.review_timing(risk, today)) for risk in open_risks],
            "heat_map": selectors.heat_map(open_risks, residual=residual),
            "past_review": [
                (risk, selectors.review_timing(risk, today))
                for risk in selectors.risks_past_review(today)
            ],
            "closed": selectors.risks_closed(),
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_view_strategy)
def risk(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found_risk = found(selectors.risk_with_everything(pk))
    return render(
        request,
        "strategy/change/risk.html",
        {
            "risk": found_risk,
            "timing": selectors.review_timing(found_risk, timezone.localdate()),
            "inherent_band": selectors.risk_band(found_risk.inherent_score),
            "residual_band": selectors.risk_band(found_risk.residual_score),
            "likelihood_words": selectors.LIKELIHOOD_WORDS,
            "impact_words": selectors.IMPACT_WORDS,
            "can_manage": access.can_manage_strategy(request.user),
        },
    )


@access_required(access.can_manage_strategy)
def risk_create(request: AuthenticatedRequest) -> HttpResponse:
    form = RiskForm(posted(request), plan=plan_current(), new=True)
    saved = form_write(
        request,
        form,
        lambda _data: services.risk_create(actor=request.user, **form.service_arguments()),
    )
    if saved is not None:
        messages.success(request, f"{saved.reference} “{saved.title}” has been added.")
        return redirect("strategy:risk", pk=saved.pk)
    return render(request, "strategy/change/risk_form.html", {"form": form, "risk": None})


@access_required(access.can_manage_strategy)
def risk_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    existing = found(selectors.risk_with_everything(pk))
    form = RiskForm(
        posted(request), plan=plan_current(), new=False, initial=RiskForm.initial_for(existing)
    )
    saved = form_write(
        request,
        form,
        lambda _data: services.risk_update(
            actor=request.user, risk=existing, **form.service_arguments()
        ),
    )
    if saved is not None:
        messages.success(request, f"{saved.reference} “{saved.title}” has been updated.")
        return redirect("strategy:risk", pk=saved.pk)
    return render(request, "strategy/change/risk_form.html", {"form": form, "risk": existing})


def _status_page(request: AuthenticatedRequest, pk: int, *, close: bool) -> HttpResponse:
    existing = found(selectors.risk_with_everything(pk))
    form = ConfirmForm(posted(request))  # the button only confirms

    def write(_data: object) -> Risk:
        if close:
            return services.risk_close(actor=request.user, risk=existing)
        return services.risk_reopen(actor=request.user, risk=existing)

    if form_write(request, form, write) is not None:
        messages.success(
            request, f"{existing.reference} has been {'closed' if close else 'reopened'}."
        )
        return redirect("strategy:risk", pk=existing.pk)
    return render(
        request,
        "strategy/change/risk_status.html",
        {"form": form, "risk": existing, "close": close},
    )


@access_required(access.can_manage_strategy)
def risk_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _status_page(request, pk, close=True)


@access_required(access.can_manage_strategy)
def risk_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _status_page(request, pk, close=False)


@access_required(access.can_view_strategy)
def risks_csv(_request: AuthenticatedRequest) -> HttpResponse:
    rows = selectors.risks_csv_rows(selectors.risks_all_for_csv())
    return csv_download(rows, f"risk-register-{timezone.localdate().isoformat()}.csv")


urls: list[URLPattern] = [
    path("risks/", risks, name="risks"),
    path("risks/new/", risk_create, name="risk_create"),
    path("risks/register.csv", risks_csv, name="risks_csv"),
    path("risks/<int:pk>/", risk, name="risk"),
    path("risks/<int:pk>/edit/", risk_edit, name="risk_edit"),
    path("risks/<int:pk>/close/", risk_close, name="risk_close"),
    path("risks/<int:pk>/reopen/", risk_reopen, name="risk_reopen"),
]
