"""Writes to workforce managers' remits: limiting one to a single agency (that agency's HR
lead, who then sees and changes only its workforce) and lifting the limit. Administrators and
workforce managers with no remit do this; no one limits themselves (they could not lift it)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import Role, User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency
from childtrust.workforce import access
from childtrust.workforce.models import WorkforceRemit


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def workforce_remit_set(*, actor: User, user: User, agency: Agency) -> WorkforceRemit:
    """Limit a workforce manager to one agency's workforce (or move their limit to another)."""
    require(access.can_set_workforce_remits(actor), to="set workforce managers' remits")
    if user.role != Role.WORKFORCE_MANAGER:
        raise ValidationError(
            {"username": f"{_name(user)} is not a workforce manager: only they have a remit"}
        )
    if user.pk == actor.pk:
        raise ValidationError(
            {
                "username": "You cannot limit your own remit: ask an administrator or another "
                "workforce manager"
            }
        )
    remit = WorkforceRemit.objects.select_for_update().filter(user=user).first()
    if remit is None:
        remit = WorkforceRemit(user=user, agency=agency)
        save_and_record(
            actor=actor,
            instance=remit,
            action=AuditAction.CREATE,
            details={"user": user.username, "agency": agency.slug},
        )
        return remit
    if remit.agency_id == agency.pk:
        raise ValidationError({"agency": f"{_name(user)} is already limited to {agency}"})
    update_and_record(
        actor=actor,
        instance=remit,
        changes={"agency": agency},
        allowed=("agency",),
        errors=dict,
    )
    return remit


@transaction.atomic
def workforce_remit_clear(*, actor: User, user: User) -> User:
    """Lift a workforce manager's limit: they work on every partner's workforce again."""
    require(access.can_set_workforce_remits(actor), to="set workforce managers' remits")
    remit = WorkforceRemit.objects.select_for_update().filter(user=user).first()
    if remit is None:
        raise ValidationError(f"{_name(user)} works on every partner's workforce already")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=remit,
        details={"user": user.username, "agency": remit.agency.slug},
    )
    remit.delete()
    return user
