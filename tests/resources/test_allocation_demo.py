"""The demo's allocation for 2026-27: run with a 15% locality floor and whole blocks by the demo
strategic lead and proposed; a lower floor only when 15% is impossible; a problem no floor can
mend stored unproposed with its explanation, without stopping the demo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.partnership.demo import demo_load
from childtrust.resources.demo.allocation import DEMO_LOCALITY_FLOORS, allocation_demo_load
from childtrust.resources.demo.budget import budget_demo_load
from childtrust.resources.demo.costings import costings_demo_load
from childtrust.resources.models import AllocationLine, AllocationRun, AllocationStatus, BudgetLine
from tests.factories import UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallPartnership:
    UserFactory(username="strategiclead", role=Role.STRATEGIC_LEAD)
    return small_partnership()


def test_the_demo_year_gets_a_proposed_allocation_at_a_15_per_cent_floor(
    world: SmallPartnership,
) -> None:
    loaded = allocation_demo_load()
    run = AllocationRun.objects.get()
    assert loaded == {AllocationRun: 1, AllocationLine: run.lines.count()}
    assert run.status == AllocationStatus.OPTIMAL
    assert run.proposed is True
    assert run.locality_floor_share == Decimal("0.15") == DEMO_LOCALITY_FLOORS[0]
    assert run.whole_blocks is True
    assert run.created_by is not None
    assert run.created_by.username == "strategiclead"
    assert run.name == "Allocation 2026-27, 15% locality floor (demonstration data)"


def test_a_floor_the_figures_cannot_meet_is_lowered(world: SmallPartnership) -> None:
    # At 45% each of East and West needs £45,000: 22.5 children of family support, two whole
    # posts (£80,000) besides £45,000 of health visits, more than the £100,000 budget.
    allocation_demo_load(floors=(Decimal("0.45"), Decimal("0.15")))
    run = AllocationRun.objects.get()
    assert run.locality_floor_share == Decimal("0.15")
    assert run.proposed is True


def test_a_conflict_no_floor_mends_is_stored_unproposed_with_its_reasons(
    world: SmallPartnership,
) -> None:
    BudgetLine.objects.filter(service=world.health_visiting).update(
        statutory_minimum=Decimal("60000")
    )
    allocation_demo_load()
    run = AllocationRun.objects.get()
    assert run.status == AllocationStatus.INFEASIBLE
    assert run.proposed is False
    assert run.locality_floor_share == Decimal("0.15")
    assert "Health visiting" in run.explanation


def test_without_a_budget_year_nothing_is_run(db: None) -> None:
    assert allocation_demo_load() == {}
    assert not AllocationRun.objects.exists()


def test_the_whole_demo_loads_with_its_allocation_and_the_pages_show(client: Client) -> None:
    """The demo's budget is a historical allocation (strong services funded below their places):
    the proposal meets every constraint at the 15% floor, helps more children to a better
    outcome than the current lines with the same budget (between 5% and 20% more), still
    meets them with the budget cut or raised by 10%, and one trust does more good than
    independent agencies."""
    demo_load()
    costings_demo_load()
    budget_demo_load()
    allocation_demo_load()
    run = AllocationRun.objects.get(year__label="2026-27")
    assert run.status == AllocationStatus.OPTIMAL, run.explanation
    assert run.proposed is True
    assert run.locality_floor_share == Decimal("0.15")
    summary = run.summary
    assert summary["current"]["budget"] == pytest.approx(float(run.budget))
    current = summary["current"]["total_benefit"]
    assert run.total_benefit is not None
    assert run.children_reached is not None
    assert 1.05 * current < run.total_benefit < 1.20 * current
    assert run.children_reached > summary["current"]["children_reached"]
    assert sum(row["proposed_spend"] for row in summary["services"]) <= float(run.budget) + 1
    scaled = {row["scale"]: row for row in summary["sensitivity"]}
    assert set(scaled) == {0.9, 1.1}
    assert all(row["status"] == AllocationStatus.OPTIMAL for row in scaled.values())
    assert scaled[0.9]["total_benefit"] < run.total_benefit <= scaled[1.1]["total_benefit"]
    alternatives = summary["alternatives"]
    assert alternatives["independent"]["status"] == AllocationStatus.OPTIMAL
    assert alternatives["one_trust"]["status"] == AllocationStatus.OPTIMAL
    assert alternatives["one_trust"]["total_benefit"] > alternatives["independent"]["total_benefit"]

    client.force_login(UserFactory(role=Role.FINANCE_OFFICER))
    page = client.get(reverse("resources:allocation_detail", args=[run.pk]))
    assert page.status_code == 200
    assert "Meets every constraint" in page.content.decode()
    alternatives_page = client.get(reverse("resources:alternatives", args=["2026-27"]))
    assert alternatives_page.status_code == 200
    assert "One trust does more good" in alternatives_page.content.decode()
