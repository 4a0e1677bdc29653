"""Writes to a restructure's parts: its selection pools, the posts it deletes, changes and
creates (each new or changed post with what it will be and its new job description), and the
people whose posts it affects (staff of its agency, in a post they hold, with what is proposed
for it in plain words, their pool and whether they are at risk of redundancy).

Post changes are fixed once the restructure is put in place; people can be added until it is
finished. A person with consultation meetings, responses or an outcome on record stays: their
consultation is kept."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Locality, StaffMember, Team
from childtrust.workforce import access
from childtrust.workforce.establishment_rules import fte_text
from childtrust.workforce.models import (
    AffectedOutcome,
    AffectedPerson,
    Post,
    PostChange,
    PostChangeKind,
    Profession,
    Restructure,
    SelectionPool,
)
from childtrust.workforce.models.establishment import ONE_FTE, SMALLEST_FTE
from childtrust.workforce.restructure_rules import (
    NOT_OVER,
    PLANNING,
    day_words,
    refuse_unless_status,
    tidy,
)
from childtrust.workforce.selectors.restructures import holding_on, restructure_locked

POOL_NAME_LENGTH = 200
PERSON_FIELDS = ("proposal", "pool", "at_risk")

# --- Selection pools -----------------------------------------------------------------------------


@transaction.atomic
def restructure_pool_add(
    *, actor: User, restructure: Restructure, name: str, description: str = ""
) -> SelectionPool:
    """Add a selection pool: people at risk who compete for the same posts."""
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its pools can no longer change"
    )
    pool = SelectionPool(restructure=restructure, name=tidy(name), description=description.strip())
    if not pool.name:
        raise ValidationError({"name": "Enter the pool's name"})
    if len(pool.name) > POOL_NAME_LENGTH:
        raise ValidationError({"name": "The pool's name must be 200 characters or fewer"})
    if restructure.pools.filter(name__iexact=pool.name).exists():
        raise ValidationError({"name": f"This restructure already has a pool called {pool.name}"})
    pool.full_clean()
    try:
        with transaction.atomic():
            pool.save()
    except IntegrityError as error:
        raise ValidationError(
            {"name": f"This restructure already has a pool called {pool.name}"}
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=pool,
        details={"restructure": restructure.pk, "name": pool.name},
    )
    return pool


@transaction.atomic
def restructure_pool_remove(*, actor: User, pool: SelectionPool) -> None:
    """Remove a pool; its people and posts stay in the restructure, in no pool."""
    restructure = pool.restructure
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its pools can no longer change"
    )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=pool,
        details={
            "restructure": restructure.pk,
            "name": pool.name,
            "people_left_without_a_pool": pool.members.count(),
            "posts_left_without_a_pool": pool.posts.count(),
        },
    )
    pool.delete()


# --- Post changes --------------------------------------------------------------------------------


def _post_fte_error(fte: Decimal | None) -> str | None:
    if fte is None:
        return "Enter the post's FTE, such as 1.00 or 0.60"
    if fte > ONE_FTE:
        return f"A post's FTE cannot be more than 1.00; {fte:.2f} was given"
    if fte < SMALLEST_FTE:
        return "The post's FTE must be more than 0, such as 0.60"
    return None


def _existing_post_error(change: PostChange, restructure: Restructure) -> str | None:
    post: Post | None = change.post if change.post_id else None
    if post is None:
        return f"Choose the post to be {'deleted' if change.kind == 'delete' else 'changed'}"
    if post.agency_id != restructure.agency_id:
        return (
            f"{post} is a post of {post.agency}, not of {restructure.agency}: a restructure "
            "changes one agency's posts"
        )
    if post.ends_on is not None and post.ends_on < timezone.localdate():
        return f"{post} ended on {day_words(post.ends_on)}"
    existing = restructure.post_changes.filter(post=post).exclude(pk=change.pk).first()
    if existing is not None:
        return f"This restructure already has {post} as {existing.get_kind_display().lower()}"
    return None


def _new_post_errors(change: PostChange, restructure: Restructure) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not change.job_title:
        errors["job_title"] = "Enter the post's job title"
    if problem := _post_fte_error(change.fte):
        errors["fte"] = problem
    if change.profession not in Profession.values:
        errors["profession"] = "Choose the post's profession"
    team: Team | None = change.team if change.team_id else None
    if team is not None and team.agency_id not in (None, restructure.agency_id):
        errors["team"] = (
            f"{team} is a team of {team.agency}: choose a team of {restructure.agency} or a "
            "multi-agency locality team"
        )
    if change.kind == PostChangeKind.CREATE and not change.job_description:
        errors["job_description"] = "Enter the new post's job description"
    return errors


def _post_change_errors(change: PostChange, restructure: Restructure) -> dict[str, str]:
    if change.kind not in PostChangeKind.values:
        return {"kind": "Choose whether the post is deleted, changed or created"}
    errors: dict[str, str] = {}
    if change.kind != PostChangeKind.CREATE and (
        problem := _existing_post_error(change, restructure)
    ):
        errors["post"] = problem
    if change.kind != PostChangeKind.DELETE:
        errors.update(_new_post_errors(change, restructure))
    if change.pool_id is not None and change.pool.restructure_id != restructure.pk:  # type: ignore[union-attr]
        errors["pool"] = "Choose one of this restructure's pools"
    return errors


@transaction.atomic
def restructure_post_change_add(
    *,
    actor: User,
    restructure: Restructure,
    kind: str,
    post: Post | None = None,
    job_title: str = "",
    grade: str = "",
    fte: Decimal | None = None,
    team: Team | None = None,
    locality: Locality | None = None,
    profession: str = "",
    social_worker: bool = False,
    job_description: str = "",
    pool: SelectionPool | None = None,
) -> PostChange:
    """Add a post the restructure deletes (an existing post of its agency), changes (an existing
    post, with what it will be and, if it changes, its new job description) or creates (with its
    job title, grade, FTE, team, locality, profession, whether it is a social worker post and its
    job description). Put in place by restructure_implement."""
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(restructure_locked(restructure), PLANNING, so="its post changes are fixed")
    deleting = kind == PostChangeKind.DELETE
    change = PostChange(
        restructure=restructure,
        kind=kind,
        post=post,
        job_title="" if deleting else tidy(job_title),
        grade="" if deleting else tidy(grade),
        fte=None if deleting else fte,
        team=None if deleting else team,
        locality=None if deleting else locality,
        profession="" if deleting else profession,
        social_worker=False if deleting else social_worker,
        job_description="" if deleting else job_description.strip(),
        pool=pool,
    )
    errors = _post_change_errors(change, restructure)
    if errors:
        raise ValidationError(errors)
    save_and_record(
        actor=actor,
        instance=change,
        action=AuditAction.CREATE,
        details={
            "restructure": restructure.pk,
            "kind": kind,
            "post": {"id": post.pk, "name": str(post)} if post is not None else None,
            "job_title": change.job_title,
            "fte": fte_text(change.fte) if change.fte is not None else None,
            "team": {"id": team.pk, "name": team.name} if team is not None else None,
        },
    )
    return change


@transaction.atomic
def restructure_post_change_remove(*, actor: User, change: PostChange) -> None:
    """Take a post change out of the proposal (before it is put in place)."""
    restructure = change.restructure
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(restructure_locked(restructure), PLANNING, so="its post changes are fixed")
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=change,
        details={"restructure": restructure.pk, "kind": change.kind, "post": change.post_id},
    )
    change.delete()


# --- People affected -----------------------------------------------------------------------------


def _person_errors(affected: AffectedPerson, restructure: Restructure) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not affected.proposal:
        errors["proposal"] = "Enter what is proposed for the person's post, in plain words"
    if affected.pool_id is not None and affected.pool.restructure_id != restructure.pk:  # type: ignore[union-attr]
        errors["pool"] = "Choose one of this restructure's pools"
    return errors


@transaction.atomic
def restructure_person_add(
    *,
    actor: User,
    restructure: Restructure,
    staff: StaffMember,
    post: Post | None,
    proposal: str,
    pool: SelectionPool | None = None,
    at_risk: bool = False,
) -> AffectedPerson:
    """Add a person whose post the restructure affects: a member of its agency's staff in post,
    in a post of the agency they hold today."""
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its people can no longer change"
    )
    affected = AffectedPerson(
        restructure=restructure,
        staff=staff,
        post=post,
        proposal=proposal.strip(),
        pool=pool,
        at_risk=at_risk,
    )
    errors = _person_errors(affected, restructure)
    if staff.agency_id != restructure.agency_id or not staff.is_active:
        errors["staff"] = f"Choose a member of {restructure.agency}'s staff in post"
    elif restructure.affected_people.filter(staff=staff).exists():
        errors["staff"] = f"{staff} is already among the people affected"
    if post is None:
        errors["post"] = "Choose the post the person holds"
    elif post.agency_id != restructure.agency_id:
        errors["post"] = f"{post} is not a post of {restructure.agency}"
    elif "staff" not in errors and holding_on(staff.pk, post.pk, timezone.localdate()) is None:
        errors["post"] = f"{staff} does not hold {post} today: choose the post they hold"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            save_and_record(
                actor=actor,
                instance=affected,
                action=AuditAction.CREATE,
                details={
                    "restructure": restructure.pk,
                    "staff": staff.pk,
                    "post": post.pk if post is not None else None,
                    "at_risk": at_risk,
                },
            )
    except IntegrityError as error:
        raise ValidationError({"staff": f"{staff} is already among the people affected"}) from error
    return affected


@transaction.atomic
def restructure_person_update(
    *,
    actor: User,
    affected: AffectedPerson,
    proposal: str,
    pool: SelectionPool | None,
    at_risk: bool,
) -> AffectedPerson:
    """Change what is proposed for a person's post, their pool or whether they are at risk."""
    restructure = affected.restructure
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its people can no longer change"
    )
    update_and_record(
        actor=actor,
        instance=affected,
        changes={"proposal": proposal.strip(), "pool": pool, "at_risk": at_risk},
        allowed=PERSON_FIELDS,
        errors=lambda: _person_errors(affected, restructure),
        values_in_log=False,
    )
    return affected


@transaction.atomic
def restructure_person_remove(*, actor: User, affected: AffectedPerson) -> None:
    """Take a person out of the restructure: only while they have no consultation meetings,
    responses or outcome on record, which are kept."""
    restructure = affected.restructure
    require(access.can_manage_restructure(actor, restructure), to="change this restructure")
    refuse_unless_status(
        restructure_locked(restructure), NOT_OVER, so="its people can no longer change"
    )
    if (
        affected.outcome != AffectedOutcome.PENDING
        or affected.meetings.exists()
        or affected.responses.exists()
    ):
        raise ValidationError(
            f"{affected.staff} has consultation meetings, responses or an outcome on record, "
            "which are kept: they stay among the people affected"
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        target=affected,
        details={"restructure": restructure.pk, "staff": affected.staff_id},
    )
    affected.delete()
