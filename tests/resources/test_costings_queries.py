"""The services page reads the same number of queries whatever the number of services on it:
each service's demand and benefits are fetched for the whole page at once, not one by one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from childtrust.accounts.models import Role
from tests.factories import LocalityFactory, OutcomeFactory, ServiceFactory
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db


def _add_services(count: int) -> None:
    localities = [LocalityFactory(), LocalityFactory()]
    outcomes = [OutcomeFactory(), OutcomeFactory()]
    for _ in range(count):
        service = ServiceFactory()
        ServiceCostingFactory(service=service)
        for locality in localities:
            LocalityDemandFactory(service=service, locality=locality)
        for outcome in outcomes:
            ServiceBenefitFactory(service=service, outcome=outcome)


def _queries_for_the_services_page(client: Client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("resources:costings_services"))
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def test_the_services_page_reads_a_fixed_number_of_queries(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.FINANCE_OFFICER)
    client.get(reverse("resources:costings_services"))  # signs in: the session's own queries
    _add_services(3)
    few, shown_few = _queries_for_the_services_page(client)
    _add_services(10)

    many, shown_many = _queries_for_the_services_page(client)

    assert (shown_few, shown_many) == (3, 13)
    assert many == few
