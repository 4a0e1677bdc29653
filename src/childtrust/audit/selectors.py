"""Reading the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from childtrust.audit.models import AuditEvent, AuditVerification


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_matching(audit_filter: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if audit_filter.actor:
        events = events.filter(actor_username__iexact=audit_filter.actor)
    if audit_filter.action:
        events = events.filter(action=audit_filter.action)
    if audit_filter.object_type:
        events = events.filter(object_type=audit_filter.object_type)
    if audit_filter.object_id:
        events = events.filter(object_id=audit_filter.object_id)
    if audit_filter.date_from:
        events = events.filter(occurred_at__date__gte=audit_filter.date_from)
    if audit_filter.date_to:
        events = events.filter(occurred_at__date__lte=audit_filter.date_to)
    return events.order_by("-sequence")


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )


def audit_verification_latest() -> AuditVerification | None:
    return AuditVerification.objects.order_by("-checked_at", "-pk").first()


def audit_verifications_recent(limit: int = 30) -> list[AuditVerification]:
    return list(AuditVerification.objects.order_by("-checked_at", "-pk")[:limit])
