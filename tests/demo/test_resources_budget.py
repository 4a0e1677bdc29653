"""The demo's pooled budget: what a line's budget is set from, with or without a costing. What
the loaded demo's budget holds is checked in loaded/test_resources_budget.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childtrust.resources.demo.budget import FALLBACK_BUDGET, demo_line_budget
from childtrust.resources.models import ServiceCosting
from tests.factories import ServiceFactory
from tests.resources.factories_costings import ServiceCostingFactory

pytestmark = pytest.mark.django_db


def test_the_budget_comes_from_the_costing_or_without_one_a_fallback() -> None:
    # A service's unit cost and capacity live only in its costing (partnership migration 0002).
    costed = ServiceCostingFactory(cost_per_child=Decimal("450"), capacity=100)
    assert demo_line_budget(costed.service, costed, 80) == Decimal("36000")
    assert demo_line_budget(costed.service, costed, None) == Decimal("45000")
    small = ServiceCostingFactory(cost_per_child=Decimal("1234"), capacity=10)
    assert demo_line_budget(small.service, small, None) == Decimal("12000")
    bare = ServiceFactory()
    assert not ServiceCosting.objects.filter(service=bare).exists()
    assert demo_line_budget(bare, None, None) == FALLBACK_BUDGET
