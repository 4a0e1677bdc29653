"""Factories for the costings part: what a service costs, the demand for it in a locality, and
its expected benefit on a framework outcome. Other resources tests import these."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from childtrust.resources.models import (
    EvidenceRating,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)
from tests.factories import LocalityFactory, OutcomeFactory, ServiceFactory

COSTED_ON = datetime.date(2026, 4, 1)


class ServiceCostingFactory(factory.django.DjangoModelFactory):
    """A service's costing paid per child (no blocks): £450 a child, room for 100 children."""

    class Meta:
        model = ServiceCosting

    service = factory.SubFactory(ServiceFactory)
    target_group = TargetGroup.EARLY_YEARS
    cost_per_child = Decimal("450.00")
    cost_source = "Service accounts 2025-26"
    cost_as_of = COSTED_ON
    capacity = 100
    capacity_source = "Service plan 2026-27"
    capacity_as_of = COSTED_ON
    block_cost = None
    block_children = None


class BlockFundedServiceCostingFactory(ServiceCostingFactory):
    """A service funded in whole posts: £42,000 a post serving 25 children (£1,680 a child)."""

    cost_per_child = Decimal("1680.00")
    capacity = 100
    block_cost = Decimal("42000.00")
    block_children = 25


class LocalityDemandFactory(factory.django.DjangoModelFactory):
    """Children in a locality who need a service in a year."""

    class Meta:
        model = LocalityDemand

    service = factory.SubFactory(ServiceFactory)
    locality = factory.SubFactory(LocalityFactory)
    children = 40
    source = "Joint strategic needs assessment 2026"
    as_of = COSTED_ON


class ServiceBenefitFactory(factory.django.DjangoModelFactory):
    """A service's expected benefit on one outcome: 8 in 100 more children reach a good outcome."""

    class Meta:
        model = ServiceBenefit

    service = factory.SubFactory(ServiceFactory)
    outcome = factory.SubFactory(OutcomeFactory)
    benefit_per_child = Decimal("0.0800")
    evidence_rating = EvidenceRating.LEVEL_3
    source = "Early Intervention Foundation guidebook"
    as_of = COSTED_ON
