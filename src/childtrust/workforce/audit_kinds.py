"""The workforce's records as the audit log names and links them (audit.objects)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.workforce.models import Post, Restructure


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "workforce.post", pages_of(Post, lambda p: reverse("workforce:post", args=[p.pk]))
        ),
        AuditKind(
            "workforce.restructure",
            pages_of(Restructure, lambda r: reverse("workforce:restructure", args=[r.pk])),
        ),
    ]
