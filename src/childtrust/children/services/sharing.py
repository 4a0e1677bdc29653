"""Information-sharing decisions: what was shared, with whom, why, on what lawful basis, and
whether consent was given, refused or overridden (the seven golden rules: share with consent
where possible, without it where justified, and always record it). A decision to share a
sensitive involvement is what lets others see it (access.involvements_visible_to). Overrides go
to the data protection lead, who reviews each."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children import access
from childtrust.children.models import (
    Child,
    ConsentOutcome,
    Involvement,
    LawfulBasis,
    SharingDecision,
)
from childtrust.core.permissions import require

RECORD = "record an information-sharing decision for this child"
REVIEW = "review consent overrides"


def _problems(
    *,
    child: Child,
    involvement: Involvement | None,
    what_shared: str,
    shared_with: str,
    purpose: str,
    lawful_basis: str,
    outcome: str,
    decided_on: datetime.date,
    override_reason: str,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if involvement is not None and involvement.child_id != child.pk:
        problems["involvement"] = "Choose one of this child's involvements"
    for name, value, words in (
        ("what_shared", what_shared, "what was shared"),
        ("shared_with", shared_with, "with whom it was shared"),
        ("purpose", purpose, "why it was shared"),
    ):
        if not value.strip():
            problems[name] = f"Enter {words}"
    if lawful_basis not in LawfulBasis.values:
        problems["lawful_basis"] = "Choose the lawful basis"
    if outcome not in ConsentOutcome.values:
        problems["outcome"] = "Choose whether consent was given, refused or overridden"
    elif outcome == ConsentOutcome.OVERRIDDEN and not override_reason.strip():
        problems["override_reason"] = "Enter why consent was overridden"
    if lawful_basis == LawfulBasis.CONSENT and outcome not in ("", ConsentOutcome.GIVEN):
        problems["lawful_basis"] = (
            "Consent can be the lawful basis only where consent was given: choose another"
        )
    if decided_on > timezone.localdate():
        problems["decided_on"] = "The date of the decision must be today or in the past"
    return problems


@transaction.atomic
def sharing_decision_record(
    *,
    actor: User,
    child: Child,
    what_shared: str,
    shared_with: str,
    purpose: str,
    lawful_basis: str,
    outcome: str,
    decided_on: datetime.date,
    involvement: Involvement | None = None,
    override_reason: str = "",
) -> SharingDecision:
    """Records one decision about the child, or about one of its involvements (a sensitive
    one's only by its own agency: access.can_record_sharing_decision). Overriding consent needs
    the reason, and the decision keeps who made it (created_by). Refused with every message at
    once (ValidationError), nothing written."""
    require(access.can_record_sharing_decision(actor, child, involvement), to=RECORD)
    problems = _problems(
        child=child,
        involvement=involvement,
        what_shared=what_shared,
        shared_with=shared_with,
        purpose=purpose,
        lawful_basis=lawful_basis,
        outcome=outcome,
        decided_on=decided_on,
        override_reason=override_reason,
    )
    if problems:
        raise ValidationError(problems)
    decision = SharingDecision(
        child=child,
        involvement=involvement,
        what_shared=what_shared.strip(),
        shared_with=shared_with.strip(),
        purpose=purpose.strip(),
        lawful_basis=lawful_basis,
        outcome=outcome,
        decided_on=decided_on,
        override_reason=override_reason.strip() if outcome == ConsentOutcome.OVERRIDDEN else "",
    )
    save_and_record(
        actor=actor,
        instance=decision,
        action=AuditAction.CREATE,
        details={
            "child": child.reference,
            "outcome": outcome,
            "lawful_basis": lawful_basis,
            "involvement": involvement.pk if involvement is not None else None,
        },
    )
    return decision


@transaction.atomic
def consent_override_review(*, actor: User, decision: SharingDecision, note: str) -> None:
    """The data protection lead marks an override reviewed, with a note kept in the log."""
    require(access.can_review_child_access(actor), to=REVIEW)
    decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
    problems: dict[str, str] = {}
    if decision.outcome != ConsentOutcome.OVERRIDDEN:
        problems["note"] = "Only a decision that overrode consent is reviewed"
    elif decision.reviewed_at is not None:
        problems["note"] = "This override has already been reviewed"
    elif not note.strip():
        problems["note"] = "Enter your review note"
    if problems:
        raise ValidationError(problems)
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.modified_by = actor
    decision.save(update_fields=["reviewed_by", "reviewed_at", "modified_by", "modified_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=decision,
        reason="Review of a consent override",
        details={"changed": ["reviewed_at", "reviewed_by"], "note": note.strip()},
    )
