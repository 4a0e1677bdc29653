"""A Team Around the Child: starting one (one open team a child, the constraint
one_team_around_each_child), its lead professional, its members from several agencies, its
steps up to children's social care and down to early help, and its end. Who may is
safeguarding/access/team_around_child.py's; each write is audited in its own transaction.

The team's lead professional is the child's lead professional in the child index too, set
through the child index's own services (children.services.involvement), so that children's
access gives them the LEAD_PROFESSIONAL relationship and one lead is named in one place (see
docs/decisions/0031-team-around-the-child-and-the-child-index.md). A member's involvement is
recorded in the child index when the actor may record it there (the member, their line manager,
the front door); otherwise the member joins the team without one, and is told."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.children.models import Child
from childtrust.children.services import involvement as involvement_services
from childtrust.core.home import day_words
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    NotificationKind,
    ReferralKind,
    StepChange,
    StepDirection,
    SupportLevel,
    TeamAroundChild,
    TeamMember,
)
from childtrust.safeguarding.selectors.team_around_child import team_history, team_path

START = "start a team around this child"
CHANGE = "change this team around the child"
LEAVE = "take this member off the team"

LEAD_REFUSED = (
    "You may name as lead professional yourself, someone you manage, or someone already "
    "involved with the child when you may appoint the lead; the front door may name anyone"
)


def _locked(team: TeamAroundChild) -> TeamAroundChild:
    return TeamAroundChild.objects.select_for_update().select_related("child").get(pk=team.pk)


def _date_problems(
    day: datetime.date, *, field: str, what: str, not_before: datetime.date | None = None
) -> dict[str, str]:
    if day > timezone.localdate():
        return {field: f"{what} must be today or in the past"}
    if not_before is not None and day < not_before:
        return {field: f"{what} must be on or after {day_words(not_before)}"}
    return {}


def _make_lead(*, actor: User, child: Child, staff: StaffMember, role: str) -> None:
    """Makes `staff` the child's lead professional in the child index, recording their
    involvement first if they have none (children's services check the actor again)."""
    involvement = access.current_involvement(child, staff)
    if involvement is None:
        involvement = involvement_services.involvement_add(
            actor=actor,
            child=child,
            agency=staff.agency,
            practitioner=staff,
            role=role,
            started_on=timezone.localdate(),
        )
    involvement_services.lead_professional_appoint(actor=actor, involvement=involvement)


def _member_save(
    *, actor: User, team: TeamAroundChild, staff: StaffMember, role: str, joined_on: datetime.date
) -> TeamMember:
    member = TeamMember(team=team, staff=staff, agency=staff.agency, role=role, joined_on=joined_on)
    save_and_record(
        actor=actor,
        instance=member,
        action=AuditAction.CREATE,
        details={"team": team.pk, "child": team.child.reference, "staff": staff.pk},
    )
    return member


@transaction.atomic
def team_start(
    *,
    actor: User,
    child: Child,
    lead_professional: StaffMember,
    lead_role: str,
    started_on: datetime.date,
) -> TeamAroundChild:
    """Starts the child's Team Around the Child at early help, with its lead professional as
    its first member and as the child's lead professional in the child index. One open team a
    child (Working Together: one lead professional coordinates the support)."""
    require(access.can_start_team(actor, child), to=START)
    problems = _date_problems(started_on, field="started_on", what="The date the team started")
    if not lead_role.strip():
        problems["lead_role"] = (
            "Enter the lead professional's role, such as 'Family support worker'"
        )
    if not lead_professional.is_active:
        problems["lead_professional"] = "Choose someone still in post"
    elif not access.can_name_lead_professional(actor, child, lead_professional):
        problems["lead_professional"] = LEAD_REFUSED
    if TeamAroundChild.objects.filter(child=child, ended_on__isnull=True).exists():
        problems["__all__"] = "This child already has a team around them: change that team"
    if problems:
        raise ValidationError(problems)
    team = TeamAroundChild(
        child=child,
        lead_professional=lead_professional,
        level=SupportLevel.EARLY_HELP,
        started_on=started_on,
    )
    # Two starts at once: the constraint refuses the second, answered as the check above.
    try:
        with transaction.atomic():
            save_and_record(
                actor=actor,
                instance=team,
                action=AuditAction.CREATE,
                details={"child": child.reference, "lead_professional": lead_professional.pk},
            )
    except IntegrityError:
        raise ValidationError(
            "This child already has a team around them: change that team"
        ) from None
    _member_save(
        actor=actor,
        team=team,
        staff=lead_professional,
        role=lead_role.strip(),
        joined_on=started_on,
    )
    _make_lead(actor=actor, child=child, staff=lead_professional, role=lead_role.strip())
    return team


@transaction.atomic
def lead_professional_change(
    *, actor: User, team: TeamAroundChild, member: TeamMember
) -> TeamAroundChild:
    """Hands the lead to another current member, who becomes the child's lead professional in
    the child index too (the one before stays a member, and stays involved)."""
    require(access.can_change_team(actor, team), to=CHANGE)
    team = _locked(team)
    if member.team_id != team.pk or member.left_on is not None:
        raise ValidationError({"member": "Choose a current member of the team"})
    if member.staff_id == team.lead_professional_id:
        return team
    if not access.can_name_lead_professional(actor, team.child, member.staff):
        raise ValidationError({"member": LEAD_REFUSED})
    update_and_record(
        actor=actor,
        instance=team,
        changes={"lead_professional": member.staff},
        allowed=("lead_professional",),
        errors=dict,
    )
    _make_lead(actor=actor, child=team.child, staff=member.staff, role=member.role)
    return team


@transaction.atomic
def member_add(
    *,
    actor: User,
    team: TeamAroundChild,
    staff: StaffMember,
    role: str,
    joined_on: datetime.date,
) -> TeamMember:
    """Adds a practitioner of any partner agency. Their involvement with the child is recorded
    in the child index when the actor may record it (access.can_record_involvement_for_member);
    otherwise they join without one and are told, so that they or their line manager record it
    (a lead professional does not speak for another agency's practitioner there)."""
    require(access.can_change_team(actor, team), to=CHANGE)
    team = _locked(team)
    problems = _date_problems(
        joined_on, field="joined_on", what="The date they joined", not_before=team.started_on
    )
    if not role.strip():
        problems["role"] = "Enter their role in the team, such as 'School nurse'"
    if not staff.is_active:
        problems["staff"] = "Choose someone still in post"
    elif team.members.filter(staff=staff, left_on__isnull=True).exists():
        problems["staff"] = f"{staff.full_name} is already a member of the team"
    if problems:
        raise ValidationError(problems)
    member = _member_save(
        actor=actor, team=team, staff=staff, role=role.strip(), joined_on=joined_on
    )
    if access.current_involvement(team.child, staff) is None:
        if access.can_record_involvement_for_member(actor, team.child, staff):
            involvement_services.involvement_add(
                actor=actor,
                child=team.child,
                agency=staff.agency,
                practitioner=staff,
                role=role.strip(),
                started_on=min(joined_on, timezone.localdate()),
            )
        else:
            _tell(
                staff,
                team,
                key=f"tac:{team.pk}:member:{member.pk}",
                subject=(
                    f"You have joined the team around child {team.child.reference}: ask your "
                    "line manager to record your involvement in the child index"
                ),
            )
    return member


def _tell(staff: StaffMember, team: TeamAroundChild, *, key: str, subject: str) -> None:
    if staff.user is None:
        return
    from childtrust.safeguarding.services.notifications import notify

    notify(
        recipient=staff.user,
        kind=NotificationKind.TEAM_AROUND_CHILD,
        subject=subject,
        url=team_path(team),
        key=key,
    )


@transaction.atomic
def member_leave(*, actor: User, member: TeamMember, left_on: datetime.date) -> TeamMember:
    """A member leaves the team on a day; the row is kept (who was in the team, and when). The
    lead professional hands the lead on first. Their involvement in the child index is the
    child index's to end: they may still work with the child for their agency."""
    require(access.can_leave_team(actor, member), to=LEAVE)
    member = TeamMember.objects.select_for_update().select_related("team").get(pk=member.pk)
    problems: dict[str, str] = {}
    if member.left_on is not None:
        problems["left_on"] = "They have already left the team"
    elif member.staff_id == member.team.lead_professional_id:
        problems["left_on"] = "Hand the lead to another member before the lead professional leaves"
    else:
        problems = _date_problems(
            left_on, field="left_on", what="The date they left", not_before=member.joined_on
        )
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=member,
        changes={"left_on": left_on},
        allowed=("left_on",),
        errors=dict,
    )
    return member


