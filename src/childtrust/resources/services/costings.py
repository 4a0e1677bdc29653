"""Describing what money buys: each service's costing (target group, cost per child, capacity,
and the block it is funded in, if any), the demand for it in each locality, and its expected
benefit on the framework's outcomes with the strength of the evidence.

The rules, and why:

- Every figure carries a source and the date it describes ("as of"). A date in the future is
  refused: a figure is known as of a day that has come, and a future date is almost always a
  mistyped year. A figure may be as old as it likes; the pages show its date so readers can judge.
- A service funded in whole blocks (posts, contracts) has both a block cost and the children one
  block serves, or neither. Its cost per child must agree with them (block cost / children,
  within 1 per cent), because the optimiser prices part-funded blocks per child and whole blocks
  per block: two prices for one service would give two answers.
- A benefit per child is the expected rise in the chance of a good outcome, 0 to 1 (0.08: 8 in
  100 more children supported reach it), so that benefits add up to children better off. The
  forms ask for "children better off per 100 supported" and divide by 100.
- Only those who keep the budget change the figures (resources/access.py). Each write is one
  transaction with its audit event; a refused write changes nothing and leaves the caller's
  object as it was.
- Setting a figure creates it or replaces it. Two people saving the same figure at once are
  taken one after the other, the second replacing the first: the figure's row, if there is one,
  is locked first; if there is none, the database's unique constraint (one costing a service,
  one demand figure a locality, one benefit an outcome) lets only one of them create it, and the
  other, finding it made, changes it instead. (Resources locks only its own rows.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import audit_value, save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Locality, Outcome, Service
from childtrust.resources import access
from childtrust.resources.models import (
    EvidenceRating,
    LocalityDemand,
    ServiceBenefit,
    ServiceCosting,
    TargetGroup,
)

#: How far a block-funded service's cost per child may stray from block cost / children: the
#: rounding of a post's cost to whole pounds, not a second price.
BLOCK_PRICE_TOLERANCE = Decimal("0.01")

COSTING_FIELDS: tuple[str, ...] = (
    "target_group",
    "cost_per_child",
    "cost_source",
    "cost_as_of",
    "capacity",
    "capacity_source",
    "capacity_as_of",
    "block_cost",
    "block_children",
)
DEMAND_FIELDS: tuple[str, ...] = ("children", "source", "as_of")
BENEFIT_FIELDS: tuple[str, ...] = ("benefit_per_child", "evidence_rating", "source", "as_of")
#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
CHANGE_THE_FIGURES = "change what services cost and achieve"


def _text(value: str) -> str:
    return " ".join(value.split())


def _date_errors(errors: dict[str, str], name: str, value: datetime.date | None) -> None:
    today = timezone.localdate()
    if value is not None and value > today:
        errors[name] = (
            "The date cannot be in the future: enter the day the figure describes, "
            f"{today.day} {today:%B %Y} or earlier"
        )


def _source_errors(errors: dict[str, str], name: str, value: str) -> None:
    if not value:
        errors[name] = "Enter where the figure comes from, such as the service's accounts"


Figure = TypeVar("Figure", ServiceCosting, LocalityDemand, ServiceBenefit)


def _set(
    *,
    actor: User,
    model: type[Figure],
    keys: dict[str, models.Model],
    values: dict[str, Any],
    errors_of: Callable[[Figure], dict[str, str]],
) -> Figure:
    """Creates the figure `keys` name (a service, and a locality or an outcome) with the values,
    or changes the one there, checked (the part's own rules, then the model's), saved and
    recorded in one audit event: CREATE with the figures, or UPDATE with what changed from and
    to (nothing at all when no value differs). See the module's rules for two at once."""
    figure = model.objects.select_for_update().filter(**keys).first()
    if figure is None:
        try:
            with transaction.atomic():  # a savepoint: a refused insert leaves the rest usable
                return _create(
                    actor=actor, model=model, keys=keys, values=values, errors_of=errors_of
                )
        except (IntegrityError, ValidationError):
            # Refused: bad figures, or someone else has just created this one (then ours
            # replaces theirs, as if we had come second).
            figure = model.objects.select_for_update().filter(**keys).first()
            if figure is None:
                raise
    existing: Figure = figure
    update_and_record(
        actor=actor,
        instance=existing,
        changes=values,
        allowed=values,
        errors=lambda: errors_of(existing),
    )
    return existing


