"""The demo's pooled budget for 2026-27: a line for every active service set from its costing,
statutory minimums with their basis, contributions adding up to the lines, and spend from April
to October with two lines heading for overspend and one underspending: as `childtrust load_demo`
leaves it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.partnership.models import Service, ServiceStatus
from childtrust.resources.demo.budget import (
    HISTORICAL_SHARE,
    BudgetDemoRefusedError,
    budget_demo_load,
)
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    FinancialYear,
    MonthlySpend,
)
from childtrust.resources.selectors.budget import LineStatus, year_overview
from tests.demo.loaded.loading import LoadedDemo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_partnership: LoadedDemo) -> dict[type, int]:
    """The records the demo's loaders made, by model."""
    return demo_partnership.created


def test_every_active_service_has_a_line_in_2026_27(loaded: dict[type, int]) -> None:
    year = FinancialYear.objects.get()
    assert (year.label, year.starts_on) == ("2026-27", datetime.date(2026, 4, 1))
    active = set(Service.objects.filter(status=ServiceStatus.ACTIVE).values_list("pk", flat=True))
    assert set(BudgetLine.objects.values_list("service_id", flat=True)) == active
    assert loaded[BudgetLine] == len(active) == 40


def test_each_budget_is_its_historical_share_of_its_full_cost_to_the_nearest_1000(
    loaded: dict[type, int],
) -> None:
    """Full cost: the costing's cost per child times the children it could serve. Most lines
    get all of it; the thirteen strong services their historical share; SEND information,
    advice and support £10,000 less than its contracted minimum, which is its full cost."""
    below = 0
    for line in BudgetLine.objects.select_related("service__costing"):
        costing = line.service.costing
        demand = line.service.locality_demand.aggregate(total=Sum("children"))["total"]
        children = costing.capacity if demand is None else min(costing.capacity, demand)
        full = costing.cost_per_child * children
        share = HISTORICAL_SHARE.get(line.service.slug, Decimal("1"))
        below += share < 1
        if line.service.slug == "send-information-advice-and-support":
            assert line.statutory_minimum == full == Decimal("120000")
            assert line.budget == full - 10000
        else:
            assert abs(line.budget - full * share) <= 500, line.service.slug
        assert line.budget % 1000 == 0
    assert below == len(HISTORICAL_SHARE) == 13
    assert all(Decimal("0.6") <= share < 1 for share in HISTORICAL_SHARE.values())


def test_statutory_services_carry_a_minimum_and_its_basis(loaded: dict[type, int]) -> None:
    statutory = BudgetLine.objects.filter(statutory_minimum__gt=0)
    slugs = set(statutory.values_list("service__slug", flat=True))
    assert {
        "child-in-need-and-child-protection-social-work",
        "children-in-care-and-care-leavers",
        "send-information-advice-and-support",
        "school-nursing",
    } <= slugs
    assert all(line.statutory_basis for line in statutory)
    assert not BudgetLine.objects.filter(statutory_minimum=0).exclude(statutory_basis="").exists()


def test_contributions_add_up_to_the_lines_and_the_grant_is_ring_fenced(
    loaded: dict[type, int],
) -> None:
    lines = BudgetLine.objects.aggregate(total=Sum("budget"))["total"]
    assert Contribution.objects.aggregate(total=Sum("amount"))["total"] == lines
    fenced = Contribution.objects.exclude(ring_fenced_service=None)
    assert {c.ring_fenced_service.slug for c in fenced} == {"health-visiting", "school-nursing"}
    assert {c.agency.kind for c in fenced} == {"local_authority"}
    assert {c.kind for c in fenced} == {"pooled"}
    pooled = Contribution.objects.filter(kind="pooled", ring_fenced_service=None)
    share = pooled.aggregate(t=Sum("amount"))["t"] / (lines - sum(c.amount for c in fenced))
    assert Decimal("0.39") < share < Decimal("0.41")


def test_spend_runs_april_to_october_with_two_overspends_and_one_underspend(
    loaded: dict[type, int],
) -> None:
    months = set(MonthlySpend.objects.values_list("month", flat=True))
    assert months == {datetime.date(2026, m, 1) for m in range(4, 11)}
    assert MonthlySpend.objects.count() == 40 * 7

    overview = year_overview(UserFactory(role=Role.FINANCE_OFFICER), FinancialYear.objects.get())

    def slugs(status: LineStatus) -> set[str]:
        return {f.line.service.slug for f in overview.lines if f.status == status}

    assert slugs(LineStatus.OVERSPEND) == {
        "children-in-care-and-care-leavers",
        "crisis-and-home-treatment",
    }
    assert slugs(LineStatus.UNDERSPEND) == {"family-nurse-partnership"}
    assert [f.line.service.slug for f in overview.below_statutory_minimum] == [
        "send-information-advice-and-support"
    ]


def test_the_demo_is_labelled_and_audited(loaded: dict[type, int]) -> None:
    events = AuditEvent.objects.filter(details__source="demo data", details__year="2026-27")
    assert {e.object_type for e in events} == {
        "resources.financialyear",
        "resources.budgetline",
        "resources.contribution",
        "resources.monthlyspend",
    }
    assert set(MonthlySpend.objects.values_list("note", flat=True)) == {"Demonstration figure"}


def test_the_demo_refuses_to_load_twice(loaded: dict[type, int]) -> None:
    with pytest.raises(BudgetDemoRefusedError):
        budget_demo_load()
    assert FinancialYear.objects.count() == 1
