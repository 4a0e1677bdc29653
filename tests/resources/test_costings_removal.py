"""Removing a service's demand in a locality or its expected benefit on an outcome: the service
page links to a page that shows the figure and asks "Are you sure?" (nothing is removed on GET);
the button on it posts and removes, as removing a risk does in the appraisals. And the costings
tables are named by their captions, the duplication rows by their dearer service."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.partnership.models import Service
from childtrust.resources.models import LocalityDemand, ServiceBenefit, TargetGroup
from tests.factories import (
    AgencyFactory,
    LocalityFactory,
    OutcomeFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.resources.factories_costings import (
    LocalityDemandFactory,
    ServiceBenefitFactory,
    ServiceCostingFactory,
)

pytestmark = pytest.mark.django_db

MANAGES = {Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER}


@pytest.fixture
def ours() -> Service:
    costing = ServiceCostingFactory(
        service__name="Family Support",
        service__slug="family-support",
        target_group=TargetGroup.FAMILIES,
        cost_per_child=Decimal("600"),
    )
    LocalityDemandFactory(
        service=costing.service,
        locality=LocalityFactory(name="Central", slug="central"),
        children=120,
        source="JSNA 2026",
    )
    ServiceBenefitFactory(
        service=costing.service,
        outcome=OutcomeFactory(name="Stay safe", slug="stay-safe"),
        benefit_per_child=Decimal("0.08"),
    )
    return costing.service


def _client(role: str, service: Service) -> tuple[Client, User]:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=service.agency)
    client = Client()
    client.force_login(user)
    return client, user


def _demand_url(service: Service) -> str:
    demand = LocalityDemand.objects.get(service=service)
    return reverse("resources:costings_demand_remove", args=[service.slug, demand.pk])


def _benefit_url(service: Service) -> str:
    benefit = ServiceBenefit.objects.get(service=service)
    return reverse("resources:costings_benefit_remove", args=[service.slug, benefit.pk])


def test_the_service_page_links_to_the_question_instead_of_removing_at_once(
    ours: Service,
) -> None:
    client, _ = _client(Role.FINANCE_OFFICER, ours)

    page = client.get(reverse("resources:costings_service", args=[ours.slug])).content.decode()

    assert f'href="{_demand_url(ours)}"' in page
    assert f'href="{_benefit_url(ours)}"' in page
    assert "/remove/" not in page.replace(_demand_url(ours), "").replace(_benefit_url(ours), "")
    assert page.count('method="post"') == 1  # signing out, in the header


def test_removing_demand_first_asks_with_the_figure_and_removes_nothing(ours: Service) -> None:
    client, _ = _client(Role.FINANCE_OFFICER, ours)

    response = client.get(_demand_url(ours))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to remove the demand in Central?" in page
    assert "120" in page
    assert "JSNA 2026" in page
    assert "Remove the demand</button>" in page
    assert LocalityDemand.objects.filter(service=ours).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_removing_a_benefit_first_asks_with_the_figure_and_removes_nothing(
    ours: Service,
) -> None:
    client, _ = _client(Role.STRATEGIC_LEAD, ours)

    response = client.get(_benefit_url(ours))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Are you sure you want to remove the expected benefit on Stay safe?" in page
    assert "Better off per 100 supported" in page
    assert ">8<" in page
    assert "Remove the expected benefit</button>" in page
    assert ServiceBenefit.objects.filter(service=ours).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


@pytest.mark.parametrize("what", ["demand", "benefit"])
def test_the_button_on_the_question_removes_the_figure_and_is_audited(
    ours: Service, what: str
) -> None:
    client, _ = _client(Role.FINANCE_OFFICER, ours)
    url = _demand_url(ours) if what == "demand" else _benefit_url(ours)

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("resources:costings_service", args=[ours.slug])
    assert "has been removed" in response.content.decode()
    remaining = LocalityDemand if what == "demand" else ServiceBenefit
    assert not remaining.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.DELETE).count() == 1


@pytest.mark.parametrize("role", sorted(set(Role) - MANAGES))
@pytest.mark.parametrize("what", ["demand", "benefit"])
def test_others_are_not_asked_and_may_not_remove(ours: Service, role: Role, what: str) -> None:
    client, _ = _client(role, ours)
    url = _demand_url(ours) if what == "demand" else _benefit_url(ours)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert LocalityDemand.objects.exists()
    assert ServiceBenefit.objects.exists()


def test_costings_tables_are_named_by_captions(ours: Service) -> None:
    cheaper = ServiceCostingFactory(
        service__agency=AgencyFactory(name="Other Agency"),
        service__name="Key Work",
        target_group=TargetGroup.FAMILIES,
        cost_per_child=Decimal("420"),
    ).service
    LocalityDemandFactory(
        service=cheaper, locality=LocalityDemand.objects.get().locality, children=100
    )
    ServiceBenefitFactory(service=cheaper, outcome=ServiceBenefit.objects.get().outcome)
    client, _ = _client(Role.FINANCE_OFFICER, ours)

    pages = {
        name: client.get(url).content.decode()
        for name, url in {
            "list": reverse("resources:costings_services"),
            "detail": reverse("resources:costings_service", args=[ours.slug]),
            "duplication": reverse("resources:duplication"),
        }.items()
    }

    for name, page in pages.items():
        assert "aria-labelledby" not in page, name
        assert page.count("<table") == page.count('<caption class="govuk-table__caption'), name
    assert "Children who need it, by locality</caption>" in pages["detail"]
    assert "Expected benefit, by outcome</caption>" in pages["detail"]
    assert "2 services</caption>" in pages["list"]
    assert "1 candidate pair: up to" in pages["duplication"]
    row = re.search(
        r'<tbody class="govuk-table__body">\s*<tr[^>]*>\s*(<t[hd][^>]*>)', pages["duplication"]
    )
    assert row is not None
    assert row.group(1) == '<th scope="row" class="govuk-table__header">'
