"""The demo partnership's money: a year of budget and spend, what each service costs and achieves,
a proposed allocation, and the partnership's founding option appraisal (agencies independent
against one trust). Invented, labelled demonstration data; loaded by `childtrust load_demo`."""

from __future__ import annotations

from django.db.models import Model

from childtrust.resources.demo.allocation import allocation_demo_load
from childtrust.resources.demo.appraisal import appraisal_demo_load
from childtrust.resources.demo.budget import budget_demo_load
from childtrust.resources.demo.costings import costings_demo_load


def resources_demo_load() -> dict[type[Model], int]:
    """Costings first (the budget lines are set from them), then the budget, then the proposed
    allocation, which needs both; the appraisal stands alone."""
    created: dict[type[Model], int] = {}
    for load in (costings_demo_load, budget_demo_load, allocation_demo_load, appraisal_demo_load):
        created |= load()
    return created
