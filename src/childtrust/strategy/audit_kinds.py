"""The plan's records as the audit log names and links them (audit.objects)."""

from __future__ import annotations

from django.urls import reverse

from childtrust.audit.objects import AuditKind, pages_of
from childtrust.strategy.models import BoardMeeting, Decision, Measure, Objective, Risk


def audit_kinds() -> list[AuditKind]:
    return [
        AuditKind(
            "strategy.objective",
            pages_of(Objective, lambda o: reverse("strategy:objective", args=[o.pk])),
        ),
        AuditKind(
            "strategy.measure",
            pages_of(Measure, lambda m: reverse("strategy:measure", args=[m.pk])),
        ),
        AuditKind("strategy.risk", pages_of(Risk, lambda r: reverse("strategy:risk", args=[r.pk]))),
        AuditKind(
            "strategy.decision",
            pages_of(Decision, lambda d: reverse("strategy:decision", args=[d.pk])),
        ),
        AuditKind(
            "strategy.boardmeeting",
            pages_of(BoardMeeting, lambda m: reverse("strategy:meeting", args=[m.pk])),
        ),
    ]
