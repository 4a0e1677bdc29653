"""Fragments of the measures for an objective's page: its measures and latest check-ins
(`{% objective_measures objective %}`, `{% objective_check_ins objective %}`), each read
through the measures' selectors so that the page including them need not know how. The plan
page's measures off trajectory come with its own read (selectors.plan.plan_page, which needs
them for the ratings too); `{% off_trajectory_measures rows %}` shows them as the viewer may
see them. Each shows staff-voice figures only to those who may see them
(selectors.measures.progress_for_viewer)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from childtrust.strategy import access
from childtrust.strategy.models import Objective
from childtrust.strategy.selectors import measure_pages
from childtrust.strategy.selectors import measures as selectors

register = template.Library()

#: How many of an objective's check-ins its page shows; the history page has them all.
CHECK_INS_SHOWN = 3


@register.filter
def status_tag(status: selectors.TrajectoryStatus) -> str:
    return measure_pages.status_tag(status)


@register.filter
def with_unit(value: float | None, unit: str) -> str:
    return "" if value is None else selectors.figure(value, unit)


@register.inclusion_tag("strategy/measures/_objective_measures.html", takes_context=True)
def objective_measures(context: template.Context, objective: Objective) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "objective": objective,
        "rows": selectors.objective_measures(objective, timezone.localdate(), user),
        "can_manage": access.can_manage_strategy(user),
    }


@register.inclusion_tag("strategy/measures/_off_trajectory.html", takes_context=True)
def off_trajectory_measures(
    context: template.Context, rows: list[selectors.MeasureProgress]
) -> dict[str, Any]:
    """The measures off trajectory, leaving out those whose figures the viewer may not see (to
    list one would be to say how its figure stands), and saying so to whoever may not see
    staff-voice figures, whether or not any such measure is off."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = [row for row in selectors.for_viewer(rows, user) if not row.withheld]
    return {
        "rows": shown,
        "withheld_note": not access.can_see_staff_voice_figures(user),
        "withheld_words": selectors.WITHHELD_WORDS,
    }


@register.inclusion_tag("strategy/measures/_objective_check_ins.html", takes_context=True)
def objective_check_ins(context: template.Context, objective: Objective) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = list(selectors.check_ins_of(objective)[: CHECK_INS_SHOWN + 1])
    return {
        "objective": objective,
        "rows": measure_pages.check_in_rows(shown[:CHECK_INS_SHOWN]),
        "more": len(shown) > CHECK_INS_SHOWN,
        "can_record": access.can_record_check_in(user, objective),
    }
