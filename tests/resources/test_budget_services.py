"""Keeping the pooled budget: years, contributions, budget lines and monthly spend, each checked,
saved and audited in one transaction."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources.budget_rules import financial_year_months
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    MonthlySpend,
)
from childtrust.resources.services.budget import (
    budget_line_create,
    budget_line_update,
    contribution_create,
    contribution_update,
    financial_year_create,
)
from childtrust.resources.services.spend import monthly_spend_record
from tests.factories import AgencyFactory, ServiceFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
    MonthlySpendFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def finance() -> object:
    return UserFactory(username="finance", role=Role.FINANCE_OFFICER)


def _events(action: AuditAction, model: type) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type=model._meta.label_lower).order_by(
            "sequence"
        )
    )


# --- Years


def test_a_year_starts_on_1_april_and_is_labelled_with_both_years(finance: object) -> None:
    year = financial_year_create(actor=finance, start_year=2027)

    assert (year.label, year.starts_on) == ("2027-28", datetime.date(2027, 4, 1))
    assert year.created_by == finance
    [event] = _events(AuditAction.CREATE, FinancialYear)
    assert event.object_id == str(year.pk)


def test_the_year_2099_is_labelled_2099_00(finance: object) -> None:
    assert financial_year_create(actor=finance, start_year=2099).label == "2099-00"


def test_a_year_cannot_be_added_twice(finance: object) -> None:
    FinancialYearFactory()
    with pytest.raises(ValidationError) as raised:
        financial_year_create(actor=finance, start_year=2026)
    assert raised.value.message_dict["start_year"] == [
        "The financial year 2026-27 has already been added"
    ]
    assert FinancialYear.objects.count() == 1
    assert not _events(AuditAction.CREATE, FinancialYear)


@pytest.mark.parametrize("start_year", [1999, 2101])
def test_a_year_out_of_range_is_refused(finance: object, start_year: int) -> None:
    with pytest.raises(ValidationError, match="Enter a year between 2004 and 2100"):
        financial_year_create(actor=finance, start_year=start_year)
    assert not FinancialYear.objects.exists()


def test_the_months_of_a_year_run_april_to_march() -> None:
    months = financial_year_months(FinancialYearFactory())
    assert months[0] == datetime.date(2026, 4, 1)
    assert months[8] == datetime.date(2026, 12, 1)
    assert months[9] == datetime.date(2027, 1, 1)
    assert months[-1] == datetime.date(2027, 3, 1)
    assert len(months) == 12


# --- Contributions


def test_a_contribution_is_saved_and_audited(finance: object) -> None:
    year, agency = FinancialYearFactory(), AgencyFactory()

    contribution = contribution_create(
        actor=finance,
        year=year,
        agency=agency,
        kind=ContributionKind.ALIGNED,
        amount=Decimal("250000.00"),
        description="  Base   budget ",
    )

    assert contribution.description == "Base budget"
    assert contribution.created_by == finance
    [event] = _events(AuditAction.CREATE, Contribution)
    assert event.details == {"kind": "aligned", "amount": "250000.00"}


def test_a_negative_contribution_is_refused(finance: object) -> None:
    with pytest.raises(ValidationError) as raised:
        contribution_create(
            actor=finance,
            year=FinancialYearFactory(),
            agency=AgencyFactory(),
            kind=ContributionKind.POOLED,
            amount=Decimal("-1"),
        )
    assert raised.value.message_dict["amount"] == ["The amount must be £0 or more"]
    assert not Contribution.objects.exists()


def test_ring_fenced_money_needs_a_budget_line_for_its_service(finance: object) -> None:
    service = ServiceFactory(name="School nursing")
    with pytest.raises(ValidationError) as raised:
        contribution_create(
            actor=finance,
            year=FinancialYearFactory(),
            agency=service.agency,
            kind=ContributionKind.POOLED,
            amount=Decimal("1000"),
            ring_fenced_service=service,
        )
    assert raised.value.message_dict["ring_fenced_service"] == [
        "2026-27 has no budget line for School nursing: add the budget line first, then "
        "ring-fence money to it"
    ]
    assert not Contribution.objects.exists()


def test_pooled_money_may_be_ring_fenced_to_another_partners_service(finance: object) -> None:
    line = BudgetLineFactory()
    other = AgencyFactory()

    contribution = contribution_create(
        actor=finance,
        year=line.year,
        agency=other,
        kind=ContributionKind.POOLED,
        amount=Decimal("1000"),
        ring_fenced_service=line.service,
    )
    assert contribution.ring_fenced_service == line.service


def test_aligned_money_may_be_ring_fenced_only_to_the_partners_own_service(
    finance: object,
) -> None:
    line = BudgetLineFactory()
    other = AgencyFactory(name="Police")

    with pytest.raises(ValidationError) as raised:
        contribution_create(
            actor=finance,
            year=line.year,
            agency=other,
            kind=ContributionKind.ALIGNED,
            amount=Decimal("1000"),
            ring_fenced_service=line.service,
        )
    assert "Aligned money stays with Police" in raised.value.message_dict["ring_fenced_service"][0]
    own = contribution_create(
        actor=finance,
        year=line.year,
        agency=line.service.agency,
        kind=ContributionKind.ALIGNED,
        amount=Decimal("1000"),
        ring_fenced_service=line.service,
    )
    assert own.pk is not None


def test_a_contribution_update_records_what_changed(finance: object) -> None:
    contribution = ContributionFactory(amount=Decimal("100.00"))

    contribution_update(
        actor=finance, contribution=contribution, amount=Decimal("150.00"), description="More"
    )

    contribution.refresh_from_db()
    assert contribution.amount == Decimal("150.00")
    [event] = _events(AuditAction.UPDATE, Contribution)
    assert event.details["changed"] == ["amount", "description"]
    assert event.details["from"]["amount"] == "100.00"
    assert event.details["to"]["amount"] == "150.00"


def test_a_refused_contribution_update_leaves_it_as_it_was(finance: object) -> None:
    contribution = ContributionFactory(amount=Decimal("100.00"))

    with pytest.raises(ValidationError):
        contribution_update(actor=finance, contribution=contribution, amount=Decimal("-5"))

    assert contribution.amount == Decimal("100.00")
    contribution.refresh_from_db()
    assert contribution.amount == Decimal("100.00")
    assert not _events(AuditAction.UPDATE, Contribution)


def test_an_update_changing_nothing_writes_nothing(finance: object) -> None:
    contribution = ContributionFactory(amount=Decimal("100.00"))
    contribution_update(actor=finance, contribution=contribution, amount=Decimal("100.00"))
    assert not _events(AuditAction.UPDATE, Contribution)


def test_the_year_and_partner_of_a_contribution_cannot_be_changed(finance: object) -> None:
    with pytest.raises(TypeError):
        contribution_update(actor=finance, contribution=ContributionFactory(), agency=None)


# --- Budget lines


def test_a_budget_line_is_saved_and_audited(finance: object) -> None:
    year, service = FinancialYearFactory(), ServiceFactory()

    line = budget_line_create(
        actor=finance,
        year=year,
        service=service,
        budget=Decimal("500000"),
        statutory_minimum=Decimal("400000"),
        statutory_basis="Children Act 1989,   section 17",
    )

    assert line.statutory_basis == "Children Act 1989, section 17"
    [event] = _events(AuditAction.CREATE, BudgetLine)
    assert event.details == {"budget": "500000", "statutory_minimum": "400000"}


def test_a_service_has_one_budget_line_a_year(finance: object) -> None:
    line = BudgetLineFactory()
    with pytest.raises(ValidationError) as raised:
        budget_line_create(actor=finance, year=line.year, service=line.service, budget=Decimal("1"))
    assert raised.value.message_dict["service"] == [
        f"{line.service} already has a budget line in 2026-27"
    ]
    assert BudgetLine.objects.count() == 1


def test_a_statutory_minimum_needs_its_basis(finance: object) -> None:
    with pytest.raises(ValidationError) as raised:
        budget_line_create(
            actor=finance,
            year=FinancialYearFactory(),
            service=ServiceFactory(),
            budget=Decimal("10"),
            statutory_minimum=Decimal("5"),
        )
    assert "statutory_basis" in raised.value.message_dict
    assert not BudgetLine.objects.exists()


def test_a_budget_below_its_statutory_minimum_is_kept(finance: object) -> None:
    line = budget_line_create(
        actor=finance,
        year=FinancialYearFactory(),
        service=ServiceFactory(),
        budget=Decimal("10"),
        statutory_minimum=Decimal("50"),
        statutory_basis="Education Act 1996",
    )
    assert line.pk is not None


def test_a_budget_line_update_records_from_and_to(finance: object) -> None:
    line = BudgetLineFactory(budget=Decimal("100.00"))

    budget_line_update(actor=finance, line=line, budget=Decimal("90.00"))

    [event] = _events(AuditAction.UPDATE, BudgetLine)
    assert event.details == {
        "changed": ["budget"],
        "from": {"budget": "100.00"},
        "to": {"budget": "90.00"},
    }


def test_a_refused_budget_line_update_leaves_it_as_it_was(finance: object) -> None:
    line = BudgetLineFactory(budget=Decimal("100.00"))
    with pytest.raises(ValidationError):
        budget_line_update(actor=finance, line=line, budget=Decimal("-1"))
    assert line.budget == Decimal("100.00")
    line.refresh_from_db()
    assert line.budget == Decimal("100.00")


# --- Monthly spend


def test_recording_a_month_creates_then_replaces_its_figure(finance: object) -> None:
    line = BudgetLineFactory()

    first = monthly_spend_record(
        actor=finance,
        line=line,
        month=datetime.date(2026, 5, 17),
        amount=Decimal("1000.00"),
        today=TODAY,
    )
    second = monthly_spend_record(
        actor=finance,
        line=line,
        month=datetime.date(2026, 5, 1),
        amount=Decimal("1200.50"),
        note="after journals",
        today=TODAY,
    )

    assert first.pk == second.pk
    spend = MonthlySpend.objects.get()
    assert (spend.month, spend.amount, spend.note) == (
        datetime.date(2026, 5, 1),
        Decimal("1200.50"),
        "after journals",
    )
    assert [e.action for e in AuditEvent.objects.filter(object_type="resources.monthlyspend")] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]
    update = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert update.details == {"month": "2026-05", "from": "1000.00", "to": "1200.50"}


def test_a_months_spend_may_be_negative(finance: object) -> None:
    spend = monthly_spend_record(
        actor=finance,
        line=BudgetLineFactory(),
        month=datetime.date(2026, 4, 1),
        amount=Decimal("-250.00"),
        today=TODAY,
    )
    assert spend.amount == Decimal("-250.00")


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (datetime.date(2026, 3, 1), "March 2026 is not in the financial year 2026-27"),
        (datetime.date(2027, 4, 1), "April 2027 is not in the financial year 2026-27"),
        (datetime.date(2026, 12, 1), "December 2026 has not begun yet"),
    ],
)
def test_spend_is_refused_outside_the_year_or_in_a_month_not_begun(
    finance: object, month: datetime.date, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        monthly_spend_record(
            actor=finance, line=BudgetLineFactory(), month=month, amount=Decimal("1"), today=TODAY
        )
    assert raised.value.message_dict["month"][0].startswith(message)
    assert not MonthlySpend.objects.exists()


def test_the_current_month_may_be_recorded(finance: object) -> None:
    spend = monthly_spend_record(
        actor=finance,
        line=BudgetLineFactory(),
        month=datetime.date(2026, 11, 1),
        amount=Decimal("1"),
        today=TODAY,
    )
    assert spend.pk is not None


def test_spend_with_fractions_of_a_penny_is_refused(finance: object) -> None:
    line = MonthlySpendFactory(amount=Decimal("5.00")).line
    with pytest.raises(ValidationError) as raised:
        monthly_spend_record(
            actor=finance,
            line=line,
            month=datetime.date(2026, 4, 1),
            amount=Decimal("1.005"),
            today=TODAY,
        )
    assert "more than 2 decimal places" in raised.value.message_dict["amount"][0]
    assert MonthlySpend.objects.get().amount == Decimal("5.00")
