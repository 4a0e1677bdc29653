"""Information sharing: each decision to share (or not) what, with whom, why and on what lawful
basis, with consent given, refused or overridden; and break glass, the time-limited emergency
access to a shielded child that the data protection lead reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from childtrust.core.models import TrackedModel


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent (UK GDPR article 6(1)(a))"
    LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (article 6(1)(c))"
    VITAL_INTERESTS = "vital_interests", "Vital interests (article 6(1)(d))"
    PUBLIC_TASK = "public_task", "Public task (article 6(1)(e))"


class ConsentOutcome(models.TextChoices):
    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    OVERRIDDEN = "overridden", "Shared without consent (consent overridden)"
    NOT_SOUGHT = "not_sought", "Shared without seeking consent"


class SharingDecision(TrackedModel):
    child = models.ForeignKey(
        "children.Child", on_delete=models.PROTECT, related_name="sharing_decisions"
    )
    # The sensitive involvement the decision lets others see, where it is about one.
    involvement = models.ForeignKey(
        "children.Involvement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_decisions",
    )
    what_shared = models.TextField()
    shared_with = models.CharField(max_length=300)
    purpose = models.TextField(help_text="Why it was shared.")
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices)
    outcome = models.CharField(max_length=16, choices=ConsentOutcome.choices)
    decided_on = models.DateField()
    override_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"Sharing decision for {self.child}: {self.get_outcome_display()}"


class BreakGlass(models.Model):
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("started_at")),
                name="break_glass_expires_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Break glass on {self.child} by {self.user}"
