"""Every resources service refuses a person whose role may not make its write, before writing
anything: PermissionDenied with the sentence that says what they tried, and not one row or audit
event more. Keeping the budget, the figures, the allocations and the appraisals is for finance
officers and strategic leads; a download is anyone's who may see resources (not a deactivated
account's), the duplication candidates only theirs who see every partner's figures. The pages
answer such a refusal with 403 and the API with 403 and the same sentence (see the views' and
the API's own tests)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.resources import models as resources_models
from childtrust.resources.models import (
    AllocationRun,
    AllocationStatus,
    Appraisal,
    BudgetLine,
    Contribution,
    ContributionKind,
    LocalityDemand,
    ServiceBenefit,
)
from childtrust.resources.services import allocation, appraisal, budget, costings, spend
from tests.factories import UserFactory
from tests.resources.factories_allocation import SmallPartnership, small_partnership
from tests.resources.factories_appraisal import two_option_appraisal
from tests.resources.factories_budget import budget_keeper

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@dataclass(frozen=True)
class World:
    """The small partnership, an appraisal in draft and a run the board may be proposed."""

    partnership: SmallPartnership
    appraisal: Appraisal
    run: AllocationRun

    @property
    def line(self) -> BudgetLine:
        return BudgetLine.objects.get(service=self.partnership.health_visiting)

    @property
    def contribution(self) -> Contribution:
        return Contribution.objects.filter(agency=self.partnership.health).first()  # type: ignore[return-value]


@pytest.fixture
def world() -> World:
    partnership = small_partnership()
    run = AllocationRun.objects.create(
        year=partnership.year,
        name="Board paper",
        budget=Decimal("100000"),
        locality_floor_share=Decimal("0"),
        whole_blocks=True,
        status=AllocationStatus.OPTIMAL,
    )
    return World(partnership=partnership, appraisal=two_option_appraisal(), run=run)


Write = Callable[[World, User], Any]


def _option_years() -> list[appraisal.YearInput]:
    return [appraisal.YearInput(year_index=0, costs=Decimal("100"), benefits=Decimal("0"))]


# Each service with a call that would succeed for a finance officer, and what it says it tried.
KEEPING: dict[str, tuple[Write, str]] = {
    "financial_year_create": (
        lambda _w, u: budget.financial_year_create(actor=u, start_year=2030),
        "add financial years",
    ),
    "contribution_create": (
        lambda w, u: budget.contribution_create(
            actor=u,
            year=w.partnership.year,
            agency=w.partnership.health,
            kind=ContributionKind.POOLED,
            amount=Decimal("100"),
        ),
        "change the budget",
    ),
    "contribution_update": (
        lambda w, u: budget.contribution_update(
            actor=u, contribution=w.contribution, amount=Decimal("1")
        ),
        "change the budget",
    ),
    "budget_line_create": (
        lambda w, u: budget.budget_line_create(
            actor=u, year=w.partnership.year, service=w.partnership.parenting, budget=Decimal("1")
        ),
        "change the budget",
    ),
    "budget_line_update": (
        lambda w, u: budget.budget_line_update(actor=u, line=w.line, budget=Decimal("1")),
        "change the budget",
    ),
    "monthly_spend_record": (
        lambda w, u: spend.monthly_spend_record(
            actor=u,
            line=w.line,
            month=datetime.date(2026, 4, 1),
            amount=Decimal("100"),
            today=TODAY,
        ),
        "record spend",
    ),
    "monthly_spend_import": (
        lambda w, u: spend.monthly_spend_import(
            actor=u,
            year=w.partnership.year,
            rows=[{"service": "health-visiting", "month": "2026-04", "amount": "100"}],
            source_name="spend.csv",
            today=TODAY,
        ),
        "record spend",
    ),
    "service_costing_set": (
        lambda w, u: costings.service_costing_set(
            actor=u,
            service=w.partnership.parenting,
            target_group="families",
            cost_per_child=Decimal("100"),
            cost_source="Accounts",
            cost_as_of=TODAY,
            capacity=10,
            capacity_source="Plan",
            capacity_as_of=TODAY,
        ),
        "change what services cost and achieve",
    ),
    "locality_demand_set": (
        lambda w, u: costings.locality_demand_set(
            actor=u,
            service=w.partnership.health_visiting,
            locality=w.partnership.central,
            children=5,
            source="JSNA",
            as_of=TODAY,
        ),
        "change what services cost and achieve",
    ),
    "locality_demand_remove": (
        lambda w, u: costings.locality_demand_remove(
            actor=u, demand=LocalityDemand.objects.filter(service=w.partnership.health_visiting)[0]
        ),
        "change what services cost and achieve",
    ),
    "service_benefit_set": (
        lambda w, u: costings.service_benefit_set(
            actor=u,
            service=w.partnership.health_visiting,
            outcome=w.partnership.safe,
            benefit_per_child=Decimal("0.2"),
            evidence_rating=3,
            source="Evaluation",
            as_of=TODAY,
        ),
        "change what services cost and achieve",
    ),
    "service_benefit_remove": (
        lambda w, u: costings.service_benefit_remove(
            actor=u,
            benefit=ServiceBenefit.objects.filter(service=w.partnership.drop_in).first()
            or ServiceBenefit.objects.all()[0],
        ),
        "change what services cost and achieve",
    ),
    "allocation_run": (
        lambda w, u: allocation.allocation_run(
            actor=u,
            year=w.partnership.year,
            name="",
            locality_floor_share=Decimal("0"),
            whole_blocks=True,
        ),
        "run allocations",
    ),
    "allocation_queue": (
        lambda w, u: allocation.allocation_queue(
            actor=u,
            year=w.partnership.year,
            name="",
            locality_floor_share=Decimal("0"),
            whole_blocks=True,
        ),
        "run allocations",
    ),
    "allocation_propose": (
        lambda w, u: allocation.allocation_propose(actor=u, run=w.run),
        "propose allocations",
    ),
    "appraisal_create": (
        lambda _w, u: appraisal.appraisal_create(
            actor=u, title="Another", question="Why?", first_year=2026
        ),
        "keep option appraisals",
    ),
    "appraisal_update": (
        lambda w, u: appraisal.appraisal_update(
            actor=u, appraisal=w.appraisal, title="Renamed", question="Why?", first_year=2026
        ),
        "keep option appraisals",
    ),
    "option_create": (
        lambda w, u: appraisal.option_create(
            actor=u, appraisal=w.appraisal, name="C", years=_option_years()
        ),
        "keep option appraisals",
    ),
    "option_update": (
        lambda w, u: appraisal.option_update(
            actor=u, option=w.appraisal.options.get(name="B"), years=_option_years(), name="B2"
        ),
        "keep option appraisals",
    ),
    "risk_create": (
        lambda w, u: appraisal.risk_create(
            actor=u,
            option=w.appraisal.options.get(name="B"),
            description="Delay",
            likelihood=Decimal("0.5"),
            cost_if_it_happens=Decimal("10"),
        ),
        "keep option appraisals",
    ),
    "risk_delete": (
        lambda w, u: appraisal.risk_delete(
            actor=u, risk=w.appraisal.options.get(name="A").risks.get()
        ),
        "keep option appraisals",
    ),
    "appraisal_decide": (
        lambda w, u: appraisal.appraisal_decide(
            actor=u,
            appraisal=w.appraisal,
            chosen_option=w.appraisal.options.get(name="A"),
            decision="A, by the board",
        ),
        "keep option appraisals",
    ),
}

DOWNLOADS: dict[str, tuple[Write, str]] = {
    "budget_export_record": (
        lambda w, u: budget.budget_export_record(
            actor=u, year=w.partnership.year, view="budget_year", rows=1
        ),
        "download the budget",
    ),
    "allocation_export_record": (
        lambda w, u: allocation.allocation_export_record(actor=u, run=w.run, rows=1),
        "download allocations",
    ),
    "appraisal_export_record": (
        lambda w, u: appraisal.appraisal_export_record(actor=u, appraisal=w.appraisal, rows=1),
        "download option appraisals",
    ),
}

NOT_KEEPING = [role for role in Role if role not in (Role.FINANCE_OFFICER, Role.STRATEGIC_LEAD)]


def _written() -> dict[str, int]:
    """How many rows each resources table and the audit log hold."""
    counts = {
        model.__name__: model.objects.count()
        for model in vars(resources_models).values()
        if isinstance(model, type)
        and issubclass(model, models.Model)
        and not model._meta.abstract
        and model._meta.app_label == "resources"
    }
    return counts | {"AuditEvent": AuditEvent.objects.count()}


def _refused(world: World, user: User, write: Write, tried: str) -> None:
    before = _written()
    with pytest.raises(PermissionDenied, match=f"^Your role does not allow you to {tried}.$"):
        write(world, user)
    assert _written() == before


@pytest.mark.parametrize("service", list(KEEPING))
def test_a_practitioner_is_refused_every_write_and_nothing_is_written(
    world: World, service: str
) -> None:
    write, tried = KEEPING[service]
    _refused(world, UserFactory(role=Role.PRACTITIONER), write, tried)


@pytest.mark.parametrize("role", NOT_KEEPING)
def test_no_role_but_the_budgets_keepers_may_change_the_budget(world: World, role: Role) -> None:
    write, tried = KEEPING["budget_line_update"]
    _refused(world, UserFactory(role=role), write, tried)


@pytest.mark.parametrize("service", list(KEEPING))
def test_a_finance_officer_may_make_every_write(world: World, service: str) -> None:
    write, _ = KEEPING[service]
    write(world, budget_keeper())


@pytest.mark.parametrize("service", list(DOWNLOADS))
def test_a_deactivated_account_is_refused_a_download(world: World, service: str) -> None:
    write, tried = DOWNLOADS[service]
    _refused(world, UserFactory(role=Role.FINANCE_OFFICER, is_active=False), write, tried)
    write(world, UserFactory(role=Role.PRACTITIONER))
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_only_those_who_see_every_partner_may_download_the_duplication_candidates() -> None:
    def download(_world: Any, user: User) -> None:
        costings.duplication_export_record(actor=user, rows=0)

    _refused(
        None,  # type: ignore[arg-type]
        UserFactory(role=Role.PRACTITIONER),
        download,
        "download the duplication candidates",
    )
    download(None, UserFactory(role=Role.AUDITOR))
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1
