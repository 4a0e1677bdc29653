"""Background jobs whose worker was stopped (killed, the machine restarted): how long a job may
be silent before it is taken as stopped, and ending one only if it is still as it was read, so a
job that woke up and moved on ends itself. Used by core's uploads, the children app's loads of
records and the strategy app's board packs; each says what its ended job records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

STOPPED_AFTER = timedelta(minutes=10)

Job = TypeVar("Job", bound=models.Model)


def silent_jobs(jobs: models.QuerySet[Job], *, running: Any) -> models.QuerySet[Job]:
    """The jobs in `running` status (one, or a tuple of them) not touched for STOPPED_AFTER."""
    statuses = running if isinstance(running, tuple) else (running,)
    return jobs.filter(status__in=statuses, modified_at__lt=timezone.now() - STOPPED_AFTER)


def job_end_if_unchanged(job: models.Model, **fields: Any) -> bool:
    """Writes `fields` (and the finishing time) to the job only if its status and last change
    are still as read; says whether it did."""
    now = timezone.now()
    unchanged = type(job)._default_manager.filter(
        pk=job.pk,
        status=job.status,  # type: ignore[attr-defined]
        modified_at=job.modified_at,  # type: ignore[attr-defined]
    )
    return bool(unchanged.update(finished_at=now, modified_at=now, **fields))
