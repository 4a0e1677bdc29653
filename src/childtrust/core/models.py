"""The abstract base every childtrust record shares: who made and last changed it, and when."""

from django.conf import settings
from django.db import models


class TrackedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    CHECKING = "checking", "Checking the file"
    WRITING = "writing", "Loading the checked rows"
    DONE = "done", "Loaded"
    REFUSED = "refused", "Not loaded: the file has problems"
    FAILED = "failed", "Failed"


class ImportJob(TrackedModel):
    """A file uploaded to be loaded in the background (a large file would outlast the web
    request): who uploaded it, how far the load has gone and, once it has ended, its report.
    Any app's import uses it (`kind` names which); `core.import_jobs` keeps it. Only the person
    who uploaded it, and administrators, see it."""

    kind = models.CharField(max_length=40, help_text='Which import, such as "outcomes.local".')
    file_name = models.CharField(max_length=255, help_text="The name the file was uploaded as.")
    stored_name = models.CharField(
        max_length=64, blank=True, help_text="The file's name under var/uploads until it is loaded."
    )
    options = models.JSONField(default=dict, blank=True, help_text="What the import was told.")
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_checked = models.PositiveIntegerField(default=0)
    bytes_read = models.PositiveBigIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    report = models.JSONField(
        default=dict, blank=True, help_text="The counts and every problem, once it has ended."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(bytes_read__lte=models.F("bytes_total")),
                name="import_job_read_within_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
