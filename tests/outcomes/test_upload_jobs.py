"""A large indicator upload is loaded in the background (issue 11): the page answers at once
with the job's page, which checks its progress while the worker loads the file and then shows the
report. Tests run the task at once (the immediate backend); a job left waiting shows its
progress. Only the person who uploaded it, and administrators, see a job."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.core.import_jobs import upload_dir
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.outcomes.models import DataPoint
from tests.factories import UserFactory
from tests.outcomes.test_importer import good_rows, nothing_written
from tests.outcomes.upload_support import profiles_file

pytestmark = pytest.mark.django_db

UPLOAD = reverse("outcomes:upload")


@pytest.fixture(autouse=True)
def every_file_is_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("childtrust.outcomes.views.INLINE_MAX_BYTES", 10)
    monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_large_upload_is_loaded_in_the_background_and_its_page_shows_the_report() -> None:
    lead = UserFactory(role=Role.STRATEGIC_LEAD)
    file = SimpleUploadedFile("profiles.csv", profiles_file())

    response = _client(lead).post(UPLOAD, {"kind": "fingertips", "file": file}, follow=True)

    job = ImportJob.objects.get()
    assert response.redirect_chain == [(reverse("outcomes:upload_job", args=[job.pk]), 302)]
    assert (job.status, job.rows_checked, job.created_by) == (ImportStatus.DONE, 5, lead)
    page = response.content.decode()
    assert "5 new, 0 changed, 0 unchanged" in page
    assert "data-progress-poll" not in page
    assert DataPoint.objects.count() == 5
    assert not list(upload_dir().iterdir()), "the stored file is removed once loaded"


def test_a_large_file_with_bad_lines_lists_them_on_its_page_and_loads_nothing() -> None:
    rows = good_rows()
    rows[1]["Time period"] = "0000"
    file = SimpleUploadedFile("profiles.csv", profiles_file(rows))

    response = _client(UserFactory(role=Role.STRATEGIC_LEAD)).post(
        UPLOAD, {"kind": "fingertips", "file": file}, follow=True
    )

    assert ImportJob.objects.get().status == ImportStatus.REFUSED
    page = response.content.decode()
    assert "Line 3: the time period" in page
    assert "Nothing was loaded" in page
    assert nothing_written()


def test_a_job_still_running_shows_its_progress_in_words_and_checks_for_itself() -> None:
    lead = UserFactory(role=Role.STRATEGIC_LEAD)
    job = ImportJob.objects.create(
        kind="outcomes.fingertips",
        file_name="big.csv",
        status=ImportStatus.CHECKING,
        rows_checked=120_000,
        bytes_read=60,
        bytes_total=100,
        created_by=lead,
    )

    page = _client(lead).get(reverse("outcomes:upload_job", args=[job.pk])).content.decode()

    assert "Checked 120,000 of about 200,000 rows (60% of the file)." in page
    # It polls (progress.js) rather than refreshing itself: a timed refresh fails WCAG 2.2.1.
    assert 'data-progress-poll="3"' in page
    assert "http-equiv" not in page
    assert "Check progress now" in page
    assert '<progress id="import-progress-bar" max="100" value="60" data-progress-bar>' in page


@pytest.mark.parametrize(
    ("role", "own", "sees"),
    [
        (Role.STRATEGIC_LEAD, True, True),
        (Role.STRATEGIC_LEAD, False, False),
        (Role.PARTNERSHIP_ADMIN, False, True),
    ],
)
def test_only_the_uploader_and_administrators_see_a_job(role: Role, own: bool, sees: bool) -> None:
    uploader = UserFactory(role=Role.STRATEGIC_LEAD)
    viewer = uploader if own else UserFactory(role=role)
    job = ImportJob.objects.create(
        kind="outcomes.fingertips", file_name="big.csv", created_by=uploader
    )

    response = _client(viewer).get(reverse("outcomes:upload_job", args=[job.pk]))

    assert response.status_code == (200 if sees else 404)
