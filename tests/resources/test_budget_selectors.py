"""The year's overview: spend to date, forecast outturn, variance and flags, totals by partner
and kind, ring-fenced money, statutory minimums; and who may see which lines."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from childtrust.accounts.models import Role
from childtrust.resources.access import (
    budget_line_for_user,
    budget_lines_visible_to,
    contributions_visible_to,
)
from childtrust.resources.models import ContributionKind
from childtrust.resources.selectors.budget import (
    LineStatus,
    forecast_outturn,
    line_months,
    line_status,
    year_overview,
    year_overview_csv_rows,
)
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    AlignedContributionFactory,
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
)

pytestmark = pytest.mark.django_db

SEE_ALL = {Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN, Role.FINANCE_OFFICER, Role.AUDITOR}


def _spend(line: object, amounts: list[str]) -> None:
    for index, amount in enumerate(amounts):
        MonthlySpendFactory(
            line=line, month=datetime.date(2026, 4 + index, 1), amount=Decimal(amount)
        )


# --- Forecast and flags


def test_the_forecast_is_spend_to_date_plus_the_average_month_for_the_months_left() -> None:
    # 7 months recorded, £70,000 spent: £10,000 a month, so 5 more months make £120,000.
    assert forecast_outturn(Decimal("70000"), 7, Decimal("100000")) == Decimal("120000.00")


def test_with_no_spend_recorded_the_forecast_is_the_budget() -> None:
    assert forecast_outturn(Decimal("0"), 0, Decimal("5000")) == Decimal("5000")


@pytest.mark.parametrize(
    ("forecast", "status"),
    [
        ("101000.01", LineStatus.OVERSPEND),  # more than 1% over
        ("101000.00", LineStatus.ON_TRACK),  # exactly 1% over: within tolerance
        ("100000.00", LineStatus.ON_TRACK),
        ("95000.00", LineStatus.ON_TRACK),  # exactly 5% under
        ("94999.99", LineStatus.UNDERSPEND),
    ],
)
def test_the_status_tolerances(forecast: str, status: LineStatus) -> None:
    assert (
        line_status(budget=Decimal("100000"), forecast=Decimal(forecast), months_recorded=3)
        == status
    )


def test_a_line_with_no_spend_says_so() -> None:
    assert (
        line_status(budget=Decimal("1"), forecast=Decimal("1"), months_recorded=0)
        == LineStatus.NO_SPEND
    )


def test_a_zero_budget_with_spend_is_heading_for_overspend() -> None:
    assert (
        line_status(budget=Decimal("0"), forecast=Decimal("12"), months_recorded=1)
        == LineStatus.OVERSPEND
    )


def test_the_overview_works_out_each_line_and_the_totals() -> None:
    council, health = AgencyFactory(name="City Council"), AgencyFactory(name="Health")
    year = FinancialYearFactory()
    over = BudgetLineFactory(
        service=ServiceFactory(agency=council, name="Placements"),
        budget=Decimal("120000"),
        statutory_minimum=Decimal("130000"),
        statutory_basis="Children Act 1989, section 22G",
    )
    under = BudgetLineFactory(service=ServiceFactory(agency=health), budget=Decimal("24000"))
    quiet = BudgetLineFactory(service=ServiceFactory(agency=health), budget=Decimal("6000"))
    _spend(over, ["12000", "14000"])  # £13,000 a month: £156,000
    _spend(under, ["1000"])  # £12,000
    ContributionFactory(agency=council, amount=Decimal("50000"))
    AlignedContributionFactory(agency=council, amount=Decimal("70000"))
    ring = ContributionFactory(
        agency=health, amount=Decimal("30000"), ring_fenced_service=under.service
    )
    finance = UserFactory(role=Role.FINANCE_OFFICER)

    overview = year_overview(finance, year)

    by_line = {f.line.pk: f for f in overview.lines}
    assert by_line[over.pk].forecast == Decimal("156000.00")
    assert by_line[over.pk].variance == Decimal("36000.00")
    assert by_line[over.pk].variance_percent == Decimal("30.0")
    assert by_line[over.pk].heading_for_overspend
    assert by_line[over.pk].below_statutory_minimum
    assert by_line[over.pk].statutory_shortfall == Decimal("10000")
    assert by_line[under.pk].status == LineStatus.UNDERSPEND
    assert by_line[under.pk].variance_percent == Decimal("-50.0")
    assert by_line[quiet.pk].status == LineStatus.NO_SPEND
    assert by_line[quiet.pk].forecast == Decimal("6000")
    assert [f.line for f in overview.heading_for_overspend] == [over]
    assert [f.line for f in overview.below_statutory_minimum] == [over]
    assert (overview.pooled, overview.aligned) == (Decimal("80000"), Decimal("70000"))
    assert overview.budget == Decimal("150000")
    assert overview.spent == Decimal("27000")
    assert overview.forecast == Decimal("174000.00")
    assert overview.unfunded == Decimal("0")
    assert overview.uncommitted == Decimal("0")
    council_totals, health_totals = overview.partners
    assert council_totals.agency == council
    assert (council_totals.pooled, council_totals.aligned) == (Decimal("50000"), Decimal("70000"))
    assert council_totals.budget == Decimal("120000")
    assert council_totals.heading_for_overspend
    assert council_totals.lines_heading_for_overspend == 1
    assert health_totals.forecast == Decimal("18000.00")
    assert not health_totals.heading_for_overspend
    [fence] = overview.ring_fences
    assert fence.contribution == ring
    assert fence.figures is not None
    assert fence.figures.line == under
    assert fence.exceeds_budget  # £30,000 ring-fenced to a £24,000 line


def test_the_overview_says_how_far_budgets_exceed_contributions() -> None:
    line = BudgetLineFactory(budget=Decimal("1000"))
    ContributionFactory(agency=line.service.agency, amount=Decimal("400"))
    overview = year_overview(UserFactory(role=Role.AUDITOR), line.year)
    assert overview.unfunded == Decimal("600")


def test_a_lines_months_show_spend_and_the_running_total() -> None:
    line = BudgetLineFactory()
    MonthlySpendFactory(line=line, month=datetime.date(2026, 4, 1), amount=Decimal("10"))
    MonthlySpendFactory(line=line, month=datetime.date(2026, 6, 1), amount=Decimal("5"))

    rows = line_months(line)

    assert len(rows) == 12
    assert [r.cumulative for r in rows[:3]] == [Decimal("10"), None, Decimal("15")]
    assert rows[1].spend is None


def test_the_csv_has_a_header_and_a_row_a_line_safe_from_formulas() -> None:
    line = BudgetLineFactory(
        service=ServiceFactory(name="=HYPERLINK(1)", agency=AgencyFactory(name=" \n@cmd"))
    )
    _spend(line, ["9000"])  # £108,000 forecast against £120,000
    rows = year_overview_csv_rows(year_overview(UserFactory(role=Role.AUDITOR), line.year))
    assert rows[0][:4] == ["Partner", "Service", "Service slug", "Budget"]
    assert rows[1][0] == "' \n@cmd"  # a formula behind a space and a line break
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][3] == "120000.00"
    assert rows[1][-1] == "Underspending"


# --- Who sees what


@pytest.fixture
def two_partners() -> dict[str, object]:
    year = FinancialYearFactory()
    own, other = AgencyFactory(name="Own"), AgencyFactory(name="Other")
    return {
        "year": year,
        "own": own,
        "own_line": BudgetLineFactory(year=year, service=ServiceFactory(agency=own)),
        "other_line": BudgetLineFactory(year=year, service=ServiceFactory(agency=other)),
        "own_money": ContributionFactory(year=year, agency=own),
        "other_money": ContributionFactory(year=year, agency=other, kind=ContributionKind.ALIGNED),
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_sees_all_lines_or_only_its_own_agencys(
    two_partners: dict[str, object], role: Role
) -> None:
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=two_partners["own"])
    year = two_partners["year"]

    lines = set(budget_lines_visible_to(user, year))
    money = set(contributions_visible_to(user, year))

    if role in SEE_ALL:
        assert lines == {two_partners["own_line"], two_partners["other_line"]}
        assert money == {two_partners["own_money"], two_partners["other_money"]}
    else:
        assert lines == {two_partners["own_line"]}
        assert money == {two_partners["own_money"]}


def test_a_user_without_a_staff_record_sees_no_lines(two_partners: dict[str, object]) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    year = two_partners["year"]
    assert not budget_lines_visible_to(user, year).exists()
    assert not contributions_visible_to(user, year).exists()
    overview = year_overview(user, year)
    assert overview.lines == []
    assert overview.partners == []
    assert overview.agency is None


def test_a_user_whose_staff_record_is_inactive_sees_no_lines(
    two_partners: dict[str, object],
) -> None:
    user = UserFactory(role=Role.TEAM_MANAGER)
    StaffMemberFactory(user=user, agency=two_partners["own"], is_active=False)
    assert not budget_lines_visible_to(user, two_partners["year"]).exists()


def test_another_partners_line_is_not_found_for_a_partner(two_partners: dict[str, object]) -> None:
    user = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=user, agency=two_partners["own"])
    year, other = two_partners["year"], two_partners["other_line"]
    with pytest.raises(Http404):
        budget_line_for_user(user, other.pk, year=year)
    own = two_partners["own_line"]
    assert budget_line_for_user(user, own.pk, year=year) == own
