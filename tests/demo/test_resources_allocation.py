"""The demo's allocation for 2026-27: run with a 15% locality floor and whole blocks by the demo
strategic lead and proposed; a lower floor only when 15% is impossible; a problem no floor can
mend stored unproposed with its explanation, without stopping the demo. Each on a small
partnership of its own; the whole demo's allocation is checked in
loaded/test_resources_allocation.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childtrust.accounts.models import Role
from childtrust.resources.demo.allocation import DEMO_LOCALITY_FLOORS, allocation_demo_load
from childtrust.resources.models import AllocationLine, AllocationRun, AllocationStatus, BudgetLine
from tests.factories import StaffMemberFactory, UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallPartnership:
    # The demo finds its strategic lead as a person in the partnership: a staff record.
    StaffMemberFactory(user=UserFactory(username="strategiclead", role=Role.STRATEGIC_LEAD))
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
    # A floor is a share of the money allocated: East and West, where all the demand is, cannot
    # each be given 55% of it.
    allocation_demo_load(floors=(Decimal("0.55"), Decimal("0.15")))
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
