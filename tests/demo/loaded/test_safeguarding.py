"""The demo's safeguarding as `childtrust load_demo` leaves it (loaded once for the package):
concerns from the agencies that know each child, alerts raised by the engine for each default
rule and taken through their life, referrals at each stage with clocks on time, near breach and
breached, a strategy discussion, child protection plans and conferences, teams around children,
and what each demo account is told, on their home page."""

from __future__ import annotations

import html
from collections import Counter

from django.test import Client
from django.utils import timezone

from childtrust.accounts.models import User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import Involvement
from childtrust.children.selectors.agencies import children_agencies
from childtrust.children.selectors.lead_professional import lead_professional_of
from childtrust.partnership.models import AgencyKind, StaffMember
from childtrust.safeguarding.clock_dates import (
    ClockState,
    assessment_due,
    clock_standing,
    decision_due,
    initial_conference_due,
)
from childtrust.safeguarding.demo import _picks
from childtrust.safeguarding.demo.concerns import ConcernWriter
from childtrust.safeguarding.demo.loading import SEED, SafeguardingDemo
from childtrust.safeguarding.models import (
    Alert,
    AlertRule,
    AlertStatus,
    Assessment,
    AssessmentKind,
    ChildProtectionPlan,
    Clock,
    ClockKind,
    Concern,
    ConcernSensitivity,
    Conference,
    ConferenceKind,
    DesignatedLead,
    Notification,
    NotificationKind,
    PlanAction,
    Referral,
    ReferralDecision,
    ReferralStage,
    StepChange,
    StepDirection,
    StrategyDiscussion,
    TeamAroundChild,
)
from childtrust.safeguarding.services.alert_rules import DEFAULT_RULES
from childtrust.safeguarding.services.alerts_nightly import alerts_evaluate_all


def _staff(username: str) -> StaffMember:
    return StaffMember.objects.select_related("user").get(user__username=username)


def test_the_schools_designated_safeguarding_lead_is_the_schoollead_account() -> None:
    leads = DesignatedLead.objects.select_related("agency", "staff__user", "deputy")
    assert {lead.agency.kind for lead in leads} == {AgencyKind.EDUCATION}
    lead = leads.get(agency__slug="education-partnership")
    assert lead.staff.user is not None
    assert lead.staff.user.username == "schoollead"
    assert lead.deputy is not None
    assert lead.deputy.agency_id == lead.agency_id


def test_concerns_about_a_few_hundred_children_from_the_agencies_that_know_them() -> None:
    concerns = list(Concern.objects.values_list("child_id", "agency_id", "occurred_at"))
    children = {child for child, _agency, _when in concerns}
    assert 200 <= len(children) <= 600
    known = {child.child_id: child.agency_ids for child in children_agencies()}
    assert all(agency in known[child] for child, agency, _when in concerns)
    now = timezone.now()
    ages = [(now - when).days for _child, _agency, when in concerns]
    assert max(ages) <= 550  # the last 18 months
    assert min(ages) <= 1  # and as recent as last night
    categories = Counter(Concern.objects.values_list("category", flat=True))
    assert len(categories) >= 8
    assert Concern.objects.filter(sensitivity=ConcernSensitivity.RESTRICTED).count() >= 3


def test_at_least_one_alert_per_default_rule_raised_by_the_engine() -> None:
    for values in DEFAULT_RULES:
        rule = AlertRule.objects.get(name=values["name"])
        assert Alert.objects.filter(rule=rule).exists(), rule.name
    # The demo's alerts are the engine's: running it again over the same concerns raises none.
    assert alerts_evaluate_all(today=timezone.localdate()).raised == 0
    for alert in Alert.objects.prefetch_related("concerns"):
        assert {concern.child_id for concern in alert.concerns.all()} == {alert.child_id}


def test_a_child_with_a_child_protection_plan_and_a_new_concern_has_a_red_alert() -> None:
    rule = AlertRule.objects.get(name="A concern about a child with a child protection plan")
    alert = Alert.objects.get(rule=rule)
    assert alert.rag == "red"
    assert ChildProtectionPlan.objects.filter(child=alert.child, ended_on__isnull=True).exists()


def test_alerts_in_each_state_and_one_escalated_to_the_team_manager() -> None:
    states = set(Alert.objects.values_list("status", flat=True))
    assert set(AlertStatus.values) <= states
    [escalated] = Alert.objects.filter(escalation_level__gte=1)
    assert escalated.status == AlertStatus.OPEN
    assert escalated.escalated_to == _staff("teammanager")
    assert Notification.objects.filter(
        recipient__username="teammanager", kind=NotificationKind.ALERT_ESCALATED
    ).exists()


