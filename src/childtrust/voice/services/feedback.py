"""Feedback on the change: staff raise suggestions and concerns, with their name or
anonymously; owners respond; 'You said, we did' counts its readers."""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.core.calendar import add_working_days
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, StaffMember
from childtrust.voice import access
from childtrust.voice.models import Feedback, FeedbackReach, FeedbackStatus
from childtrust.voice.selectors.feedback import (
    feedback_agency_head,
    feedback_partnership_agency,
    feedback_working_days_to_respond,
)
from childtrust.voice.services import untraceable

# Any member of staff raises a suggestion or concern about the change, with their name or
# anonymously; it is routed to an owner who must respond within the partnership's target
# (settings.FEEDBACK_RESPONSE_WORKING_DAYS, 10 working days unless set otherwise).


def _feedback_owner(agency: Agency | None) -> StaffMember:
    """The owner of feedback about `agency` (None: the partnership as a whole), or a refusal
    that tells a partnership administrator what to record."""
    about = agency if agency is not None else feedback_partnership_agency()
    if about is None:
        raise ValidationError(
            {
                "agency": "There is no one to answer feedback about the partnership as a whole: "
                "no agency is recorded as the local authority's children's services. Ask a "
                "partnership administrator to record it and who heads it, or choose an agency."
            }
        )
    owner = feedback_agency_head(about)
    if owner is None:
        raise ValidationError(
            {
                "agency": f"There is no one to answer feedback about {about}: no active head of "
                "the agency (a member of staff with no manager) is recorded. Ask a partnership "
                "administrator to record who heads it."
            }
        )
    return owner


@transaction.atomic
def feedback_raise(
    *,
    actor: User,
    kind: str,
    subject: str,
    text: str,
    agency: Agency | None,
    anonymous: bool,
) -> Feedback:
    """Raises a suggestion or concern from the actor's staff record and routes it to its owner,
    who must respond by the target date.

    Anonymous feedback cannot be traced to the person, even by someone with the database and
    the logs (issue 11): no `raised_by` or `created_by`; its created and modified times are the
    start of the day; and no audit event is written now, since its place in the chain would sit
    between the author's own events. The worker records each day's anonymous feedback as one
    count once the day is over (`feedback_anonymous_days_record`). The check that the actor is
    staff in post records nothing either."""
    require(access.can_use_staff_voice(actor), to="raise feedback")
    raiser = access.feedback_staff_for_user(actor, to="raise feedback")
    owner = _feedback_owner(agency)
    raised_on = timezone.localdate()
    feedback = Feedback(
        kind=kind,
        subject=subject.strip(),
        text=text.strip(),
        agency=agency,
        owner=owner,
        raised_on=raised_on,
        respond_by=add_working_days(raised_on, settings.FEEDBACK_RESPONSE_WORKING_DAYS),
        anonymous=anonymous,
        raised_by=None if anonymous else raiser,
        created_by=None if anonymous else actor,
        modified_by=None if anonymous else actor,
    )
    feedback.full_clean()
    if anonymous:
        _feedback_insert_dated(feedback)
        return feedback
    feedback.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=feedback,
        details={
            "kind": kind,
            "anonymous": False,
            "owner": owner.pk,
            "respond_by": feedback.respond_by.isoformat(),
        },
    )
    return feedback


def _feedback_insert_dated(feedback: Feedback) -> None:
    """Inserts anonymous feedback with the start of its day as its created and modified times.
    A raw save keeps the values set here, where an ordinary one would stamp the moment
    (auto_now): updating them afterwards would leave the moment in the database's old row
    version until it is vacuumed."""
    start = _start_of(feedback.raised_on)
    feedback.created_at = feedback.modified_at = start
    feedback.save_base(raw=True, force_insert=True)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), timezone.get_current_timezone())


