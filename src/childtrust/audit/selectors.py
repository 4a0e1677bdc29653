"""Reading the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from childtrust.audit.models import AuditEvent, AuditVerification


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # a username, or words of a person's name
    action: str = ""
    object_type: str = ""
    object_name: str = ""  # words of the record's name as the event kept it
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _people_named(words: str) -> Q:
    """Events by the account with that username, or by anyone whose name has every word given
    ("sam pat" finds Sam Patel). The log sits below accounts: it reads the user model Django
    is configured with, never the accounts app."""
    named = get_user_model().objects.all()
    for word in words.split():
        named = named.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return Q(actor_username__iexact=words.strip()) | Q(actor_id__in=named.values("pk"))


def audit_events_matching(audit_filter: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
    if audit_filter.person.strip():
        events = events.filter(_people_named(audit_filter.person))
    if audit_filter.action:
        events = events.filter(action=audit_filter.action)
    if audit_filter.object_type:
        events = events.filter(object_type=audit_filter.object_type)
    for word in audit_filter.object_name.split():
        events = events.filter(object_repr__icontains=word)
    if audit_filter.object_id:
        events = events.filter(object_id=audit_filter.object_id)
    if audit_filter.date_from:
        events = events.filter(occurred_at__date__gte=audit_filter.date_from)
    if audit_filter.date_to:
        events = events.filter(occurred_at__date__lte=audit_filter.date_to)
    return events.order_by("-sequence")


def audit_actor_names(actor_ids: Iterable[int | None]) -> dict[int, str]:
    """{user id: their name, or their username when no name is set} for the events' actors."""
    ids = {actor_id for actor_id in actor_ids if actor_id is not None}
    users = get_user_model().objects.filter(pk__in=ids)
    return {user.pk: user.get_full_name() or user.get_username() for user in users}


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
