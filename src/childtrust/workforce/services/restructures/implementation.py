"""Putting a restructure in place and finishing it.

Putting it in place on a day: its created posts are made (starting that day, each with job
description version 1), its changed posts take what they will be (a changed job description is
a new version, with the reason "Restructure: <title>"), and its deleted posts end the day before,
unless someone still holds one: such a post ends when its last holder's outcome is recorded
(slotting in to a created post can only follow the creation). The establishment before and after
is recorded in the same audit event, since the posts no longer show it afterwards.

Refused, with every problem named: a deleted post held by someone who is not among the people
affected (they would never have an outcome), or covered by an agency worker past the day before;
a changed post whose new FTE is less than its holders hold; a day before consultation ends or
the decision.

Finishing asks that everyone affected has an outcome and every deleted post has ended."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import changes_details, save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.workforce import access
from childtrust.workforce.establishment_rules import Spell, over_held_error
from childtrust.workforce.models import (
    AffectedOutcome,
    JobDescription,
    Post,
    PostChange,
    PostChangeKind,
    Restructure,
    RestructureStatus,
)
from childtrust.workforce.restructure_rules import (
    PLANNING,
    day_words,
    refuse_unless_status,
)
from childtrust.workforce.selectors.restructure_establishment import (
    ESTABLISHMENT_KEY,
    establishment_for_audit,
    establishment_worked_out,
)
from childtrust.workforce.selectors.restructures import restructure_locked

ONE_DAY = datetime.timedelta(days=1)
POST_CHANGE_FIELDS = (
    "job_title",
    "grade",
    "fte",
    "team",
    "locality",
    "profession",
    "social_worker",
)


def _held_after(post: Post, day: datetime.date) -> list[Any]:
    return list(
        post.holdings.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day)).select_related("staff")
    )


def _deleted_post_errors(post: Post, affected: set[int], last_old_day: datetime.date) -> list[str]:
    problems = [
        f"{post} is held by {holding.staff}, who is not among the people affected: add them, "
        "or end their holding first"
        for holding in _held_after(post, last_old_day)
        if holding.staff_id not in affected
    ]
    problems += [
        f"{cover.worker_name} covers {post}, which is deleted: end the cover by "
        f"{day_words(last_old_day)} first"
        for cover in post.agency_cover.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=last_old_day))
    ]
    return problems


def _changed_post_error(change: PostChange, post: Post, on: datetime.date) -> str | None:
    if change.fte is None:
        return None
    spells = [
        Spell(h.fte, max(h.starts_on, on), h.ends_on) for h in _held_after(post, on - ONE_DAY)
    ]
    problem = over_held_error(change.fte, spells)
    if problem is None:
        return None
    return f"{post} cannot change as proposed: {problem[:1].lower()}{problem[1:]}"


def _implementation_errors(
    restructure: Restructure, changes: list[PostChange], on: datetime.date
) -> list[str]:
    problems = [
        f"The restructure cannot be put in place ({day_words(on)}) before {what} "
        f"({day_words(when)})"
        for when, what in (
            (restructure.consultation_ends_on, "consultation ends"),
            (restructure.decision_on, "the decision"),
        )
        if when is not None and on < when
    ]
    last_old_day = on - ONE_DAY
    affected = set(restructure.affected_people.values_list("staff_id", flat=True))
    for change in changes:
        post = change.post
        if post is None:
            continue
        if post.ends_on is not None and post.ends_on < last_old_day:
            problems.append(f"{post} ended on {day_words(post.ends_on)}, before the restructure")
        elif change.kind == PostChangeKind.DELETE:
            problems += _deleted_post_errors(post, affected, last_old_day)
        elif change.kind == PostChangeKind.CHANGE and (
            problem := _changed_post_error(change, post, on)
        ):
            problems.append(problem)
    return problems


def _next_reference(restructure: Restructure, change: PostChange) -> str:
    """A created post's reference until the agency's HR system gives it one: RS<restructure>-
    <change>, with a letter after it should that be taken."""
    base = f"RS{restructure.pk}-{change.pk}"
    taken = set(
        Post.objects.filter(
            agency_id=restructure.agency_id, reference__startswith=base
        ).values_list("reference", flat=True)
    )
    if base not in taken:
        return base
    return next(
        f"{base}{letter}"
        for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        if f"{base}{letter}" not in taken
    )


def _job_description_add(post: Post, text: str, reason: str, actor: User) -> int:
    latest = post.job_descriptions.order_by("-version").first()
    version = (latest.version if latest else 0) + 1
    JobDescription.objects.create(
        post=post,
        version=version,
        text=text,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    return version


def _create_post(
    actor: User, restructure: Restructure, change: PostChange, on: datetime.date
) -> None:
    post = Post(
        agency_id=restructure.agency_id,
        reference=_next_reference(restructure, change),
        job_title=change.job_title,
        grade=change.grade,
        fte=change.fte,
        team=change.team,
        locality=change.locality,
        profession=change.profession,
        social_worker=change.social_worker,
        starts_on=on,
    )
    save_and_record(
        actor=actor,
        instance=post,
        action=AuditAction.CREATE,
        details={
            "restructure": restructure.pk,
            "post_change": change.pk,
            "reference": post.reference,
            "job_title": post.job_title,
            "fte": str(post.fte),
            "starts_on": on.isoformat(),
            "job_description_version": 1,
        },
    )
    _job_description_add(post, change.job_description, f"Restructure: {restructure.title}", actor)
    change.post = post
    change.modified_by = actor
    change.save(update_fields=["post", "modified_by", "modified_at"])


def _change_post(actor: User, restructure: Restructure, change: PostChange) -> None:
    post = change.post
    assert post is not None  # a change names its post (a database constraint)
    latest = post.job_descriptions.order_by("-version").first()
    new_text = change.job_description and (latest is None or latest.text != change.job_description)
    update_and_record(
        actor=actor,
        instance=post,
        changes={name: getattr(change, name) for name in POST_CHANGE_FIELDS if name != "fte"}
        | ({"fte": change.fte} if change.fte is not None else {}),
        allowed=POST_CHANGE_FIELDS,
        errors=dict,
        also_changed=["job_description"] if new_text else [],
    )
    if new_text:
        _job_description_add(
            post, change.job_description, f"Restructure: {restructure.title}", actor
        )


def _deleted_post_last_day(post: Post, implemented_on: datetime.date) -> datetime.date | None:
    """The last day a deleted post is funded: the day before the restructure was put in place,
    or its last holder's last day if later; None while someone still holds it with no end."""
    ends = list(post.holdings.values_list("ends_on", flat=True))
    if any(end is None for end in ends):
        return None
    last = max([implemented_on - ONE_DAY, *[end for end in ends if end is not None]])
    return max(last, post.starts_on)


