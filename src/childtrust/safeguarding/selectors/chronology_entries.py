"""The chronology's entries, one builder per kind of record, each reading its records in one
query (with the related rows it names selected or prefetched): see selectors.chronology for the
order, the filters and who sees what."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.urls import reverse

from childtrust.children.models import Child, Involvement
from childtrust.safeguarding.access.chronology import ChronologyReader
from childtrust.safeguarding.models import (
    Alert,
    Assessment,
    AssessmentKind,
    ChildProtectionPlan,
    Concern,
    Conference,
    InformationRequest,
    Rag,
    Referral,
    ReferralDecision,
    StepDirection,
    StrategyDiscussion,
    TeamAroundChild,
    TeamMember,
)
from childtrust.safeguarding.selectors.chronology_entry import (
    CONFERENCE,
    FRONT_DOOR,
    SIGNIFICANT,
    Entry,
    EntryKind,
    agency_of,
    by,
    entry,
    name_of,
    page,
    source_of,
    staff_agency,
)

# --- Concerns -----------------------------------------------------------------------------------


def _contact(concern: Concern) -> str:
    """Whom to ask about a restricted concern: the agency's own contact details."""
    agency = concern.agency
    details = " or ".join(d for d in (agency.contact_email, agency.contact_phone) if d)
    return details or f"{agency.name} directly"


def concern_entries(child_ids: list[int], reader: ChronologyReader) -> Iterator[Entry]:
    """A restricted concern the reader may not see in full: when, whose, and whom to ask."""
    concerns = Concern.objects.filter(child_id__in=child_ids).select_related("agency")
    for concern in concerns:
        agency = concern.agency
        significance = SIGNIFICANT if concern.significant else ""
        if not reader.sees_concern_detail(concern):
            yield entry(
                concern.occurred_at,
                EntryKind.CONCERN,
                source=agency.name,
                agencies=agency_of(agency),
                title=f"Restricted by {agency.name}: contact {_contact(concern)}",
                restricted=True,  # its significance is detail too (the API's known_only)
                tie=(concern.pk, 0),
            )
            continue
        restricted = " (restricted to its agency)" if concern.sensitivity else ""
        yield entry(
            concern.occurred_at,
            EntryKind.CONCERN,
            source=agency.name,
            agencies=agency_of(agency),
            title=f"{concern.get_category_display()} concern, "
            f"{concern.get_severity_display().lower()} severity{restricted}",
            detail=concern.summary,
            significance=significance,
            url=page(EntryKind.CONCERN, concern_id=concern.pk),
            tie=(concern.pk, 0),
        )


# --- The front door: referrals and requests for information --------------------------------------


def referral_entries(child_ids: list[int]) -> Iterator[Entry]:
    referrals = (
        Referral.objects.filter(child_id__in=child_ids)
        .select_related("referrer_agency", "screened_by__agency", "decided_by__agency")
        .prefetch_related(
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.select_related("agency", "answered_by"),
            )
        )
    )
    kind = EntryKind.REFERRAL
    for referral in referrals:
        url = page(kind, pk=referral.pk)
        referrer = referral.referrer_agency
        yield entry(
            referral.received_at,
            kind,
            source=referrer.name if referrer is not None else referral.referrer_name,
            agencies=agency_of(referrer),
            title=f"{referral.get_kind_display()} received from {referral.referrer_name}",
            detail=referral.reason,
            url=url,
            tie=(referral.pk, 0),
        )
        if referral.screened_at is not None:
            rag = referral.get_rag_display() if referral.rag else "no"
            yield entry(
                referral.screened_at,
                kind,
                source=source_of(referral.screened_by),
                agencies=staff_agency(referral.screened_by),
                title=f"Screened{by(referral.screened_by)}: {rag} rating",
                detail=referral.screening_note,
                significance="Red" if referral.rag == Rag.RED else "",
                url=url,
                tie=(referral.pk, 1),
            )
        for request in referral.information_requests.all():
            yield from _request_entries(request, url)
        if referral.decided_at is not None and referral.decision:
            s47 = referral.decision == ReferralDecision.CHILD_PROTECTION
            yield entry(
                referral.decided_at,
                kind,
                source=source_of(referral.decided_by),
                agencies=staff_agency(referral.decided_by),
                title=f"Decision: {referral.get_decision_display()}",
                detail=referral.decision_reason,
                significance="Section 47" if s47 else "",
                url=url,
                tie=(referral.pk, 2),
            )
        if referral.referrer_told_at is not None:
            yield entry(
                referral.referrer_told_at,
                kind,
                source=FRONT_DOOR,
                title=f"{referral.referrer_name} told the outcome",
                detail=referral.referrer_told_how,
                url=url,
                tie=(referral.pk, 3),
            )


