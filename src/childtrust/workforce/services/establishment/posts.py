"""Writes to posts: a post created (with its first job description), changed, ended (a post is
never deleted: its last day is recorded, refused while anyone still holds or covers it after
that day), and its job description changed (a new version with who changed it and why; old
versions are never edited). Workforce managers do these, within their remit; every message
about bad input is given at once and nothing is written. One audit event for each write."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import audit_value, save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, Locality, Team
from childtrust.workforce import access
from childtrust.workforce.establishment_rules import over_held_error
from childtrust.workforce.models import JobDescription, Post, Profession
from childtrust.workforce.services.establishment._checks import (
    _day_words,
    _locked,
    _post_fte_error,
    _refuse_if_any,
    _spells,
    _tidy,
)

# What the post form may change (its agency stays: moving a post to another agency is ending
# it and creating another, since its holders are that agency's staff).
POST_FIELDS = (
    "reference",
    "job_title",
    "grade",
    "fte",
    "team",
    "locality",
    "profession",
    "social_worker",
    "starts_on",
)
SOCIAL_WORK_PROFESSIONS = {Profession.SOCIAL_WORKER, Profession.SOCIAL_WORK_MANAGER}


def _post_errors(post: Post) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not post.reference:
        errors["reference"] = "Enter the post's reference: its number in the agency's HR system"
    elif (
        Post.objects.filter(agency_id=post.agency_id, reference=post.reference)
        .exclude(pk=post.pk)
        .exists()
    ):
        errors["reference"] = (
            f"{post.agency} already has a post with the reference {post.reference}"
        )
    if not post.job_title:
        errors["job_title"] = "Enter the job title"
    if problem := _post_fte_error(post.fte):
        errors["fte"] = problem
    team: Team | None = post.team if post.team_id else None
    if team is not None and team.agency_id is not None and team.agency_id != post.agency_id:
        errors["team"] = (
            f"{team} is a team of {team.agency}: choose one of {post.agency}'s teams or a "
            "multi-agency team"
        )
    if post.profession not in Profession.values:
        errors["profession"] = "Choose the post's profession"
    elif post.social_worker and post.profession not in SOCIAL_WORK_PROFESSIONS:
        errors["social_worker"] = (
            "Only a social worker's or social work manager's post can be a social worker post "
            "registered with Social Work England"
        )
    if post.starts_on is None:
        errors["starts_on"] = "Enter the day the post was first funded"
    return errors


def _changed_post_errors(post: Post) -> dict[str, str]:
    """A change may not leave the post's holders above its FTE, or anyone in it before it
    starts."""
    errors = _post_errors(post)
    if "fte" not in errors:
        held = [h for h in post.holdings.all()]
        if problem := over_held_error(post.fte, _spells(held)):
            errors["fte"] = problem
    if "starts_on" not in errors:
        first = min(
            [h.starts_on for h in post.holdings.all()]
            + [c.starts_on for c in post.agency_cover.all()],
            default=None,
        )
        if first is not None and first < post.starts_on:
            errors["starts_on"] = (
                f"Someone holds or covers the post from {_day_words(first)}: it cannot start "
                "later than that"
            )
        elif post.ends_on is not None and post.ends_on < post.starts_on:
            errors["starts_on"] = (
                f"The post's last day was {_day_words(post.ends_on)}: it cannot start after it"
            )
    return errors


@transaction.atomic
def post_create(
    *,
    actor: User,
    agency: Agency,
    reference: str,
    job_title: str,
    grade: str = "",
    fte: Decimal | None,
    team: Team | None = None,
    locality: Locality | None = None,
    profession: str,
    social_worker: bool = False,
    starts_on: datetime.date | None,
    job_description: str = "",
) -> Post:
    """Add a funded post to an agency's establishment, with its job description as version 1
    when one is given."""
    require(access.can_manage_workforce(actor, agency), to="add a post to this agency")
    post = Post(
        agency=agency,
        reference=_tidy(reference),
        job_title=_tidy(job_title),
        grade=_tidy(grade),
        fte=fte,
        team=team,
        locality=locality,
        profession=profession,
        social_worker=social_worker,
        starts_on=starts_on,  # type: ignore[misc]  # None is refused just below
    )
    _refuse_if_any(_post_errors(post))
    try:
        with transaction.atomic():
            save_and_record(
                actor=actor,
                instance=post,
                action=AuditAction.CREATE,
                details={name: audit_value(getattr(post, name)) for name in POST_FIELDS}
                | {"agency": audit_value(agency)},
            )
    except IntegrityError as error:
        raise ValidationError(
            {"reference": f"{agency} already has a post with the reference {post.reference}"}
        ) from error
    if job_description.strip():
        _add_version(actor, post, job_description.strip(), "The post was created")
    return post


@transaction.atomic
def post_update(
    *,
    actor: User,
    post: Post,
    reference: str,
    job_title: str,
    grade: str,
    fte: Decimal | None,
    team: Team | None,
    locality: Locality | None,
    profession: str,
    social_worker: bool,
    starts_on: datetime.date | None,
) -> Post:
    """Change a post's details. Its FTE cannot fall below what its holders hold together at
    any time, nor its first day move after anyone's start in it."""
    require(access.can_manage_workforce(actor, post.agency), to="change this post")
    current = _locked(post)
    update_and_record(
        actor=actor,
        instance=current,
        changes={
            "reference": _tidy(reference),
            "job_title": _tidy(job_title),
            "grade": _tidy(grade),
            "fte": fte,
            "team": team,
            "locality": locality,
            "profession": profession,
            "social_worker": social_worker,
            "starts_on": starts_on,
        },
        allowed=POST_FIELDS,
        errors=lambda: _changed_post_errors(current),
    )
    return current


