"""The outcomes' records as the audit log names and links them (audit.objects)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.outcomes.models import Indicator


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "outcomes.indicator",
            pages_of(Indicator, lambda i: reverse("outcomes:indicator", args=[i.pk])),
        ),
    ]
