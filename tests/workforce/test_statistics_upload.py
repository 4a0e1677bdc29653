"""Loading the national statistics from the upload page (a small file in the request, a large one
in the background with its job's page) and from `childtrust import_workforce_statistics`; who
may; bad files and bad lines with nothing loaded."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.workforce.models import WorkforceStatistic
from childtrust.workforce.statistics_tasks import STATISTICS_JOB_KIND
from tests.factories import AgencyFactory, UserFactory
from tests.workforce.factories import WorkforceRemitFactory
from tests.workforce.statistics_rows import HEADER, authority, csv_text, national

pytestmark = pytest.mark.django_db

UPLOAD = reverse("workforce:statistics_import")
GOOD = csv_text([national(), authority(turnover_rate_fte="15.8")]).encode()
FLAGGED = (
    "Line 3 (Southampton, 2024): turnover_rate_fte is 15.8 in the file, but leavers_fte / "
    "inpost_fte x 100 gives 16.0; the published figure is kept and flagged"
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, content: bytes, name: str = "csww_indicators_2017_to_2024.csv") -> str:
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)}, follow=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def manager() -> User:
    user: User = UserFactory(role=Role.WORKFORCE_MANAGER, username="wfm")
    return user


def test_a_small_file_is_loaded_and_the_page_reports_it_with_its_flagged_rates(
    manager: User,
) -> None:
    page = _post(_client(manager), GOOD)

    assert WorkforceStatistic.objects.count() == 32
    assert "Loaded 2 rows of national workforce statistics for 2024 (2 areas)" in page
    assert FLAGGED in page
    # The report is shown once.
    again = html.unescape(_client(manager).get(UPLOAD).content.decode())
    assert FLAGGED not in again


def test_a_file_with_bad_lines_lists_every_one_and_loads_nothing(manager: User) -> None:
    content = csv_text(
        [national(), authority(inpost_fte="many"), {**authority(), "geographic_level": "Ward"}]
    ).encode()

    page = _post(_client(manager), content)

    assert page.count("<title>Error: ") == 1
    assert "has 2 problems. Nothing was loaded" in page
    assert 'Line 3: inpost_fte is "many", which is neither a number' in page
    assert 'Line 4: geographic_level is "Ward"' in page
    assert not WorkforceStatistic.objects.exists()


def test_a_file_without_the_required_columns_is_refused_naming_them(manager: User) -> None:
    header = tuple(c for c in HEADER if c not in ("cases", "vacancy_fte"))
    content = csv_text([national()], header=header).encode()

    page = _post(_client(manager), content)

    assert "<title>Error: " in page
    assert "has no column called vacancy_fte, cases: nothing was loaded" in page
    assert not WorkforceStatistic.objects.exists()


def test_a_large_file_is_loaded_in_the_background_and_its_page_shows_the_report(
    manager: User, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("childtrust.workforce.views.statistics.INLINE_MAX_BYTES", 10)
    monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)

    page = _post(_client(manager), GOOD)

    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.created_by) == (
        STATISTICS_JOB_KIND,
        ImportStatus.DONE,
        manager,
    )
    assert "Load the national workforce statistics" in page
    assert "32 new, 0 changed, 0 unchanged" in page
    assert FLAGGED in page
    assert WorkforceStatistic.objects.count() == 32
    job_url = reverse("workforce:statistics_import_job", kwargs={"pk": job.pk})
    other_manager = UserFactory(role=Role.WORKFORCE_MANAGER)
    assert _client(other_manager).get(job_url).status_code == 200
    limited = UserFactory(role=Role.WORKFORCE_MANAGER)
    WorkforceRemitFactory(user=limited, agency=AgencyFactory())
    assert _client(limited).get(job_url).status_code == 403
    assert _client(UserFactory(role=Role.STRATEGIC_LEAD)).get(job_url).status_code == 403


@pytest.mark.parametrize(
    "role", [Role.STRATEGIC_LEAD, Role.AUDITOR, Role.PARTNERSHIP_ADMIN, Role.PRACTITIONER]
)
def test_the_upload_page_is_refused_to_those_who_do_not_manage_the_whole_workforce(
    client_for: Callable[[str], Client], role: str
) -> None:
    client = client_for(role)
    assert client.get(UPLOAD).status_code == 403
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("csww.csv", GOOD)})
    assert response.status_code == 403
    assert not WorkforceStatistic.objects.exists()


def test_the_upload_page_is_refused_to_a_workforce_manager_limited_to_one_agency(
    manager: User,
) -> None:
    WorkforceRemitFactory(user=manager, agency=AgencyFactory())
    client = _client(manager)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": SimpleUploadedFile("c.csv", GOOD)}).status_code == 403


# --- The command ----------------------------------------------------------------------------------


def _file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "csww_indicators_2017_to_2024.csv"
    path.write_bytes(content)
    return path


def test_the_command_loads_the_file_and_lists_the_flagged_rates(
    manager: User, tmp_path: Path
) -> None:
    out = io.StringIO()

    call_command("import_workforce_statistics", str(_file(tmp_path, GOOD)), user="wfm", stdout=out)

    assert "Loaded 2 rows of national workforce statistics for 2024" in out.getvalue()
    assert FLAGGED in out.getvalue()
    assert WorkforceStatistic.objects.count() == 32


def test_the_command_lists_every_bad_line_and_loads_nothing(manager: User, tmp_path: Path) -> None:
    content = csv_text([authority(cases="-3"), {**authority(year=2023), "la_name": ""}]).encode()
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command(
            "import_workforce_statistics", str(_file(tmp_path, content)), user="wfm", stderr=err
        )

    assert 'Line 2: cases is "-3"' in err.getvalue()
    assert "Line 3: la_name is empty" in err.getvalue()
    assert not WorkforceStatistic.objects.exists()


def test_the_command_refuses_a_file_without_the_required_columns(
    manager: User, tmp_path: Path
) -> None:
    header = tuple(c for c in HEADER if c != "time_identifier")
    content = csv_text([national()], header=header).encode()
    with pytest.raises(CommandError, match="has no column called time_identifier"):
        call_command("import_workforce_statistics", str(_file(tmp_path, content)), user="wfm")


def test_the_command_refuses_someone_who_may_not_load_the_statistics(tmp_path: Path) -> None:
    UserFactory(role=Role.STRATEGIC_LEAD, username="lead")
    with pytest.raises(
        CommandError,
        match="lead: Your role does not allow you to load the national workforce statistics",
    ):
        call_command("import_workforce_statistics", str(_file(tmp_path, GOOD)), user="lead")
    assert not WorkforceStatistic.objects.exists()
