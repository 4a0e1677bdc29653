"""The front door (MASH): a contact or referral screened and RAG-rated, information gathered
from the agencies involved, a decision, the referrer told; then what the decision starts (an
assessment, a strategy discussion, conferences, a child protection plan) and the statutory clocks
that run in working days from each."""

from __future__ import annotations

from django.db import models

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, StaffMember
from childtrust.safeguarding.models.alerts import Rag


class ReferralKind(models.TextChoices):
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"


class ReferralStage(models.TextChoices):
    RECEIVED = "received", "Received"
    SCREENED = "screened", "Screened"
    GATHERING = "gathering", "Gathering information"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


class ReferralDecision(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "s17", "Child in need assessment (section 17)"
    CHILD_PROTECTION = "s47", "Child protection enquiry (section 47) with a strategy discussion"


class Referral(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=12, choices=ReferralKind.choices)
    received_at = models.DateTimeField()
    referrer_name = models.CharField(max_length=200)
    referrer_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    reason = models.TextField(help_text="Why the referrer is worried, in their words.")
    concerns = models.ManyToManyField("safeguarding.Concern", blank=True, related_name="referrals")
    stage = models.CharField(
        max_length=12, choices=ReferralStage.choices, default=ReferralStage.RECEIVED, db_index=True
    )
    rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    screened_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_note = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=ReferralDecision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    referrer_told_at = models.DateTimeField(null=True, blank=True)
    referrer_told_how = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class InformationRequest(TrackedModel):
    """The front door asks an agency involved with the child what it knows."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    due_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "agency"], name="one_information_request_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"Request to {self.agency} on referral {self.referral_id}"


class AssessmentKind(models.TextChoices):
    EARLY_HELP = "early_help", "Early help assessment"
    CHILD_IN_NEED = "s17", "Child in need assessment"
    CHILD_PROTECTION = "s47", "Child protection enquiry"


class Assessment(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    started_on = models.DateField()
    social_worker = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class StrategyDiscussion(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="strategy"
    )
    held_on = models.DateField()
    agencies = models.ManyToManyField(Agency, related_name="+")
    outcome = models.TextField()
    proceed_to_conference = models.BooleanField(default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk}"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class Conference(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=ConferenceKind.choices)
    held_on = models.DateField()
    plan_made = models.BooleanField(
        help_text="Whether the child is (or stays) subject to a child protection plan."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class ChildProtectionPlan(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(
        max_length=24, help_text="Neglect, physical, emotional or sexual abuse."
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_child_protection_plan",
            )
        ]

    def __str__(self) -> str:
        return f"Child protection plan {self.pk}"


class ClockKind(models.TextChoices):
    DECISION = "decision", "Decision on a referral"
    ASSESSMENT = "assessment", "Assessment"
    INITIAL_CONFERENCE = "initial_conference", "Initial child protection conference"
    FIRST_REVIEW = "first_review", "First review conference"
    REVIEW = "review", "Review conference"


class Clock(TrackedModel):
    """A statutory deadline in working days (core.calendar), started by an event and stopped
    when what it waits for happens. Escalated up the line when breached."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=ClockKind.choices)
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.CASCADE, related_name="clocks"
    )
    started_on = models.DateField()
    due_on = models.DateField(db_index=True)
    stopped_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_to = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=models.Q(stopped_on__isnull=True), name="clock_running"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on}"
