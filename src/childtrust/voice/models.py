"""The staff side of the change: messages cascaded down the line-management tree, pulse surveys
whose answers cannot be traced to a person, and feedback that gets an answer in time."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency, Locality, StaffMember, Team

# --- Cascade -----------------------------------------------------------------------------------


class MessageKind(models.TextChoices):
    VISION = "vision", "The vision"
    CHANGE_UPDATE = "change_update", "A change update"
    NEW_WAY_OF_WORKING = "new_way_of_working", "A new way of working"
    OTHER = "other", "Other"


class MessageStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Message(TrackedModel):
    """A message a strategic lead cascades down the line: to the whole partnership or to chosen
    agencies, localities, teams or management levels. Only its author changes a draft. Once
    published it is never edited in place: its author corrects it (MessageCorrection), which
    raises its version, and everyone is asked to confirm the corrected version."""

    sender = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="messages_sent")
    title = models.CharField(max_length=200)
    body = models.TextField()
    kind = models.CharField(max_length=32, choices=MessageKind.choices, default=MessageKind.OTHER)
    status = models.CharField(
        max_length=16, choices=MessageStatus.choices, default=MessageStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    whole_partnership = models.BooleanField(default=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    localities = models.ManyToManyField(Locality, blank=True, related_name="+")
    teams = models.ManyToManyField(Team, blank=True, related_name="+")
    people = models.ManyToManyField(
        StaffMember,
        blank=True,
        related_name="+",
        help_text="Named people (those a restructure affects), with the managers who brief them.",
    )
    levels = models.JSONField(
        default=list, blank=True, help_text="Management levels (1 = heads of agencies) to reach."
    )
    brief_by = models.DateField(help_text="The date by which managers brief their direct reports.")
    published_at = models.DateTimeField(null=True, blank=True)
    version_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        return self.title


class MessageCorrection(TrackedModel):
    """A correction to a published message: what changed and why, in its author's words, and
    the message as it stood before, so that what people first read stays readable. It made
    the message's `version`; created_at is when it was corrected."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="corrections")
    version = models.PositiveIntegerField(help_text="The version of the message it made.")
    note = models.TextField(help_text="What changed and why, as everyone it went to reads it.")
    previous_title = models.CharField(max_length=200)
    previous_body = models.TextField()
    previous_check_questions = models.JSONField(
        default=list,
        blank=True,
        help_text="The check questions before: prompt, choices and correct_choice of each.",
    )

    class Meta:
        ordering = ["message", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "version"], name="one_correction_per_version"
            ),
            models.CheckConstraint(
                condition=Q(version__gte=2), name="a_correction_makes_a_later_version"
            ),
        ]

    def __str__(self) -> str:
        return f"Correction to {self.message} (version {self.version})"


class CheckQuestion(TrackedModel):
    """A short question that shows whether the message was understood, not only read."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="check_questions")
    prompt = models.CharField(max_length=300)
    choices = models.JSONField(help_text="The answers to choose from, in order.")
    correct_choice = models.PositiveSmallIntegerField(help_text="The position of the right answer.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.prompt


class Recipient(models.Model):
    """Who a published message is for, fixed when it is published: the person, the manager who
    must brief them and their level then, so that reach is measured against the tree as it was."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    briefed_at = models.DateTimeField(
        null=True, blank=True, help_text="When their manager recorded briefing them."
    )
    understood_at = models.DateTimeField(
        null=True, blank=True, help_text="When they confirmed the current version."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "staff"], name="one_recipient_per_message"),
        ]
        indexes = [
            models.Index(fields=["message", "level"]),
            # A manager's direct reports for a message: briefing, their task page, stalls.
            models.Index(fields=["message", "manager"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff} ← {self.message}"


class BriefingMethod(models.TextChoices):
    TEAM_MEETING = "team_meeting", "In a team meeting"
    ONE_TO_ONE = "one_to_one", "One to one"


class CascadeTask(TrackedModel):
    """A manager's task: brief their direct reports on a message by its date."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="cascade_tasks")
    manager = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="cascade_tasks")
    due_on = models.DateField()
    briefed_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=16, choices=BriefingMethod.choices, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "manager"], name="one_cascade_task_per_manager"
            ),
            models.CheckConstraint(
                condition=Q(briefed_at__isnull=True) | ~Q(method=""),
                name="briefing_records_its_method",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} to brief on {self.message}"


class Acknowledgement(models.Model):
    """A member of staff confirming they have read and understood one version of a message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="acknowledgements")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    confirmed_at = models.DateTimeField()
    answers = models.JSONField(default=list, blank=True)
    answered_correctly = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "staff", "version"], name="one_acknowledgement_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} understood {self.message} v{self.version}"


