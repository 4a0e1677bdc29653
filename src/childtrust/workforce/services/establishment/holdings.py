"""Writes to who holds a post: a member of staff added as a holder (their contracted FTE, their
start date and whether they joined the agency with the post: a starter), a holding ended (with
a leaving reason: a leaver; without one: a move within the agency), and an agency worker's
cover of a post added and ended. The rules of bad input are workforce.establishment_rules',
shared with the import: at most 1.00 FTE for one person in one post, an end on or after its
start, and never more FTE held at once than the post is funded for. A post's holders are its
own agency's staff. Workforce managers do these, within their remit."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record, update_and_record
from childtrust.audit.models import AuditAction
from childtrust.core.permissions import require
from childtrust.partnership.models import StaffMember
from childtrust.workforce import access
from childtrust.workforce.establishment_rules import (
    Spell,
    end_date_error,
    fte_text,
    over_held_error,
    peak_fte,
    person_fte_error,
)
from childtrust.workforce.models import (
    AgencyCover,
    CoverReason,
    Holding,
    LeavingReason,
    Post,
)
from childtrust.workforce.models.establishment import ONE_FTE
from childtrust.workforce.services.establishment._checks import (
    _day_words,
    _end_within_post_error,
    _locked,
    _refuse_if_any,
    _spells,
    _tidy,
    _within_post_errors,
)


def _holder_errors(
    post: Post, staff: StaffMember | None, fte: Decimal | None, starts_on: datetime.date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if staff is None:
        errors["staff"] = "Choose the member of staff"
    elif staff.agency_id != post.agency_id:
        errors["staff"] = (
            f"{staff} works for {staff.agency}, and this is a post of {post.agency}: a post's "
            "holders are its own agency's staff"
        )
    elif not staff.is_active:
        errors["staff"] = f"{staff} is no longer in post: choose someone who is"
    if problem := person_fte_error(fte):
        errors["fte"] = problem
    if starts_on is None:
        errors["starts_on"] = "Enter the start date"
    errors.update(_within_post_errors(post, starts_on, what="start date"))
    if errors or staff is None or fte is None or starts_on is None:
        return errors
    held = list(post.holdings.all())
    new = Spell(fte, starts_on, None)
    own, own_day = peak_fte([*_spells(h for h in held if h.staff_id == staff.pk), new])
    if own > ONE_FTE and own_day is not None:
        errors["fte"] = (
            f"{staff} would hold {fte_text(own)} of this post from {_day_words(own_day)}: the "
            "FTE for one person in one post cannot be more than 1.00"
        )
    elif problem := over_held_error(post.fte, [*_spells(held), new]):
        errors["fte"] = problem
    return errors


@transaction.atomic
def holding_add(
    *,
    actor: User,
    post: Post,
    staff: StaffMember | None,
    fte: Decimal | None,
    starts_on: datetime.date | None,
    joined_agency: bool = False,
) -> Holding:
    """A member of the post's agency holds the post from a day at their contracted FTE; one
    who joined the agency with it is a starter on that day."""
    require(access.can_manage_workforce(actor, post.agency), to="add a holder to this post")
    current = _locked(post)
    _refuse_if_any(_holder_errors(current, staff, fte, starts_on))
    assert staff is not None
    assert fte is not None
    assert starts_on is not None
    holding = Holding(
        post=current, staff=staff, fte=fte, starts_on=starts_on, joined_agency=joined_agency
    )
    save_and_record(
        actor=actor,
        instance=holding,
        action=AuditAction.CREATE,
        details={
            "post": current.reference,
            "staff": {"id": staff.pk, "name": str(staff)},
            "fte": str(fte),
            "starts_on": starts_on.isoformat(),
            "joined_agency": joined_agency,
        },
    )
    return holding


@transaction.atomic
def holding_end(
    *,
    actor: User,
    holding: Holding,
    ends_on: datetime.date | None,
    leaving_reason: str = "",
) -> Holding:
    """A holder's last day in the post. With a leaving reason (the national collection's) they
    left the agency: a leaver. With none, they moved within the agency (add them to their new
    post), and count as neither starter nor leaver."""
    post = holding.post
    require(access.can_manage_workforce(actor, post.agency), to="end a holding of this post")
    _locked(post)
    current = Holding.objects.select_related("staff").get(pk=holding.pk)
    if current.ends_on is not None:
        raise ValidationError(
            {"ends_on": f"{current.staff} already left this post on {_day_words(current.ends_on)}"}
        )
    what = "leaving date" if leaving_reason else "last day in the post"
    errors: dict[str, str] = {}
    if ends_on is None:
        errors["ends_on"] = f"Enter the {what}"
    elif problem := end_date_error(current.starts_on, ends_on, what=what) or (
        _end_within_post_error(post, ends_on, what=what)
    ):
        errors["ends_on"] = problem
    if leaving_reason and leaving_reason not in LeavingReason.values:
        errors["leaving_reason"] = "Choose a leaving reason from the list"
    _refuse_if_any(errors)
    update_and_record(
        actor=actor,
        instance=current,
        changes={"ends_on": ends_on, "leaving_reason": leaving_reason},
        allowed=("ends_on", "leaving_reason"),
        errors=dict,
    )
    return current


def _cover_errors(
    post: Post,
    worker_name: str,
    supplier: str,
    fte: Decimal | None,
    reason: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not worker_name:
        errors["worker_name"] = "Enter the agency worker's name"
    if not supplier:
        errors["supplier"] = "Enter the employment agency that supplies them"
    if problem := person_fte_error(fte):
        errors["fte"] = problem
    if reason not in CoverReason.values:
        errors["reason"] = "Choose why the post is covered"
    if starts_on is None:
        errors["starts_on"] = "Enter the start date"
    errors.update(_within_post_errors(post, starts_on, what="start date"))
    if problem := end_date_error(starts_on, ends_on, what="end date") or (
        _end_within_post_error(post, ends_on, what="end date")
    ):
        errors["ends_on"] = problem
    return errors


@transaction.atomic
def agency_cover_add(
    *,
    actor: User,
    post: Post,
    worker_name: str,
    supplier: str,
    fte: Decimal | None,
    reason: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None = None,
) -> AgencyCover:
    """An agency worker or locum in the post, from an employment agency, from a day (to a day,
    when known). The agency worker rate counts them; those covering a vacancy count towards
    the cover of vacancies."""
    require(access.can_manage_workforce(actor, post.agency), to="add agency cover to this post")
    current = _locked(post)
    worker_name, supplier = _tidy(worker_name), _tidy(supplier)
    _refuse_if_any(_cover_errors(current, worker_name, supplier, fte, reason, starts_on, ends_on))
    assert starts_on is not None
    cover = AgencyCover(
        post=current,
        worker_name=worker_name,
        supplier=supplier,
        fte=fte,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    save_and_record(
        actor=actor,
        instance=cover,
        action=AuditAction.CREATE,
        details={
            "post": current.reference,
            "supplier": supplier,
            "fte": str(fte),
            "reason": reason,
            "starts_on": starts_on.isoformat() if starts_on else None,
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    return cover


@transaction.atomic
def agency_cover_end(
    *, actor: User, cover: AgencyCover, ends_on: datetime.date | None
) -> AgencyCover:
    """An agency worker's last day in the post."""
    post = cover.post
    require(access.can_manage_workforce(actor, post.agency), to="end agency cover of this post")
    _locked(post)
    current = AgencyCover.objects.get(pk=cover.pk)
    if current.ends_on is not None:
        raise ValidationError(
            {
                "ends_on": f"{current.worker_name}'s cover already ended on "
                f"{_day_words(current.ends_on)}"
            }
        )
    if ends_on is None:
        raise ValidationError({"ends_on": "Enter the last day of the cover"})
    if problem := end_date_error(current.starts_on, ends_on, what="last day of the cover") or (
        _end_within_post_error(post, ends_on, what="last day of the cover")
    ):
        raise ValidationError({"ends_on": problem})
    update_and_record(
        actor=actor,
        instance=current,
        changes={"ends_on": ends_on},
        allowed=("ends_on",),
        errors=dict,
    )
    return current
