"""The establishment: each agency's funded posts, their versioned job descriptions, the people
who hold them (staff with their contracted FTE, agency workers and locums covering), starters and
leavers, sickness absence and the caseloads counted for the national workforce measures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from childtrust.core.models import TrackedModel

FTE_MAX_DIGITS = 4
FTE_PLACES = 2
ONE_FTE = Decimal("1.00")
SMALLEST_FTE = Decimal("0.01")


def fte_field(**options: object) -> models.DecimalField:  # type: ignore[type-arg]
    """A full-time equivalent from 0.01 to 1.00: one person, one post."""
    return models.DecimalField(
        max_digits=FTE_MAX_DIGITS,
        decimal_places=FTE_PLACES,
        validators=[MinValueValidator(SMALLEST_FTE), MaxValueValidator(ONE_FTE)],
        **options,  # type: ignore[arg-type]
    )


class Profession(models.TextChoices):
    """The professions a locality team draws on; the social worker posts are also marked as
    registered with Social Work England (Post.social_worker), since the national measures count
    those and nothing else."""

    SOCIAL_WORKER = "social_worker", "Social worker"
    SOCIAL_WORK_MANAGER = "social_work_manager", "Social work manager"
    FAMILY_SUPPORT = "family_support", "Family support worker"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    CAMHS = "camhs", "CAMHS worker"
    EDUCATION_WELFARE = "education_welfare", "Education welfare officer"
    EDUCATIONAL_PSYCHOLOGIST = "educational_psychologist", "Educational psychologist"
    TEACHER = "teacher", "Teacher"
    POLICE = "police", "Police officer"
    YOUTH_WORKER = "youth_worker", "Youth worker"
    BUSINESS_SUPPORT = "business_support", "Business support"
    OTHER = "other", "Other"


class Post(TrackedModel):
    """A funded post of one agency. A post is never deleted: a restructure that removes it
    records the day it ended (`ends_on`), so that the establishment on any past date can be
    worked out. Its job description is the latest of its versions."""

    agency = models.ForeignKey("partnership.Agency", on_delete=models.PROTECT, related_name="posts")
    reference = models.CharField(
        max_length=40, help_text="The post's number in the agency's HR system."
    )
    job_title = models.CharField(max_length=200)
    grade = models.CharField(max_length=40, blank=True)
    fte = fte_field(help_text="The funded full-time equivalent, from 0.01 to 1.00.")
    team = models.ForeignKey(
        "partnership.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    locality = models.ForeignKey(
        "partnership.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    profession = models.CharField(max_length=32, choices=Profession.choices)
    social_worker = models.BooleanField(
        default=False,
        help_text="A social worker post, registered with Social Work England: counted by the "
        "national workforce measures.",
    )
    starts_on = models.DateField(help_text="The day the post was first funded.")
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day it was funded, once it is deleted."
    )

    class Meta:
        ordering = ["agency__name", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="post_reference_unique_in_agency"
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=SMALLEST_FTE, fte__lte=ONE_FTE), name="post_fte_in_range"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="post_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(profession__in=Profession.values), name="post_profession_is_known"
            ),
        ]
        indexes = [models.Index(fields=["social_worker", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.job_title} ({self.reference})"


class JobDescription(models.Model):
    """One version of a post's job description. Versions are never edited: a change is a new
    version with who made it and why, so that the difference between any two can be shown."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="job_descriptions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    reason = models.CharField(max_length=300, help_text="Why it changed.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["post", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "version"], name="one_job_description_version_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post}, job description version {self.version}"


class LeavingReason(models.TextChoices):
    """The reasons the national children's social work workforce collection uses."""

    RESIGNATION = "resignation", "Resignation"
    RETIREMENT = "retirement", "Retirement"
    DISMISSAL = "dismissal", "Dismissal"
    REDUNDANCY = "redundancy", "Redundancy"
    END_OF_CONTRACT = "end_of_contract", "End of contract"
    OTHER = "other", "Other"