def test_referrals_at_each_stage_and_each_decision() -> None:
    assert set(Referral.objects.values_list("stage", flat=True)) == set(ReferralStage.values)
    decided = Referral.objects.exclude(decision="")
    assert set(decided.values_list("decision", flat=True)) == set(ReferralDecision.values)
    for referral in Referral.objects.filter(stage=ReferralStage.CLOSED):
        assert referral.referrer_told_at is not None
        assert referral.decided_at is not None
        assert referral.referrer_told_at >= referral.decided_at
    for referral in Referral.objects.exclude(stage=ReferralStage.RECEIVED):
        assert referral.rag
    gathering = Referral.objects.get(stage=ReferralStage.GATHERING)
    assert gathering.information_requests.filter(answered_at__isnull=True).exists()
    assert gathering.information_requests.filter(answered_at__isnull=False).exists()


def test_clocks_on_time_near_breach_and_breached_as_the_front_door_counts_them() -> None:
    today = timezone.localdate()
    running = Clock.objects.filter(stopped_on__isnull=True)
    states = {clock_standing(clock.due_on, today).state for clock in running}
    assert states == set(ClockState)
    due = {
        ClockKind.DECISION: decision_due,
        ClockKind.ASSESSMENT: assessment_due,
        ClockKind.INITIAL_CONFERENCE: initial_conference_due,
    }
    for clock in Clock.objects.filter(kind__in=due):
        assert clock.due_on == due[ClockKind(clock.kind)](clock.started_on), clock
    # Breached clocks have gone up the line (the worker's hourly check ran on the demo).
    for clock in running:
        if clock_standing(clock.due_on, today).state is ClockState.BREACHED:
            assert clock.escalated_to is not None


def test_a_strategy_discussion_an_initial_conference_with_a_plan_and_a_review_due() -> None:
    assert StrategyDiscussion.objects.filter(proceed_to_conference=True).count() >= 1
    waiting = Clock.objects.filter(kind=ClockKind.INITIAL_CONFERENCE, stopped_on__isnull=True)
    assert waiting.exists()
    initial = Conference.objects.filter(kind=ConferenceKind.INITIAL, plan_made=True)
    assert initial.exists()
    assert Conference.objects.filter(kind=ConferenceKind.REVIEW).exists()
    plans = ChildProtectionPlan.objects.filter(ended_on__isnull=True)
    assert plans.count() >= 2
    reviews = Clock.objects.filter(
        kind__in=[ClockKind.FIRST_REVIEW, ClockKind.REVIEW], stopped_on__isnull=True
    )
    assert {clock.child_id for clock in reviews} == {plan.child_id for plan in plans}


def test_every_child_on_a_plan_at_a_conference_or_discussed_has_a_social_worker() -> None:
    """No partnership's child index shows a child protection case with no social worker."""
    plans = set(ChildProtectionPlan.objects.values_list("child_id", flat=True))
    meetings = set(Conference.objects.values_list("child_id", flat=True)) | set(
        StrategyDiscussion.objects.values_list("child_id", flat=True)
    )
    assert plans
    assert plans <= meetings
    social_workers = {
        (involvement.child_id, involvement.practitioner_id)
        for involvement in Involvement.objects.filter(
            child__in=meetings,
            agency__kind=AgencyKind.LOCAL_AUTHORITY,
            ended_on__isnull=True,
            practitioner__job_title__icontains="social worker",
        )
    }
    assert {child for child, _worker in social_workers} == meetings
    # The social worker assessing each child, recorded as involved from the day they began.
    for assessment in Assessment.objects.filter(child__in=meetings):
        assert (assessment.child_id, assessment.social_worker_id) in social_workers, assessment


