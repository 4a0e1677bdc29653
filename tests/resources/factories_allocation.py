"""Factories for the allocation part, and a small partnership whose allocation problem can be
worked out by hand.

The small partnership (year 2026-27):

- localities East, West and Central; no service has demand in Central;
- outcomes "Be healthy" and "Stay safe";
- Health Trust: Health visiting, £500 a child, room for 100, demand West 60 and East 30,
  benefit 0.10 (healthy) + 0.05 (safe) = 0.15 a child, budget line £20,000 with a statutory
  minimum of £10,000; it gives £30,000 pooled and £20,000 aligned;
- Council: Family support, funded in £40,000 posts of 20 children (£2,000 a child), room for
  60, demand West 10 and East 40, benefit 0.30 (safe), budget line £40,000, and £10,000 of the
  Council's pooled money ring-fenced to it; it gives £40,000 pooled besides;
- left out, each for its own reason: Parenting course (no demand), Youth club (a budget line
  of £8,000 with a £5,000 statutory minimum but no costing; the Council's £8,000 aligned
  contribution pays for it and stays with it, outside the allocation's £100,000), Drop-in (no
  expected benefit).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import factory

from childtrust.partnership.models import Agency, Locality, Outcome, Service
from childtrust.resources.models import (
    AllocationRun,
    AllocationStatus,
    ContributionKind,
    FinancialYear,
)
from tests.factories import AgencyFactory, LocalityFactory, OutcomeFactory, ServiceFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)
from tests.resources.factories_costings import (
    BlockFundedServiceCostingFactory,
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)


class InfeasibleAllocationRunFactory(factory.django.DjangoModelFactory):
    """A run the optimiser could not satisfy, stored as allocation_run stores one."""

    class Meta:
        model = AllocationRun

    year = factory.SubFactory(FinancialYearFactory)
    name = factory.Sequence(lambda n: f"Infeasible run {n}")
    budget = Decimal("100000.00")
    locality_floor_share = Decimal("0.4000")
    whole_blocks = True
    status = AllocationStatus.INFEASIBLE
    solve_seconds = 0.01
    explanation = (
        "The locality floor asks for £40,000 in each of 3 localities, £120,000 in all, but the "
        "budget is £100,000.\nNo service has demand in Central, so nothing can be spent there."
    )
    # As allocation_run stores them: each reason tagged with the agencies it names (these name
    # none: they are the whole partnership's).
    summary = factory.LazyAttribute(
        lambda run: {
            "warnings": [],
            "current": {},
            "conflicts": [
                {"text": line, "agency_ids": []} for line in run.explanation.splitlines()
            ],
        }
    )


@dataclass
class SmallPartnership:
    year: FinancialYear
    east: Locality
    west: Locality
    central: Locality
    healthy: Outcome
    safe: Outcome
    health: Agency
    council: Agency
    health_visiting: Service
    family_support: Service
    parenting: Service
    youth_club: Service
    drop_in: Service


def small_partnership() -> SmallPartnership:
    year = FinancialYearFactory(starts_on=datetime.date(2026, 4, 1))
    east = LocalityFactory(name="East", slug="east")
    west = LocalityFactory(name="West", slug="west")
    central = LocalityFactory(name="Central", slug="central")
    healthy = OutcomeFactory(name="Be healthy", slug="be-healthy", position=1)
    safe = OutcomeFactory(name="Stay safe", slug="stay-safe", position=2)
    health = AgencyFactory(name="Health Trust", short_name="Health", slug="health-trust")
    council = AgencyFactory(name="City Council", short_name="Council", slug="city-council")

    health_visiting = ServiceFactory(agency=health, name="Health visiting", slug="health-visiting")
    ServiceCostingFactory(service=health_visiting, cost_per_child=Decimal("500.00"), capacity=100)
    LocalityDemandFactory(service=health_visiting, locality=west, children=60)
    LocalityDemandFactory(service=health_visiting, locality=east, children=30)
    ServiceBenefitFactory(
        service=health_visiting, outcome=healthy, benefit_per_child=Decimal("0.1000")
    )
    ServiceBenefitFactory(service=health_visiting, outcome=safe, benefit_per_child=Decimal("0.05"))
    BudgetLineFactory(
        year=year,
        service=health_visiting,
        budget=Decimal("20000.00"),
    )

    family_support = ServiceFactory(agency=council, name="Family support", slug="family-support")
    BlockFundedServiceCostingFactory(
        service=family_support,
        cost_per_child=Decimal("2000.00"),
        capacity=60,
        block_cost=Decimal("40000.00"),
        block_children=20,
    )
    LocalityDemandFactory(service=family_support, locality=west, children=10)
    LocalityDemandFactory(service=family_support, locality=east, children=40)
    ServiceBenefitFactory(service=family_support, outcome=safe, benefit_per_child=Decimal("0.3"))
    BudgetLineFactory(year=year, service=family_support, budget=Decimal("40000.00"))

    parenting = ServiceFactory(agency=council, name="Parenting course", slug="parenting-course")
    ServiceCostingFactory(service=parenting)
    ServiceBenefitFactory(service=parenting, outcome=safe)

    youth_club = ServiceFactory(agency=council, name="Youth club", slug="youth-club")
    BudgetLineFactory(
        year=year,
        service=youth_club,
        budget=Decimal("8000.00"),
        statutory_minimum=Decimal("5000.00"),
    )

    drop_in = ServiceFactory(agency=health, name="Drop-in", slug="drop-in")
    ServiceCostingFactory(service=drop_in)
    LocalityDemandFactory(service=drop_in, locality=west, children=20)

    ContributionFactory(
        year=year, agency=health, kind=ContributionKind.POOLED, amount=Decimal("30000.00")
    )
    ContributionFactory(
        year=year, agency=health, kind=ContributionKind.ALIGNED, amount=Decimal("20000.00")
    )
    ContributionFactory(
        year=year, agency=council, kind=ContributionKind.POOLED, amount=Decimal("40000.00")
    )
    ContributionFactory(
        year=year, agency=council, kind=ContributionKind.ALIGNED, amount=Decimal("8000.00")
    )
    ContributionFactory(
        year=year,
        agency=council,
        kind=ContributionKind.POOLED,
        amount=Decimal("10000.00"),
        ring_fenced_service=family_support,
        description="Troubled families grant",
    )
    return SmallPartnership(
        year=year,
        east=east,
        west=west,
        central=central,
        healthy=healthy,
        safe=safe,
        health=health,
        council=council,
        health_visiting=health_visiting,
        family_support=family_support,
        parenting=parenting,
        youth_club=youth_club,
        drop_in=drop_in,
    )


def more_services(world: SmallPartnership, count: int) -> None:
    """`count` more services, each of its own agency, costed, with demand in East and West, a
    benefit, a budget line and a contribution ring-fenced to it."""
    for _ in range(count):
        agency = AgencyFactory()
        service = ServiceFactory(agency=agency)
        ServiceCostingFactory(service=service)
        LocalityDemandFactory(service=service, locality=world.east)
        LocalityDemandFactory(service=service, locality=world.west)
        ServiceBenefitFactory(service=service, outcome=world.safe)
        BudgetLineFactory(year=world.year, service=service)
        ContributionFactory(year=world.year, agency=agency, ring_fenced_service=service)
