"""The partnership: agencies, their services, localities and wards, teams, staff and line
management, and the shared vision and outcomes framework the partners agree to work towards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from childtrust.core.models import TrackedModel


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority children's services"
    EDUCATION = "education", "Schools and education"
    HEALTH = "health", "Health (NHS)"
    MENTAL_HEALTH = "mental_health", "Child and adolescent mental health"
    POLICE = "police", "Police"
    YOUTH = "youth", "Youth services"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class Agency(TrackedModel):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    statutory_partner = models.BooleanField(
        default=False, help_text="Named as a relevant partner under the Children Act 2004."
    )
    mission = models.TextField(blank=True, help_text="The agency's own mission statement.")
    vision = models.TextField(blank=True, help_text="The agency's own vision statement.")
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Locality(TrackedModel):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class Ward(TrackedModel):
    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(
        max_length=9, blank=True, help_text="ONS ward code, such as E05002455, where known."
    )
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="wards")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    # Open Referral (HSDS) service statuses.
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"


class Service(TrackedModel):
    """A service in the partnership's directory, modelled on the Open Referral (HSDS) service.
    What it costs and how many children it can take are the resources app's costing (with the
    figures' source and date), not fields here: one fact, one home."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField()
    audience = models.CharField(max_length=300, help_text="Who the service is for.")
    eligibility = models.TextField(blank=True, help_text="Who may use it and how to qualify.")
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    localities = models.ManyToManyField(Locality, related_name="services", blank=True)
    status = models.CharField(
        max_length=24, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    how_to_access = models.TextField(blank=True, help_text="How to refer or apply.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="service_name_unique_in_agency"
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="service_min_age_not_above_max_age",
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__lte=25),
                name="service_max_age_at_most_25",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    SINGLE_AGENCY = "single_agency", "Single-agency team"
    LOCALITY = "locality", "Multi-agency locality team"
    MULTI_AGENCY = "multi_agency", "Other multi-agency team"


class Team(TrackedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=24, choices=TeamKind.choices)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text="The employing agency of a single-agency team; blank for multi-agency teams.",
    )
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    purpose = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="single_agency") | Q(agency__isnull=False),
                name="single_agency_team_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(kind="locality") | Q(locality__isnull=False),
                name="locality_team_has_locality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMember(TrackedModel):
    """A person who works for a partner agency. Line management stays within the employing
    agency; a multi-agency team draws its members from several agencies."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    job_title = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="staff")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="direct_reports"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(manager=F("id")), name="staff_not_own_manager"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return str(self)


class VisionStatement(models.Model):
    """One version of the partnership's shared vision. Versions are never edited: a change is a
    new version, so that what was adopted, when and by whom stays on record."""

    version = models.PositiveIntegerField(unique=True)
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
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Vision, version {self.version}"


class Outcome(TrackedModel):
    """One of the five Every Child Matters outcomes."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Priority(TrackedModel):
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outcome__position", "position", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "title"], name="priority_title_unique_in_outcome"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FrameworkIndicator(TrackedModel):
    """How progress on a priority is measured; the outcomes app holds the data behind it."""

    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="indicators")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "name"], name="indicator_name_unique_in_priority"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(TrackedModel):
    """An agency's commitment to contribute to one priority of the framework."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="commitments")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="commitments")
    contribution = models.TextField(blank=True, help_text="What the agency will do towards it.")

    class Meta:
        ordering = ["agency__name", "priority__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "priority"], name="one_commitment_per_agency_priority"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.priority}"


# --- Search (partnership/search/) ---------------------------------------------------------------


class SearchKind(models.TextChoices):
    """What a search result is, in the order the results page groups them."""

    SERVICE = "service", "Services"
    AGENCY = "agency", "Agencies"
    TEAM = "team", "Teams"
    LOCALITY = "locality", "Localities"
    STAFF = "staff", "People"


class SearchEntry(models.Model):
    """One record as the search finds it: derived from the registry and the staff directory by
    partnership.search.index (never written by hand), and rebuilt from them at will
    (`childtrust search_index_rebuild`). Each database adds its own full-text index beside the
    table (migration 0003): FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL."""

    kind = models.CharField(max_length=16, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    summary = models.CharField(max_length=400, blank=True)
    url = models.CharField(max_length=300)
    words = models.TextField(blank=True, help_text="Every other word the record is found by.")
    is_current = models.BooleanField(
        default=True, help_text="False for someone no longer in post: fewer people find them."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_entry_one_per_record"
            )
        ]
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class SearchIndexState(models.Model):
    """One row whose version changes whenever the search index or its synonyms change: each
    server process keeps the search's vocabulary and synonyms until it does. A random value, not
    a counter, so that two databases (or two tests rolled back) never share a version."""

    version = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"Search index, version {self.version}"


class Synonym(TrackedModel):
    """A word of the field and what it means ("HV" means "health visitor"), for the search:
    a search for either finds the other, and terms that share a meaning find each other (CLA
    and LAC both mean "child looked after"). Partnership administrators keep the list."""

    term = models.CharField(max_length=100, help_text="The acronym or word people type, like HV.")
    meaning = models.CharField(max_length=200, help_text="What it means, like health visitor.")

    class Meta:
        ordering = ["term", "meaning"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"), Lower("meaning"), name="synonym_term_meaning_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term}: {self.meaning}"
