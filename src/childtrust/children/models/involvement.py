"""Who is involved with a child: which agency, service and practitioner, in what role, since
when, how to reach them, and who is the lead professional."""

from __future__ import annotations

from django.db import models

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, Service, StaffMember


class Sensitivity(models.TextChoices):
    """Services whose very involvement says something private: shown to others only where
    consent to share it is recorded (design section 5)."""

    NONE = "", "Not sensitive"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"


class Involvement(TrackedModel):
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="involvements"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="involvements")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="involvements"
    )
    practitioner = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="involvements",
    )
    role = models.CharField(max_length=100, help_text="Such as 'Health visitor' or 'Key worker'.")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    contact = models.CharField(max_length=200, blank=True, help_text="How to reach them.")
    is_lead_professional = models.BooleanField(default=False)
    sensitivity = models.CharField(
        max_length=24, choices=Sensitivity.choices, blank=True, default=Sensitivity.NONE
    )

    class Meta:
        ordering = ["child", "-is_lead_professional", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(is_lead_professional=True, ended_on__isnull=True),
                name="one_lead_professional_per_child",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="involvement_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        # Neither role, agency nor service: this is how the append-only audit log names the
        # involvement, and a sensitive service's name would tell its readers what the child is
        # seen for.
        return f"An involvement with {self.child}"
