"""What the budget summary's amounts mean, in words (issue 14): contributions not yet allocated
to a budget line are not money not yet received or given, and a partner reads its own."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)

pytestmark = pytest.mark.django_db

YEAR = reverse("resources:budget_year", kwargs={"label": "2026-27"})


def a_partner_with_money_left_to_allocate() -> object:
    """Own Agency agrees £3,120,000 more than its one line's budget."""
    year = FinancialYearFactory()
    own = AgencyFactory(name="Own Agency", short_name="Own")
    BudgetLineFactory(
        year=year,
        service=ServiceFactory(agency=own, name="Family support", slug="family-support"),
        budget=Decimal("1000000"),
    )
    ContributionFactory(year=year, agency=own, amount=Decimal("4120000"))
    return own


def signed_in(role: str, agency: object) -> Client:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=agency)
    client = Client()
    client.force_login(user)
    return client


def test_a_partner_reads_its_agreed_contribution_not_yet_allocated_to_a_line() -> None:
    own = a_partner_with_money_left_to_allocate()

    page = signed_in(Role.PRACTITIONER, own).get(YEAR).content.decode()

    assert "of Own Agency's agreed contributions not yet allocated to any service" in page
    assert "not yet given" not in page


def test_those_who_see_every_partner_read_the_partnership_s_contributions() -> None:
    own = a_partner_with_money_left_to_allocate()

    page = signed_in(Role.FINANCE_OFFICER, own).get(YEAR).content.decode()

    assert "of the agreed contributions not yet allocated to any service" in page


def test_lines_beyond_the_contributions_are_said_to_be_not_yet_funded() -> None:
    own = a_partner_with_money_left_to_allocate()
    BudgetLineFactory(
        year=FinancialYearFactory._meta.model.objects.get(),
        service=ServiceFactory(agency=own, name="Youth work", slug="youth-work"),
        budget=Decimal("5000000"),
    )

    page = signed_in(Role.FINANCE_OFFICER, own).get(YEAR).content.decode()

    assert "more than the agreed contributions, so not yet funded" in page
