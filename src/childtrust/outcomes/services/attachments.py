"""Attaching an indicator to a priority of the outcomes framework, from either side: from the
indicator's page (which priority it shows progress on) or from the priority's place in the
framework (which indicator shows its progress). The framework then shows the indicator's latest
figures under the priority (outcomes.framework_figures)."""

from __future__ import annotations

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import update_and_record
from childtrust.core.permissions import require
from childtrust.outcomes import access
from childtrust.outcomes.framework_links import framework_indicator_errors
from childtrust.outcomes.models import Indicator
from childtrust.partnership.models import FrameworkIndicator, Priority


@transaction.atomic
def indicator_priority_attach(
    *,
    actor: User,
    indicator: Indicator,
    priority: Priority | None,
    framework_indicator: FrameworkIndicator | None = None,
) -> Indicator:
    """Attaches the indicator to the priority (or, with None, to no priority), optionally as
    the figures for one of the priority's own indicators, so that the framework lists that
    measure once. An indicator shows progress on one priority: attaching it to another moves
    it. Refused (with every reason) when the framework indicator belongs to another priority or
    already has another indicator's figures. One audit event with what changed, from and to."""
    require(access.can_attach_indicator(actor), to="attach an indicator to a priority")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if priority is None:
        framework_indicator = None
    update_and_record(
        actor=actor,
        instance=indicator,
        changes={"priority": priority, "framework_indicator": framework_indicator},
        allowed=("priority", "framework_indicator"),
        errors=lambda: framework_indicator_errors(indicator),
    )
    return indicator