def _step_save(
    *, actor: User, team: TeamAroundChild, direction: str, reason: str, referral_id: int | None
) -> StepChange:
    step = StepChange(
        team=team,
        direction=direction,
        on=timezone.localdate(),
        reason=reason,
        referral_id=referral_id,
    )
    save_and_record(
        actor=actor,
        instance=step,
        action=AuditAction.CREATE,
        details={"team": team.pk, "child": team.child.reference, "direction": direction},
    )
    return step


@transaction.atomic
def step_up(*, actor: User, team: TeamAroundChild, reason: str) -> StepChange:
    """Steps the team up to children's social care: a referral to the front door (helper F's
    referral_receive, which starts its decision clock) whose reason is the actor's and the
    team's history, and the team kept at the social care level with the step as history."""
    require(access.can_change_team(actor, team), to=CHANGE)
    team = _locked(team)
    problems: dict[str, str] = {}
    if not reason.strip():
        problems["reason"] = "Enter why the team is stepping up to children's social care"
    if team.level == SupportLevel.SOCIAL_CARE:
        problems["__all__"] = "The team is already at children's social care"
    if problems:
        raise ValidationError(problems)
    from childtrust.safeguarding.services.front_door import referral_receive

    staff = staff_record_of(actor)
    referral = referral_receive(
        actor=actor,
        child=team.child,
        kind=ReferralKind.REFERRAL,
        received_at=timezone.now(),
        referrer_name=staff.full_name if staff is not None else actor.get_full_name(),
        referrer_agency=staff.agency if staff is not None else None,
        referrer_email=staff.email if staff is not None else actor.email,
        reason=f"{reason.strip()}\n\n{team_history(team)}",
    )
    step = _step_save(
        actor=actor,
        team=team,
        direction=StepDirection.UP,
        reason=reason.strip(),
        referral_id=referral.pk,
    )
    update_and_record(
        actor=actor,
        instance=team,
        changes={"level": SupportLevel.SOCIAL_CARE},
        allowed=("level",),
        errors=dict,
    )
    return step


