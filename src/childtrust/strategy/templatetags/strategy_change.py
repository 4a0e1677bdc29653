"""The change programme's fragments on other areas' pages: `{% load strategy_change %}`, then
`{% objective_risks objective %}` on an objective's page lists the risks linked to it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from childtrust.strategy.models import Objective
from childtrust.strategy.selectors.risks import review_timing, risks_for_objective

register = template.Library()


@register.inclusion_tag("strategy/change/_objective_risks.html")
def objective_risks(objective: Objective) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "risks": [(risk, review_timing(risk, today)) for risk in risks_for_objective(objective)]
    }
