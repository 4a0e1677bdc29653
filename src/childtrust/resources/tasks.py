"""Background work for resources, run by `childtrust worker` (see childtrust.core.schedule).

An allocation run from the page is worked out here rather than in the request: at 2,000
services the allocation, the budget cut and raised by 10% and each agency on its own take 15
seconds or more (docs/benchmarks.md). The page queues the run (allocation_start) and shows its
stage until the result is in. The work is done on behalf of the person who queued it: the
service checks their permission again when it starts. Tests use the immediate backend, which
runs the task as soon as it is enqueued."""

from __future__ import annotations

from decimal import Decimal

from django_tasks import task

from childtrust.accounts.models import User
from childtrust.resources.models import AllocationRun, FinancialYear
from childtrust.resources.services import allocation as services


@task()
def allocation_run_queued(run_id: int) -> str:
    """Work out a queued allocation run. Returns its status ("" if another worker took it)."""
    run = services.allocation_queued_run_work(run_id=run_id)
    return run.status if run is not None else ""


def allocation_start(
    *,
    actor: User,
    year: FinancialYear,
    name: str,
    locality_floor_share: Decimal,
    whole_blocks: bool,
) -> AllocationRun:
    """Queues a run (stored and audited at once, so its page exists) and enqueues its work.
    The run as it stands after enqueueing: still queued with a worker, already worked out
    with the immediate backend."""
    run = services.allocation_queue(
        actor=actor,
        year=year,
        name=name,
        locality_floor_share=locality_floor_share,
        whole_blocks=whole_blocks,
    )
    allocation_run_queued.enqueue(run.pk)
    run.refresh_from_db()
    return run
