"""The partnership's money and what it buys.

- The pooled budget: each financial year's contributions from the partners (pooled into one pot
  under a section 75 agreement, or aligned and kept by the partner), the budget line of each
  service with the statutory minimum it must be given, and the spend recorded each month.
- What money buys: each service's cost per child, capacity, demand by locality and expected
  benefit per child on the framework's outcomes, every figure with its source and date.
- Allocations proposed by the optimiser, and option appraisals for the choices the partnership
  faces.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from childtrust.core.models import TrackedModel


class FinancialYear(TrackedModel):
    """An English public-sector financial year, 1 April to 31 March, labelled like "2026-27"."""

    label = models.CharField(max_length=7, unique=True)
    starts_on = models.DateField(unique=True, help_text="Always 1 April.")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__month=4, starts_on__day=1),
                name="financial_year_starts_on_1_april",
            )
        ]

    def __str__(self) -> str:
        return self.label


class ContributionKind(models.TextChoices):
    POOLED = "pooled", "Pooled (section 75: any partner's service may spend it)"
    ALIGNED = "aligned", "Aligned (kept by the partner, spent on its own services)"


class Contribution(TrackedModel):
    """One line of a partner's contribution to a year's budget. A line ring-fenced to a service
    must be spent on that service."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="contributions")
    agency = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(max_length=16, choices=ContributionKind.choices)
    amount = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    ring_fenced_service = models.ForeignKey(
        "partnership.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ring_fenced_contributions",
        help_text="Leave blank unless this money may be spent only on one service.",
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["year", "agency__name", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} {self.year}: £{self.amount}"


class BudgetLine(TrackedModel):
    """A service's budget for a year: what it is allocated now, and the statutory minimum that
    the law (or a binding contract) says it must be given."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="budget_lines")
    service = models.ForeignKey(
        "partnership.Service", on_delete=models.PROTECT, related_name="budget_lines"
    )
    budget = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    statutory_minimum = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The least the service must be given by law or binding contract; 0 if none.",
    )
    statutory_basis = models.CharField(
        max_length=300, blank=True, help_text="The duty behind the minimum, such as an Act."
    )

    class Meta:
        ordering = ["year", "service__agency__name", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "service"], name="one_budget_line_per_year"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="budget_not_negative"),
            models.CheckConstraint(
                condition=Q(statutory_minimum__gte=0), name="statutory_minimum_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.year}"


class MonthlySpend(TrackedModel):
    """Spend recorded against a budget line for one month (the first day of the month stands for
    it). It may be negative: a month's credits and journal corrections can exceed its costs."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="spend")
    month = models.DateField(help_text="The first day of the month.")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["line", "month"]
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_spend_per_line_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="spend_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.month:%B %Y}: £{self.amount}"


class TargetGroup(models.TextChoices):
    """Who a service is for, in the bands the partnership plans by; services of different
    agencies with the same outcome, target group and locality may duplicate each other."""

    EARLY_YEARS = "early_years", "Children under 5 and their families"
    PRIMARY = "primary", "Primary school age (5 to 11)"
    SECONDARY = "secondary", "Secondary school age (11 to 16)"
    YOUNG_PEOPLE = "young_people", "Young people (16 to 25)"
    FAMILIES = "families", "Parents and whole families"
    CHILDREN_IN_CARE = "children_in_care", "Children in care and care leavers"
    CHILDREN_IN_NEED = "children_in_need", "Children in need and at risk"


class EvidenceRating(models.IntegerChoices):
    """The strength of the evidence behind an expected benefit, in four levels like those the
    What Works centres use (the Early Intervention Foundation's evidence standards)."""

    LEVEL_1 = 1, "Level 1: a logic model, not yet evaluated"
    LEVEL_2 = 2, "Level 2: preliminary evidence of improved outcomes"
    LEVEL_3 = 3, "Level 3: a rigorous evaluation shows short-term impact"
    LEVEL_4 = 4, "Level 4: several rigorous evaluations show long-term impact"


class ServiceCosting(TrackedModel):
    """What a service costs and how many children it can take, each with its source and date.

    A service funded in whole blocks (posts, contracts) has a block cost and the children one
    block serves; the optimiser then funds it in whole blocks only.
    """

    service = models.OneToOneField(
        "partnership.Service", on_delete=models.CASCADE, related_name="costing"
    )
    target_group = models.CharField(max_length=24, choices=TargetGroup.choices)
    cost_per_child = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    cost_source = models.CharField(max_length=300)
    cost_as_of = models.DateField()
    capacity = models.PositiveIntegerField(help_text="Children the service can support in a year.")
    capacity_source = models.CharField(max_length=300)
    capacity_as_of = models.DateField()
    block_cost = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="The cost of one whole block (a post or a contract), if funded in blocks.",
    )
    block_children = models.PositiveIntegerField(
        null=True, blank=True, help_text="Children one block serves in a year."
    )

    class Meta:
        ordering = ["service__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_per_child__gt=0), name="costing_cost_per_child_positive"
            ),
            models.CheckConstraint(
                condition=(Q(block_cost__isnull=True) & Q(block_children__isnull=True))
                | (Q(block_cost__gt=0) & Q(block_children__gt=0)),
                name="costing_block_cost_and_children_together",
            ),
        ]

    def __str__(self) -> str:
        return f"Costing of {self.service}"

    @property
    def funded_in_blocks(self) -> bool:
        return self.block_cost is not None


