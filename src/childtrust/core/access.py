"""Who may see what core keeps for the apps: an import's job and its report."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404

from childtrust.core.models import ImportJob
from childtrust.core.permissions import Capability, PermissionHolder, has_capability

#: Who, besides the person who uploaded a file, sees its job: the app's own access rule for
#: what such a file holds (a year's spend is for those who see every partner's budget).
OthersWhoSee = Callable[[PermissionHolder], bool]


def _administrators(user: PermissionHolder) -> bool:
    return has_capability(user, Capability.MANAGE_PARTNERSHIP)


def can_view_import_job(
    user: PermissionHolder, job: ImportJob, *, others: OthersWhoSee = _administrators
) -> bool:
    """The person who uploaded the file, and those the app's rule names (the partnership's
    administrators unless the app says otherwise)."""
    if not user.is_authenticated:
        return False
    return job.created_by_id == getattr(user, "pk", None) or others(user)


def import_job_for_user(
    user: PermissionHolder, pk: int, *, kind_prefix: str, others: OthersWhoSee = _administrators
) -> ImportJob:
    """The job, or the 404 page both when there is none and when it is someone else's: whether
    another person uploaded a file is not for others to learn."""
    job = ImportJob.objects.filter(pk=pk, kind__startswith=kind_prefix).first()
    if job is None or not can_view_import_job(user, job, others=others):
        raise Http404("No such import")
    return job
