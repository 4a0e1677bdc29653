"""Import jobs cannot be stranded (issue 11, review): a load whose worker was stopped is ended
as failed, its file removed, when its page is opened or at the worker's next pass; a job whose
task could not be queued is never made, and the person is told so on the form, not with a 500.
Whether a stopped load wrote anything is certain: its write transaction marks the job."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import Task

from childtrust.accounts.models import Role, User
from childtrust.core import import_jobs
from childtrust.core.import_jobs import (
    NOT_STARTED_MESSAGE,
    STOPPED_AFTER,
    STOPPED_AFTER_WRITING_MESSAGE,
    STOPPED_MESSAGE,
    JobEndedError,
    JobReport,
    import_job_run,
    upload_dir,
)
from childtrust.core.management.commands import worker
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.outcomes.services.uploads import indicator_data_import
from childtrust.resources.models import FinancialYear, MonthlySpend
from childtrust.resources.services.spend import monthly_spend_import
from tests.factories import ServiceFactory, UserFactory
from tests.outcomes.test_importer import good_rows, nothing_written
from tests.outcomes.upload_support import profiles_file
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db

SPEND = b"Service,Month,Amount\r\nnursing,2026-04,100\r\nnursing,2026-05,50\r\n"


@pytest.fixture(autouse=True)
def uploads_in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)
    monkeypatch.setattr("childtrust.outcomes.views.INLINE_MAX_BYTES", 10)
    monkeypatch.setattr("childtrust.resources.views.budget.INLINE_MAX_BYTES", 10)
    upload_dir().mkdir(parents=True)


@pytest.fixture
def lead() -> User:
    lead: User = UserFactory(role=Role.STRATEGIC_LEAD)
    return lead


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _job(owner: User, status: ImportStatus, *, silent_for: datetime.timedelta) -> ImportJob:
    """A job in `status` whose last sign of life was `silent_for` ago, with its stored file."""
    (upload_dir() / "stored.csv").write_bytes(b"Area Code\r\n")
    job = ImportJob.objects.create(
        kind="outcomes.fingertips",
        file_name="big.csv",
        stored_name="stored.csv",
        status=status,
        bytes_total=100,
        created_by=owner,
    )
    # modified_at is auto_now: set through update(), as the progress saver does.
    ImportJob.objects.filter(pk=job.pk).update(modified_at=timezone.now() - silent_for)
    return job


def _page(user: User, job: ImportJob) -> str:
    response = _client(user).get(reverse("outcomes:upload_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _worker_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "SCHEDULE", ())
    call_command("worker", "--once")


LONG_AGO = STOPPED_AFTER + datetime.timedelta(seconds=1)
JUST_NOW = datetime.timedelta(seconds=30)


# --- A load whose worker was stopped ----------------------------------------------------------


@pytest.mark.parametrize("status", [ImportStatus.CHECKING, ImportStatus.WRITING])
def test_a_stopped_load_is_failed_and_its_file_removed_when_its_page_is_opened(
    lead: User, status: ImportStatus
) -> None:
    job = _job(lead, status, silent_for=LONG_AGO)

    page = _page(lead, job)

    job.refresh_from_db()
    assert (job.status, job.report["message"], job.stored_name) == (
        ImportStatus.FAILED,
        STOPPED_MESSAGE,
        "",
    )
    assert job.finished_at is not None
    assert "The load stopped before it ended (the background worker was stopped)." in page
    assert "data-progress-poll" not in page, "the page no longer polls"
    assert not list(upload_dir().iterdir())


def test_a_stopped_load_is_failed_and_its_file_removed_at_the_workers_pass(
    lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = _job(lead, ImportStatus.CHECKING, silent_for=LONG_AGO)

    _worker_pass(monkeypatch)

    job.refresh_from_db()
    assert (job.status, job.report["message"]) == (ImportStatus.FAILED, STOPPED_MESSAGE)
    assert not list(upload_dir().iterdir())


@pytest.mark.parametrize(
    ("status", "silent_for"),
    [
        (ImportStatus.CHECKING, JUST_NOW),  # still running: progress is written every second
        (ImportStatus.WRITING, JUST_NOW),
        (ImportStatus.QUEUED, LONG_AGO),  # the worker may simply be down: its page says so
    ],
)
def test_a_running_load_and_a_job_still_waiting_are_left_alone(
    lead: User, monkeypatch: pytest.MonkeyPatch, status: ImportStatus, silent_for: Any
) -> None:
    job = _job(lead, status, silent_for=silent_for)

    _worker_pass(monkeypatch)
    page = _page(lead, job)

    job.refresh_from_db()
    assert (job.status, job.finished_at, job.stored_name) == (status, None, "stored.csv")
    assert "data-progress-poll" in page
    assert (upload_dir() / "stored.csv").exists()


def test_a_load_stopped_after_its_write_committed_says_it_was_loaded(lead: User) -> None:
    job = _job(lead, ImportStatus.WRITING, silent_for=LONG_AGO)
    ImportJob.objects.filter(pk=job.pk).update(
        report={"written": True}, modified_at=timezone.now() - LONG_AGO
    )

    page = _page(lead, job)

    job.refresh_from_db()
    assert (job.status, job.report["message"]) == (
        ImportStatus.DONE,
        STOPPED_AFTER_WRITING_MESSAGE,
    )
    assert "Nothing was loaded" not in page
    assert not list(upload_dir().iterdir())


def test_a_load_ended_as_stopped_while_silent_writes_nothing_when_it_wakes(lead: User) -> None:
    """The sweep told the person nothing was loaded: a load that was only slow must then stop,
    and its write roll back, rather than prove the page wrong."""
    job = _job(lead, ImportStatus.QUEUED, silent_for=JUST_NOW)

    def slow_load(job: ImportJob, binary: Any, progress: import_jobs.JobProgress) -> JobReport:
        progress("writing", 1, 1)
        ImportJob.objects.filter(pk=job.pk).update(modified_at=timezone.now() - LONG_AGO)
        import_jobs.import_jobs_stopped_end()  # the page or the worker, meanwhile
        with transaction.atomic():
            UserFactory(username="written-by-the-load")
            progress("written", 1, 1)
        return JobReport(ok=True, message="Loaded.")

    ended = import_job_run(job.pk, slow_load)

    assert ended is not None
    assert (ended.status, ended.report["message"]) == (ImportStatus.FAILED, STOPPED_MESSAGE)
    assert not User.objects.filter(username="written-by-the-load").exists()


def _refuse_at(stage: str) -> Callable[[str, int], None]:
    def progress(at: str, rows: int) -> None:
        if at == stage:
            raise JobEndedError(0)

    return progress


def test_an_indicator_load_marks_its_job_inside_its_write_transaction(lead: User) -> None:
    with pytest.raises(JobEndedError):
        indicator_data_import(
            actor=lead, rows=good_rows(), source_name="p.csv", progress=_refuse_at("written")
        )
    assert nothing_written(), "the mark rolls back with the data"


def test_a_spend_load_marks_its_job_inside_its_write_transaction() -> None:
    year: FinancialYear = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(name="School nursing", slug="nursing"))
    rows = [{"Service": "nursing", "Month": "2026-04", "Amount": "100"}]
    with pytest.raises(JobEndedError):
        monthly_spend_import(
            actor=UserFactory(role=Role.FINANCE_OFFICER),
            year=year,
            rows=rows,
            source_name="spend.csv",
            today=datetime.date(2026, 6, 1),
            progress=_refuse_at("written"),
        )
    assert not MonthlySpend.objects.exists()


# --- A task that could not be queued ----------------------------------------------------------


@pytest.fixture
def enqueue_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the queue is down")

    # Every task's enqueue (a task is a frozen dataclass): both uploads' tasks among them.
    monkeypatch.setattr(Task, "enqueue", broken)


def _says_not_started(response: Any) -> None:
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The file could not be queued for loading." in page
    assert NOT_STARTED_MESSAGE.split(":")[0] in page
    assert not ImportJob.objects.exists()
    assert not list(upload_dir().iterdir()), "no file is left behind"


@pytest.mark.usefixtures("enqueue_fails")
def test_an_indicator_upload_that_cannot_be_queued_leaves_nothing_and_says_so(lead: User) -> None:
    file = SimpleUploadedFile("profiles.csv", profiles_file())

    response = _client(lead).post(reverse("outcomes:upload"), {"kind": "fingertips", "file": file})

    _says_not_started(response)
    assert nothing_written()


@pytest.mark.usefixtures("enqueue_fails")
def test_a_spend_upload_that_cannot_be_queued_leaves_nothing_and_says_so() -> None:
    year: FinancialYear = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(name="School nursing", slug="nursing"))
    url = reverse("resources:budget_spend_upload", kwargs={"label": year.label})

    response = _client(UserFactory(role=Role.FINANCE_OFFICER)).post(
        url, {"file": SimpleUploadedFile("spend.csv", SPEND)}
    )

    _says_not_started(response)
    assert not MonthlySpend.objects.exists()