class LocalityDemand(TrackedModel):
    """How many children in a locality need a service in a year."""

    service = models.ForeignKey(
        "partnership.Service", on_delete=models.CASCADE, related_name="locality_demand"
    )
    locality = models.ForeignKey(
        "partnership.Locality", on_delete=models.PROTECT, related_name="service_demand"
    )
    children = models.PositiveIntegerField()
    source = models.CharField(max_length=300)
    as_of = models.DateField()

    class Meta:
        ordering = ["service__name", "locality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "locality"], name="one_demand_per_service_locality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} in {self.locality}: {self.children}"


class ServiceBenefit(TrackedModel):
    """The expected benefit of a service to each child it supports, on one framework outcome.

    The benefit is the expected rise in the chance that a child supported reaches a good outcome
    (0.08 means 8 in 100 more children do), so that benefits add up to a count of children
    better off: the utilitarian measure the allocation maximises.
    """

    service = models.ForeignKey(
        "partnership.Service", on_delete=models.CASCADE, related_name="expected_benefits"
    )
    outcome = models.ForeignKey(
        "partnership.Outcome", on_delete=models.PROTECT, related_name="expected_benefits"
    )
    benefit_per_child = models.DecimalField(
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    evidence_rating = models.PositiveSmallIntegerField(choices=EvidenceRating.choices)
    source = models.CharField(max_length=300)
    as_of = models.DateField()

    class Meta:
        ordering = ["service__name", "outcome__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "outcome"], name="one_benefit_per_service_outcome"
            ),
            models.CheckConstraint(
                condition=Q(benefit_per_child__gte=0) & Q(benefit_per_child__lte=1),
                name="benefit_per_child_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(evidence_rating__gte=1) & Q(evidence_rating__lte=4),
                name="evidence_rating_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} on {self.outcome}"


class AllocationStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    OPTIMAL = "optimal", "Optimal"
    INFEASIBLE = "infeasible", "Infeasible"
    FAILED = "failed", "Failed"


class AllocationStage(models.TextChoices):
    """What a queued or running allocation is doing now, for its page to say while it waits."""

    QUEUED = "queued", "waiting for the background worker to start it"
    READING = "reading", "reading the budget, costings, demand and benefits"
    SOLVING = "solving", "solving the allocation"
    SENSITIVITY = "sensitivity", "solving with the budget cut and raised by 10%"
    INDEPENDENT = "independent", "solving for independent agencies"
    SAVING = "saving", "saving the result"
    DONE = "done", "finished"


class AllocationRun(TrackedModel):
    """One run of the optimiser over a year's budget, with its settings and its result. The
    proposed run is the one put to the partnership board."""

    year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="allocations")
    name = models.CharField(max_length=200)
    budget = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The total to allocate; empty until the run has read the year's budget.",
    )
    locality_floor_share = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="The least share of the budget each locality must receive (0.1 is 10%).",
    )
    whole_blocks = models.BooleanField(
        default=True, help_text="Fund services costed in blocks (posts, contracts) whole."
    )
    status = models.CharField(max_length=16, choices=AllocationStatus.choices)
    total_benefit = models.FloatField(null=True, blank=True)
    children_reached = models.FloatField(null=True, blank=True)
    solve_seconds = models.FloatField(null=True, blank=True)
    stage = models.CharField(
        max_length=16, choices=AllocationStage.choices, default=AllocationStage.DONE
    )
    explanation = models.TextField(
        blank=True,
        help_text="Why no allocation meets every constraint, or why the run failed, in words.",
    )
    # The figures the result page shows beyond the lines: marginal values of binding
    # constraints, the budget cut and raised by 10%, and the independent-agencies comparison.
    summary = models.JSONField(default=dict, blank=True)
    proposed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(proposed=True), name="one_proposed_allocation_a_year"
            ),
            models.CheckConstraint(
                condition=Q(locality_floor_share__gte=0) & Q(locality_floor_share__lte=1),
                name="locality_floor_share_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class AllocationLine(models.Model):
    """What an allocation gives one service in one locality."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="lines")
    service = models.ForeignKey(
        "partnership.Service", on_delete=models.PROTECT, related_name="allocation_lines"
    )
    locality = models.ForeignKey(
        "partnership.Locality", on_delete=models.PROTECT, related_name="allocation_lines"
    )
    children = models.FloatField()
    spend = models.DecimalField(max_digits=14, decimal_places=2)
    benefit = models.FloatField()

    class Meta:
        ordering = ["run", "service__name", "locality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "service", "locality"], name="one_allocation_line_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} in {self.locality}: £{self.spend}"


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    DECIDED = "decided", "Decided"


class Appraisal(TrackedModel):
    """A decision record: the choice the partnership faces and the options appraised, in the
    manner of HM Treasury's Green Book."""

    title = models.CharField(max_length=200, unique=True)
    question = models.TextField(help_text="The choice to be made, and why now.")
    first_year = models.PositiveSmallIntegerField(
        help_text="The calendar year of year 0, the year the costs and benefits start."
    )
    status = models.CharField(
        max_length=16, choices=AppraisalStatus.choices, default=AppraisalStatus.DRAFT
    )
    decision = models.TextField(blank=True, help_text="What was decided, by whom, and why.")
    chosen_option = models.ForeignKey(
        "AppraisalOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AppraisalOption(TrackedModel):
    """One alternative. Optimism bias raises its costs (and lowers its benefits) by the share
    that appraisals of such projects have been found to underestimate (the Green Book's
    supplementary guidance)."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    people_affected = models.TextField(
        blank=True, help_text="Who the option affects, and how: children, families, staff."
    )
    people_benefited = models.PositiveIntegerField(
        default=0, help_text="How many people the option benefits, over the appraisal period."
    )
    optimism_bias_costs = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
        help_text="Per cent added to costs.",
    )
    optimism_bias_benefits = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Per cent taken off benefits.",
    )
    pros = models.TextField(blank=True)
    cons = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["appraisal", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "name"], name="option_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class OptionYear(models.Model):
    """An option's costs and benefits in one year of the appraisal (year 0 is the first), in
    real terms (today's prices), before discounting and before optimism bias."""

    option = models.ForeignKey(AppraisalOption, on_delete=models.CASCADE, related_name="years")
    year_index = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    costs = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    benefits = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["option", "year_index"]
        constraints = [
            models.UniqueConstraint(fields=["option", "year_index"], name="one_figure_per_year"),
            models.CheckConstraint(
                condition=Q(costs__gte=0) & Q(benefits__gte=0),
                name="option_year_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(year_index__lte=100), name="option_year_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option} year {self.year_index}"


class OptionRisk(models.Model):
    """A risk to an option, priced as its expected cost (likelihood x cost if it happens),
    which the appraisal adds to the option's costs in the year given."""

    option = models.ForeignKey(AppraisalOption, on_delete=models.CASCADE, related_name="risks")
    description = models.CharField(max_length=300)
    likelihood = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="The chance it happens, 0 to 1.",
    )
    cost_if_it_happens = models.DecimalField(
        max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    year_index = models.PositiveSmallIntegerField(default=0)
    mitigation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["option", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=0) & Q(likelihood__lte=1),
                name="risk_likelihood_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(cost_if_it_happens__gte=0), name="risk_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.description
