"""Writes for the allocation part: running the optimiser over a year's budget and storing the
result (at once, or queued for the background worker), proposing a run to the partnership board,
and recording CSV downloads as exports. Only those who keep the budget run and propose
allocations (resources/access.py). What a run works out before it is stored is read and solved
in resources/allocation_working.py."""

from __future__ import annotations

import logging
import time
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.resources import access
from childtrust.resources.allocation_working import WorkedOut, allocation_work_out
from childtrust.resources.models import (
    AllocationLine,
    AllocationRun,
    AllocationStage,
    AllocationStatus,
    FinancialYear,
)

logger = logging.getLogger(__name__)

# A line smaller than this many children or pounds is the solver's rounding, not an allocation.
NEGLIGIBLE = 1e-6
#: What a refused person tried, in the refusal's sentence ("Your role does not allow you to ...").
RUN_ALLOCATIONS = "run allocations"
PROPOSE_ALLOCATIONS = "propose allocations"


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _default_name(year: FinancialYear, locality_floor_share: Decimal, whole_blocks: bool) -> str:
    floor = f"{float(locality_floor_share * 100):g}% locality floor"
    blocks = "whole blocks" if whole_blocks else "blocks in part"
    return f"Allocation {year}, {floor}, {blocks}"


def _new_run(
    *, actor: User, year: FinancialYear, name: str, share: Decimal, whole_blocks: bool
) -> AllocationRun:
    """A run with its settings (not yet saved), named from them when no name is given."""
    return AllocationRun(
        year=year,
        name=name.strip() or _default_name(year, share, whole_blocks),
        locality_floor_share=share,
        whole_blocks=whole_blocks,
        created_by=actor,
    )


def _share_checked(locality_floor_share: Decimal) -> Decimal:
    share = Decimal(locality_floor_share)
    if not Decimal("0") <= share <= Decimal("1"):
        raise ValidationError(
            {"locality_floor_share": "The locality floor must be between 0% and 100%."}
        )
    return share


def _result_store(run: AllocationRun, worked: WorkedOut, actor: User | None) -> int:
    """Puts the worked-out result on the run (saved by the caller) and stores its lines;
    returns how many lines."""
    result, problem = worked.result, worked.problem
    run.budget = _money(problem.budget)
    run.status = AllocationStatus.OPTIMAL if worked.optimal else AllocationStatus.INFEASIBLE
    run.stage = AllocationStage.DONE
    run.total_benefit = result.total_benefit if worked.optimal else None
    # What people count: children (at most each locality's child population), not places.
    run.children_reached = (
        float(worked.summary["proposed"]["reach"]["at_most"]) if worked.optimal else None
    )
    run.solve_seconds = result.solve_seconds
    run.explanation = "" if worked.optimal else "\n".join(result.conflicts)
    run.summary = worked.summary
    run.modified_by = actor
    run.full_clean()
    run.save()
    if not worked.optimal:
        return 0
    benefit_of = {s.key: s.benefit_per_child for s in problem.services}
    lines = []
    for (service, locality), children in sorted(result.children.items()):
        spend = result.spend.get((service, locality), 0.0)
        if children < NEGLIGIBLE and spend < NEGLIGIBLE:
            continue
        lines.append(
            AllocationLine(
                run=run,
                service_id=cast(int, service),
                locality_id=cast(int, locality),
                children=children,
                spend=_money(spend),
                benefit=children * benefit_of[service],
            )
        )
    AllocationLine.objects.bulk_create(lines)
    return len(lines)


def allocation_run(
    *,
    actor: User,
    year: FinancialYear,
    name: str,
    locality_floor_share: Decimal,
    whole_blocks: bool,
) -> AllocationRun:
    """Runs the optimiser over the year's budget at once and stores the run with its lines:
    the synchronous path, for the demo loader, the API and tests. Pages queue a run instead
    (allocation_queue, then allocation_queued_run_work in the background).

    The allocation maximises the total expected benefit to children (the utilitarian criterion
    the partnership adopted) within the budget, each service's capacity and demand, statutory
    minimums, ring-fenced and aligned money and the locality floor. An infeasible problem is
    stored too, with the conflicting constraints in words, so that the page can explain it.
    The solving (several seconds at 2,000 services) is done first, outside any transaction;
    only the writes are atomic, with one audit event."""
    require(access.can_manage_resources(actor), to=RUN_ALLOCATIONS)
    share = _share_checked(locality_floor_share)
    worked = allocation_work_out(year, share, whole_blocks)
    with transaction.atomic():
        run = _new_run(actor=actor, year=year, name=name, share=share, whole_blocks=whole_blocks)
        lines = _result_store(run, worked, actor)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=run,
            details={
                "year": year.label,
                "status": run.status,
                "budget": str(run.budget),
                "locality_floor_share": str(share),
                "whole_blocks": whole_blocks,
                "lines": lines,
                "solve_seconds": round(worked.result.solve_seconds, 3),
            },
        )
    return run


@transaction.atomic
def allocation_queue(
    *,
    actor: User,
    year: FinancialYear,
    name: str,
    locality_floor_share: Decimal,
    whole_blocks: bool,
) -> AllocationRun:
    """Stores a run waiting to be worked out in the background (childtrust.resources.tasks),
    with its settings; its page says so and refreshes itself until the result is in."""
    require(access.can_manage_resources(actor), to=RUN_ALLOCATIONS)
    share = _share_checked(locality_floor_share)
    run = _new_run(actor=actor, year=year, name=name, share=share, whole_blocks=whole_blocks)
    run.status = AllocationStatus.QUEUED
    run.stage = AllocationStage.QUEUED
    save_and_record(
        actor=actor,
        instance=run,
        action=AuditAction.CREATE,
        details={
            "year": year.label,
            "status": run.status,
            "locality_floor_share": str(share),
            "whole_blocks": whole_blocks,
        },
    )
    return run