def _request_entries(request: InformationRequest, url: str) -> Iterator[Entry]:
    agency = request.agency
    yield entry(
        request.asked_at,
        EntryKind.INFORMATION,
        source=FRONT_DOOR,
        agencies=agency_of(agency),
        title=f"Information asked of {agency.name}",
        url=url,
        tie=(request.pk, 0),
    )
    if request.answered_at is not None:
        yield entry(
            request.answered_at,
            EntryKind.INFORMATION,
            source=agency.name,
            agencies=agency_of(agency),
            title=f"{agency.name} answered{by(request.answered_by)}",
            detail=request.answer,
            url=url,
            tie=(request.pk, 1),
        )


# --- What a decision starts: assessments, meetings and plans -------------------------------------


def assessment_entries(child_ids: list[int]) -> Iterator[Entry]:
    assessments = Assessment.objects.filter(child_id__in=child_ids).select_related(
        "social_worker__agency"
    )
    for assessment in assessments:
        worker = assessment.social_worker
        source = source_of(worker, "Children's social care")
        what = assessment.get_kind_display()
        s47 = assessment.kind == AssessmentKind.CHILD_PROTECTION
        yield entry(
            assessment.started_on,
            EntryKind.ASSESSMENT,
            source=source,
            agencies=staff_agency(worker),
            title=f"{what} started{by(worker)}",
            significance="Section 47" if s47 else "",
            tie=(assessment.pk, 0),
        )
        if assessment.completed_on is not None:
            yield entry(
                assessment.completed_on,
                EntryKind.ASSESSMENT,
                source=source,
                agencies=staff_agency(worker),
                title=f"{what} completed",
                detail=assessment.outcome,
                tie=(assessment.pk, 1),
            )


def meeting_entries(child_ids: list[int]) -> Iterator[Entry]:
    """Strategy discussions (with the agencies taking part) and conferences."""
    discussions = StrategyDiscussion.objects.filter(child_id__in=child_ids).prefetch_related(
        "agencies"
    )
    for discussion in discussions:
        present = sorted(discussion.agencies.all(), key=lambda agency: agency.name.lower())
        conference = discussion.proceed_to_conference
        yield entry(
            discussion.held_on,
            EntryKind.STRATEGY,
            source=", ".join(agency.name for agency in present) or FRONT_DOOR,
            agencies=tuple((agency.pk, agency.name) for agency in present),
            title="Strategy discussion held"
            + (": an initial conference to follow" if conference else ""),
            detail=discussion.outcome,
            significance="Conference to follow" if conference else "",
            tie=(discussion.pk, 0),
        )
    for meeting in Conference.objects.filter(child_id__in=child_ids):
        plan = "child protection plan" if meeting.plan_made else "no child protection plan"
        yield entry(
            meeting.held_on,
            EntryKind.CONFERENCE,
            source=CONFERENCE,
            title=f"{meeting.get_kind_display()}: {plan}",
            detail=meeting.notes,
            significance="Child protection plan" if meeting.plan_made else "",
            tie=(meeting.pk, 0),
        )


def plan_entries(child_ids: list[int]) -> Iterator[Entry]:
    for plan in ChildProtectionPlan.objects.filter(child_id__in=child_ids):
        yield entry(
            plan.started_on,
            EntryKind.PLAN,
            source=CONFERENCE,
            title=f"Child protection plan started: {plan.category}",
            significance="Child protection plan",
            tie=(plan.pk, 0),
        )
        if plan.ended_on is not None:
            yield entry(
                plan.ended_on,
                EntryKind.PLAN,
                source=CONFERENCE,
                title="Child protection plan ended",
                tie=(plan.pk, 1),
            )


# --- Alerts ------------------------------------------------------------------------------------


def alert_entries(child_ids: list[int]) -> Iterator[Entry]:
    """Each alert names the agencies of the concerns that raised it (never what they say: one
    may be restricted)."""
    alerts = (
        Alert.objects.filter(child_id__in=child_ids)
        .select_related(
            "rule", "acknowledged_by__agency", "actioned_by__agency", "closed_by__agency"
        )
        .prefetch_related(Prefetch("concerns", queryset=Concern.objects.select_related("agency")))
    )
    for alert in alerts:
        triggers = list(alert.concerns.all())
        agencies = tuple(
            sorted({(c.agency_id, c.agency.name) for c in triggers}, key=lambda a: a[1].lower())
        )
        url = page(EntryKind.ALERT, pk=alert.pk)
        count = len(triggers)
        raised_by = (
            f"Raised by {count} concern{'' if count == 1 else 's'} from "
            f"{', '.join(name for _pk, name in agencies)}."
            if triggers
            else ""
        )
        yield entry(
            alert.raised_at,
            EntryKind.ALERT,
            source="Alert rule",
            agencies=agencies,
            title=f"{alert.get_rag_display()} alert raised: {alert.rule.name}",
            detail=raised_by,
            significance="Red alert" if alert.rag == Rag.RED else "",
            url=url,
            tie=(alert.pk, 0),
        )
        steps = (
            (alert.acknowledged_at, alert.acknowledged_by, "acknowledged", ""),
            (alert.actioned_at, alert.actioned_by, "actioned", alert.action_taken),
            (alert.closed_at, alert.closed_by, "closed", alert.closed_reason),
        )
        for place, (moment, staff, done, detail) in enumerate(steps, start=1):
            if moment is None:
                continue
            yield entry(
                moment,
                EntryKind.ALERT,
                source=source_of(staff),
                agencies=staff_agency(staff),
                title=f"Alert {done}{by(staff)}: {alert.rule.name}",
                detail=detail,
                url=url,
                tie=(alert.pk, place),
            )


