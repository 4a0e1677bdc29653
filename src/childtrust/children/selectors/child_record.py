"""What the child's page and the data protection lead's pages read: the child's linked agency
records and sharing decisions (for a reader access.child_for_user has already let see them),
whom to contact for a reader who may see only that the child is known, who has viewed the
child (from the audit log), and the break-glass events and consent overrides to review."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from childtrust.audit.models import AuditAction
from childtrust.audit.selectors import AuditFilter, audit_actor_names, audit_events_matching
from childtrust.audit.services import object_type_of
from childtrust.children.models import (
    AgencyRecord,
    BreakGlass,
    Child,
    ConsentOutcome,
    Involvement,
    SharingDecision,
)

#: The most recent views the access log shows on one page.
ACCESS_LOG_LIMIT = 500


def _hidden_agency_ids(child: Child, visible: list[Involvement]) -> set[int]:
    """Agencies the reader must not learn hold the child: those involved only through a
    sensitive involvement the reader may not see (a sexual health clinic's record says as much
    as its involvement)."""
    shown = {involvement.pk for involvement in visible}
    shown_agencies = {involvement.agency_id for involvement in visible}
    hidden = Involvement.objects.filter(child=child).exclude(sensitivity="").exclude(pk__in=shown)
    return set(hidden.values_list("agency_id", flat=True)) - shown_agencies


def child_records(child: Child, visible: list[Involvement]) -> list[AgencyRecord]:
    """The agencies' records linked to the child, but none of an agency that only a hidden
    sensitive involvement connects to the child."""
    return list(
        AgencyRecord.objects.filter(child=child)
        .exclude(agency_id__in=_hidden_agency_ids(child, visible))
        .select_related("agency")
        .order_by("agency__name", "record_id")
    )


def sharing_decisions(child: Child, visible: list[Involvement]) -> list[SharingDecision]:
    """The child's sharing decisions, but none about an involvement the reader may not see
    (a refusal to share a sensitive involvement would otherwise reveal it)."""
    shown = [involvement.pk for involvement in visible]
    return list(
        SharingDecision.objects.filter(child=child)
        .filter(Q(involvement__isnull=True) | Q(involvement__in=shown))
        .select_related("involvement__agency", "created_by")
        .order_by("-decided_on", "-pk")
    )


def is_current(involvement: Involvement, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return involvement.ended_on is None or involvement.ended_on >= today


@dataclass(frozen=True)
class Contact:
    agency: str
    name: str
    role: str
    contact: str


def contacts(involvements: list[Involvement]) -> list[Contact]:
    """Whom to ask about a child the reader may not see: each current involvement (those the
    reader may see, so no sensitive one without consent), by agency and practitioner, with the
    agency's own contact where the practitioner has none."""
    today = timezone.localdate()
    found: list[Contact] = []
    for involvement in involvements:
        if not is_current(involvement, today):
            continue
        person = involvement.practitioner
        agency = involvement.agency
        found.append(
            Contact(
                agency=agency.name,
                name=f"{person.given_name} {person.family_name}" if person else "",
                role=involvement.role,
                contact=involvement.contact
                or (person.email if person else "")
                or agency.contact_email
                or agency.contact_phone,
            )
        )
    return found


@dataclass(frozen=True)
class View:
    when: datetime.datetime
    who: str
    why: str
    relationship: str
    details_shown: bool


RELATIONSHIP_WORDS = {
    "lead_professional": "Lead professional",
    "involved": "Involved",
    "team": "In an involved team",
    "front_door": "Front door",
    "break_glass": "Break glass",
    "none": "No relationship (contacts only)",
}


def _relationship_words(details: dict[str, object]) -> str:
    if details.get("access_log"):
        return "Read the access log"
    words = RELATIONSHIP_WORDS.get(str(details.get("relationship", "")), "")
    return f"{words} (a shielded record)" if details.get("shielded") else words


def child_views(child: Child) -> list[View]:
    """Who has viewed the child, newest first, from the audit log (every read through
    access.child_for_user writes one event)."""
    events = list(
        audit_events_matching(
            AuditFilter(
                action=AuditAction.VIEW,
                object_type=object_type_of(child),
                object_id=str(child.pk),
            )
        )[:ACCESS_LOG_LIMIT]
    )
    names = audit_actor_names(event.actor_id for event in events)
    return [
        View(
            when=event.occurred_at,
            who=names.get(event.actor_id or 0, event.actor_username or "Unknown"),
            why=event.reason,
            relationship=RELATIONSHIP_WORDS.get(
                str(event.details.get("relationship", "")),
                str(event.details.get("relationship", "")),
            ),
            details_shown=bool(event.details.get("details_shown")),
        )
        for event in events
    ]


def break_glass_events() -> QuerySet[BreakGlass]:
    """Every break-glass event, those not yet reviewed first, newest first within each."""
    return BreakGlass.objects.select_related("child", "user", "reviewed_by").order_by(
        F("reviewed_at").asc(nulls_first=True), "-started_at", "-pk"
    )


def break_glass_event(pk: int) -> BreakGlass | None:
    return break_glass_events().filter(pk=pk).first()


def consent_overrides() -> QuerySet[SharingDecision]:
    """Every decision that shared without consent against a refusal, unreviewed first."""
    return (
        SharingDecision.objects.filter(outcome=ConsentOutcome.OVERRIDDEN)
        .select_related("child", "created_by", "reviewed_by", "involvement__agency")
        .order_by(F("reviewed_at").asc(nulls_first=True), "-decided_on", "-pk")
    )


def consent_override(pk: int) -> SharingDecision | None:
    return consent_overrides().filter(pk=pk).first()


def unreviewed_counts() -> tuple[int, int]:
    """(break-glass events, consent overrides) waiting for the data protection lead."""
    return (
        BreakGlass.objects.filter(reviewed_at__isnull=True).count(),
        SharingDecision.objects.filter(
            outcome=ConsentOutcome.OVERRIDDEN, reviewed_at__isnull=True
        ).count(),
    )