def _end_deleted_post_if_vacant(actor: User, restructure: Restructure, post: Post) -> bool:
    """Ends a post the restructure deletes once no one holds it (put in place already).
    Returns whether it ended."""
    if (
        restructure.implemented_on is None
        or post.ends_on is not None
        or not restructure.post_changes.filter(kind=PostChangeKind.DELETE, post=post).exists()
    ):
        return False
    last = _deleted_post_last_day(post, restructure.implemented_on)
    if last is None:
        return False
    update_and_record(
        actor=actor, instance=post, changes={"ends_on": last}, allowed=("ends_on",), errors=dict
    )
    return True


@transaction.atomic
def restructure_implement(
    *, actor: User, restructure: Restructure, implemented_on: datetime.date
) -> Restructure:
    """Put the restructure in place on a day (see the module's docstring); it then reads
    "Decided, being put in place" until it is finished."""
    require(access.can_manage_restructure(actor, restructure), to="put this restructure in place")
    refuse_unless_status(
        restructure_locked(restructure), PLANNING, so="it cannot be put in place again"
    )
    changes = list(restructure.post_changes.select_related("post", "team").order_by("kind", "pk"))
    problems = _implementation_errors(restructure, changes, implemented_on)
    if problems:
        raise ValidationError(problems)
    establishment = establishment_worked_out(restructure, implemented_on - ONE_DAY)
    ended = []
    for change in changes:
        if change.kind == PostChangeKind.CREATE:
            _create_post(actor, restructure, change, implemented_on)
        elif change.kind == PostChangeKind.CHANGE:
            _change_post(actor, restructure, change)
    restructure.implemented_on = implemented_on
    for change in changes:
        if (
            change.kind == PostChangeKind.DELETE
            and change.post is not None
            and _end_deleted_post_if_vacant(actor, restructure, change.post)
        ):
            ended.append(change.post.pk)
    changed = {
        "status": (restructure.status, RestructureStatus.IMPLEMENTING),
        "implemented_on": (None, implemented_on),
    }
    if restructure.decision_on is None:
        changed["decision_on"] = (None, implemented_on)
        restructure.decision_on = implemented_on
    restructure.status = RestructureStatus.IMPLEMENTING
    details = changes_details(changed)
    details[ESTABLISHMENT_KEY] = establishment_for_audit(establishment)
    details["posts_created"] = [c.post_id for c in changes if c.kind == PostChangeKind.CREATE]
    details["posts_changed"] = [c.post_id for c in changes if c.kind == PostChangeKind.CHANGE]
    details["posts_ended"] = ended
    save_and_record(actor=actor, instance=restructure, action=AuditAction.UPDATE, details=details)
    return restructure


@transaction.atomic
def restructure_finish(*, actor: User, restructure: Restructure) -> Restructure:
    """Finish a restructure put in place, once everyone affected has an outcome and every post
    it deletes has ended."""
    require(access.can_manage_restructure(actor, restructure), to="finish this restructure")
    refuse_unless_status(
        restructure_locked(restructure),
        (RestructureStatus.IMPLEMENTING,),
        so="only a restructure put in place can be finished",
    )
    problems = []
    pending = [
        str(a.staff)
        for a in restructure.affected_people.filter(outcome=AffectedOutcome.PENDING).select_related(
            "staff"
        )
    ]
    if pending:
        problems.append(f"Record what became of {', '.join(pending)} first")
    still_held = [
        str(c.post)
        for c in restructure.post_changes.filter(
            kind=PostChangeKind.DELETE, post__ends_on__isnull=True
        ).select_related("post")
    ]
    if still_held:
        problems.append(
            f"{', '.join(still_held)} {'is' if len(still_held) == 1 else 'are'} deleted but still "
            "held: record the outcome of the people in them first"
        )
    if problems:
        raise ValidationError(problems)
    update_and_record(
        actor=actor,
        instance=restructure,
        changes={"status": RestructureStatus.FINISHED},
        allowed=("status",),
        errors=dict,
    )
    return restructure
