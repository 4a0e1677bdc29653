"""The partnership's records as the audit log names and links them (audit.objects)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.partnership.models import Agency, Locality, Service, StaffMember, Team


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "partnership.agency",
            pages_of(Agency, lambda a: reverse("partnership:agency_detail", args=[a.slug])),
        ),
        AuditKind(
            "partnership.locality",
            pages_of(Locality, lambda x: reverse("partnership:locality_detail", args=[x.slug])),
        ),
        AuditKind(
            "partnership.team",
            pages_of(Team, lambda t: reverse("partnership:team_detail", args=[t.slug])),
        ),
        AuditKind(
            "partnership.service",
            pages_of(Service, lambda s: reverse("partnership:service_detail", args=[s.slug])),
        ),
        AuditKind(
            "partnership.staffmember",
            pages_of(StaffMember, lambda s: reverse("partnership:staff_detail", args=[s.pk])),
        ),
    ]
