"""Who is involved with a child: adding, changing and ending an involvement, and appointing the
lead professional (one at a time, as Working Together asks: the constraint
one_lead_professional_per_child holds it). Who may is children/access/involvement.py's; each
write is audited in its own transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.children import access
from childtrust.children.models import Child, Involvement
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Service, StaffMember

RECORD = "record who is involved with this child"
CHANGE = "change this involvement"
APPOINT = "appoint this child's lead professional"


def _problems(
    *,
    agency: Agency,
    service: Service | None,
    practitioner: StaffMember | None,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if practitioner is not None and practitioner.agency_id != agency.pk:
        problems["practitioner"] = f"The practitioner must work for {agency.name}"
    if service is not None and service.agency_id != agency.pk:
        problems["service"] = f"The service must be one of {agency.name}'s"
    if started_on > timezone.localdate():
        problems["started_on"] = "The date the involvement started must be today or in the past"
    if ended_on is not None and ended_on < started_on:
        problems["ended_on"] = "The date it ended must be the same as or after the date it started"
    return problems


@transaction.atomic
def involvement_add(
    *,
    actor: User,
    child: Child,
    agency: Agency,
    practitioner: StaffMember | None,
    role: str,
    started_on: datetime.date,
    service: Service | None = None,
    contact: str = "",
    sensitivity: str = "",
) -> Involvement:
    """Records that an agency (and a practitioner of it) works with the child. The practitioner
    themselves, their line manager or the front door, and only for a child they may already
    see (access.can_add_involvement). Refused with every message at once (ValidationError)."""
    require(access.can_add_involvement(actor, child, practitioner), to=RECORD)
    problems = _problems(
        agency=agency, service=service, practitioner=practitioner, started_on=started_on
    )
    if not role.strip():
        problems["role"] = "Enter the role, such as 'Health visitor'"
    if problems:
        raise ValidationError(problems)
    involvement = Involvement(
        child=child,
        agency=agency,
        service=service,
        practitioner=practitioner,
        role=role.strip(),
        started_on=started_on,
        contact=contact.strip(),
        sensitivity=sensitivity,
    )
    save_and_record(
        actor=actor,
        instance=involvement,
        action=AuditAction.CREATE,
        # Not the agency, service or role: a sensitive service's name would tell the log's
        # readers what the child is seen for.
        details={"child": child.reference, "practitioner": involvement.practitioner_id},
    )
    return involvement


@transaction.atomic
def involvement_change(
    *,
    actor: User,
    involvement: Involvement,
    role: str,
    contact: str,
    service: Service | None,
    started_on: datetime.date,
) -> list[str]:
    """Changes the role, contact, service or start of an involvement; the names changed."""
    require(access.can_change_involvement(actor, involvement), to=CHANGE)
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    return update_and_record(
        actor=actor,
        instance=involvement,
        changes={
            "role": role.strip(),
            "contact": contact.strip(),
            "service": service,
            "started_on": started_on,
        },
        allowed=("role", "contact", "service", "started_on"),
        values_in_log=False,
        errors=lambda: (
            _problems(
                agency=involvement.agency,
                service=involvement.service,
                practitioner=involvement.practitioner,
                started_on=involvement.started_on,
                ended_on=involvement.ended_on,
            )
            | ({} if involvement.role else {"role": "Enter the role, such as 'Health visitor'"})
        ),
    )


@transaction.atomic
def involvement_end(*, actor: User, involvement: Involvement, ended_on: datetime.date) -> None:
    """Ends an involvement on a day (today or earlier: an ending is recorded once it has
    happened); a lead professional who ends it stops being the lead from that day."""
    require(access.can_change_involvement(actor, involvement), to=CHANGE)
    involvement = Involvement.objects.select_for_update().get(pk=involvement.pk)
    problems: dict[str, str] = {}
    if involvement.ended_on is not None:
        problems["ended_on"] = "This involvement has already ended"
    elif ended_on < involvement.started_on:
        problems["ended_on"] = "The date it ended must be the same as or after the date it started"
    elif ended_on > timezone.localdate():
        problems["ended_on"] = "The date it ended must be today or in the past"
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=involvement,
        changes={"ended_on": ended_on},
        allowed=("ended_on",),
        errors=dict,
    )


@transaction.atomic
def lead_professional_appoint(*, actor: User, involvement: Involvement) -> Involvement:
    """Makes this involvement's practitioner the child's one lead professional, replacing the
    one before (who stays involved). Only a current involvement with a named practitioner."""
    require(access.can_appoint_lead_professional(actor, involvement), to=APPOINT)
    # Lock the child's involvements so two appointments at once cannot both succeed.
    current = list(
        Involvement.objects.select_for_update().filter(child_id=involvement.child_id).order_by("pk")
    )
    involvement = next(i for i in current if i.pk == involvement.pk)
    if involvement.ended_on is not None or involvement.practitioner_id is None:
        raise ValidationError(
            "Only a current involvement with a named practitioner can hold the lead"
        )
    if involvement.is_lead_professional:
        return involvement
    for before in current:
        if before.is_lead_professional and before.ended_on is None:
            update_and_record(
                actor=actor,
                instance=before,
                changes={"is_lead_professional": False},
                allowed=("is_lead_professional",),
                errors=dict,
            )
    update_and_record(
        actor=actor,
        instance=involvement,
        changes={"is_lead_professional": True},
        allowed=("is_lead_professional",),
        errors=dict,
    )
    return involvement
