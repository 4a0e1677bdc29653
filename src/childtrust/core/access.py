"""Who may see what core keeps for the apps: an import's job and its report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from childtrust.core.models import ImportJob, ImportStatus
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


# --- Imports that did not load, for the home page and the imports list ---------------------------

#: Each import kind's rule for who, besides its uploader, sees its jobs: registered by the app
#: that owns the kind (in its AppConfig's `ready`), as it passes `others=` for the job's page.
_KIND_READERS: dict[str, OthersWhoSee] = {}
#: How far back the imports that did not load are listed.
NOT_LOADED_DAYS = 30


def import_readers_register(kind_prefix: str, others: OthersWhoSee) -> None:
    _KIND_READERS[kind_prefix] = others


def can_view_every_import(user: PermissionHolder) -> bool:
    """Every import's job (its file's name, who uploaded it, whether it loaded; not its rows):
    administrators, who run the service, and auditors."""
    return _administrators(user) or has_capability(user, Capability.VIEW_AUDIT_LOG)


def import_jobs_visible_to(user: PermissionHolder) -> QuerySet[ImportJob]:
    """The jobs the person may see: their own uploads, those of the kinds whose app's rule lets
    them, or every one for those who see every import."""
    if not user.is_authenticated:
        return ImportJob.objects.none()
    if can_view_every_import(user):
        return ImportJob.objects.all()
    visible = Q(created_by_id=getattr(user, "pk", None))
    for prefix, others in _KIND_READERS.items():
        if others(user):
            visible |= Q(kind__startswith=prefix)
    return ImportJob.objects.filter(visible)


def import_jobs_not_loaded(user: PermissionHolder, *, kind: str = "") -> QuerySet[ImportJob]:
    """The imports the person may see that failed or were refused in the last NOT_LOADED_DAYS
    days, newest first; `kind` keeps one kind (its prefix)."""
    since = timezone.now() - timedelta(days=NOT_LOADED_DAYS)
    jobs = import_jobs_visible_to(user).filter(
        status__in=[ImportStatus.FAILED, ImportStatus.REFUSED], created_at__gte=since
    )
    if kind:
        jobs = jobs.filter(kind__startswith=kind)
    return jobs.select_related("created_by").order_by("-created_at", "-pk")