# --- The Team Around the Child -------------------------------------------------------------------


def team_entries(child_ids: list[int]) -> Iterator[Entry]:
    teams = (
        TeamAroundChild.objects.filter(child_id__in=child_ids)
        .select_related("lead_professional__agency", "child")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("staff", "agency")),
            "assessments",
            "reviews",
            "steps",
        )
    )
    kind = EntryKind.TEAM
    for team in teams:
        lead = team.lead_professional
        source, agencies = lead.agency.name, staff_agency(lead)
        url = page(kind, child_id=team.child.reference)
        level = team.get_level_display().lower()
        yield entry(
            team.started_on,
            kind,
            source=source,
            agencies=agencies,
            title=f"Team around the child started ({level}), lead professional {name_of(lead)}",
            url=url,
            tie=(team.pk, 0),
        )
        for member in team.members.all():
            yield from _member_entries(member, url)
        for assessment in team.assessments.all():
            yield entry(
                assessment.completed_on,
                kind,
                source=source,
                agencies=agencies,
                title="Early help assessment completed",
                detail=assessment.child_development,
                url=url,
                tie=(assessment.pk, 3),
            )
        for review in team.reviews.all():
            yield entry(
                review.held_on,
                kind,
                source=source,
                agencies=agencies,
                title="Team around the child reviewed",
                detail=review.progress,
                url=url,
                tie=(review.pk, 4),
            )
        for step in team.steps.all():
            up = step.direction == StepDirection.UP
            yield entry(
                step.on,
                kind,
                source=source,
                agencies=agencies,
                title=step.get_direction_display(),
                detail=step.reason,
                significance="Stepped up" if up else "",
                url=url,
                tie=(step.pk, 5),
            )
        if team.ended_on is not None:
            yield entry(
                team.ended_on,
                kind,
                source=source,
                agencies=agencies,
                title="Team around the child ended",
                detail=team.end_reason,
                url=url,
                tie=(team.pk, 6),
            )


def _member_entries(member: TeamMember, url: str) -> Iterator[Entry]:
    who = f"{name_of(member.staff)} ({member.role}, {member.agency.name})"
    agency = member.agency
    yield entry(
        member.joined_on,
        EntryKind.TEAM,
        source=agency.name,
        agencies=agency_of(agency),
        title=f"{who} joined the team",
        url=url,
        tie=(member.pk, 1),
    )
    if member.left_on is not None:
        yield entry(
            member.left_on,
            EntryKind.TEAM,
            source=agency.name,
            agencies=agency_of(agency),
            title=f"{who} left the team",
            url=url,
            tie=(member.pk, 2),
        )


# --- The child index's involvements --------------------------------------------------------------


def involvement_entries(child: Child, involvements: list[Involvement]) -> Iterator[Entry]:
    """From the involvements the reader may see (children.access.involvements_visible_to, held
    by the ChildView): a sensitive one only for its own agency or once sharing is recorded."""
    url = reverse("children:child", args=[child.reference]) + "#involvement"
    for involvement in involvements:
        agency = involvement.agency
        person = involvement.practitioner
        who = involvement.role + (f", {name_of(person)}" if person is not None else "")
        lead = " (lead professional)" if involvement.is_lead_professional else ""
        yield entry(
            involvement.started_on,
            EntryKind.INVOLVEMENT,
            source=agency.name,
            agencies=agency_of(agency),
            title=f"{agency.name} involved: {who}{lead}",
            detail=involvement.service.name if involvement.service is not None else "",
            url=url,
            tie=(involvement.pk, 0),
        )
        if involvement.ended_on is not None:
            yield entry(
                involvement.ended_on,
                EntryKind.INVOLVEMENT,
                source=agency.name,
                agencies=agency_of(agency),
                title=f"{agency.name} involvement ended: {who}",
                url=url,
                tie=(involvement.pk, 1),
            )
