"""The demo's allocation for 2026-27 as `childtrust load_demo` leaves it: run by the demo strategic
lead at a 15% locality floor and proposed, and its pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.resources.models import AllocationRun, AllocationStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_whole_demo_loads_with_its_allocation_and_the_pages_show(client: Client) -> None:
    """The demo's budget is a historical allocation (strong services funded below their places):
    the proposal meets every constraint at the 15% floor, helps more children to a better
    outcome than the current lines with the same budget (between 5% and 20% more), still
    meets them with the budget cut or raised by 10%, and one trust does more good than
    independent agencies."""
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
    # Places can pass the children there are (a child may use several services); the children
    # reached never pass the localities' child population (about 50,500 in the demo city).
    population = sum(item["child_population"] for item in summary["localities"])
    assert 50_000 < population < 51_000
    assert summary["proposed"]["reach"]["places"] > population
    assert run.children_reached <= population
    assert run.children_reached >= summary["current"]["reach"]["at_most"]
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
