"""What the service tells a person: an alert, a clock near breach, an action due, a police
notification for a school. Shown on their home page ("what needs you") and sent by email where
email is configured; each is made once (its key), so a task run twice tells no one twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    ALERT = "alert", "Alert"
    ALERT_ESCALATED = "alert_escalated", "Alert not acknowledged in time"
    ENCOMPASS = "encompass", "Police notification of domestic abuse"
    CLOCK_NEAR_BREACH = "clock_near_breach", "Deadline near"
    CLOCK_BREACHED = "clock_breached", "Deadline missed"
    REFERRAL_OUTCOME = "referral_outcome", "Outcome of a referral"
    INFORMATION_REQUEST = "information_request", "Request for information"
    ACTION_DUE = "action_due", "Action due"
    TEAM_AROUND_CHILD = "team_around_child", "Team around the child"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    # Words that name no child: the page it links to shows the child to those who may see it.
    subject = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    # Made once: "alert:17", "encompass:42:agency:3", "clock:9:breached".
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    due_by = models.DateTimeField(null=True, blank=True, help_text="When it must be seen by.")
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_recipient"
            )
        ]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return self.subject
