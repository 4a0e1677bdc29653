"""Taking a copy of the outcomes figures: a download of an indicator page, a profile or a
locality's figures is an export, and who took which copy, of how many lines, is kept."""

from __future__ import annotations

from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.outcomes import access
from childtrust.outcomes.models import Area, Indicator


@transaction.atomic
def outcomes_export_record(*, actor: User, target: Area | Indicator, view: str, rows: int) -> None:
    """Records the download of a page's figures as CSV: `view` names the page ("indicator",
    "profile" or "locality"), `target` the indicator or area whose figures they are."""
    require(access.can_view_outcomes(actor), to="download outcome figures")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=target,
        details={"format": "csv", "view": view, "rows": rows},
    )