class MessageQuestion(TrackedModel):
    """A question a member of staff asks about a message; the sender answers it for everyone."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Pulse surveys -----------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    LIKERT = "likert", "Agree or disagree (1 to 5)"
    FREE_TEXT = "free_text", "Free text"


class SurveyTheme(models.TextChoices):
    CLARITY = "clarity", "Clarity of the vision"
    EXPECTATIONS = "expectations", "Knowing what is expected of me"
    INVOLVEMENT = "involvement", "Involvement in the change"
    CONFIDENCE = "confidence", "Confidence in leaders"
    WORKLOAD = "workload", "Workload"
    WELLBEING = "wellbeing", "Wellbeing and resilience through change"
    UNCERTAINTY = "uncertainty", "Uncertainty"


class Survey(TrackedModel):
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    template = models.CharField(max_length=40, blank=True, help_text="The template it came from.")
    repeat_every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Open a new round this many days after the last one."
    )
    round_length_days = models.PositiveSmallIntegerField(default=14)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    theme = models.CharField(max_length=16, choices=SurveyTheme.choices, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyRound(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    opens_on = models.DateField()
    closes_on = models.DateField()
    invited = models.PositiveIntegerField(default=0)
    invited_staff = models.ManyToManyField(
        StaffMember,
        blank=True,
        related_name="+",
        help_text="A round for named people only (those a restructure affects); empty for a "
        "round open to everyone in post.",
    )

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="one_round_number_per_survey"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey}, round {self.number}"


class SurveyParticipation(models.Model):
    """That a person has answered a round, so that they answer once. It is never linked to the
    answers: a response carries only the groups the person belonged to. It keeps the day they
    answered, never the time, for the worker's daily count of answers in the audit log."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="participations")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(
        null=True, blank=True, help_text="Empty for answers given before days were counted."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "staff"], name="one_answer_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} answered {self.round}"


class SurveyResponse(models.Model):
    """One anonymous set of answers: the groups for reporting, never the person. No timestamp
    finer than the round is kept, so that the order of answers cannot identify anyone."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey(Agency, null=True, on_delete=models.SET_NULL, related_name="+")
    level = models.PositiveSmallIntegerField(null=True)
    locality = models.ForeignKey(Locality, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"A response to {self.round}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="likert_score_from_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


# --- Feedback ----------------------------------------------------------------------------------


class FeedbackKind(models.TextChoices):
    SUGGESTION = "suggestion", "A suggestion"
    CONCERN = "concern", "A concern"


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "Waiting for a response"
    RESPONDED = "responded", "Responded"


def random_key() -> int:
    """A primary key that says nothing of when its row was written: below 2**53, so that it
    survives a JSON number, and far too many to guess (see Feedback)."""
    return secrets.randbelow(2**53 - 1) + 1


class Feedback(TrackedModel):
    """A suggestion or concern about the change, routed to an owner who must respond in time.

    Anonymous feedback keeps no link to the person who raised it (raised_by and created_by stay
    empty) and nothing that places it among their actions: its created and modified times are
    the start of the day it was raised, no audit event is written when it is raised (the worker
    counts each day's anonymous feedback once the day is over), and its key is random, named
    feedback's too, so that neither its key nor its place in the table follows the order in
    which feedback arrived. The key stays an auto field, given a random default: on SQLite only
    an INTEGER PRIMARY KEY is the rowid, and any other key (BIGINT) would leave the rowid counting
    up in the order rows were written."""

    id = models.BigAutoField(primary_key=True, default=random_key)
    anonymous = models.BooleanField(default=False)
    kind = models.CharField(max_length=16, choices=FeedbackKind.choices)
    subject = models.CharField(max_length=200)
    text = models.TextField()
    raised_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The agency it is about, if one; it decides who owns it.",
    )
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="feedback_owned")
    raised_on = models.DateField()
    respond_by = models.DateField()
    status = models.CharField(
        max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN
    )
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(
        default=False, help_text="Shown to all staff on the 'you said, we did' page."
    )

    class Meta:
        ordering = ["-raised_on", "-pk"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(response=""),
                name="responded_feedback_has_response",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status="responded"),
                name="only_responded_feedback_is_published",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(raised_by__isnull=True, created_by__isnull=True),
                name="anonymous_feedback_names_no_one",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class FeedbackReach(models.Model):
    """That a member of staff has read a published response: how far 'you said, we did' reaches."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reach")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "feedback reach"
        constraints = [
            models.UniqueConstraint(fields=["feedback", "staff"], name="one_read_per_response"),
        ]

    def __str__(self) -> str:
        return f"{self.staff} read {self.feedback}"
