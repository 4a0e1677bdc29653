"""The partnership board: its meetings, agenda items (each about an objective, a risk, an
appraisal, an allocation run or a survey round), actions, minutes (drafted, approved at the next
meeting, then locked) and the board packs generated for a meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import StaffMember
from childtrust.resources.models import AllocationRun, Appraisal
from childtrust.strategy.models.change import Risk
from childtrust.strategy.models.plan import Objective
from childtrust.voice.models import SurveyRound


class BoardMeeting(TrackedModel):
    """A meeting of the partnership board, chaired politically by the lead member for children's
    services. Members present who are on the staff directory are linked; others (councillors,
    guests) are named in `others_present`."""

    title = models.CharField(max_length=200)
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    chair = models.CharField(
        max_length=200, help_text="Such as the lead member for children's services."
    )
    present = models.ManyToManyField(StaffMember, blank=True, related_name="board_meetings")
    others_present = models.TextField(blank=True, help_text="One name and role a line.")

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["held_on", "title"], name="board_meeting_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaSubject(models.TextChoices):
    """What an agenda item is about; the item links to that one thing, or to nothing."""

    NONE = "", "Nothing in particular"
    OBJECTIVE = "objective", "An objective"
    RISK = "risk", "A risk"
    APPRAISAL = "appraisal", "An appraisal"
    ALLOCATION_RUN = "allocation_run", "An allocation run"
    SURVEY_ROUND = "survey_round", "A survey round"


# Each subject and the agenda item's field that links to it.
AGENDA_SUBJECT_FIELDS = {
    AgendaSubject.OBJECTIVE: "objective",
    AgendaSubject.RISK: "risk",
    AgendaSubject.APPRAISAL: "appraisal",
    AgendaSubject.ALLOCATION_RUN: "allocation_run",
    AgendaSubject.SURVEY_ROUND: "survey_round",
}


def _only_link(subject: str, field: str) -> Q:
    """The item is about `subject` and links through `field` alone, or is about something else
    and leaves `field` empty."""
    return (Q(subject=subject) & Q(**{f"{field}__isnull": False})) | (
        ~Q(subject=subject) & Q(**{f"{field}__isnull": True})
    )


class AgendaItem(models.Model):
    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    subject = models.CharField(
        max_length=16, choices=AgendaSubject.choices, default=AgendaSubject.NONE, blank=True
    )
    objective = models.ForeignKey(Objective, null=True, blank=True, on_delete=models.PROTECT)
    risk = models.ForeignKey(Risk, null=True, blank=True, on_delete=models.PROTECT)
    appraisal = models.ForeignKey(Appraisal, null=True, blank=True, on_delete=models.PROTECT)
    allocation_run = models.ForeignKey(
        AllocationRun, null=True, blank=True, on_delete=models.PROTECT
    )
    survey_round = models.ForeignKey(SurveyRound, null=True, blank=True, on_delete=models.PROTECT)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            ),
            *(
                models.CheckConstraint(
                    condition=_only_link(subject, field), name=f"agenda_item_{field}_iff_subject"
                )
                for subject, field in AGENDA_SUBJECT_FIELDS.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class BoardAction(TrackedModel):
    """An action the board agreed: who, by when, and whether it is done. Overdue is worked out
    from the due date, not stored."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="actions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="board_actions")
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    update = models.TextField(blank=True, help_text="The latest word on its progress.")

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=ActionStatus.DONE) & Q(done_on__isnull=False))
                | (Q(status=ActionStatus.OPEN) & Q(done_on__isnull=True)),
                name="action_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Minutes(TrackedModel):
    """A meeting's minutes: drafted after it, approved at a later meeting, and then locked."""

    meeting = models.OneToOneField(BoardMeeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    status = models.CharField(
        max_length=8, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_at = models.ForeignKey(
        BoardMeeting,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        help_text="The meeting that approved them.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=MinutesStatus.APPROVED) & Q(approved_at__isnull=False))
                | (Q(status=MinutesStatus.DRAFT) & Q(approved_at__isnull=True)),
                name="approved_minutes_name_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class BoardPackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class BoardPack(TrackedModel):
    """A board pack generated in the background for a meeting: how far it has got and, once
    ready, the PDF's name under var/board_packs."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="packs")
    status = models.CharField(
        max_length=8, choices=BoardPackStatus.choices, default=BoardPackStatus.QUEUED
    )
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    stored_name = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    problem = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(steps_done__lte=models.F("steps_total")),
                name="board_pack_steps_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"Board pack for {self.meeting} ({self.get_status_display()})"
