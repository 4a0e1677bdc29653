"""Who may see what core keeps for the apps: an import's job and its report."""

from __future__ import annotations

from django.http import Http404

from childtrust.core.models import ImportJob
from childtrust.core.permissions import Capability, PermissionHolder, has_capability


def can_view_import_job(user: PermissionHolder, job: ImportJob) -> bool:
    """The person who uploaded the file, and the partnership's administrators."""
    if not user.is_authenticated:
        return False
    return job.created_by_id == getattr(user, "pk", None) or has_capability(
        user, Capability.MANAGE_PARTNERSHIP
    )


def import_job_for_user(user: PermissionHolder, pk: int, *, kind_prefix: str) -> ImportJob:
    """The job, or the 404 page both when there is none and when it is someone else's: whether
    another person uploaded a file is not for others to learn."""
    job = ImportJob.objects.filter(pk=pk, kind__startswith=kind_prefix).first()
    if job is None or not can_view_import_job(user, job):
        raise Http404("No such import")
    return job
