"""The demo partnership's pooled budget for 2026-27: a budget line for every active service, the
statutory minimums of the statutory services, each partner's contributions, and the spend
recorded from April to October 2026. Invented, labelled demonstration data.

How the figures are made:

- The lines are a historical allocation, not an optimal one: last year's budgets rolled
  forward, as most partnerships' first pooled budgets are. A line's full cost is its costing's
  cost per child times the children it could serve (its capacity, or the city's total demand
  where that is smaller). Most lines are budgeted at that full cost, the costly statutory and
  specialist ones (placements, fostering, alternative provision, community CAMHS) included.
  Thirteen services that do a lot of good per pound are budgeted below it, at the share in
  `HISTORICAL_SHARE` (60% to 85%): they grew their places in 2025-26 (two new family hubs, a
  fourth mental health support team, more breakfast clubs, a larger youth offer) but their
  growth bids were not funded, so they have room the money does not pay for. The optimiser's
  proposal therefore moves a little money from the places that do least per pound to them, and
  helps some 8% more children to a better outcome with the same budget. Budgets are rounded to
  the nearest £1,000; a service without a costing is budgeted at £50,000.
- Statutory services carry a minimum with the duty behind it (children in need and child
  protection, children in care and care leavers, fostering and adoption, short breaks, SEND,
  school attendance, the public health visits), a share of the line's budget. The SEND
  information, advice and support service's contracted minimum is instead the full cost of its
  800 places (£120,000), and its line is budgeted £10,000 below it on purpose, so that the
  "below statutory minimum" flag shows; the allocation can still meet the minimum.
- Each partner contributes what its own lines cost, about 40% pooled and the rest aligned;
  health visiting and school nursing, Community Health's services, are paid for instead by the
  council's public health grant, pooled and ring-fenced to each of them (the grant's
  conditions). Contributions therefore add up to the total of the lines.
- Spend runs from April to October 2026 (today is 26 November 2026 in the demo, and October's
  ledger is the last closed). Each line spends a little under a twelfth of its budget a month
  (between 96.5% and 99.5% of it, plus or minus 2% a month); children in care placements and
  crisis and home treatment run 9% and 12% over (placement prices and a summer of crisis
  admissions), and the Family Nurse Partnership 15% under (two nurse vacancies), so two lines
  are heading for overspend and one is underspending.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models, transaction
from django.db.models import Sum

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.partnership.demo.loader import DemoLoadRefusedError
from childtrust.partnership.models import Agency, Service
from childtrust.partnership.selectors.registry import local_authority_agency, services_active
from childtrust.resources.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    FinancialYear,
    LocalityDemand,
    MonthlySpend,
    ServiceCosting,
)

SEED = 2627  # any fixed number: the spend is the same every time
SOURCE = "demo data"
YEAR_LABEL = "2026-27"
YEAR_STARTS_ON = datetime.date(2026, 4, 1)
#: The months whose spend is recorded: April to October 2026.
SPEND_MONTHS = [datetime.date(2026, month, 1) for month in range(4, 11)]
FALLBACK_BUDGET = Decimal("50000")
POOLED_SHARE = Decimal("0.4")
THOUSAND = Decimal("1000")

#: Statutory minimums: the share of the budget the duty requires, and the duty.
STATUTORY: dict[str, tuple[Decimal, str]] = {
    "child-in-need-and-child-protection-social-work": (
        Decimal("0.95"),
        "Children Act 1989, sections 17 and 47 (assessments and child protection enquiries)",
    ),
    "children-in-care-and-care-leavers": (
        Decimal("0.95"),
        "Children Act 1989, sections 22 and 22G (placements and sufficiency); Children "
        "(Leaving Care) Act 2000",
    ),
    "fostering-and-adoption": (
        Decimal("0.90"),
        "Adoption and Children Act 2002; Fostering Services (England) Regulations 2011",
    ),
    "short-breaks-for-disabled-children": (
        Decimal("0.85"),
        "Breaks for Carers of Disabled Children Regulations 2011",
    ),
    "educational-psychology-service": (
        Decimal("0.80"),
        "Children and Families Act 2014, section 36 (education, health and care needs assessments)",
    ),
    "send-information-advice-and-support": (
        Decimal("1"),
        "Children and Families Act 2014, section 32 (SEND information, advice and support): "
        "contracted minimum",
    ),
    "education-welfare-service": (
        Decimal("0.75"),
        "Education Act 1996, sections 437 to 447 (school attendance)",
    ),
    "health-visiting": (
        Decimal("0.90"),
        "Local Authorities (Public Health Functions and Entry to Premises by Local Healthwatch "
        "Representatives) Regulations 2013 (mandated health visitor reviews); public health "
        "grant conditions",
    ),
    "school-nursing": (
        Decimal("0.90"),
        "Public health grant conditions (Healthy Child Programme 5 to 19, National Child "
        "Measurement Programme)",
    ),
}
#: Services budgeted below their full cost (see the module's notes): the share of it they get.
HISTORICAL_SHARE: dict[str, Decimal] = {
    "supervised-toothbrushing-in-early-years": Decimal("0.60"),
    "domestic-abuse-notifications-to-schools": Decimal("0.70"),
    "family-hubs": Decimal("0.75"),
    "careers-information-advice-and-guidance": Decimal("0.75"),
    "school-breakfast-clubs": Decimal("0.70"),
    "healthy-weight-service-for-children": Decimal("0.60"),
    "holiday-activities-and-food": Decimal("0.70"),
    "drop-in-and-online-counselling": Decimal("0.70"),
    "mental-health-support-teams-in-schools": Decimal("0.75"),
    "school-based-counselling": Decimal("0.75"),
    "youth-clubs-and-detached-youth-work": Decimal("0.80"),
    "education-welfare-service": Decimal("0.80"),
    "camhs-single-point-of-access": Decimal("0.85"),
}
#: Lines whose contracted minimum is their full cost, budgeted this much below it.
BELOW_MINIMUM = {"send-information-advice-and-support": Decimal("10000")}
#: The public health grant, which the council pools and ring-fences to these services.
PUBLIC_HEALTH_GRANT = {
    "health-visiting": "Public health grant: health visiting (0 to 5)",
    "school-nursing": "Public health grant: school nursing (5 to 19)",
}
#: How each line's spend runs against a twelfth of its budget, where it is not the usual.
SPEND_PRESSURE = {
    "children-in-care-and-care-leavers": Decimal("1.09"),
    "crisis-and-home-treatment": Decimal("1.12"),
    "family-nurse-partnership": Decimal("0.85"),
}


class BudgetDemoRefusedError(DemoLoadRefusedError):
    pass


def _thousands(value: Decimal) -> Decimal:
    return (value / THOUSAND).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * THOUSAND


def _pence(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def demo_line_budget(
    service: Service, costing: ServiceCosting | None, demand: int | None
) -> Decimal:
    """What the demo budgets for a service (see the module's notes)."""
    if costing is None:
        return FALLBACK_BUDGET
    share = HISTORICAL_SHARE.get(service.slug, Decimal("1"))
    return _thousands(demo_full_cost(costing, demand) * share)


def demo_full_cost(costing: ServiceCosting, demand: int | None) -> Decimal:
    """The cost of every child a service could serve: its capacity, or the demand if smaller."""
    children = costing.capacity if demand is None else min(costing.capacity, demand)
    return costing.cost_per_child * children


@dataclass
class _Plan:
    year: FinancialYear
    lines: list[BudgetLine]
    contributions: list[Contribution]
    spend: list[MonthlySpend]


def _lines(year: FinancialYear) -> list[BudgetLine]:
    services = list(services_active().order_by("slug"))
    costings = {c.service_id: c for c in ServiceCosting.objects.filter(service__in=services)}
    demand = dict(
        LocalityDemand.objects.filter(service__in=services)
        .values("service")
        .annotate(total=Sum("children"))
        .values_list("service", "total")
    )
    lines = []
    for service in services:
        costing = costings.get(service.pk)
        budget = demo_line_budget(service, costing, demand.get(service.pk))
        share, basis = STATUTORY.get(service.slug, (Decimal("0"), ""))
        minimum = _thousands(budget * share)
        if service.slug in BELOW_MINIMUM and costing is not None:
            minimum = _thousands(demo_full_cost(costing, demand.get(service.pk)))
            budget = minimum - BELOW_MINIMUM[service.slug]
        lines.append(
            BudgetLine(
                year=year,
                service=service,
                budget=budget,
                statutory_minimum=minimum,
                statutory_basis=basis,
            )
        )
    return lines


def _contributions(year: FinancialYear, lines: list[BudgetLine]) -> list[Contribution]:
    council = local_authority_agency()
    owed: dict[int, Decimal] = {}
    agencies: dict[int, Agency] = {}
    grant: list[Contribution] = []
    for line in lines:
        agency = line.service.agency
        if council is not None and line.service.slug in PUBLIC_HEALTH_GRANT:
            grant.append(
                Contribution(
                    year=year,
                    agency=council,
                    kind=ContributionKind.POOLED,
                    amount=line.budget,
                    ring_fenced_service=line.service,
                    description=PUBLIC_HEALTH_GRANT[line.service.slug],
                )
            )
            continue
        agencies[agency.pk] = agency
        owed[agency.pk] = owed.get(agency.pk, Decimal("0")) + line.budget
    contributions = []
    for agency_pk, total in sorted(owed.items(), key=lambda item: agencies[item[0]].name):
        pooled = _thousands(total * POOLED_SHARE)
        for kind, amount, description in (
            (ContributionKind.POOLED, pooled, "Into the pooled budget (section 75 agreement)"),
            (ContributionKind.ALIGNED, total - pooled, "Aligned to the shared plan"),
        ):
            contributions.append(
                Contribution(
                    year=year,
                    agency=agencies[agency_pk],
                    kind=kind,
                    amount=amount,
                    description=description,
                )
            )
    return contributions + grant


def _spend(lines: list[BudgetLine], rng: random.Random) -> list[MonthlySpend]:
    spend = []
    for line in lines:
        twelfth = line.budget / 12
        pressure = SPEND_PRESSURE.get(line.service.slug)
        rate = (
            pressure if pressure is not None else Decimal(str(round(rng.uniform(0.965, 0.995), 4)))
        )
        for month in SPEND_MONTHS:
            wobble = Decimal(str(round(rng.uniform(-0.02, 0.02), 4)))
            spend.append(
                MonthlySpend(
                    line=line,
                    month=month,
                    amount=_pence(twelfth * (rate + wobble)),
                    note="Demonstration figure",
                )
            )
    return spend


def _bulk(
    created: dict[type[models.Model], int], model: type[models.Model], rows: list[models.Model]
) -> None:
    for row in rows:
        row.full_clean(validate_unique=False, validate_constraints=False)
    model._default_manager.bulk_create(rows)
    created[model] = created.get(model, 0) + len(rows)


@transaction.atomic
def budget_demo_load(*, seed: int = SEED) -> dict[type[models.Model], int]:
    """Writes the demo year 2026-27 with its budget lines, contributions and spend, with one
    audit event per kind of record. Run after the costings demo, whose figures set the lines."""
    if FinancialYear.objects.filter(label=YEAR_LABEL).exists():
        raise BudgetDemoRefusedError(f"The financial year {YEAR_LABEL} already exists.")
    rng = random.Random(seed)  # noqa: S311 (invented data, not security)
    created: dict[type[models.Model], int] = {}
    year = FinancialYear(label=YEAR_LABEL, starts_on=YEAR_STARTS_ON)
    _bulk(created, FinancialYear, [year])
    year = FinancialYear.objects.get(label=YEAR_LABEL)
    lines = _lines(year)
    _bulk(created, BudgetLine, list(lines))
    lines = list(BudgetLine.objects.filter(year=year).select_related("service__agency"))
    lines.sort(key=lambda line: line.service.slug)
    _bulk(created, Contribution, list(_contributions(year, lines)))
    _bulk(created, MonthlySpend, list(_spend(lines, rng)))
    for model, count in created.items():
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type=model._meta.label_lower,
            object_repr=f"{count} {model._meta.verbose_name_plural}",
            details={"count": count, "source": SOURCE, "year": YEAR_LABEL},
        )
    return created
