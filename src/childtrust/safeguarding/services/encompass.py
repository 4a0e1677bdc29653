"""Operation Encompass: a police notification of domestic abuse about a child reaches the
designated safeguarding lead (and deputy) of each school working with the child before the
child's next school day, so that the school can support the child when they arrive.

Working days stand for school days, from 08:00 (safeguarding.school_days).

A school with no designated lead cannot be told through the service: the recorder is shown
which schools those are (to contact them directly), the audit event names them, and the
designated leads page lists every school without a lead (services.concerns.designated_lead_set).

A concern the police restricted to their agency keeps its detail, its category included: the
schools are told as quickly, but only that the police ask them to contact them about the child
(by reference), as a request for information, since the name of Encompass's own kind of
notification says domestic abuse."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse

from childtrust.audit.models import AuditAction
from childtrust.audit.services import audit_record
from childtrust.children.selectors.education import schools_involved_with
from childtrust.partnership.models import Agency, AgencyKind
from childtrust.safeguarding.models import (
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    DesignatedLead,
    NotificationKind,
)
from childtrust.safeguarding.school_days import school_day_of, school_day_start_after
from childtrust.safeguarding.services.notifications import notify


@dataclass
class EncompassResult:
    due_by: datetime.datetime | None = None
    told: list[Agency] = field(default_factory=list)
    without_lead: list[Agency] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return self.due_by is not None


def encompass_notify(*, concern: Concern, now: datetime.datetime) -> EncompassResult:
    """Tells each school working with the child, in the caller's transaction (the email goes
    on commit, by the worker: services.notifications), and records whom it told in the audit
    log. Done for the recorder by concern_record, which has checked them: not a service of its
    own. A concern to which Encompass does not apply tells no one."""
    if not (
        concern.category == ConcernCategory.DOMESTIC_ABUSE
        and concern.agency.kind == AgencyKind.POLICE
    ):
        return EncompassResult()
    due_by = school_day_start_after(now)
    result = EncompassResult(due_by=due_by)
    schools = schools_involved_with(concern.child, today=school_day_of(now))
    leads = {
        lead.agency_id: lead
        for lead in DesignatedLead.objects.filter(agency__in=schools).select_related(
            "staff__user", "deputy__user"
        )
    }
    url = reverse("safeguarding:concern", args=[concern.pk])
    kind = NotificationKind.ENCOMPASS
    subject = (
        f"Police notification of domestic abuse about child {concern.child.reference}: "
        "to read before the school day"
    )
    if concern.sensitivity == ConcernSensitivity.RESTRICTED:
        # The police keep a restricted concern's detail, its category too, which the kind's name
        # ("Police notification of domestic abuse") would tell: the school is asked to contact
        # them, whose details the concern's page shows the lead (access.concerns).
        kind = NotificationKind.INFORMATION_REQUEST
        subject = (
            f"The police ask you to contact them about child {concern.child.reference}: "
            "to read before the school day"
        )
    told_people: list[int] = []
    for school in schools:
        lead = leads.get(school.pk)
        people = [p for p in (lead.staff, lead.deputy) if p is not None] if lead else []
        users = [p.user for p in people if p.is_active and p.user is not None]
        if not users:
            result.without_lead.append(school)
            continue
        result.told.append(school)
        for user in users:
            notify(
                recipient=user,
                kind=kind,
                subject=subject,
                url=url,
                key=f"encompass:{concern.pk}:agency:{school.pk}",
                due_by=due_by,
            )
            told_people.append(user.pk)
    audit_record(
        actor=concern.created_by,
        action=AuditAction.CREATE,
        target=concern,
        reason="Operation Encompass: the child's schools told before the next school day",
        details={
            "encompass": True,
            "due_by": due_by.isoformat(),
            "schools_told": [school.pk for school in result.told],
            "schools_without_lead": [school.pk for school in result.without_lead],
            "people_told": told_people,
        },
    )
    return result
