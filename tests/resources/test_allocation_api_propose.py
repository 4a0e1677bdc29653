"""POST /api/v1/allocations/{id}/propose: strategic leads and finance officers put a run to the
partnership board as its year's allocation (the one proposed before is withdrawn); an
infeasible run is refused with the reason and nothing changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from childtrust.accounts.models import Role
from childtrust.resources.models import AllocationRun
from childtrust.resources.services.allocation import allocation_run
from tests.conftest import ALL_ROLES
from tests.resources.api_writes import MANAGERS, resources_audit_count, writer
from tests.resources.factories_allocation import (
    InfeasibleAllocationRunFactory,
    SmallPartnership,
    small_partnership,
)
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> SmallPartnership:
    return small_partnership()


def _run(world: SmallPartnership, name: str) -> AllocationRun:
    return allocation_run(
        actor=budget_keeper(),
        year=world.year,
        name=name,
        locality_floor_share=Decimal("0.15"),
        whole_blocks=True,
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_strategic_leads_and_finance_officers_may_propose_an_allocation(
    world: SmallPartnership, role: Role
) -> None:
    run = _run(world, "Board paper")

    response = writer(role).call("post", f"/allocations/{run.pk}/propose")

    run.refresh_from_db()
    if role in MANAGERS:
        assert response.status_code == 200, response.content
        assert response.json()["proposed"] is True
        assert run.proposed
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == "Your role does not allow you to propose allocations."
        assert not run.proposed


def test_proposing_withdraws_the_run_proposed_before(world: SmallPartnership) -> None:
    first, second = _run(world, "First"), _run(world, "Second")
    client = writer(Role.FINANCE_OFFICER)
    client.call("post", f"/allocations/{first.pk}/propose")

    response = client.call("post", f"/allocations/{second.pk}/propose")

    assert response.status_code == 200
    assert list(AllocationRun.objects.filter(proposed=True)) == [second]


def test_an_infeasible_run_is_refused_with_the_reason_and_nothing_changes(
    world: SmallPartnership,
) -> None:
    proposed = _run(world, "Proposed")
    client = writer(Role.STRATEGIC_LEAD)
    client.call("post", f"/allocations/{proposed.pk}/propose")
    infeasible = InfeasibleAllocationRunFactory(year=world.year)
    audited = resources_audit_count()

    response = client.call("post", f"/allocations/{infeasible.pk}/propose")

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Only an allocation that meets every constraint can be proposed: this run is infeasible."
    )
    assert list(AllocationRun.objects.filter(proposed=True)) == [proposed]
    assert resources_audit_count() == audited


def test_proposing_twice_is_refused_and_an_unknown_run_is_not_found(
    world: SmallPartnership,
) -> None:
    run = _run(world, "Board paper")
    client = writer(Role.FINANCE_OFFICER)
    client.call("post", f"/allocations/{run.pk}/propose")

    again = client.call("post", f"/allocations/{run.pk}/propose")

    assert again.status_code == 400
    assert "already the proposed allocation" in again.json()["detail"]
    assert client.call("post", "/allocations/999999/propose").status_code == 404