@transaction.atomic
def step_down(*, actor: User, team: TeamAroundChild, reason: str) -> StepChange:
    """Steps the team down from children's social care to early help, keeping the step as
    history."""
    require(access.can_change_team(actor, team), to=CHANGE)
    team = _locked(team)
    problems: dict[str, str] = {}
    if not reason.strip():
        problems["reason"] = "Enter why the team is stepping down to early help"
    if team.level == SupportLevel.EARLY_HELP:
        problems["__all__"] = "The team is already at early help"
    if problems:
        raise ValidationError(problems)
    step = _step_save(
        actor=actor,
        team=team,
        direction=StepDirection.DOWN,
        reason=reason.strip(),
        referral_id=None,
    )
    update_and_record(
        actor=actor,
        instance=team,
        changes={"level": SupportLevel.EARLY_HELP},
        allowed=("level",),
        errors=dict,
    )
    return step


@transaction.atomic
def team_end(
    *, actor: User, team: TeamAroundChild, ended_on: datetime.date, reason: str
) -> TeamAroundChild:
    """Ends the team (its members, plan and history kept); the child may then have a new one.
    The lead professional stays the child's lead in the child index until the child index says
    otherwise: they may still coordinate support."""
    require(access.can_change_team(actor, team), to=CHANGE)
    team = _locked(team)
    problems = _date_problems(
        ended_on, field="ended_on", what="The date the team ended", not_before=team.started_on
    )
    if not reason.strip():
        problems["end_reason"] = "Enter why the team is ending"
    elif len(reason.strip()) > 300:
        problems["end_reason"] = "Why the team is ending must be 300 characters or fewer"
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=team,
        changes={"ended_on": ended_on, "end_reason": reason.strip()},
        allowed=("ended_on", "end_reason"),
        errors=dict,
    )
    return team
