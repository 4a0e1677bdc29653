"""The Team Around the Child: a lead professional, members from several agencies, an early help
assessment, a plan of actions with owners and due dates, reviews, and each step up to social
care or down to early help, kept as history."""

from __future__ import annotations

from django.db import models

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, StaffMember


class SupportLevel(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    SOCIAL_CARE = "social_care", "Children's social care"


class TeamAroundChild(TrackedModel):
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="teams_around"
    )
    lead_professional = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="teams_led_around_children"
    )
    level = models.CharField(
        max_length=12, choices=SupportLevel.choices, default=SupportLevel.EARLY_HELP
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(ended_on__isnull=True),
                name="one_team_around_each_child",
            )
        ]

    def __str__(self) -> str:
        return f"Team around the child {self.pk}"


class TeamMember(TrackedModel):
    team = models.ForeignKey(TeamAroundChild, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=100)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "staff"],
                condition=models.Q(left_on__isnull=True),
                name="team_member_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}, {self.agency}"


class EarlyHelpAssessment(TrackedModel):
    """The three domains of the assessment framework, in the practitioner's words."""

    team = models.ForeignKey(TeamAroundChild, on_delete=models.CASCADE, related_name="assessments")
    child_development = models.TextField()
    parents_and_carers = models.TextField()
    family_and_environment = models.TextField()
    child_views = models.TextField(blank=True, help_text="What the child says.")
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"Early help assessment {self.pk}"


class PlanAction(TrackedModel):
    team = models.ForeignKey(TeamAroundChild, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action


class TeamReview(TrackedModel):
    team = models.ForeignKey(TeamAroundChild, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review {self.pk}"


class StepDirection(models.TextChoices):
    UP = "up", "Stepped up to children's social care"
    DOWN = "down", "Stepped down to early help"


class StepChange(TrackedModel):
    team = models.ForeignKey(TeamAroundChild, on_delete=models.CASCADE, related_name="steps")
    direction = models.CharField(max_length=4, choices=StepDirection.choices)
    on = models.DateField()
    reason = models.TextField()
    referral = models.ForeignKey(
        "safeguarding.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on {self.on}"
