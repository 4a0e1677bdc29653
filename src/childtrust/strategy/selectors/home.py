"""Reads for the home page's items of the plan (strategy.home)."""

from __future__ import annotations

from childtrust.partnership.models import StaffMember
from childtrust.strategy.models import Objective, StrategicPlan


def objectives_owned_by(plan: StrategicPlan, staff: StaffMember) -> list[Objective]:
    """The plan's objectives the person is the accountable owner of."""
    return list(Objective.objects.filter(plan=plan, owner=staff).order_by("pk"))
