"""Recording a concern about a child, from any agency, in the service or by a partner system
through the API; and naming a school's designated safeguarding lead.

A concern is checked for alerts as it arrives (services.alerts.alerts_for_concern, in the same
transaction, so that an alert cannot be missed by a crash in between), and a police concern of
domestic abuse tells the child's schools before the next school day (services.encompass)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from childtrust.audit.changes import save_and_record
from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.models import Child
from childtrust.core.permissions import require
from childtrust.partnership.models import Agency, StaffMember
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    ConcernSource,
    DesignatedLead,
    Severity,
)
from childtrust.safeguarding.services.alerts import alerts_for_concern
from childtrust.safeguarding.services.encompass import encompass_notify

if TYPE_CHECKING:
    from childtrust.accounts.models import User

RECORD = "record a concern about this child"
SET_LEAD = "name designated safeguarding leads"
SUMMARY_MAX = 10_000
REFERENCE_MAX = 100
# A partner system's clock may run a little ahead of ours: a concern a few minutes "in the
# future" is a clock, not a mistake.
CLOCK_SKEW = datetime.timedelta(minutes=5)
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
# A form sent again within this long, in the same words, is the same concern.
REPEAT_WITHIN = datetime.timedelta(minutes=10)
DUPLICATE_REFERENCE = "Your agency has already sent a concern with this reference"
# A concern's linked records, each read and checked before it is built: the child (may be
# known to the recorder, still in use), the agency (the recorder's own), the recorder
# (access.recording_staff) and the one signed in.
CHECKED_ABOVE = ["child", "agency", "recorded_by_staff", "created_by", "modified_by"]


def _when_problem(occurred_at: datetime.datetime | None, now: datetime.datetime) -> str:
    if occurred_at is None:
        return "Enter when it happened"
    if timezone.is_naive(occurred_at):
        return "When it happened must say its time zone (such as +01:00)"
    if occurred_at > now + CLOCK_SKEW:
        return "When it happened must be now or in the past"
    if occurred_at < EARLIEST:  # year 1 with its offset is before any date a database holds
        return "When it happened must be in 1900 or later"
    return ""


def _reference_problem(agency: Agency, external_reference: str) -> str:
    if len(external_reference) > REFERENCE_MAX:
        return f"The reference must be {REFERENCE_MAX} characters or fewer"
    if (
        external_reference
        and Concern.objects.filter(agency=agency, external_reference=external_reference).exists()
    ):
        return DUPLICATE_REFERENCE
    return ""


def _problems(
    *,
    actor: User,
    child: Child,
    agency: Agency,
    category: str,
    severity: str,
    occurred_at: datetime.datetime | None,
    summary: str,
    sensitivity: str,
    source: str,
    external_reference: str,
    now: datetime.datetime,
) -> dict[str, str]:
    problems: dict[str, str] = {}
    staff = access.recording_staff(actor)
    if staff is not None and staff.agency_id != agency.pk:
        problems["agency"] = "A concern is recorded for your own agency"
    if child.merged_into_id is not None or child.anonymised_at is not None:
        problems["child"] = "This child's record is no longer in use: find the child again"
    for name, value, choices, message in (
        ("category", category, ConcernCategory.values, "Choose what kind of concern it is"),
        ("severity", severity, Severity.values, "Choose how serious it is"),
        ("sensitivity", sensitivity, ConcernSensitivity.values, "Choose whether it is restricted"),
        ("source", source, ConcernSource.values, "Unknown source"),
    ):
        if value not in choices:
            problems[name] = message
    when = _when_problem(occurred_at, now)
    if when:
        problems["occurred_at"] = when
    if not summary.strip() or len(summary) > SUMMARY_MAX:
        problems["summary"] = (
            "Enter what was seen or heard"
            if not summary.strip()
            else f"What was seen or heard must be {SUMMARY_MAX:,} characters or fewer"
        )
    reference = _reference_problem(agency, external_reference)
    if reference:
        problems["external_reference"] = reference
    return problems


@transaction.atomic
def concern_record(
    *,
    actor: User,
    child: Child,
    agency: Agency,
    category: str,
    severity: str,
    occurred_at: datetime.datetime | None,
    summary: str,
    significant: bool = False,
    sensitivity: str = ConcernSensitivity.NONE,
    source: str = ConcernSource.SERVICE,
    external_reference: str = "",
) -> Concern:
    """Records one concern for the recorder's own agency (access.can_record_concern_about: any
    agency may raise a concern about a child it may know exists). Refused with every problem at
    once, nothing written. Then, in the same transaction: the alert rules for the child, and
    Operation Encompass for a police concern of domestic abuse."""
    require(access.can_record_concern_about(actor, child), to=RECORD)
    now = timezone.now()
    external_reference = external_reference.strip()
    problems = _problems(
        actor=actor,
        child=child,
        agency=agency,
        category=category,
        severity=severity,
        occurred_at=occurred_at,
        summary=summary,
        sensitivity=sensitivity,
        source=source,
        external_reference=external_reference,
        now=now,
    )
    if problems or occurred_at is None:
        raise ValidationError(problems)
    if not external_reference:  # a partner system's repeat is found by its reference instead
        repeat = _same_concern_just_recorded(
            actor, child, category, severity, occurred_at, summary.strip(), now=now
        )
        if repeat is not None:
            return repeat
    concern = Concern(
        child=child,
        agency=agency,
        recorded_by_staff=access.recording_staff(actor),
        category=category,
        severity=severity,
        occurred_at=occurred_at,
        summary=summary.strip(),
        significant=significant,
        sensitivity=sensitivity,
        source=source,
        external_reference=external_reference,
        created_by=actor,
        modified_by=actor,
    )
    # Checked and saved as save_and_record would, less what full_clean would only read again,
    # a statement each on every concern: the linked records (CHECKED_ABOVE) and the reference's
    # uniqueness (_reference_problem, and the database's constraint for two sent at once).
    concern.full_clean(exclude=CHECKED_ABOVE, validate_constraints=False)
    try:
        with transaction.atomic():  # the same reference sent twice at once meets the constraint
            concern.save()
    except IntegrityError:
        raise ValidationError({"external_reference": DUPLICATE_REFERENCE}) from None
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=concern,
        details={
            "child": child.reference,
            "agency": agency.pk,
            "category": category,
            "severity": severity,
            "significant": significant,
            "restricted": sensitivity == ConcernSensitivity.RESTRICTED,
            "source": source,
        },
    )
    alerts_for_concern(concern)
    encompass_notify(concern=concern, now=now)
    return concern


def _same_concern_just_recorded(
    actor: User,
    child: Child,
    category: str,
    severity: str,
    occurred_at: datetime.datetime,
    summary: str,
    *,
    now: datetime.datetime,
) -> Concern | None:
    """The concern this recorder recorded moments ago in the same words: a form sent twice (a
    double click, a page reloaded) must not record a second concern, which the alert rules
    would count as another."""
    return (
        Concern.objects.filter(
            child=child,
            occurred_at=occurred_at,
            created_by=actor,
            category=category,
            severity=severity,
            summary=summary,
            created_at__gte=now - REPEAT_WITHIN,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def designated_lead_set(
    *,
    actor: User,
    agency: Agency,
    staff: StaffMember | None,
    deputy: StaffMember | None = None,
) -> DesignatedLead | None:
    """Names the agency's designated safeguarding lead and deputy (both its own staff in post),
    or, with no lead, removes them. Returns the lead as now recorded (None once removed)."""
    require(access.can_set_designated_leads(actor), to=SET_LEAD)
    problems: dict[str, str] = {}
    if staff is None and deputy is not None:
        problems["staff"] = "Choose the designated safeguarding lead before a deputy"
    for name, person, words in (("staff", staff, "lead"), ("deputy", deputy, "deputy")):
        if person is None:
            continue
        if person.agency_id != agency.pk:
            problems[name] = f"The {words} must work for {agency.name}"
        elif not person.is_active:
            problems[name] = f"The {words} must be in post"
    if staff is not None and deputy is not None and staff.pk == deputy.pk:
        problems["deputy"] = "The deputy must be someone other than the lead"
    if problems:
        raise ValidationError(problems)
    lead = DesignatedLead.objects.select_for_update().filter(agency=agency).first()
    if staff is None:
        if lead is not None:
            audit_record(
                actor=actor,
                action=AuditAction.DELETE,
                target=lead,
                details={"agency": agency.pk},
            )
            lead.delete()
        return None
    action = AuditAction.UPDATE if lead is not None else AuditAction.CREATE
    lead = lead or DesignatedLead(agency=agency)
    lead.staff = staff
    lead.deputy = deputy
    save_and_record(
        actor=actor,
        instance=lead,
        action=action,
        details={
            "agency": agency.pk,
            "staff": staff.pk,
            "deputy": deputy.pk if deputy is not None else None,
        },
    )
    return lead
