"""Two people saving the same figure at the same moment: the second waits for the first and
replaces its figure (or, for a decision, is refused), instead of failing on the database's
unique constraint. Locks are real only on PostgreSQL (SQLite runs one writer at a time), so
these run there: DATABASE_URL=postgres://... pytest tests/resources/test_resources_races.py."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

from childtrust.resources.models import (
    AppraisalStatus,
    LocalityDemand,
    MonthlySpend,
    ServiceBenefit,
    ServiceCosting,
)
from childtrust.resources.services import appraisal as appraisal_services
from childtrust.resources.services import costings as costing_services
from childtrust.resources.services import spend as spend_services
from tests.factories import LocalityFactory, OutcomeFactory, ServiceFactory
from tests.resources.factories_appraisal import two_option_appraisal
from tests.resources.factories_budget import BudgetLineFactory, budget_keeper

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

AS_OF = datetime.date(2026, 4, 1)


def _one_after_the_other(first: Callable[[], Any], second: Callable[[], Any]) -> Any:
    """Runs `first` in a transaction that stays open a moment after it has written, and `second`
    in another thread as soon as `first` has written; answers what `second` answered or
    raised."""
    written = threading.Event()
    outcome: dict[str, Any] = {}

    def hold() -> None:
        try:
            with transaction.atomic():
                first()
                written.set()
                time.sleep(0.5)
        finally:
            written.set()
            close_old_connections()
            connection.close()

    def race() -> None:
        written.wait(5)
        try:
            outcome["value"] = second()
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=hold), threading.Thread(target=race)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return outcome


def test_demand_saved_twice_at_once_keeps_the_second_figure() -> None:
    actor, service, locality = budget_keeper(), ServiceFactory(), LocalityFactory()

    def save(children: int) -> Callable[[], Any]:
        return lambda: costing_services.locality_demand_set(
            actor=actor,
            service=service,
            locality=locality,
            children=children,
            source="JSNA",
            as_of=AS_OF,
        )

    outcome = _one_after_the_other(save(10), save(20))

    assert "error" not in outcome, outcome.get("error")
    assert list(LocalityDemand.objects.values_list("children", flat=True)) == [20]


def test_a_benefit_saved_twice_at_once_keeps_the_second_figure() -> None:
    actor, service, outcome_ = budget_keeper(), ServiceFactory(), OutcomeFactory()

    def save(benefit: str) -> Callable[[], Any]:
        return lambda: costing_services.service_benefit_set(
            actor=actor,
            service=service,
            outcome=outcome_,
            benefit_per_child=Decimal(benefit),
            evidence_rating=2,
            source="EIF",
            as_of=AS_OF,
        )

    outcome = _one_after_the_other(save("0.05"), save("0.07"))

    assert "error" not in outcome, outcome.get("error")
    assert list(ServiceBenefit.objects.values_list("benefit_per_child", flat=True)) == [
        Decimal("0.0700")
    ]


def test_a_costing_saved_twice_at_once_keeps_the_second_figure() -> None:
    actor, service = budget_keeper(), ServiceFactory()

    def save(cost: str) -> Callable[[], Any]:
        return lambda: costing_services.service_costing_set(
            actor=actor,
            service=service,
            target_group="early_years",
            cost_per_child=Decimal(cost),
            cost_source="Accounts",
            cost_as_of=AS_OF,
            capacity=10,
            capacity_source="Plan",
            capacity_as_of=AS_OF,
        )

    outcome = _one_after_the_other(save("100"), save("200"))

    assert "error" not in outcome, outcome.get("error")
    assert list(ServiceCosting.objects.values_list("cost_per_child", flat=True)) == [
        Decimal("200.00")
    ]


def test_a_month_recorded_twice_at_once_keeps_the_second_figure() -> None:
    actor, line = budget_keeper(), BudgetLineFactory()
    month, today = datetime.date(2026, 5, 1), datetime.date(2026, 11, 26)

    def record(amount: str) -> Callable[[], Any]:
        return lambda: spend_services.monthly_spend_record(
            actor=actor, line=line, month=month, amount=Decimal(amount), today=today
        )

    outcome = _one_after_the_other(record("100"), record("200"))

    assert "error" not in outcome, outcome.get("error")
    assert list(MonthlySpend.objects.values_list("amount", flat=True)) == [Decimal("200.00")]


def test_of_two_decisions_recorded_at_once_the_second_is_refused() -> None:
    actor = budget_keeper()
    appraisal = two_option_appraisal()
    a, b = appraisal.options.get(name="A"), appraisal.options.get(name="B")
    # Each person opened the record while it was still a draft.
    first_copy = type(appraisal).objects.get(pk=appraisal.pk)
    second_copy = type(appraisal).objects.get(pk=appraisal.pk)

    outcome = _one_after_the_other(
        lambda: appraisal_services.appraisal_decide(
            actor=actor, appraisal=first_copy, chosen_option=a, decision="A, by the board"
        ),
        lambda: appraisal_services.appraisal_decide(
            actor=actor, appraisal=second_copy, chosen_option=b, decision="B, by the lead"
        ),
    )

    assert isinstance(outcome.get("error"), ValidationError)
    appraisal.refresh_from_db()
    assert (appraisal.status, appraisal.chosen_option) == (AppraisalStatus.DECIDED, a)
