"""Voice's records as the audit log names and links them (audit.objects)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.voice.models import Message, Survey


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "voice.message",
            pages_of(Message, lambda m: reverse("voice:cascade_message_detail", args=[m.pk])),
        ),
        AuditKind(
            "voice.survey",
            pages_of(Survey, lambda s: reverse("voice:survey_detail", args=[s.pk])),
        ),
    ]