class Holding(TrackedModel):
    """A member of staff in a post, with their contracted FTE in it, from a start date to an end
    date. A holding that began when the person joined the agency makes them a starter; one that
    ended with a leaving reason makes them a leaver (one that ends with none is a move within
    the agency, such as a restructure's slotting in, and counts as neither)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings")
    staff = models.ForeignKey(
        "partnership.StaffMember", on_delete=models.PROTECT, related_name="holdings"
    )
    fte = fte_field(help_text="The person's contracted FTE in this post.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    joined_agency = models.BooleanField(
        default=False, help_text="The person joined the agency with this post: a starter."
    )
    leaving_reason = models.CharField(
        max_length=20,
        choices=LeavingReason.choices,
        blank=True,
        help_text="Why the person left the agency, when this post was their last: a leaver.",
    )

    class Meta:
        ordering = ["post", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gte=SMALLEST_FTE, fte__lte=ONE_FTE), name="holding_fte_in_range"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="holding_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(leaving_reason="") | Q(ends_on__isnull=False),
                name="holding_leaving_reason_needs_end",
            ),
            models.CheckConstraint(
                condition=Q(leaving_reason="") | Q(leaving_reason__in=LeavingReason.values),
                name="holding_leaving_reason_is_known",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on"]),
            models.Index(fields=["ends_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.staff} in {self.post}"


class CoverReason(models.TextChoices):
    VACANCY = "vacancy", "Covering a vacancy"
    ABSENCE = "absence", "Covering an absence (such as sickness or maternity leave)"
    ADDITIONAL = "additional", "Additional capacity"


class AgencyCover(TrackedModel):
    """An agency worker or locum working in a post, supplied by an employment agency: the
    agency worker rate counts them all, and the cover of vacancies those covering a vacancy."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="agency_cover")
    worker_name = models.CharField(max_length=200)
    supplier = models.CharField(max_length=200, help_text="The employment agency supplying them.")
    fte = fte_field()
    reason = models.CharField(
        max_length=16, choices=CoverReason.choices, default=CoverReason.VACANCY
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["post", "starts_on", "pk"]
        verbose_name_plural = "agency cover"
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gte=SMALLEST_FTE, fte__lte=ONE_FTE), name="cover_fte_in_range"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="cover_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=CoverReason.values), name="cover_reason_is_known"
            ),
        ]
        indexes = [models.Index(fields=["starts_on"]), models.Index(fields=["ends_on"])]

    def __str__(self) -> str:
        return f"{self.worker_name} ({self.supplier}) covering {self.post}"


class SicknessAbsence(TrackedModel):
    """A spell of sickness absence and the working days it lost (in FTE days: a half-time
    worker off for a week loses 2.5). A spell lies within one census year (1 October to 30
    September); one that crosses 30 September is recorded as two."""

    staff = models.ForeignKey(
        "partnership.StaffMember", on_delete=models.PROTECT, related_name="sickness_absences"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    working_days_lost = models.DecimalField(
        max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.0"))]
    )

    class Meta:
        ordering = ["staff", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="absence_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=Q(working_days_lost__gte=0), name="absence_days_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return f"{self.staff}, absent from {self.starts_on}"


class Caseload(models.Model):
    """How many cases a social worker held on a day (the census day, or the HR export's date):
    the average caseload divides the cases of those who hold any by their FTE."""

    staff = models.ForeignKey(
        "partnership.StaffMember", on_delete=models.CASCADE, related_name="caseloads"
    )
    counted_on = models.DateField()
    cases = models.PositiveIntegerField()

    class Meta:
        ordering = ["staff", "-counted_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "counted_on"], name="one_caseload_count_per_day"
            ),
        ]
        indexes = [models.Index(fields=["counted_on"])]

    def __str__(self) -> str:
        return f"{self.staff}: {self.cases} cases on {self.counted_on}"


class WorkforceRemit(TrackedModel):
    """Limits a workforce manager to one agency: that agency's HR lead. A workforce manager
    with no remit works across every partner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workforce_remit"
    )
    agency = models.ForeignKey("partnership.Agency", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.user}: {self.agency} only"