def _create(
    *,
    actor: User,
    model: type[Figure],
    keys: dict[str, models.Model],
    values: dict[str, Any],
    errors_of: Callable[[Figure], dict[str, str]],
) -> Figure:
    figure = model(**keys, **values)
    errors = errors_of(figure)
    if errors:
        raise ValidationError(errors)
    details = {name: audit_value(value) for name, value in values.items()}
    save_and_record(actor=actor, instance=figure, action=AuditAction.CREATE, details=details)
    return figure


def _remove(*, actor: User, figure: Figure, fields: tuple[str, ...]) -> None:
    """Deletes a figure; its audit event keeps what it was."""
    details = {name: audit_value(getattr(figure, name)) for name in fields}
    audit_record(actor=actor, action=AuditAction.DELETE, target=figure, details=details)
    figure.delete()


# --- Costings ---------------------------------------------------------------------------------


def _block_price(block_cost: Decimal, block_children: int) -> Decimal:
    """The cost per child of a block, to the penny."""
    return (block_cost / block_children).quantize(Decimal("0.01"))


def _costing_errors(costing: ServiceCosting) -> dict[str, str]:
    errors: dict[str, str] = {}
    if costing.target_group not in TargetGroup.values:
        errors["target_group"] = "Choose who the service is for"
    if costing.cost_per_child is not None and costing.cost_per_child <= 0:
        errors["cost_per_child"] = "Enter a cost per child of more than £0"
    if costing.capacity is not None and costing.capacity < 0:
        errors["capacity"] = "Enter the number of children the service can take, 0 or more"
    _source_errors(errors, "cost_source", costing.cost_source)
    _source_errors(errors, "capacity_source", costing.capacity_source)
    _date_errors(errors, "cost_as_of", costing.cost_as_of)
    _date_errors(errors, "capacity_as_of", costing.capacity_as_of)
    _block_errors(errors, costing)
    return errors


def _block_errors(errors: dict[str, str], costing: ServiceCosting) -> None:
    block_cost, block_children = costing.block_cost, costing.block_children
    if block_cost is not None and block_children is None:
        errors["block_children"] = (
            "Enter the children one block serves, or leave the block cost blank too"
        )
    elif block_children is not None and block_cost is None:
        errors["block_cost"] = "Enter the cost of one block, or leave the children per block blank"
    elif block_cost is not None and block_children is not None:
        if block_cost <= 0:
            errors["block_cost"] = "Enter a block cost of more than £0"
        if block_children <= 0:
            errors["block_children"] = "Enter the children one block serves, 1 or more"
        if block_cost > 0 and block_children > 0 and costing.cost_per_child:
            price = _block_price(block_cost, block_children)
            if abs(costing.cost_per_child - price) > price * BLOCK_PRICE_TOLERANCE:
                errors["cost_per_child"] = (
                    f"A block of £{block_cost:,.2f} for {block_children} children is "
                    f"£{price:,.2f} a child, but the cost per child is "
                    f"£{costing.cost_per_child:,.2f}: make them agree, or leave the block "
                    "figures blank"
                )


