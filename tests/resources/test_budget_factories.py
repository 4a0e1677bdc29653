"""The budget factories make valid rows that share one year."""

from __future__ import annotations

import datetime

import pytest

from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
)

pytestmark = pytest.mark.django_db


def test_factories_make_valid_rows_in_one_year() -> None:
    spend = MonthlySpendFactory()
    contribution = ContributionFactory()
    for row in (spend.line.year, spend.line, spend, contribution):
        row.full_clean()
    assert spend.line.year == contribution.year
    assert spend.line.year.label == "2026-27"
    assert spend.month == datetime.date(2026, 4, 1)


def test_another_year_takes_its_label_from_its_start() -> None:
    year = FinancialYearFactory(starts_on=datetime.date(2025, 4, 1))
    line = BudgetLineFactory(year=year)
    assert line.year.label == "2025-26"
