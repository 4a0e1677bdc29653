"""The alert rules' pages, for those who manage them (MANAGE_ALERT_RULES: the front door and the
partnership's administrators): the list, a new rule, a changed rule, a rule switched off or on.
The limits are services/alert_rules.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.core.forms import form_write
from childtrust.core.http import found, posted
from childtrust.core.permissions import access_required
from childtrust.safeguarding import access
from childtrust.safeguarding.forms.alerts import AlertAcknowledgeForm, AlertRuleForm
from childtrust.safeguarding.models import AlertRule, ConcernCategory
from childtrust.safeguarding.selectors.alerts import alert_rule_with_id, alert_rules
from childtrust.safeguarding.services import alert_rules as services


@access_required(access.can_manage_alert_rules)
def rule_list(request: AuthenticatedRequest) -> HttpResponse:
    labels = dict(ConcernCategory.choices)
    rules = [
        (rule, ", ".join(str(labels.get(c, c)) for c in rule.categories)) for rule in alert_rules()
    ]
    return render(request, "safeguarding/alert_rules/list.html", {"rules": rules})


def _form_page(
    request: AuthenticatedRequest, form: AlertRuleForm, title: str, rule: AlertRule | None = None
) -> HttpResponse:
    return render(
        request,
        "safeguarding/alert_rules/form.html",
        {"form": form, "title": title, "rule": rule},
    )


@access_required(access.can_manage_alert_rules)
def rule_add(request: AuthenticatedRequest) -> HttpResponse:
    form = AlertRuleForm(
        posted(request),
        initial={
            "minimum_concerns": 3,
            "minimum_agencies": 2,
            "window_days": 90,
            "acknowledge_within_hours": 24,
        },
    )
    rule = form_write(
        request, form, lambda data: services.alert_rule_add(actor=request.user, values=data)
    )
    if rule is not None:
        messages.success(request, f"The rule '{rule.name}' is added.")
        return redirect("safeguarding:alert_rules")
    return _form_page(request, form, "Add an alert rule")


def _initial(rule: AlertRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in services.FIELDS}


@access_required(access.can_manage_alert_rules)
def rule_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rule = found(alert_rule_with_id(pk))
    form = AlertRuleForm(posted(request), initial=_initial(rule))
    changed = form_write(
        request,
        form,
        lambda data: services.alert_rule_change(actor=request.user, rule=rule, values=data),
    )
    if changed is not None:
        messages.success(request, "The rule is changed." if changed else "Nothing changed.")
        return redirect("safeguarding:alert_rules")
    return _form_page(request, form, "Change the alert rule", rule)


@access_required(access.can_manage_alert_rules)
def rule_switch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    rule = found(alert_rule_with_id(pk))
    form = AlertAcknowledgeForm(posted(request))
    switched = form_write(
        request,
        form,
        lambda _data: services.alert_rule_switch(
            actor=request.user, rule=rule, active=not rule.active
        ),
    )
    if switched is not None:
        messages.success(
            request, f"The rule '{rule.name}' is switched {'on' if switched.active else 'off'}."
        )
        return redirect("safeguarding:alert_rules")
    return render(request, "safeguarding/alert_rules/switch.html", {"form": form, "rule": rule})


urlpatterns: list[URLPattern] = [
    path("alert-rules/", rule_list, name="alert_rules"),
    path("alert-rules/add/", rule_add, name="alert_rule_add"),
    path("alert-rules/<int:pk>/", rule_change, name="alert_rule_change"),
    path("alert-rules/<int:pk>/switch/", rule_switch, name="alert_rule_switch"),
]
