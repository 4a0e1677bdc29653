"""A large spend upload is loaded in the background (issue 11, part 5): the page answers at once
with the job's page, which shows its progress while the worker loads the file and then its
report. Tests run the task at once (the immediate backend). Only the person who uploaded it and
those who see every partner's budget (resources/access.py) see a job; anyone else, a job of
another kind and a job of another year answer 404."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.core.import_jobs import upload_dir
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.resources.models import FinancialYear, MonthlySpend
from childtrust.resources.tasks import SPEND_JOB_KIND
from tests.factories import ServiceFactory, UserFactory
from tests.resources.factories_budget import BudgetLineFactory, FinancialYearFactory

pytestmark = pytest.mark.django_db

GOOD = b"Service,Month,Amount\r\nnursing,2026-04,100\r\nnursing,2026-05,50\r\n"


@pytest.fixture(autouse=True)
def every_file_is_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("childtrust.resources.views.budget.INLINE_MAX_BYTES", 10)
    monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)


@pytest.fixture
def year() -> FinancialYear:
    year: FinancialYear = FinancialYearFactory()
    BudgetLineFactory(year=year, service=ServiceFactory(name="School nursing", slug="nursing"))
    return year


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(user: User, year: FinancialYear, content: bytes) -> object:
    url = reverse("resources:budget_spend_upload", kwargs={"label": year.label})
    file = SimpleUploadedFile("spend.csv", content)
    return _client(user).post(url, {"file": file}, follow=True)


def _job_url(year: FinancialYear, job: ImportJob) -> str:
    return reverse("resources:budget_spend_upload_job", kwargs={"label": year.label, "pk": job.pk})


def test_a_large_upload_is_loaded_in_the_background_and_its_page_shows_the_report(
    year: FinancialYear,
) -> None:
    keeper = UserFactory(role=Role.FINANCE_OFFICER)

    response = _upload(keeper, year, GOOD)

    job = ImportJob.objects.get()
    assert response.redirect_chain == [(_job_url(year, job), 302)]  # type: ignore[attr-defined]
    assert (job.kind, job.options, job.created_by) == (SPEND_JOB_KIND, {"year": "2026-27"}, keeper)
    assert (job.status, job.rows_checked) == (ImportStatus.DONE, 2)
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "2 new, 0 changed, 0 unchanged" in page
    assert "Upload monthly spend: budget 2026-27" in page
    assert MonthlySpend.objects.count() == 2
    assert not list(upload_dir().iterdir()), "the stored file is removed once loaded"


def test_the_same_large_file_again_changes_nothing_and_says_so(year: FinancialYear) -> None:
    keeper = UserFactory(role=Role.FINANCE_OFFICER)
    _upload(keeper, year, GOOD)
    modified = sorted(MonthlySpend.objects.values_list("modified_at", flat=True))

    response = _upload(keeper, year, GOOD)

    assert "0 new, 0 changed, 2 unchanged" in response.content.decode()  # type: ignore[attr-defined]
    assert sorted(MonthlySpend.objects.values_list("modified_at", flat=True)) == modified
    assert AuditEvent.objects.latest("sequence").details["unchanged"] == 2


def test_a_large_file_with_bad_lines_lists_them_on_its_page_and_loads_nothing(
    year: FinancialYear,
) -> None:
    content = GOOD + b"nursing,0000-01,\x1b[31m\r\n"

    response = _upload(UserFactory(role=Role.FINANCE_OFFICER), year, content)

    assert ImportJob.objects.get().status == ImportStatus.REFUSED
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Line 4: the month" in page
    assert "has a control character" in page
    assert "Nothing was loaded" in page
    assert not MonthlySpend.objects.exists()


def test_a_large_file_that_is_not_text_is_refused_on_its_page(year: FinancialYear) -> None:
    content = b"Service,Month,Amount\r\n" + b"\x81\x8d\x8f\x90\x9d,2026-04,1\r\n" * 2

    response = _upload(UserFactory(role=Role.FINANCE_OFFICER), year, content)

    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "is not text this can read" in page
    assert not MonthlySpend.objects.exists()


def test_a_job_still_running_shows_its_progress(year: FinancialYear) -> None:
    keeper = UserFactory(role=Role.FINANCE_OFFICER)
    job = ImportJob.objects.create(
        kind=SPEND_JOB_KIND,
        file_name="big.csv",
        options={"year": year.label},
        status=ImportStatus.CHECKING,
        rows_checked=3_000,
        bytes_read=30,
        bytes_total=100,
        created_by=keeper,
    )

    page = _client(keeper).get(_job_url(year, job)).content.decode()

    assert "Checked 3,000 of about 10,000 rows (30% of the file)." in page


@pytest.mark.parametrize(
    ("role", "own", "sees"),
    [
        (Role.FINANCE_OFFICER, True, True),  # the uploader
        (Role.FINANCE_OFFICER, False, True),  # sees every partner's budget
        (Role.STRATEGIC_LEAD, False, True),
        (Role.AUDITOR, False, True),
        (Role.PARTNERSHIP_ADMIN, False, True),
        (Role.PRACTITIONER, False, False),  # sees only their own agency's figures
        (Role.TEAM_MANAGER, False, False),
    ],
)
def test_only_the_uploader_and_those_who_see_every_partners_budget_see_a_job(
    year: FinancialYear, role: Role, own: bool, sees: bool
) -> None:
    uploader = UserFactory(role=Role.FINANCE_OFFICER)
    viewer = uploader if own else UserFactory(role=role)
    job = ImportJob.objects.create(
        kind=SPEND_JOB_KIND, file_name="big.csv", options={"year": year.label}, created_by=uploader
    )

    response = _client(viewer).get(_job_url(year, job))

    assert response.status_code == (200 if sees else 404)


def test_an_uploader_who_sees_only_their_own_agency_still_sees_their_own_job(
    year: FinancialYear,
) -> None:
    uploader = UserFactory(role=Role.PRACTITIONER)  # a role since changed, say
    job = ImportJob.objects.create(
        kind=SPEND_JOB_KIND, file_name="big.csv", options={"year": year.label}, created_by=uploader
    )

    assert _client(uploader).get(_job_url(year, job)).status_code == 200


def test_another_kind_of_job_another_year_or_no_job_answers_404(year: FinancialYear) -> None:
    keeper = UserFactory(role=Role.FINANCE_OFFICER)
    indicators = ImportJob.objects.create(
        kind="outcomes.fingertips", file_name="p.csv", created_by=keeper
    )
    FinancialYearFactory(starts_on=datetime.date(2027, 4, 1))
    other_year = ImportJob.objects.create(
        kind=SPEND_JOB_KIND, file_name="s.csv", options={"year": "2027-28"}, created_by=keeper
    )
    client = _client(keeper)

    assert client.get(_job_url(year, indicators)).status_code == 404
    assert client.get(_job_url(year, other_year)).status_code == 404
    missing = reverse("resources:budget_spend_upload_job", kwargs={"label": "2026-27", "pk": 999})
    assert client.get(missing).status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(year: FinancialYear) -> None:
    job = ImportJob.objects.create(
        kind=SPEND_JOB_KIND, file_name="big.csv", options={"year": year.label}
    )

    response = Client().get(_job_url(year, job))

    assert response.status_code == 302
    assert "login" in response["Location"] or "sign-in" in response["Location"]
