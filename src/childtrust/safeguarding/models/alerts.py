"""Cumulative-concern alerts: configurable rules that say when a child's concerns add up, and the
alerts they raise, each naming the concerns that triggered it, acknowledged, actioned and closed,
and escalated up the line when not acknowledged in time."""

from __future__ import annotations

from django.db import models

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import StaffMember


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class RuleKind(models.TextChoices):
    # N or more concerns (of these categories, at least this severity) from M or more agencies
    # within D days.
    CONCERNS_ACROSS_AGENCIES = "across_agencies", "Concerns from several agencies"
    # Any concern about a child with a child protection plan.
    CHILD_PROTECTION_PLAN = "cp_plan", "Concern about a child with a child protection plan"
    # N or more concerns of one category within D days (such as repeated missing episodes).
    REPEATED_CATEGORY = "repeated", "Repeated concerns of one kind"


class AlertRule(TrackedModel):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=24, choices=RuleKind.choices)
    # The categories counted; empty: every category.
    categories = models.JSONField(default=list, blank=True)
    minimum_severity = models.CharField(max_length=8, blank=True, default="")
    minimum_concerns = models.PositiveSmallIntegerField(default=1)
    minimum_agencies = models.PositiveSmallIntegerField(default=1)
    window_days = models.PositiveSmallIntegerField(default=90)
    rag = models.CharField(max_length=8, choices=Rag.choices)
    # Working hours to acknowledge before the alert escalates to the next manager up.
    acknowledge_within_hours = models.PositiveSmallIntegerField(default=24)
    active = models.BooleanField(default=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlertStatus(models.TextChoices):
    OPEN = "open", "Waiting to be acknowledged"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Actioned"
    CLOSED = "closed", "Closed"


class Alert(TrackedModel):
    rule = models.ForeignKey(AlertRule, on_delete=models.PROTECT, related_name="alerts")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="alerts")
    rag = models.CharField(max_length=8, choices=Rag.choices)
    status = models.CharField(
        max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    concerns = models.ManyToManyField("safeguarding.Concern", related_name="alerts")
    raised_at = models.DateTimeField()
    acknowledge_by = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)
    actioned_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actioned_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Escalated up the line, one level each time the deadline passes unacknowledged.
    escalated_to = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            # The same situation never raises two alerts: one alert not closed per rule and child
            # (two concerns arriving at once in two connections meet here).
            models.UniqueConstraint(
                fields=["rule", "child"],
                condition=~models.Q(status="closed"),
                name="one_open_alert_per_rule_and_child",
            )
        ]

    def __str__(self) -> str:
        return f"Alert {self.pk}"
