"""Keeping the pooled budget: financial years, the partners' contributions and each service's
budget line (the spend recorded against a line is services/spend.py). Each write is for those
who keep the budget (resources/access.py) and is refused, writing nothing, for anyone else.

The rules, and why:

- A financial year runs from 1 April to 31 March (English public bodies' year) and is labelled
  like "2026-27" (resources/budget_rules.py).
- A contribution ring-fenced to a service may be spent only on that service, so the year must
  already hold a budget line for it. Pooled money (section 75 of the NHS Act 2006) may be
  ring-fenced to any partner's service; aligned money stays with its partner and is spent on its
  own services, so aligned money may be ring-fenced only to one of the partner's own services.
- A statutory minimum names the duty behind it, so that whoever cuts the line can see what law
  they would break.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Service
from childtrust.resources import access
from childtrust.resources.budget_rules import (
    FIRST_START_YEAR,
    LAST_START_YEAR,
    MAX_AMOUNT,
    financial_year_label,
)
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
)

CONTRIBUTION_FIELDS: frozenset[str] = frozenset(
    {"kind", "amount", "ring_fenced_service", "description"}
)
BUDGET_LINE_FIELDS: frozenset[str] = frozenset({"budget", "statutory_minimum", "statutory_basis"})
#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
ADD_FINANCIAL_YEARS = "add financial years"
CHANGE_THE_BUDGET = "change the budget"


@transaction.atomic
def financial_year_create(*, actor: User, start_year: int) -> FinancialYear:
    """A new financial year starting on 1 April of `start_year`."""
    require(access.can_manage_resources(actor), to=ADD_FINANCIAL_YEARS)
    if not FIRST_START_YEAR <= start_year <= LAST_START_YEAR:
        raise ValidationError(
            {
                "start_year": f"Enter a year between {FIRST_START_YEAR} and {LAST_START_YEAR}, "
                "such as 2027 for the year from April 2027 to March 2028"
            }
        )
    label = financial_year_label(start_year)
    if FinancialYear.objects.filter(label=label).exists():
        raise ValidationError({"start_year": f"The financial year {label} has already been added"})
    year = FinancialYear(label=label, starts_on=datetime.date(start_year, 4, 1))
    save_and_record(actor=actor, instance=year, action=AuditAction.CREATE, details={})
    return year


# --- Contributions ----------------------------------------------------------------------------


def _amount_errors(name: str, amount: Decimal | None, *, what: str) -> dict[str, str]:
    if amount is None:
        return {name: f"Enter the {what} in pounds"}
    if amount < 0:
        return {name: f"The {what} must be £0 or more"}
    if amount > MAX_AMOUNT:
        return {name: f"The {what} must be less than £1,000,000,000,000"}
    return {}


def _contribution_errors(contribution: Contribution) -> dict[str, str]:
    errors = _amount_errors("amount", contribution.amount, what="amount")
    if contribution.kind not in ContributionKind.values:
        errors["kind"] = "Select whether the contribution is pooled or aligned"
    service = contribution.ring_fenced_service
    if service is not None:
        if not BudgetLine.objects.filter(year=contribution.year, service=service).exists():
            errors["ring_fenced_service"] = (
                f"{contribution.year} has no budget line for {service}: add the budget line "
                "first, then ring-fence money to it"
            )
        elif (
            contribution.kind == ContributionKind.ALIGNED
            and service.agency_id != contribution.agency_id
        ):
            errors["ring_fenced_service"] = (
                f"Aligned money stays with {contribution.agency} and is spent on its own "
                f"services; {service} belongs to {service.agency}. Make the contribution "
                "pooled, or ring-fence it to one of the partner's own services"
            )
    return errors


@transaction.atomic
def contribution_create(
    *,
    actor: User,
    year: FinancialYear,
    agency: Agency,
    kind: str,
    amount: Decimal,
    ring_fenced_service: Service | None = None,
    description: str = "",
) -> Contribution:
    """One line of a partner's contribution to the year (see the module's rules on
    ring-fencing)."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_BUDGET)
    contribution = Contribution(
        year=year,
        agency=agency,
        kind=kind,
        amount=amount,
        ring_fenced_service=ring_fenced_service,
        description=" ".join(description.split()),
    )
    errors = _contribution_errors(contribution)
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=contribution,
        action=AuditAction.CREATE,
        details={"kind": kind, "amount": str(amount)},
    )
    return contribution


@transaction.atomic
def contribution_update(*, actor: User, contribution: Contribution, **changes: Any) -> Contribution:
    """Change a contribution's kind, amount, ring-fence or description; the year and the partner
    stay (a contribution from someone else is a new contribution)."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_BUDGET)
    if isinstance(changes.get("description"), str):
        changes["description"] = " ".join(changes["description"].split())
    update_and_record(
        actor=actor,
        instance=contribution,
        changes=changes,
        allowed=CONTRIBUTION_FIELDS,
        errors=lambda: _contribution_errors(contribution),
    )
    return contribution


# --- Budget lines -----------------------------------------------------------------------------


def _budget_line_errors(line: BudgetLine) -> dict[str, str]:
    errors = _amount_errors("budget", line.budget, what="budget")
    errors |= _amount_errors("statutory_minimum", line.statutory_minimum, what="statutory minimum")
    if (
        "statutory_minimum" not in errors
        and line.statutory_minimum > 0
        and not line.statutory_basis
    ):
        errors["statutory_basis"] = (
            'Enter the duty behind the statutory minimum, such as "Children Act 1989, section 17"'
        )
    return errors


@transaction.atomic
def budget_line_create(
    *,
    actor: User,
    year: FinancialYear,
    service: Service,
    budget: Decimal,
    statutory_minimum: Decimal = Decimal("0"),
    statutory_basis: str = "",
) -> BudgetLine:
    """A service's budget for the year: one line a service a year. A budget below the statutory
    minimum is kept (the partnership may be deciding how to find the money) and flagged on the
    year's page."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_BUDGET)
    line = BudgetLine(
        year=year,
        service=service,
        budget=budget,
        statutory_minimum=statutory_minimum,
        statutory_basis=" ".join(statutory_basis.split()),
    )
    errors = _budget_line_errors(line)
    if BudgetLine.objects.filter(year=year, service=service).exists():
        errors["service"] = f"{service} already has a budget line in {year}"
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=line,
        action=AuditAction.CREATE,
        details={"budget": str(budget), "statutory_minimum": str(statutory_minimum)},
    )
    return line


@transaction.atomic
def budget_line_update(*, actor: User, line: BudgetLine, **changes: Any) -> BudgetLine:
    """Change a line's budget, statutory minimum or the duty behind it."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_BUDGET)
    if isinstance(changes.get("statutory_basis"), str):
        changes["statutory_basis"] = " ".join(changes["statutory_basis"].split())
    update_and_record(
        actor=actor,
        instance=line,
        changes=changes,
        allowed=BUDGET_LINE_FIELDS,
        errors=lambda: _budget_line_errors(line),
    )
    return line


# --- Downloads --------------------------------------------------------------------------------


@transaction.atomic
def budget_export_record(*, actor: User, year: FinancialYear, view: str, rows: int) -> None:
    """Downloading a year's figures is an export: who took a copy, and of what, is kept."""
    require(access.can_view_resources(actor), to="download the budget")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=year,
        details={"format": "csv", "view": view, "rows": rows},
    )
