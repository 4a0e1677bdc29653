"""Reads of concerns and designated leads for pages and the API: what each reader may see of
them is access.concerns' (concern_views_for, concern_for_user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from childtrust.children.models import Child
from childtrust.children.selectors.education import schools_involved_with
from childtrust.partnership.models import Agency, AgencyKind
from childtrust.partnership.selectors.registry import agencies_by_name
from childtrust.safeguarding.models import Concern, ConcernCategory, DesignatedLead
from childtrust.safeguarding.school_days import school_day_of


def concerns_about(child: Child) -> QuerySet[Concern]:
    """The child's concerns, newest first, with their agency and recorder."""
    return Concern.objects.filter(child=child).select_related(
        "agency", "recorded_by_staff", "child"
    )


def concern_with_reference(agency: Agency, reference: str) -> Concern | None:
    """A partner system's concern by its own reference (the same one sent twice)."""
    if not reference.strip():
        return None
    return (
        Concern.objects.select_related("child", "agency")
        .filter(agency=agency, external_reference=reference.strip())
        .first()
    )


@dataclass(frozen=True)
class EncompassOutcome:
    """For the confirmation page: whether the police notification went to the child's schools,
    which were told and which have no designated lead to tell."""

    applies: bool
    told: list[Agency]
    without_lead: list[Agency]


def encompass_outcome(concern: Concern) -> EncompassOutcome:
    if not (
        concern.category == ConcernCategory.DOMESTIC_ABUSE
        and concern.agency.kind == AgencyKind.POLICE
    ):
        return EncompassOutcome(False, [], [])
    schools = schools_involved_with(concern.child, today=school_day_of(concern.created_at))
    # As services.encompass tells them: a lead or deputy in post who signs in.
    reachable = Q(staff__is_active=True, staff__user__isnull=False) | Q(
        deputy__is_active=True, deputy__user__isnull=False
    )
    leads = DesignatedLead.objects.filter(reachable, agency__in=schools)
    led = set(leads.values_list("agency_id", flat=True))
    return EncompassOutcome(
        True,
        [school for school in schools if school.pk in led],
        [school for school in schools if school.pk not in led],
    )


@dataclass(frozen=True)
class AgencyLead:
    agency: Agency
    lead: DesignatedLead | None


def designated_leads() -> list[AgencyLead]:
    """Every agency with its designated safeguarding lead, schools first (Encompass needs
    theirs), then by name."""
    leads = {
        lead.agency_id: lead for lead in DesignatedLead.objects.select_related("staff", "deputy")
    }
    agencies = sorted(agencies_by_name(), key=lambda a: (a.kind != AgencyKind.EDUCATION, a.name))
    return [AgencyLead(agency, leads.get(agency.pk)) for agency in agencies]


def designated_lead_of(agency: Agency) -> DesignatedLead | None:
    return DesignatedLead.objects.filter(agency=agency).select_related("staff", "deputy").first()


def schools_without_lead_count() -> int:
    return sum(
        1
        for row in designated_leads()
        if row.agency.kind == AgencyKind.EDUCATION and row.lead is None
    )
