"""Restructures: the proposal (its reason, the posts it deletes, creates and changes, the people
affected and their selection pools, its timeline), the consultation the law asks for (collective
where 20 or more redundancies are proposed at one establishment within 90 days, with the form HR1
notification), each person's consultation meetings and responses, and what became of them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from childtrust.core.models import TrackedModel
from childtrust.workforce.models.establishment import Profession, fte_field


class RestructureStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONSULTATION = "consultation", "In consultation"
    IMPLEMENTING = "implementing", "Decided, being put in place"
    FINISHED = "finished", "Finished"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Restructure(TrackedModel):
    """A restructure at one establishment (the employing agency, for the duty to consult
    collectively), from proposal to finish."""

    title = models.CharField(max_length=200)
    reason = models.TextField(help_text="Why the restructure is proposed.")
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        related_name="restructures",
        help_text="The establishment: the employer whose posts it changes.",
    )
    status = models.CharField(
        max_length=16, choices=RestructureStatus.choices, default=RestructureStatus.PROPOSED
    )
    proposed_redundancies = models.PositiveIntegerField(
        default=0, help_text="How many dismissals as redundant it proposes."
    )
    # The timeline.
    consultation_starts_on = models.DateField(null=True, blank=True)
    consultation_ends_on = models.DateField(null=True, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    first_dismissal_on = models.DateField(
        null=True, blank=True, help_text="The planned day the first dismissal takes effect."
    )
    implemented_on = models.DateField(null=True, blank=True)
    # A planned first dismissal earlier than the law allows, kept only with a reason.
    early_dismissal_reason = models.TextField(blank=True)
    early_dismissal_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The notification to the Secretary of State (form HR1).
    hr1_notified_on = models.DateField(null=True, blank=True)
    hr1_reference = models.CharField(max_length=60, blank=True)
    support_offered = models.TextField(
        blank=True, help_text="Redeployment, the employee assistance programme and other support."
    )
    how_to_respond = models.TextField(blank=True)
    # What launching it sent: the cascade message and the wellbeing survey's round.
    launched_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(
        "voice.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    survey_round = models.ForeignKey(
        "voice.SurveyRound", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RestructureStatus.values),
                name="restructure_status_is_known",
            ),
            models.CheckConstraint(
                condition=Q(consultation_starts_on__isnull=True)
                | Q(consultation_ends_on__isnull=True)
                | Q(consultation_ends_on__gte=F("consultation_starts_on")),
                name="restructure_consultation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SelectionPool(models.Model):
    """People at risk who compete for the same new posts."""

    restructure = models.ForeignKey(Restructure, on_delete=models.CASCADE, related_name="pools")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["restructure", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["restructure", "name"], name="pool_name_unique_in_restructure"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PostChangeKind(models.TextChoices):
    DELETE = "delete", "Deleted"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"


class PostChange(TrackedModel):
    """A post the restructure deletes, creates or changes. A deleted or changed post names the
    post; a created one names it once the restructure is put in place (`post`). A created or
    changed post carries what it will be, with its new job description."""

    restructure = models.ForeignKey(
        Restructure, on_delete=models.CASCADE, related_name="post_changes"
    )
    kind = models.CharField(max_length=8, choices=PostChangeKind.choices)
    post = models.ForeignKey(
        "workforce.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    job_title = models.CharField(max_length=200, blank=True)
    grade = models.CharField(max_length=40, blank=True)
    fte = fte_field(null=True, blank=True)
    team = models.ForeignKey(
        "partnership.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locality = models.ForeignKey(
        "partnership.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    social_worker = models.BooleanField(default=False)
    job_description = models.TextField(blank=True)
    pool = models.ForeignKey(
        SelectionPool, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )

    class Meta:
        ordering = ["restructure", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PostChangeKind.values), name="post_change_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(kind="create") | Q(post__isnull=False),
                name="post_change_names_the_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.job_title or self.post}"


class AffectedOutcome(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    UNAFFECTED = "unaffected", "Post unchanged"
    SLOTTED_IN = "slotted_in", "Slotted in to a new post"
    REDEPLOYED = "redeployed", "Redeployed"
    REDUNDANT = "redundant", "Made redundant"
    LEFT = "left", "Left before the outcome"


class AffectedPerson(TrackedModel):
    """A person whose post the restructure affects: what is proposed for their post, their pool
    and, once decided, what became of them."""

    restructure = models.ForeignKey(
        Restructure, on_delete=models.CASCADE, related_name="affected_people"
    )
    staff = models.ForeignKey(
        "partnership.StaffMember", on_delete=models.PROTECT, related_name="restructures"
    )
    post = models.ForeignKey(
        "workforce.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal = models.TextField(help_text="What is proposed for their post, in plain words.")
    pool = models.ForeignKey(
        SelectionPool, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    at_risk = models.BooleanField(default=False, help_text="At risk of redundancy.")
    outcome = models.CharField(
        max_length=12, choices=AffectedOutcome.choices, default=AffectedOutcome.PENDING
    )
    outcome_on = models.DateField(null=True, blank=True)
    new_post = models.ForeignKey(
        "workforce.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["restructure", "staff__family_name", "staff__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["restructure", "staff"], name="affected_once_per_restructure"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AffectedOutcome.values),
                name="affected_outcome_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} in {self.restructure}"


class MeetingKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual consultation meeting"
    OUTCOME = "outcome", "Outcome meeting"
    APPEAL = "appeal", "Appeal"


class ConsultationMeeting(TrackedModel):
    """An individual consultation meeting with an affected person."""

    affected = models.ForeignKey(AffectedPerson, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(
        max_length=12, choices=MeetingKind.choices, default=MeetingKind.INDIVIDUAL
    )
    held_on = models.DateField()
    attendees = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["affected", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.affected.staff}, {self.held_on}"


class ConsultationResponse(TrackedModel):
    """A person's response to the proposal, and the answer they were given."""

    affected = models.ForeignKey(AffectedPerson, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField()
    submitted_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["affected", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"Response from {self.affected.staff}"
