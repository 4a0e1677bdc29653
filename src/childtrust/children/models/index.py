"""The child index: one Child for each real child, whatever each agency calls them, and the
uncertain pairs of records waiting for a reviewer to say whether they are the same child."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from childtrust.core.models import TrackedModel


class Child(TrackedModel):
    """One child across agencies. The name, date of birth and postcode shown are the best of the
    linked records' (kept here so that search and lists need not read every record); the
    records themselves stay the agencies'."""

    reference = models.CharField(
        max_length=12, unique=True, help_text="The partnership's reference, such as CT-004217."
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    # Shielded: hidden from search for ordinary users, its details only by break glass.
    shielded = models.BooleanField(default=False)
    shielded_reason = models.CharField(max_length=500, blank=True)
    shielded_at = models.DateTimeField(null=True, blank=True)
    # Records are kept to the 18th birthday, the 25th for a care leaver (design section 5).
    care_leaver = models.BooleanField(default=False)
    retention_flagged_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # A child merged into another keeps its reference, pointing on, so old links still lead.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name_plural = "children"
        indexes = [
            # The few shielded children: search asks of each shielded match whether the reader
            # may see it, and reads them here rather than scanning the whole index.
            models.Index(fields=["id"], condition=models.Q(shielded=True), name="child_shielded")
        ]

    def __str__(self) -> str:
        return self.reference


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    ACCEPTED = "accepted", "The same child"
    REJECTED = "rejected", "Not the same child"
    SUPERSEDED = "superseded", "No longer needed"


class LinkReview(models.Model):
    """A pair of records whose match probability fell between the two thresholds: a reviewer
    says whether they are the same child. A rejected pair is never proposed again."""

    record = models.ForeignKey(
        "children.AgencyRecord", on_delete=models.CASCADE, related_name="reviews"
    )
    other = models.ForeignKey("children.AgencyRecord", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField()
    match_weight = models.FloatField()
    # [{"field": "prior", "level": "Starting match weight (prior)", "weight": -11.8},
    #  {"field": "given_name", "level": "One typo", "weight": 5.4}, ...]: the weight before
    # any comparison (how likely two records picked at random are one child, in bits), then
    # how much each field's agreement or disagreement added to it; together, the match weight.
    evidence = models.JSONField(default=list)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-match_probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "other"], name="one_review_per_pair"),
            models.CheckConstraint(
                condition=models.Q(record__lt=models.F("other")), name="review_pair_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Review of records {self.record_id} and {self.other_id}"