def _stage_set(run_id: int, stage: str) -> None:
    """Records what a running allocation is doing, at once (outside any transaction of the
    work), so that its page can say so while it waits."""
    AllocationRun.objects.filter(pk=run_id, status=AllocationStatus.RUNNING).update(stage=stage)


def allocation_queued_run_work(*, run_id: int) -> AllocationRun | None:
    """Works out a queued run (the background task's work) on behalf of the person who queued
    it. Their permission is checked first, since a role may be taken away while the run waited:
    a refused run is failed, saying why, without being started. Otherwise it is marked running,
    solved outside any transaction, saving the stage it is at as it goes, and its result and
    lines stored in one transaction with one audit event. Any error marks the run failed, with a
    message and an audit event. A run already taken by another worker, or gone, is left alone
    (None)."""
    queued = (
        AllocationRun.objects.select_related("year", "created_by")
        .filter(pk=run_id, status=AllocationStatus.QUEUED)
        .first()
    )
    if queued is None:
        return None
    actor = queued.created_by
    try:
        require(access.can_manage_resources(actor), to=RUN_ALLOCATIONS)
    except PermissionDenied as refusal:  # an ordinary refusal, not an error of the system
        logger.info("Allocation run %s not worked out: %s", run_id, refusal)
        return _run_fail(run_id, actor, refusal, was=AllocationStatus.QUEUED)
    taken = AllocationRun.objects.filter(pk=run_id, status=AllocationStatus.QUEUED).update(
        status=AllocationStatus.RUNNING, stage=AllocationStage.READING
    )
    if not taken:
        return None
    started = time.perf_counter()
    try:
        worked = allocation_work_out(
            queued.year,
            queued.locality_floor_share,
            queued.whole_blocks,
            on_stage=lambda stage: _stage_set(run_id, stage),
        )
        _stage_set(run_id, AllocationStage.SAVING)
        with transaction.atomic():
            run = AllocationRun.objects.select_for_update().get(pk=run_id)
            lines = _result_store(run, worked, actor)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                target=run,
                details={
                    "status": {"from": AllocationStatus.RUNNING, "to": run.status},
                    "budget": str(run.budget),
                    "lines": lines,
                    "solve_seconds": round(worked.result.solve_seconds, 3),
                    "seconds": round(time.perf_counter() - started, 3),
                },
            )
        return run
    except Exception as error:  # any failure is told to the user on the run's page
        logger.exception("Allocation run %s failed", run_id)
        return _run_fail(run_id, actor, error, was=AllocationStatus.RUNNING)


@transaction.atomic
def _run_fail(
    run_id: int, actor: User | None, error: Exception, *, was: AllocationStatus
) -> AllocationRun | None:
    """Fails the run, if it is still `was` (None if another worker has taken it since)."""
    run = AllocationRun.objects.select_for_update().get(pk=run_id)
    if run.status != was:
        return None
    stage = run.stage
    run.status = AllocationStatus.FAILED
    run.explanation = _failure_words(run_id, stage, error)
    run.modified_by = actor
    run.save(update_fields=["status", "explanation", "modified_by", "modified_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=run,
        details={
            "status": {"from": was, "to": AllocationStatus.FAILED},
            "stage": stage,
            "error": type(error).__name__,
        },
    )
    return run


def _failure_words(run_id: int, stage: str, error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return (
            "The allocation was not worked out: the person who asked for it may no longer run "
            "allocations. Someone who may can run it again."
        )
    return (
        "The allocation could not be worked out: an error stopped it while "
        f"{AllocationStage(stage).label if stage in AllocationStage.values else 'working'}. "
        "Run it again; if it fails again, tell the system's administrators "
        f"(error {type(error).__name__}, run {run_id})."
    )


@transaction.atomic
def allocation_propose(*, actor: User, run: AllocationRun) -> AllocationRun:
    """Puts a run to the partnership board as the year's proposed allocation. Only a run that
    meets every constraint may be proposed, and a year has one proposal at a time: the one
    proposed before is withdrawn."""
    require(access.can_manage_resources(actor), to=PROPOSE_ALLOCATIONS)
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.status != AllocationStatus.OPTIMAL:
        raise ValidationError(
            "Only an allocation that meets every constraint can be proposed: this run is "
            "infeasible."
        )
    if run.proposed:
        raise ValidationError("This allocation is already the proposed allocation for its year.")
    previous = list(
        AllocationRun.objects.select_for_update().filter(year_id=run.year_id, proposed=True)
    )
    for other in previous:
        other.proposed = False
        other.modified_by = actor
        other.save(update_fields=["proposed", "modified_by", "modified_at"])
    run.proposed = True
    run.modified_by = actor
    run.full_clean()
    run.save(update_fields=["proposed", "modified_by", "modified_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=run,
        details={
            "proposed": {"from": False, "to": True},
            "withdrawn": [other.pk for other in previous],
        },
    )
    return run


def allocation_export_record(*, actor: User, run: AllocationRun, rows: int) -> None:
    """Downloading a run's lines is an export: who took a copy, of which run, is kept."""
    require(access.can_view_resources(actor), to="download allocations")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=run,
        details={"format": "csv", "view": "allocation_lines", "rows": rows},
    )
