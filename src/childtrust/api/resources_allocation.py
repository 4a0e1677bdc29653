"""Allocations of the pooled budget: the runs, a run with the lines the caller may see, and
running a new one. The same rules as the pages: every partner may read runs (a partner sees
only its own agency's lines; the totals are the whole partnership's); strategic leads and
finance officers run them, and propose one to the partnership board. Each write endpoint asks
first, as its service will, whether the caller may, so that someone who may not is answered 403
before any year or run is looked up."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from childtrust.accounts.http import AuthenticatedRequest
from childtrust.accounts.models import User
from childtrust.api.pagination import paginated
from childtrust.api.schemas import REFUSALS, Message, RequestBody
from childtrust.core.permissions import require
from childtrust.resources import access
from childtrust.resources.models import AllocationRun
from childtrust.resources.selectors import allocation as selectors
from childtrust.resources.selectors.allocation_page import (
    allocation_api_notes,
    marginal_value_sentence,
)
from childtrust.resources.selectors.allocation_problem import locality_floor_too_high
from childtrust.resources.selectors.budget import financial_year_with_label
from childtrust.resources.services.allocation import (
    PROPOSE_ALLOCATIONS,
    RUN_ALLOCATIONS,
    allocation_propose,
    allocation_run,
)

router = Router(tags=["Allocations"])

#: What a refused reader tried, in the refusal's sentence, as on the pages.
SEE_ALLOCATIONS = "see allocations"


class AllocationSummaryOut(Schema):
    id: int
    year: str = Field(description='The financial year, such as "2026-27".')
    name: str
    status: str = Field(
        description="optimal; infeasible when no allocation meets every limit; queued or "
        "running while a run asked for on the pages is worked out in the background; failed."
    )
    budget: Decimal | None = Field(
        description="The total to allocate, in pounds; null until a queued run has started."
    )
    locality_floor_share: Decimal = Field(
        description="The least share of the budget each locality receives (0.15 is 15%)."
    )
    whole_blocks: bool = Field(description="Posts and contracts funded in whole blocks.")
    total_benefit: float | None = Field(
        description="Better outcomes expected (an expected number of child-outcomes: a child "
        "expected to do better on two outcomes counts twice); null when infeasible."
    )
    children_reached: float | None = Field(
        description="Children reached, at most: in each locality no more than its places and "
        "no more than its child population (aged 0 to 17, from the outcomes data), since a "
        "child may use several services. A whole number; null when infeasible."
    )
    proposed: bool = Field(description="The year's allocation put to the partnership board.")
    solve_seconds: float | None = Field(description="null until the run is worked out.")
    created_at: datetime

    @staticmethod
    def resolve_year(obj: AllocationRun | dict[str, Any]) -> str:
        # A run from a list, or the detail's figures already worked out.
        return obj.year.label if isinstance(obj, AllocationRun) else str(obj["year"])


class AllocationLineOut(Schema):
    service: str
    service_slug: str
    agency: str
    agency_slug: str
    locality: str
    locality_slug: str
    children: float = Field(
        description="Places funded, a whole number (a child served by two services holds two)."
    )
    spend: Decimal = Field(description="Pounds.")
    benefit: float = Field(description="Better outcomes expected (an expected number).")


class MarginalValueOut(Schema):
    constraint: str
    kind: str = Field(
        description="budget, statutory_minimum, ring_fenced, locality_floor, aligned, capacity "
        "or demand."
    )
    benefit_per_pound: float = Field(
        description="More children better off for one more pound on the limit (capacity and "
        "demand: one pound's worth of places)."
    )
    words: str


class SensitivityOut(Schema):
    scale: float = Field(description="0.9: every contribution cut by 10%; 1.1: raised by 10%.")
    status: str
    budget: float
    total_benefit: float | None
    children_reached: float | None = Field(description="At most, as the run's.")
    places: float | None = Field(None, description="Places funded.")
    benefit_change: float | None = Field(description="Against this run.")
    children_change: float | None
    conflicts: list[str]


class AlternativeOut(Schema):
    status: str
    total_benefit: float | None
    children_reached: float | None = Field(description="At most, as the run's.")
    places: float | None = Field(None, description="Places funded.")
    conflicts: list[str]


class AlternativesOut(Schema):
    independent_agencies: AlternativeOut = Field(
        description="Each agency spends its own money on its own services."
    )
    one_trust: AlternativeOut = Field(description="One pooled allocation.")
    sentence: str


class AllocationDetailOut(AllocationSummaryOut):
    explanation: list[str] = Field(
        description="When infeasible: which constraints conflict, in words; when failed, why. "
        "A partner reads in full only the reasons about its own agency; the others are "
        "counted in one sentence, without names or figures."
    )
    warnings: list[str] = Field(
        description="What was left out of the problem, and why: by the same rule as "
        "`explanation`, another partner's left-out services are counted, not named."
    )
    lines_shown: str = Field(
        description="all, or own_agency: a partner sees only its own agency's lines."
    )
    lines: list[AllocationLineOut]
    places: int | None = Field(
        None, description="Places funded in all; null when infeasible or run before places."
    )
    statutory_services: list[str] = Field(
        default_factory=list,
        description="Services funded at their statutory level, not optimised (never a saving).",
    )
    marginal_values: list[MarginalValueOut]
    sensitivity: list[SensitivityOut]
    alternatives: AlternativesOut | None


class AllocationRunIn(RequestBody):
    year: str = Field(description='The financial year, such as "2026-27".')
    name: str = Field("", max_length=200, description="Left blank, made from the settings.")
    locality_floor_percent: Decimal = Field(
        ge=0, le=100, max_digits=5, decimal_places=2, description="15 means 15%."
    )
    whole_blocks: bool = True


def _detail(run: AllocationRun, user: User) -> dict[str, Any]:
    scope = access.figures_visible_to(user)
    summary = run.summary or {}
    return {
        **{
            name: getattr(run, name) for name in AllocationSummaryOut.model_fields if name != "year"
        },
        "year": run.year.label,
        "lines_shown": "all" if scope.all_agencies else "own_agency",
        "places": summary.get("proposed", {}).get("reach", {}).get("places"),
        "statutory_services": [
            row["name"]
            for row in summary.get("services", [])
            if row.get("statutory") and scope.allows(row.get("agency_id"))
        ],
        "lines": [
            {
                "service": line.service.name,
                "service_slug": line.service.slug,
                "agency": line.service.agency.name,
                "agency_slug": line.service.agency.slug,
                "locality": line.locality.name,
                "locality_slug": line.locality.slug,
                "children": line.children,
                "spend": line.spend,
                "benefit": line.benefit,
            }
            for line in selectors.allocation_lines_visible(run, scope)
        ],
        "marginal_values": [
            {
                "constraint": m["constraint"],
                "kind": m["kind"],
                "benefit_per_pound": m["benefit_per_pound"],
                "words": marginal_value_sentence(
                    m["kind"], m["constraint"], m["benefit_per_pound"]
                ),
            }
            for m in summary.get("marginal_values", [])
            if m.get("agency_id") is None or scope.allows(m["agency_id"])
        ],
        # explanation, warnings, the 10% table and the alternatives, filtered as the page is
        **allocation_api_notes(run, scope),
    }


@router.get(
    "/allocations",
    response={200: list[AllocationSummaryOut], **REFUSALS},
    summary="List the allocations run, newest first",
)
@paginated
def allocation_list(
    request: AuthenticatedRequest, year: str | None = None
) -> QuerySet[AllocationRun]:
    """Only those of one financial year with `?year=2026-27`."""
    require(access.can_view_resources(request.user), to=SEE_ALLOCATIONS)
    runs = selectors.allocation_runs()
    return runs.filter(year__label=year) if year else runs


@router.get(
    "/allocations/{allocation_id}",
    response={200: AllocationDetailOut, 404: Message, **REFUSALS},
    summary="An allocation with the lines you may see",
)
def allocation_detail(request: AuthenticatedRequest, allocation_id: int) -> dict[str, Any]:
    require(access.can_view_resources(request.user), to=SEE_ALLOCATIONS)
    run = selectors.allocation_runs_with_summary().filter(pk=allocation_id).first()
    if run is None:
        raise HttpError(404, f"No allocation has the ID {allocation_id}.")
    return _detail(run, request.user)


@router.post(
    "/allocations",
    response={201: AllocationDetailOut, 400: Message, **REFUSALS},
    summary="Run a new allocation of a year's budget",
)
def allocation_create(
    request: AuthenticatedRequest, payload: AllocationRunIn
) -> Status[dict[str, Any]]:
    """Works out the allocation within the request and answers with it (201): unlike the pages,
    which queue a run for the background worker, the API stays synchronous so that a partner
    system gets the result in one call. A few hundred services take about a second; 2,000
    services 15 seconds or more (the allocation, the budget cut and raised by 10% and each
    agency on its own; docs/benchmarks.md), so allow a long timeout. An infeasible problem is
    stored and answered too, with the conflicting constraints in `explanation`. Strategic
    leads and finance officers only."""
    require(access.can_manage_resources(request.user), to=RUN_ALLOCATIONS)
    year = financial_year_with_label(payload.year)
    if year is None:
        raise HttpError(400, f"No financial year is labelled '{payload.year}'.")
    floor_problem = locality_floor_too_high(payload.locality_floor_percent)
    if floor_problem:
        raise HttpError(400, f"{floor_problem}.")
    run = allocation_run(
        actor=request.user,
        year=year,
        name=payload.name,
        locality_floor_share=payload.locality_floor_percent / 100,
        whole_blocks=payload.whole_blocks,
    )
    run = selectors.allocation_runs_with_summary().get(pk=run.pk)
    return Status(201, _detail(run, request.user))


@router.post(
    "/allocations/{allocation_id}/propose",
    response={200: AllocationDetailOut, 400: Message, 404: Message, **REFUSALS},
    summary="Propose an allocation to the partnership board as its year's allocation",
)
def allocation_propose_to_board(
    request: AuthenticatedRequest, allocation_id: int
) -> dict[str, Any]:
    """Only an optimal run may be proposed; the run proposed before for the same year is
    withdrawn. Strategic leads and finance officers only."""
    require(access.can_manage_resources(request.user), to=PROPOSE_ALLOCATIONS)
    run = selectors.allocation_runs().filter(pk=allocation_id).first()
    if run is None:
        raise HttpError(404, f"No allocation has the ID {allocation_id}.")
    allocation_propose(actor=request.user, run=run)
    run = selectors.allocation_runs_with_summary().get(pk=run.pk)
    return _detail(run, request.user)
