"""The front door (MASH): a contact or referral received, screened and RAG-rated, information
asked of the agencies involved with the child, a decision within one working day of receipt
(Working Together to Safeguard Children), and the referrer told of the outcome, which closes it.
Each step in that order: a step out of order is refused with a sentence saying why. Who may is
access/front_door.py's; each write is audited in its own transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.children.models import Child
from childtrust.children.selectors.involved_agencies import agencies_involved_with
from childtrust.core.calendar import add_working_days
from childtrust.core.home import day_words
from childtrust.core.links import absolute_link
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, StaffMember
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.safeguarding import access
from childtrust.safeguarding.clock_dates import assessment_due, decision_due
from childtrust.safeguarding.models import (
    Assessment,
    AssessmentKind,
    ClockKind,
    Concern,
    DesignatedLead,
    InformationRequest,
    NotificationKind,
    Rag,
    Referral,
    ReferralDecision,
    ReferralKind,
    ReferralStage,
)
from childtrust.safeguarding.services.clocks import _clock_start, _clocks_stop

REFER = "refer this child to the front door"
RUN = "do this at the front door"
ANSWER = "answer this request for information"
# One answer for a concern that does not exist and one about another child (or one the caller
# may not know of): different answers would tell a caller which IDs exist and whose they are.
CONCERN_NOT_THE_CHILDS = "No concern about this child has that ID: check each concern's ID"

# Working days an agency has to answer the front door (the decision is due the next one).
ANSWER_WITHIN_WORKING_DAYS = 1
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def _out_of_order(referral: Referral, allowed: Iterable[str], step: str) -> None:
    if referral.stage not in set(allowed):
        raise ValidationError(
            {
                "__all__": f"This referral is {referral.get_stage_display().lower()}: "
                f"it cannot be {step} now"
            }
        )


def _front_door_staff(actor: User) -> StaffMember | None:
    staff = staff_record_of(actor)
    return staff if staff is not None and staff.is_active else None


def _referral_problems(
    *,
    child: Child,
    kind: str,
    received_at: datetime.datetime,
    referrer_name: str,
    referrer_email: str,
    reason: str,
    concerns: Sequence[Concern],
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind not in ReferralKind.values:
        problems["kind"] = "Select whether this is a contact or a referral"
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        problems["received_at"] = "The time it was received must be now or in the past"
    elif received_at < EARLIEST:  # year 1 overflows the day it was received
        problems["received_at"] = "The time it was received must be in 1900 or later"
    if not referrer_name.strip():
        problems["referrer_name"] = "Enter the name of the person who referred the child"
    if referrer_email.strip():
        try:
            validate_email(referrer_email.strip())
        except ValidationError:
            problems["referrer_email"] = (
                "Enter an email address in the correct format, like name@example.org"
            )
    if not reason.strip():
        problems["reason"] = "Enter why the referrer is worried about the child"
    if any(concern.child_id != child.pk for concern in concerns):
        problems["concerns"] = CONCERN_NOT_THE_CHILDS
    return problems


@transaction.atomic
def referral_receive(
    *,
    actor: User,
    child: Child,
    kind: str,
    received_at: datetime.datetime,
    referrer_name: str,
    referrer_agency: Agency | None = None,
    referrer_email: str = "",
    reason: str,
    concerns: Sequence[Concern] = (),
    referrer_phone: str = "",
) -> Referral:
    """Records a contact or referral and starts the decision clock: due one working day after
    the day it was received (a referral received on Thursday 24 December 2026 is due a decision
    on Tuesday 29 December 2026). The front door, or a practitioner who records concerns about
    a child they may know exists (the Team Around the Child's step up): the clock then has no
    owner until it is screened, and if it is breached first the hourly check escalates it to
    the front door's manager and tells the front door (services.clocks)."""
    require(access.can_refer_child(actor, child), to=REFER)
    if timezone.is_naive(received_at):  # a time without its offset is the partnership's own
        received_at = timezone.make_aware(received_at)
    problems = _referral_problems(
        child=child,
        kind=kind,
        received_at=received_at,
        referrer_name=referrer_name,
        referrer_email=referrer_email,
        reason=reason,
        concerns=concerns,
    )
    if problems:
        raise ValidationError(problems)
    referral = Referral(
        child=child,
        kind=kind,
        received_at=received_at,
        referrer_name=referrer_name.strip(),
        referrer_agency=referrer_agency,
        referrer_email=referrer_email.strip(),
        referrer_phone=referrer_phone.strip(),
        reason=reason.strip(),
    )
    save_and_record(
        actor=actor,
        instance=referral,
        action=AuditAction.CREATE,
        details={"child": child.reference, "kind": kind, "concerns": [c.pk for c in concerns]},
    )
    if concerns:
        referral.concerns.set(concerns)
    received_on = timezone.localdate(received_at)
    _clock_start(
        actor=actor,
        child=child,
        kind=ClockKind.DECISION,
        referral=referral,
        started_on=received_on,
        due_on=decision_due(received_on),
        owner=_front_door_staff(actor) if access.can_run_front_door(actor) else None,
    )
    return referral


@transaction.atomic
def referral_screen(*, actor: User, referral: Referral, rag: str, note: str) -> Referral:
    """Rates a received referral red, amber or green with a note; a screener becomes the
    decision clock's owner if it had none."""
    require(access.can_run_front_door_for(actor, referral.child), to=RUN)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _out_of_order(referral, [ReferralStage.RECEIVED], "screened")
    problems: dict[str, str] = {}
    if rag not in Rag.values:
        problems["rag"] = "Select a rating: red, amber or green"
    if not note.strip():
        problems["note"] = "Enter a note of why you gave this rating"
    if problems:
        raise ValidationError(problems)
    staff = _front_door_staff(actor)
    referral.rag, referral.screening_note = rag, note.strip()
    referral.screened_by, referral.screened_at = staff, timezone.now()
    referral.stage = ReferralStage.SCREENED
    save_and_record(
        actor=actor,
        instance=referral,
        action=AuditAction.UPDATE,
        details={"changed": ["rag", "screening_note", "stage"], "rag": rag},
    )
    if staff is not None:
        referral.clocks.filter(
            kind=ClockKind.DECISION, owner__isnull=True, stopped_on__isnull=True
        ).update(owner=staff)
    return referral


@dataclass(frozen=True)
class RequestsSent:
    requests: list[InformationRequest]
    # The agencies asked that have no designated safeguarding lead with a sign-in to tell.
    without_lead: list[Agency] = field(default_factory=list)


def _tell_lead(request: InformationRequest) -> bool:
    """Tells the agency's designated safeguarding lead (and deputy) in post with a sign-in;
    False when there is no one to tell."""
    from childtrust.safeguarding.services.notifications import notify

    lead = DesignatedLead.objects.select_related("staff__user", "deputy__user").filter(
        agency=request.agency
    )
    found = lead.first()
    told = False
    for person in (found.staff, found.deputy) if found is not None else ():
        user = person.user if person is not None and person.is_active else None
        if user is not None and user.is_active:
            notify(
                recipient=user,
                kind=NotificationKind.INFORMATION_REQUEST,
                subject=f"The front door asks what your agency knows about "
                f"{request.referral.child.reference}",
                url=reverse("safeguarding:information_answer", args=[request.pk]),
                key=f"information_request:{request.pk}",
                due_by=request.due_at,
            )
            told = True
    return told


@transaction.atomic
def information_request(
    *, actor: User, referral: Referral, agencies: Sequence[Agency]
) -> RequestsSent:
    """Asks agencies working with the child (children's selectors list them) what they know,
    to answer within one working day; tells each agency's designated safeguarding lead (and
    deputy), and says which agencies have none to tell."""
    require(access.can_run_front_door_for(actor, referral.child), to=RUN)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _out_of_order(
        referral, [ReferralStage.SCREENED, ReferralStage.GATHERING], "sent requests for information"
    )
    involved = {agency.pk for agency in agencies_involved_with(referral.child)}
    asked = set(referral.information_requests.values_list("agency_id", flat=True))
    problems: dict[str, str] = {}
    if not agencies:
        problems["agencies"] = "Select at least one agency to ask"
    elif any(agency.pk not in involved for agency in agencies):
        problems["agencies"] = "Ask only agencies working with the child"
    elif any(agency.pk in asked for agency in agencies):
        problems["agencies"] = "An agency selected has already been asked about this referral"
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    due = datetime.datetime.combine(
        add_working_days(timezone.localdate(now), ANSWER_WITHIN_WORKING_DAYS),
        timezone.localtime(now).time(),
        tzinfo=timezone.get_current_timezone(),
    )
    sent = RequestsSent(requests=[])
    for agency in agencies:
        request = InformationRequest(referral=referral, agency=agency, asked_at=now, due_at=due)
        save_and_record(
            actor=actor,
            instance=request,
            action=AuditAction.CREATE,
            details={"referral": referral.pk, "agency": agency.pk},
        )
        sent.requests.append(request)
        if not _tell_lead(request):
            sent.without_lead.append(agency)
    if referral.stage != ReferralStage.GATHERING:
        referral.stage = ReferralStage.GATHERING
        save_and_record(
            actor=actor,
            instance=referral,
            action=AuditAction.UPDATE,
            details={"changed": ["stage"], "stage": ReferralStage.GATHERING},
        )
    return sent


@transaction.atomic
def information_answer(
    *, actor: User, request: InformationRequest, answer: str
) -> InformationRequest:
    """An agency's answer, by its own staff; once only."""
    require(access.can_answer_information_request(actor, request), to=ANSWER)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at is not None:
        raise ValidationError({"__all__": "This request has already been answered"})
    if not answer.strip():
        raise ValidationError({"answer": "Enter what your agency knows about the child"})
    request.answer = answer.strip()
    request.answered_by = _front_door_staff(actor)
    request.answered_at = timezone.now()
    save_and_record(
        actor=actor,
        instance=request,
        action=AuditAction.UPDATE,
        details={"changed": ["answer", "answered_at"]},
    )
    return request


_ASSESSMENT_KINDS = {
    ReferralDecision.CHILD_IN_NEED: AssessmentKind.CHILD_IN_NEED,
    ReferralDecision.CHILD_PROTECTION: AssessmentKind.CHILD_PROTECTION,
}


@transaction.atomic
def referral_decide(
    *,
    actor: User,
    referral: Referral,
    decision: str,
    reason: str,
    social_worker: StaffMember | None = None,
) -> Referral:
    """The decision, with its reason: stops the decision clock. A child in need assessment
    (s17) or a child protection enquiry (s47) starts an assessment and its clock, due 45
    working days after the referral was received (Working Together to Safeguard Children 2023
    counts them from the point of referral, so a late decision does not lend the assessment the
    days it took), owned by the social worker named (or the decider). Early help is recorded
    here; the Team Around the Child takes it on."""
    require(access.can_run_front_door_for(actor, referral.child), to=RUN)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _out_of_order(referral, [ReferralStage.SCREENED, ReferralStage.GATHERING], "decided")
    problems: dict[str, str] = {}
    if decision not in ReferralDecision.values:
        problems["decision"] = "Select a decision"
    if not reason.strip():
        problems["reason"] = "Enter the reason for the decision"
    if social_worker is not None and not social_worker.is_active:
        problems["social_worker"] = "Select a social worker still in post"
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    today = timezone.localdate(now)
    staff = _front_door_staff(actor)
    referral.decision, referral.decision_reason = decision, reason.strip()
    referral.decided_by, referral.decided_at = staff, now
    referral.stage = ReferralStage.DECIDED
    save_and_record(
        actor=actor,
        instance=referral,
        action=AuditAction.UPDATE,
        details={"changed": ["decision", "decision_reason", "stage"], "decision": decision},
    )
    _clocks_stop(
        actor=actor,
        child=referral.child,
        kinds=(ClockKind.DECISION,),
        stopped_on=today,
        referral=referral,
    )
    kind = _ASSESSMENT_KINDS.get(ReferralDecision(decision))
    if kind is not None:
        assessment = Assessment(
            child=referral.child,
            referral=referral,
            kind=kind,
            started_on=today,
            social_worker=social_worker,
        )
        save_and_record(
            actor=actor,
            instance=assessment,
            action=AuditAction.CREATE,
            details={"child": referral.child.reference, "kind": str(kind)},
        )
        received_on = timezone.localdate(referral.received_at)
        _clock_start(
            actor=actor,
            child=referral.child,
            kind=ClockKind.ASSESSMENT,
            referral=referral,
            started_on=received_on,
            due_on=assessment_due(received_on),
            owner=social_worker or staff,
        )
    return referral


def _outcome_email(referral: Referral) -> tuple[str, str]:
    # To someone outside the service: no child named, only when they referred and the outcome.
    # The one link is to the help and contact page, which anyone may read without signing in.
    subject = "The outcome of your referral to the front door"
    body = (
        f"Dear {referral.referrer_name},\n\n"
        f"Thank you for your referral of {day_words(timezone.localdate(referral.received_at))}. "
        f"The front door has decided: {referral.get_decision_display()}.\n\n"
        "If you are still worried about the child, contact the front door again.\n\n"
        f"Help and contact: {absolute_link(reverse('core:help'))}\n"
    )
    return subject, body


@transaction.atomic
def referrer_tell(*, actor: User, referral: Referral, how: str) -> Referral:
    """Records that the referrer was told the outcome, and how, which closes the referral (it
    is not closed until they are). With an email address for them and email configured
    (SAFEGUARDING_EMAIL_NOTIFICATIONS), the outcome is also emailed once this commits."""
    require(access.can_run_front_door_for(actor, referral.child), to=RUN)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _out_of_order(referral, [ReferralStage.DECIDED], "closed by telling the referrer")
    if not how.strip():
        raise ValidationError({"how": "Enter how the referrer was told, such as 'By phone'"})
    emailed = bool(referral.referrer_email) and bool(
        getattr(settings, "SAFEGUARDING_EMAIL_NOTIFICATIONS", False)
    )
    referral.referrer_told_how = how.strip() + ("; outcome emailed" if emailed else "")
    referral.referrer_told_at = timezone.now()
    referral.stage = ReferralStage.CLOSED
    save_and_record(
        actor=actor,
        instance=referral,
        action=AuditAction.UPDATE,
        details={"changed": ["referrer_told_at", "referrer_told_how", "stage"], "emailed": emailed},
    )
    if emailed:
        subject, body = _outcome_email(referral)
        address = referral.referrer_email
        transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))
    return referral
