"""The partnership's five-year strategic plan: its adopted versions, its objectives (each tied to
priorities of the outcomes framework, with an accountable owner and contributing agencies) and
the objectives' milestones with the history of every change of status."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, Priority, StaffMember

# The plan runs in financial years, April to March, as the partners' budgets do.
YEAR_STARTS = (4, 1)


def financial_year_label(start_year: int) -> str:
    """2026 -> "2026-27"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


class StrategicPlan(TrackedModel):
    """The plan: a title and a period of whole financial years, such as 2026-27 to 2030-31
    (start year 2026, end year 2030). What the partnership adopted, and when, is kept in its
    versions, never edited, as the shared vision is."""

    title = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(help_text="The year its first year starts.")
    end_year = models.PositiveSmallIntegerField(help_text="The year its last year starts.")

    class Meta:
        ordering = ["-start_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000) & Q(end_year__lte=2100),
                name="plan_years_plausible",
            ),
            models.UniqueConstraint(fields=["start_year", "title"], name="plan_title_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return f"{financial_year_label(self.start_year)} to {financial_year_label(self.end_year)}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, *YEAR_STARTS)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.end_year + 1, *YEAR_STARTS) - datetime.timedelta(days=1)


class PlanVersion(models.Model):
    """One adopted version of the plan's text. Versions are never edited: a change is a new
    version, so that what was adopted, when and by whom stays on record."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    adopted_on = models.DateField()
    adopted_by = models.CharField(
        max_length=200, help_text="Who adopted it, such as the Children's Trust Board."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title}, version {self.version}"


class Objective(TrackedModel):
    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    priorities = models.ManyToManyField(Priority, related_name="objectives")
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="objectives")
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="objectives", help_text="The agencies contributing."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="objective_title_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# A milestone in one of these is finished with: it cannot be overdue.
CLOSED_STATUSES = frozenset({MilestoneStatus.DONE, MilestoneStatus.DROPPED})


class Milestone(TrackedModel):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="milestones")
    status = models.CharField(
        max_length=16, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    dropped_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=MilestoneStatus.DROPPED) | ~Q(dropped_reason=""),
                name="milestone_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values), name="milestone_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today and self.status not in CLOSED_STATUSES


class MilestoneStatusChange(models.Model):
    """One change of a milestone's status, with its note: the history is only ever added to."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=16, choices=MilestoneStatus.choices)
    to_status = models.CharField(max_length=16, choices=MilestoneStatus.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=MilestoneStatus.DROPPED) | ~Q(note=""),
                name="milestone_drop_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="milestone_change_changes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.from_status} to {self.to_status}"
