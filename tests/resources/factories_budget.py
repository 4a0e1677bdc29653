"""Factories for the pooled budget: years, contributions, budget lines and monthly spend.

Every factory defaults to the demo year 2026-27 (1 April 2026 to 31 March 2027); a year is
found by its label, so lines and contributions made without a year share one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from childtrust.accounts.models import Role, User
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)
from tests.factories import AgencyFactory, ServiceFactory, UserFactory


def budget_keeper() -> User:
    """A finance officer: someone every resources service lets write (MANAGE_RESOURCES), for
    tests that arrange figures through the services."""
    user: User = UserFactory(role=Role.FINANCE_OFFICER)
    return user


def year_label(starts_on: datetime.date) -> str:
    """ "2026-27" for the year starting 1 April 2026."""
    return f"{starts_on.year}-{(starts_on.year + 1) % 100:02d}"


class FinancialYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancialYear
        django_get_or_create = ("label",)

    starts_on = datetime.date(2026, 4, 1)
    label = factory.LazyAttribute(lambda y: year_label(y.starts_on))


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    year = factory.SubFactory(FinancialYearFactory)
    agency = factory.SubFactory(AgencyFactory)
    kind = ContributionKind.POOLED
    amount = Decimal("100000.00")
    description = ""


class AlignedContributionFactory(ContributionFactory):
    kind = ContributionKind.ALIGNED


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    year = factory.SubFactory(FinancialYearFactory)
    service = factory.SubFactory(ServiceFactory)
    budget = Decimal("120000.00")
    statutory_minimum = Decimal("0.00")
    statutory_basis = ""


class StatutoryBudgetLineFactory(BudgetLineFactory):
    """A line with a statutory minimum below its budget."""

    statutory_minimum = Decimal("100000.00")
    statutory_basis = "Children Act 1989, section 17"


class MonthlySpendFactory(factory.django.DjangoModelFactory):
    """A month's spend; April of the line's year unless a month is given."""

    class Meta:
        model = MonthlySpend

    line = factory.SubFactory(BudgetLineFactory)
    month = factory.LazyAttribute(lambda s: s.line.year.starts_on)
    amount = Decimal("10000.00")
    note = ""