@transaction.atomic
def service_costing_set(
    *,
    actor: User,
    service: Service,
    target_group: str,
    cost_per_child: Decimal,
    cost_source: str,
    cost_as_of: datetime.date,
    capacity: int,
    capacity_source: str,
    capacity_as_of: datetime.date,
    block_cost: Decimal | None = None,
    block_children: int | None = None,
) -> ServiceCosting:
    """Creates the service's costing, or changes it (see the module's rules)."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_FIGURES)
    values = {
        "target_group": target_group,
        "cost_per_child": cost_per_child,
        "cost_source": _text(cost_source),
        "cost_as_of": cost_as_of,
        "capacity": capacity,
        "capacity_source": _text(capacity_source),
        "capacity_as_of": capacity_as_of,
        "block_cost": block_cost,
        "block_children": block_children,
    }
    return _set(
        actor=actor,
        model=ServiceCosting,
        keys={"service": service},
        values=values,
        errors_of=_costing_errors,
    )


# --- Demand by locality -----------------------------------------------------------------------


def _demand_errors(demand: LocalityDemand) -> dict[str, str]:
    errors: dict[str, str] = {}
    if demand.children is not None and demand.children < 0:
        errors["children"] = "Enter the number of children who need the service, 0 or more"
    _source_errors(errors, "source", demand.source)
    _date_errors(errors, "as_of", demand.as_of)
    return errors


@transaction.atomic
def locality_demand_set(
    *,
    actor: User,
    service: Service,
    locality: Locality,
    children: int,
    source: str,
    as_of: datetime.date,
) -> LocalityDemand:
    """Sets how many children in a locality need the service in a year, replacing the figure
    the service had for that locality."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_FIGURES)
    return _set(
        actor=actor,
        model=LocalityDemand,
        keys={"service": service, "locality": locality},
        values={"children": children, "source": _text(source), "as_of": as_of},
        errors_of=_demand_errors,
    )


@transaction.atomic
def locality_demand_remove(*, actor: User, demand: LocalityDemand) -> None:
    """Removes a locality's demand figure (the service no longer works there, or it was entered
    for the wrong locality). The audit event keeps the figure removed."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_FIGURES)
    _remove(actor=actor, figure=demand, fields=("service", "locality", *DEMAND_FIELDS))


# --- Expected benefits ------------------------------------------------------------------------


def _benefit_errors(benefit: ServiceBenefit) -> dict[str, str]:
    errors: dict[str, str] = {}
    value = benefit.benefit_per_child
    if value is not None and not Decimal("0") <= value <= Decimal("1"):
        errors["benefit_per_child"] = (
            "Enter the children better off per 100 supported, from 0 to 100"
        )
    if benefit.evidence_rating not in EvidenceRating.values:
        errors["evidence_rating"] = "Choose how strong the evidence is, level 1 to 4"
    _source_errors(errors, "source", benefit.source)
    _date_errors(errors, "as_of", benefit.as_of)
    return errors


@transaction.atomic
def service_benefit_set(
    *,
    actor: User,
    service: Service,
    outcome: Outcome,
    benefit_per_child: Decimal,
    evidence_rating: int,
    source: str,
    as_of: datetime.date,
) -> ServiceBenefit:
    """Sets the service's expected benefit per child on one outcome, 0 to 1 (0.08 is 8 in 100
    more children reaching a good outcome), with its evidence rating; replaces the figure the
    service had for that outcome."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_FIGURES)
    values = {
        "benefit_per_child": benefit_per_child,
        "evidence_rating": evidence_rating,
        "source": _text(source),
        "as_of": as_of,
    }
    return _set(
        actor=actor,
        model=ServiceBenefit,
        keys={"service": service, "outcome": outcome},
        values=values,
        errors_of=_benefit_errors,
    )


@transaction.atomic
def service_benefit_remove(*, actor: User, benefit: ServiceBenefit) -> None:
    """Removes a service's expected benefit on an outcome. The audit event keeps the figure."""
    require(access.can_manage_resources(actor), to=CHANGE_THE_FIGURES)
    _remove(actor=actor, figure=benefit, fields=("service", "outcome", *BENEFIT_FIELDS))


# --- Exports ----------------------------------------------------------------------------------


def duplication_export_record(*, actor: User, rows: int, year_label: str = "") -> None:
    """Downloading the duplication candidates is an export: two agencies' costings side by side
    leave the system, and who took a copy is kept."""
    require(access.can_view_duplication(actor), to="download the duplication candidates")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="resources.duplication",
        object_repr="Duplication candidates",
        details={"format": "csv", "view": "duplication", "rows": rows, "year": year_label},
    )