def test_the_plans_child_shows_its_social_worker_on_its_page_in_the_child_index() -> None:
    plan = ChildProtectionPlan.objects.select_related("child").order_by("pk").first()
    assert plan is not None
    assessment = Assessment.objects.select_related("social_worker").get(
        child=plan.child, kind=AssessmentKind.CHILD_PROTECTION
    )
    worker = assessment.social_worker
    assert worker is not None
    client = Client()
    client.force_login(User.objects.get(username="frontdoor"))
    response = client.get(f"/children/{plan.child.reference}/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Child in Need and Child Protection Social Work" in page
    assert f"{worker.given_name} {worker.family_name}<br>{worker.job_title}" in page


def test_a_child_in_need_assessment_completed_ends_its_social_workers_involvement() -> None:
    done = Assessment.objects.filter(
        kind=AssessmentKind.CHILD_IN_NEED, completed_on__isnull=False
    ).select_related("social_worker")
    assert done.exists()
    for assessment in done:
        assert Involvement.objects.filter(
            child_id=assessment.child_id,
            practitioner=assessment.social_worker,
            started_on=assessment.started_on,
            ended_on=assessment.completed_on,
        ).exists(), assessment
    running = Assessment.objects.filter(completed_on__isnull=True)
    assert running.exists()
    for assessment in running:
        assert Involvement.objects.filter(
            child_id=assessment.child_id,
            practitioner=assessment.social_worker,
            ended_on__isnull=True,
        ).exists(), assessment


def test_teams_around_children_with_leads_members_plans_reviews_and_steps() -> None:
    teams = TeamAroundChild.objects.select_related("lead_professional")
    assert 12 <= teams.count() <= 20
    practitioner, manager = _staff("practitioner"), _staff("teammanager")
    assert teams.filter(lead_professional=practitioner).count() == 1
    assert teams.filter(lead_professional__manager=manager).count() >= 3
    # Each lead leads in the child index too (as team_start makes them).
    for team in teams:
        assert lead_professional_of(team.child_id) == team.lead_professional, team
    for team in teams:
        assert team.members.values("agency").distinct().count() >= 2, team
        assert team.actions.exists()
    today = timezone.localdate()
    overdue = PlanAction.objects.filter(done_on__isnull=True, due_on__lt=today)
    assert overdue.exists()
    assert overdue.filter(owner=practitioner).exists()
    assert PlanAction.objects.filter(done_on__isnull=False).exists()
    assert teams.filter(assessments__isnull=False).distinct().count() >= 10
    assert teams.filter(reviews__isnull=False).exists()
    up = StepChange.objects.get(direction=StepDirection.UP)
    assert up.referral is not None
    assert up.referral.child_id == up.team.child_id
    assert StepChange.objects.filter(direction=StepDirection.DOWN).exists()


def _notifications_page(username: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    home = client.get("/")
    assert home.status_code == 200
    assert "notifications to read" in home.content.decode() or (
        "notification to read" in home.content.decode()
    )
    page = client.get("/safeguarding/notifications/")
    assert page.status_code == 200
    return html.unescape(page.content.decode())


def test_the_police_notification_last_night_is_on_the_school_leads_home_page() -> None:
    [told] = Notification.objects.filter(
        recipient__username="schoollead", kind=NotificationKind.ENCOMPASS
    )
    concern = Concern.objects.select_related("agency", "child").get(pk=int(told.key.split(":")[1]))
    assert concern.agency.kind == AgencyKind.POLICE
    assert concern.category == "domestic_abuse"
    assert (timezone.now() - concern.occurred_at).days <= 1
    assert concern.child.family_name not in told.subject
    assert told.due_by is not None
    assert told.created_at < told.due_by  # sent when the police recorded it, last night
    assert told.subject in _notifications_page("schoollead")


def test_each_safeguarding_account_is_told_what_needs_them() -> None:
    kinds = {
        "frontdoor": {NotificationKind.ALERT, NotificationKind.CLOCK_NEAR_BREACH},
        "practitioner": {NotificationKind.ALERT, NotificationKind.ACTION_DUE},
        "teammanager": {NotificationKind.ALERT_ESCALATED},
        "schoollead": {NotificationKind.ENCOMPASS, NotificationKind.INFORMATION_REQUEST},
    }
    for username, wanted in kinds.items():
        told = set(
            Notification.objects.filter(
                recipient__username=username, read_at__isnull=True
            ).values_list("kind", flat=True)
        )
        assert wanted <= told, username
        subject = Notification.objects.filter(recipient__username=username).first()
        assert subject is not None
        assert subject.subject in _notifications_page(username)


def test_one_audit_event_per_kind_of_safeguarding_record_written_in_bulk() -> None:
    bulk = AuditEvent.objects.filter(
        object_type__startswith="safeguarding.", actor__isnull=True, details__source="demo data"
    )
    kinds = Counter(bulk.values_list("object_type", flat=True))
    assert kinds["safeguarding.concern"] == 1
    assert kinds["safeguarding.referral"] == 1
    assert kinds["safeguarding.teamaroundchild"] == 1
    assert all(count == 1 for count in kinds.values())
    concern_event = bulk.get(object_type="safeguarding.concern")
    assert concern_event.action == AuditAction.CREATE
    assert concern_event.details["count"] == Concern.objects.count()


def test_the_same_day_and_seed_pick_the_same_children_and_write_the_same_concerns() -> None:
    def built() -> tuple[dict[str, int], list[tuple[object, ...]]]:
        demo = SafeguardingDemo(today=timezone.localdate(), seed=SEED)
        picks = _picks(demo)
        writer = ConcernWriter(demo)
        writer.background(picks.general[:50])
        concerns = [
            (c.child_id, c.agency_id, c.category, c.severity, c.occurred_at, c.summary)
            for c in writer.concerns
        ]
        return {name: child.child_id for name, child in picks.cases.items()}, concerns

    assert built() == built()
