"""Concerns about a child, recorded by any agency in the service or by a partner system through
the API, and the police notifications of domestic abuse that must reach the child's school
before the next school day (Operation Encompass)."""

from __future__ import annotations

from django.db import models

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, StaffMember


class ConcernCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical harm"
    EMOTIONAL = "emotional", "Emotional harm"
    SEXUAL = "sexual", "Sexual harm"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    MISSING = "missing", "Missing episode"
    SCHOOL_ABSENCE = "school_absence", "School absence"
    HEALTH = "health", "Health"
    EXPLOITATION = "exploitation", "Exploitation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    """How serious the person recording it judged it; alert rules may count only some."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ConcernSource(models.TextChoices):
    SERVICE = "service", "Recorded in childtrust"
    API = "api", "Sent by a partner system"


class ConcernSensitivity(models.TextChoices):
    """A concern whose detail must stay with its agency unless a decision to share it is
    recorded (as a sensitive involvement): others see that it exists and whom to contact."""

    NONE = "", "Not restricted"
    RESTRICTED = "restricted", "Restricted to the recording agency"


class Concern(TrackedModel):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="concerns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="concerns")
    recorded_by_staff = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    category = models.CharField(max_length=24, choices=ConcernCategory.choices)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    occurred_at = models.DateTimeField(help_text="When it happened (or was seen).")
    summary = models.TextField(help_text="What was seen or heard, in the recorder's words.")
    significant = models.BooleanField(
        default=False, help_text="A significant event: flagged on the chronology."
    )
    sensitivity = models.CharField(
        max_length=16,
        choices=ConcernSensitivity.choices,
        blank=True,
        default=ConcernSensitivity.NONE,
    )
    source = models.CharField(
        max_length=8, choices=ConcernSource.choices, default=ConcernSource.SERVICE
    )
    # A partner system's own reference: the same one sent twice is the same concern.
    external_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["child", "occurred_at"], name="concern_child_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="concern_external_reference_unique_in_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} concern {self.pk}"


class DesignatedLead(TrackedModel):
    """A school's (or any agency's) designated safeguarding lead: who hears of a police
    domestic-abuse notification about one of its children before the next school day."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="designated_safeguarding_lead"
    )
    staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Designated safeguarding lead of {self.agency}"
