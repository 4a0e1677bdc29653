"""Each agency's own record of a child, as the agency sent it, and the imports that load them.

A record is the agency's, keyed by its own id (`record_id`); loading the same row again changes
nothing, a changed row updates the record and keeps what it replaced (AgencyRecordVersion)."""

from __future__ import annotations

from django.db import models

from childtrust.core.dates import day_text
from childtrust.core.models import TrackedModel
from childtrust.partnership.models import Agency


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    OTHER = "X", "Other"
    NOT_KNOWN = "U", "Not known"


class LinkStatus(models.TextChoices):
    UNLINKED = "unlinked", "Not yet linked"
    NHS_NUMBER = "nhs_number", "Linked by NHS number"
    AUTOMATIC = "automatic", "Linked automatically"
    REVIEW = "review", "Waiting for review"
    NEW_CHILD = "new_child", "A new child"
    CONFIRMED = "confirmed", "Confirmed by a reviewer"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Loading"
    DONE = "done", "Loaded"
    FAILED = "failed", "Refused"


class ImportChannel(models.TextChoices):
    COMMAND_LINE = "command_line", "Command line"
    UPLOAD = "upload", "Upload"
    API = "api", "API"


class RecordImport(TrackedModel):
    """One file (or API request) of one agency's records: its progress while it loads and its
    report once done (counts, each rejected row with its line and reason, each warning)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="record_imports")
    source_name = models.CharField(max_length=200)
    channel = models.CharField(max_length=16, choices=ImportChannel.choices)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    # [{"line": 7, "record_id": "A12", "reason": "..."}], and the same for warnings
    rejections = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    problem = models.CharField(max_length=500, blank=True, help_text="Why the file was refused.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.agency})"


class AgencyRecord(TrackedModel):
    """One agency's record of one child, spelled the agency's way, and where linkage put it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="child_records")
    record_id = models.CharField(max_length=100, help_text="The agency's own id for the record.")
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="As 'SO14 7LY'.")
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    upn = models.CharField(max_length=13, blank=True)
    # A hash of the fields above as loaded: a row loaded again unchanged is found by it.
    content_hash = models.CharField(max_length=64)
    child = models.ForeignKey(
        "children.Child",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNLINKED, db_index=True
    )
    match_probability = models.FloatField(null=True, blank=True)
    last_import = models.ForeignKey(
        RecordImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "record_id"], name="one_record_per_agency_id")
        ]

    def __str__(self) -> str:
        return f"{self.agency} record {self.record_id}"


class AgencyRecordVersion(models.Model):
    """What a record held before an import changed it: its history, oldest first."""

    record = models.ForeignKey(AgencyRecord, on_delete=models.CASCADE, related_name="versions")
    fields = models.JSONField(help_text="The record's fields as they were, by name.")
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        RecordImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["record", "replaced_at", "pk"]

    def __str__(self) -> str:
        return f"{self.record} as it was before {day_text(self.replaced_at)}"
