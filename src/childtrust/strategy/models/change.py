"""The change programme: Kotter's eight stages with their owners and the board's ratings, the
risk register and the decision log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel
from childtrust.partnership.models import StaffMember
from childtrust.resources.models import Appraisal
from childtrust.strategy.models.plan import Objective, StrategicPlan


class KotterStage(models.IntegerChoices):
    """Kotter's eight stages of leading change, in order."""

    URGENCY = 1, "Create a sense of urgency"
    COALITION = 2, "Build a guiding coalition"
    VISION = 3, "Form the vision and strategy"
    ENLIST = 4, "Enlist staff"
    BARRIERS = 5, "Remove barriers"
    WINS = 6, "Generate short-term wins"
    ACCELERATION = 7, "Sustain acceleration"
    INSTITUTE = 8, "Institute change"


class ChangeStage(TrackedModel):
    """One of Kotter's stages in the plan's change programme and the leader who owns it (a
    change agent)."""

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=KotterStage.choices)
    owner = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_stages",
    )

    class Meta:
        ordering = ["plan", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "stage"], name="one_row_per_stage"),
            models.CheckConstraint(
                condition=Q(stage__gte=1) & Q(stage__lte=8), name="stage_one_of_eight"
            ),
        ]

    def __str__(self) -> str:
        return self.get_stage_display()


class StageRating(models.Model):
    """The board's rating of one stage at one meeting, 1 (not begun) to 5 (fully achieved),
    with the evidence it rested on."""

    meeting = models.ForeignKey(
        "strategy.BoardMeeting", on_delete=models.CASCADE, related_name="stage_ratings"
    )
    stage = models.PositiveSmallIntegerField(choices=KotterStage.choices)
    rating = models.PositiveSmallIntegerField()
    evidence = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "stage"], name="one_rating_per_stage"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="stage_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(stage__gte=1) & Q(stage__lte=8), name="rated_stage_one_of_eight"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.rating}"


class Proximity(models.TextChoices):
    """How soon the risk could happen."""

    NEAR = "near", "Within 3 months"
    MEDIUM = "medium", "In 3 to 12 months"
    FAR = "far", "More than 12 months away"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


def _score_between_1_and_5(field: str) -> Q:
    return Q(**{f"{field}__gte": 1}) & Q(**{f"{field}__lte": 5})


class Risk(TrackedModel):
    """A risk to the plan: cause and effect, owner, likelihood and impact (1 to 5) before
    controls (inherent) and after them (residual), the controls and further actions, how soon
    it could happen and when it is next reviewed."""

    reference = models.CharField(max_length=12, unique=True, help_text='Such as "R07".')
    title = models.CharField(max_length=200)
    cause = models.TextField()
    effect = models.TextField()
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="risks")
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    controls = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    proximity = models.CharField(max_length=8, choices=Proximity.choices)
    review_on = models.DateField()
    status = models.CharField(max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="risks")

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=_score_between_1_and_5("inherent_likelihood")
                & _score_between_1_and_5("inherent_impact")
                & _score_between_1_and_5("residual_likelihood")
                & _score_between_1_and_5("residual_impact"),
                name="risk_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    DECIDED = "decided", "Decided"


class Decision(TrackedModel):
    """An entry in the decision log: what was decided, by whom, when and on what evidence, with
    the appraisal behind it where one was made. Once decided it is locked."""

    title = models.CharField(max_length=200)
    decision = models.TextField(help_text="What was decided.")
    decided_by = models.CharField(
        max_length=200, help_text="Who decided, such as the Children's Trust Board."
    )
    decided_on = models.DateField()
    evidence = models.TextField(help_text="What the decision rested on.")
    appraisal = models.ForeignKey(
        Appraisal, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        "strategy.BoardMeeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    status = models.CharField(
        max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.DRAFT) | Q(locked_at__isnull=False),
                name="decided_record_locked",
            ),
        ]

    def __str__(self) -> str:
        return self.title
