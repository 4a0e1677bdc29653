"""The pooled budget's records as the audit log names and links them (audit.objects), and
which of their fields and details are sums of money ("£1,234")."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.resources.models import AllocationRun, Appraisal, BudgetLine, FinancialYear

# Fields, and the details services record beside them, that hold pounds.
MONEY = frozenset(
    {
        "amount",
        "budget",
        "statutory_minimum",
        "spend",
        "cost_per_child",
        "block_cost",
        "benefit_per_child",
        "costs",
        "benefits",
        "cost_if_it_happens",
        "total",
    }
)


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "resources.financialyear",
            pages_of(FinancialYear, lambda y: reverse("resources:budget_year", args=[y.label])),
            MONEY,
        ),
        AuditKind(
            "resources.budgetline",
            pages_of(
                BudgetLine,
                lambda line: reverse("resources:budget_line", args=[line.year.label, line.pk]),
                related=("year", "service"),
            ),
            MONEY,
        ),
        AuditKind(
            "resources.allocationrun",
            pages_of(
                AllocationRun,
                lambda run: reverse("resources:allocation_detail", args=[run.pk]),
                related=("year",),
            ),
            MONEY,
        ),
        AuditKind(
            "resources.appraisal",
            pages_of(Appraisal, lambda a: reverse("resources:appraisal_detail", args=[a.pk])),
            MONEY,
        ),
        *[
            AuditKind(object_type, None, MONEY)
            for object_type in (
                "resources.contribution",
                "resources.monthlyspend",
                "resources.servicecosting",
                "resources.servicebenefit",
                "resources.appraisaloption",
                "resources.optionyear",
                "resources.optionrisk",
            )
        ],
    ]
