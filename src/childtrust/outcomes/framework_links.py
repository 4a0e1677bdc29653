"""The rule that keeps an indicator's place in the outcomes framework consistent, checked by
every service that changes it (services.indicators and services.attachments)."""

from __future__ import annotations

from childtrust.outcomes.models import Indicator


def framework_indicator_errors(indicator: Indicator) -> dict[str, str]:
    """What is wrong with where an indicator sits in the framework: a framework indicator of
    another priority, or one whose figures another indicator already gives (the framework
    would list the measure twice)."""
    chosen = indicator.framework_indicator
    if chosen is None:
        return {}
    if chosen.priority_id != indicator.priority_id:
        return {
            "framework_indicator": f"“{chosen}” measures the priority “{chosen.priority}”: "
            "choose that priority, or one of the chosen priority's indicators"
        }
    other = Indicator.objects.filter(framework_indicator=chosen).exclude(pk=indicator.pk).first()
    if other is not None:
        return {
            "framework_indicator": f"“{other}” already gives the figures for “{chosen}”: "
            "attach this one without choosing it, or attach the other elsewhere first"
        }
    return {}
