"""Small allocation problems for the optimiser's tests, built from a few figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from childtrust.resources.optimiser import (
    AllocationProblem,
    AllocationResult,
    Key,
    PartnerFunds,
    ServiceOption,
)

NAMES = {"W": "West", "C": "Central", "E": "East"}


def service(
    key: str,
    *,
    cost: float,
    benefit: float,
    demand: Mapping[Key, float],
    capacity: float = 1_000_000,
    partner: str = "P",
    **extra: Any,
) -> ServiceOption:
    """A service called `key` with capitalised name (service("a") is "Service a")."""
    return ServiceOption(
        key=key,
        name=f"Service {key}",
        partner=partner,
        cost_per_child=cost,
        capacity=capacity,
        benefit_per_child=benefit,
        demand=dict(demand),
        **extra,
    )


def funds(key: str = "P", *, pooled: float = 0.0, aligned: float = 0.0) -> PartnerFunds:
    return PartnerFunds(key=key, name=f"Partner {key}", pooled=pooled, aligned=aligned)


def problem(
    services: Sequence[ServiceOption],
    partners: Sequence[PartnerFunds],
    *,
    localities: Sequence[str] = ("W",),
    **extra: Any,
) -> AllocationProblem:
    return AllocationProblem(
        services=list(services),
        partners=list(partners),
        localities=list(localities),
        locality_names={key: NAMES[key] for key in localities},
        **extra,
    )


def marginal(result: AllocationResult, constraint: str) -> float:
    """The marginal value named `constraint`; 0 when that constraint does not bind."""
    values = [mv.benefit_per_pound for mv in result.marginal_values if mv.constraint == constraint]
    assert len(values) <= 1
    return values[0] if values else 0.0
