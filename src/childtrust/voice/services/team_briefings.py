"""A team manager records who of their team came to a briefing on a message (issue 14).

A multi-agency team is often briefed together in its team meeting, though its people are line-
managed in their own agencies: the health visitors in a locality team by the health visiting
team leader, say. The cascade gives each line manager a task to brief their own reports; this
lets the team's manager record the meeting for everyone who came, and a line manager's task
counts as done once every person it covers has been briefed."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.voice import access
from childtrust.voice.models import BriefingMethod, CascadeTask, Message, MessageStatus, Recipient


def _tasks_now_done(message: Message, manager_ids: Collection[int]) -> list[CascadeTask]:
    """The open tasks of these managers on the message with no one left to brief."""
    waiting = set(
        Recipient.objects.filter(
            message=message, manager_id__in=manager_ids, briefed_at__isnull=True
        ).values_list("manager_id", flat=True)
    )
    return list(
        CascadeTask.objects.select_for_update().filter(
            message=message, manager_id__in=set(manager_ids) - waiting, briefed_at__isnull=True
        )
    )


@transaction.atomic
def team_briefing_record(
    *,
    actor: User,
    message: Message,
    team_id: int,
    attended: Collection[int],
    method: str = BriefingMethod.TEAM_MEETING,
) -> int:
    """Records that the people chosen (staff ids), in a team the actor manages and sent the
    message, were briefed now; returns how many were not already recorded as briefed. A line
    manager's task on the message with no one left to brief counts as done, by the same method.
    Only a team manager of that team records it (PermissionDenied saying why for anyone else);
    refused, with nothing written, for a message not being cascaded, no one chosen, or someone
    chosen who is not in the team or was not sent it."""
    require(access.can_use_staff_voice(actor), to="record a team briefing")
    manager = access.team_briefer_for_user(actor, team_id)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.PUBLISHED:
        raise ValidationError("This message is not being cascaded, so there is nothing to record")
    if method not in BriefingMethod.values:
        raise ValidationError({"method": "Choose how you briefed your team"})
    chosen = set(attended)
    if not chosen:
        raise ValidationError({"attended": "Choose the people who came to the briefing"})
    people = list(
        Recipient.objects.select_for_update()
        .filter(message=message, team_id=team_id, staff_id__in=chosen)
        .exclude(staff_id=manager.pk)
    )
    if len(people) != len(chosen):
        raise ValidationError(
            {"attended": "Choose only people in your team whom the message was sent to"}
        )
    now = timezone.now()
    newly = [person for person in people if person.briefed_at is None]
    Recipient.objects.filter(pk__in=[p.pk for p in newly]).update(briefed_at=now)
    managers = {p.manager_id for p in newly if p.manager_id is not None}
    done = _tasks_now_done(message, managers)
    CascadeTask.objects.filter(pk__in=[t.pk for t in done]).update(
        briefed_at=now, method=method, modified_by=actor, modified_at=now
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=message,
        details={
            "team_briefing": {"team": team_id, "method": method},
            "people_briefed": sorted(p.staff_id for p in newly),
            "cascade_tasks_done": sorted(t.pk for t in done),
        },
    )
    return len(newly)