@transaction.atomic
def post_end(*, actor: User, post: Post, ends_on: datetime.date | None) -> Post:
    """Delete a post from the establishment from the day after its last day. The record is
    kept, so that the establishment on any past day can be worked out. Refused while anyone
    holds it (or covers it as an agency worker) after that day: end their holdings first."""
    require(access.can_manage_workforce(actor, post.agency), to="end this post")
    current = _locked(post)
    if current.ends_on is not None:
        raise ValidationError(
            {"ends_on": f"The post already ended: its last day was {_day_words(current.ends_on)}"}
        )
    if ends_on is None:
        raise ValidationError({"ends_on": "Enter the post's last day"})
    if ends_on < current.starts_on:
        raise ValidationError(
            {
                "ends_on": f"The post's last day ({_day_words(ends_on)}) must be on or after "
                f"the day it was first funded ({_day_words(current.starts_on)})"
            }
        )
    staying = [
        f"{h.staff} ({'no leaving date' if h.ends_on is None else 'to ' + _day_words(h.ends_on)})"
        for h in current.holdings.select_related("staff").order_by("starts_on", "pk")
        if h.ends_on is None or h.ends_on > ends_on
    ] + [
        f"{c.worker_name} of {c.supplier}, agency cover "
        f"({'no end date' if c.ends_on is None else 'to ' + _day_words(c.ends_on)})"
        for c in current.agency_cover.order_by("starts_on", "pk")
        if c.ends_on is None or c.ends_on > ends_on
    ]
    if staying:
        raise ValidationError(
            {
                "ends_on": f"The post still has holders after {_day_words(ends_on)}: "
                f"{'; '.join(staying)}. End their holdings or cover first"
            }
        )
    current.ends_on = ends_on
    save_and_record(
        actor=actor,
        instance=current,
        action=AuditAction.DELETE,
        details={"reference": current.reference, "ends_on": ends_on.isoformat()},
    )
    return current


def _add_version(actor: User, post: Post, text: str, reason: str) -> JobDescription:
    latest = post.job_descriptions.aggregate(latest=Max("version"))["latest"] or 0
    version = JobDescription(
        post=post,
        version=latest + 1,
        text=text,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    version.full_clean()
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as error:
        raise ValidationError(
            "Someone else changed the job description at the same moment. Look at their "
            "version and try again."
        ) from error
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=version,
        details={"post": post.reference, "version": version.version, "reason": reason},
    )
    return version


@transaction.atomic
def job_description_change(*, actor: User, post: Post, text: str, reason: str) -> JobDescription:
    """A new version of the post's job description, with who changed it and why. Earlier
    versions stay as they were, so that any two can be compared."""
    require(access.can_manage_workforce(actor, post.agency), to="change this job description")
    current = _locked(post)
    text, reason = text.strip(), _tidy(reason)
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Enter the job description"
    else:
        latest = current.job_descriptions.order_by("-version").first()
        if latest is not None and latest.text.strip() == text:
            errors["text"] = (
                f"The job description is the same as version {latest.version}: change it, or cancel"
            )
    if not reason:
        errors["reason"] = "Enter why the job description changed"
    elif len(reason) > JobDescription._meta.get_field("reason").max_length:  # type: ignore[operator]
        errors["reason"] = "The reason must be 300 characters or fewer"
    _refuse_if_any(errors)
    return _add_version(actor, current, text, reason)