def feedback_anonymous_days_record(*, today: date) -> int:
    """The worker's record of anonymous feedback: for each day that is over, one audit event
    on no one's behalf, "4 anonymous items of feedback received on 2 December 2026", written
    once (see voice.services.untraceable); then, on PostgreSQL, the day's anonymous rows lose
    the order they were written in. Returns how many items it recorded."""
    first, last = untraceable.days_to_count(today)
    days = (
        Feedback.objects.filter(anonymous=True, raised_on__range=(first, last))
        .values_list("raised_on", flat=True)
        .distinct()
        .order_by("raised_on")
    )
    return sum(_feedback_anonymous_day_record(day) for day in list(days))


@transaction.atomic
def feedback_anonymous_today_unordered(*, today: date) -> None:
    """The worker, every hour: on PostgreSQL, today's anonymous feedback loses the order it was
    written in (see voice.services.untraceable), so that a database administrator reading the
    rows during the day can place an item within the hour at most, not among its author's
    actions. The day's count still waits for the day to be over."""
    untraceable.rows_rewritten_out_of_order(
        Feedback.objects.filter(anonymous=True, raised_on=today), field="raised_on"
    )


def _anonymous_items(count: int) -> str:
    return f"{count} anonymous {'item' if count == 1 else 'items'} of feedback"


@transaction.atomic
def _feedback_anonymous_day_record(day: date) -> int:
    received = Feedback.objects.select_for_update().filter(anonymous=True, raised_on=day)
    recorded = untraceable.day_count_record(
        object_type=Feedback._meta.label_lower,
        object_id=f"anonymous:{day.isoformat()}",
        received=len(received),
        describe=lambda count: f"{_anonymous_items(count)} received on {date_format(day, 'j F Y')}",
        day=day,
    )
    if recorded:
        untraceable.rows_rewritten_out_of_order(
            Feedback.objects.filter(anonymous=True, raised_on=day), field="anonymous"
        )
    return recorded


@transaction.atomic
def feedback_respond(*, actor: User, feedback: Feedback, response: str, publish: bool) -> Feedback:
    """The owner's response to open feedback, published on 'You said, we did' if they choose.
    Only the owner in post may respond (PermissionDenied saying why for anyone else, asked of
    the locked row), and only once. Published responses never show who raised the feedback,
    whether they gave their name or not: the page is about what was said and done, and a name
    could deter others from speaking up."""
    require(access.can_use_staff_voice(actor), to="respond to feedback")
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    access.feedback_owner_for_user(actor, feedback)
    if feedback.status != FeedbackStatus.OPEN:
        raise ValidationError("This feedback has already been answered.")
    if not response.strip():
        raise ValidationError({"response": "Enter your response"})
    feedback.status = FeedbackStatus.RESPONDED
    feedback.response = response.strip()
    feedback.responded_at = timezone.now()
    feedback.published = publish
    if not feedback.anonymous:
        # Anonymous feedback keeps both "by" fields empty, so its row names no one at all.
        feedback.modified_by = actor
    feedback.full_clean()
    feedback.save()
    working_days = feedback_working_days_to_respond(feedback)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=feedback,
        details={
            "status": feedback.status,
            "published": publish,
            "working_days_to_respond": working_days,
            "within_target": timezone.localdate(feedback.responded_at) <= feedback.respond_by,
        },
    )
    return feedback


@transaction.atomic
def feedback_reach_record(*, actor: User, feedback: Feedback) -> bool:
    """Records that the actor's staff record has read a published response, once per person:
    how far 'You said, we did' reaches. Returns whether this was their first read. People
    without a staff record in post are not counted (reach is measured among staff in post)."""
    require(access.can_read_published_feedback(actor), to="read 'You said, we did'")
    staff = access.feedback_reader_of(actor)
    if staff is None or not feedback.published:
        return False
    reach, created = FeedbackReach.objects.get_or_create(
        feedback=feedback, staff=staff, defaults={"read_at": timezone.now()}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=reach,
            details={"feedback": feedback.pk},
        )
    return created
