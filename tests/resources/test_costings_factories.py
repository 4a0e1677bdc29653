"""The costings factories build rows that pass the models' own validation."""

from __future__ import annotations

import pytest
from factory.django import DjangoModelFactory

from tests.resources.factories_costings import (
    BlockFundedServiceCostingFactory,
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory_class",
    [
        ServiceCostingFactory,
        BlockFundedServiceCostingFactory,
        LocalityDemandFactory,
        ServiceBenefitFactory,
    ],
)
def test_each_costings_factory_builds_a_valid_row(factory_class: type[DjangoModelFactory]) -> None:
    row = factory_class()
    row.full_clean()
    assert row.pk is not None
