"""The establishment upload page and its job page, the Workforce front page's link, and the
`import_establishment` command: what each shows or prints, and whom each refuses."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from childtrust.accounts.models import Role, User
from childtrust.core.import_jobs import upload_dir
from childtrust.core.models import ImportJob, ImportStatus
from childtrust.workforce.establishment_tasks import ESTABLISHMENT_JOB_KIND
from childtrust.workforce.models import Holding, Post
from tests.factories import UserFactory
from tests.workforce.establishment_files import (
    GOOD,
    Partnership,
    csv_text,
    employee,
    partnership,
    row,
)
from tests.workforce.factories import WorkforceManagerFactory, WorkforceRemitFactory

pytestmark = pytest.mark.django_db

URL = "/workforce/establishment/import/"
OTHER_ROLES = [
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR,
    Role.STRATEGIC_LEAD,
    Role.PARTNERSHIP_ADMIN,
    Role.FINANCE_OFFICER,
    Role.AUDITOR,
]


@pytest.fixture
def place() -> Partnership:
    return partnership()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(user: User, text: str, name: str = "hr.csv") -> object:
    file = SimpleUploadedFile(name, text.encode())
    return _client(user).post(URL, {"file": file}, follow=True)


def _page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_addresses_are_named() -> None:
    assert reverse("workforce:establishment_import") == URL
    assert reverse("workforce:establishment_import_job", kwargs={"pk": 7}) == URL + "7/"


def test_the_upload_page_documents_every_column_for_a_workforce_manager() -> None:
    response = _client(WorkforceManagerFactory()).get(URL)

    page = _page(response)
    assert response.status_code == 200
    assert "<title>Load the establishment" in page
    for column in row():
        assert f"<code>{column}</code>" in page
    assert 'class="app-table-scroll"' in page


def test_the_upload_page_tells_an_hr_lead_their_remit(place: Partnership) -> None:
    lead = WorkforceRemitFactory(agency=place.city).user

    assert "You may load City Council's posts only" in _page(_client(lead).get(URL))


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_the_upload_page_refuses_every_other_role(place: Partnership, role: str) -> None:
    client = _client(UserFactory(role=role))

    assert client.get(URL).status_code == 403
    file = SimpleUploadedFile("hr.csv", csv_text(GOOD).encode())
    assert client.post(URL, {"file": file}).status_code == 403
    assert not Post.objects.exists()


def test_a_good_file_is_loaded_and_its_report_shown_once(place: Partnership) -> None:
    manager = WorkforceManagerFactory()

    response = _upload(manager, csv_text(GOOD))

    page = _page(response)
    assert response.redirect_chain == [(URL, 302)]  # type: ignore[attr-defined]
    assert "Loaded 5 rows of the establishment from hr.csv" in page
    assert "4 new, 0 changed, 0 unchanged" in page
    assert Post.objects.count() == 4
    assert "Loaded 5 rows" not in _page(_client(manager).get(URL))


def test_a_file_with_bad_lines_lists_them_and_loads_nothing(place: Partnership) -> None:
    rows = [*GOOD, employee("sam@city.example", holder_fte="1.5", job_title="=1+1")]

    response = _upload(WorkforceManagerFactory(), csv_text(rows))

    page = _page(response)
    assert "<title>Error: Load the establishment" in page
    assert "The file hr.csv has 1 problem. Nothing was loaded" in page
    assert (
        "Line 7, holder_fte: The FTE for one person in one post cannot be more than 1.00; "
        "1.50 was given"
    ) in page
    assert not Post.objects.exists()


def test_a_file_with_a_bad_header_is_refused_naming_its_columns(place: Partnership) -> None:
    text = csv_text(GOOD).replace("cover_reason", "salary", 1)

    page = _page(_upload(WorkforceManagerFactory(), text))

    assert "<title>Error: Load the establishment" in page
    assert "it has columns this does not know: salary; it has no column called cover_reason" in page
    assert not Post.objects.exists()


# --- A large file, in the background -------------------------------------------------------------


@pytest.fixture
def every_file_is_large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("childtrust.workforce.views.imports.INLINE_MAX_BYTES", 10)
    monkeypatch.setattr("django.conf.settings.VAR_DIR", tmp_path)


@pytest.mark.usefixtures("every_file_is_large")
def test_a_large_file_is_loaded_in_the_background_and_its_page_shows_the_report(
    place: Partnership,
) -> None:
    manager = WorkforceManagerFactory()

    response = _upload(manager, csv_text(GOOD))

    job = ImportJob.objects.get()
    url = reverse("workforce:establishment_import_job", kwargs={"pk": job.pk})
    assert response.redirect_chain == [(url, 302)]  # type: ignore[attr-defined]
    assert (job.kind, job.status, job.rows_checked, job.created_by) == (
        ESTABLISHMENT_JOB_KIND,
        ImportStatus.DONE,
        5,
        manager,
    )
    page = _page(response)
    assert "Load the establishment" in page
    assert "Staff in posts" in page
    assert "3 new, 0 changed, 0 unchanged" in page
    assert Holding.objects.count() == 3
    assert not list(upload_dir().iterdir()), "the stored file is removed once loaded"


@pytest.mark.usefixtures("every_file_is_large")
def test_a_large_file_with_bad_lines_lists_them_on_its_page(place: Partnership) -> None:
    rows = [*GOOD, employee("nobody@city.example")]

    page = _page(_upload(WorkforceManagerFactory(), csv_text(rows)))

    assert ImportJob.objects.get().status == ImportStatus.REFUSED
    assert (
        "Line 7, staff_email: no staff record has the email &quot;nobody@city.example&quot;"
    ) in page
    assert not Post.objects.exists()


@pytest.mark.usefixtures("every_file_is_large")
def test_a_job_is_seen_by_its_uploader_and_managers_of_every_partner_only(
    place: Partnership,
) -> None:
    lead = WorkforceRemitFactory(agency=place.city).user
    _upload(lead, csv_text([r for r in GOOD if r["agency"] == "city-council"]))
    url = reverse("workforce:establishment_import_job", kwargs={"pk": ImportJob.objects.get().pk})

    assert _client(lead).get(url).status_code == 200
    assert _client(WorkforceManagerFactory()).get(url).status_code == 200
    assert _client(WorkforceRemitFactory(agency=place.city).user).get(url).status_code == 404
    assert _client(UserFactory(role=Role.AUDITOR)).get(url).status_code == 403
    assert _client(UserFactory(role=Role.PARTNERSHIP_ADMIN)).get(url).status_code == 403


def test_another_kind_of_job_is_not_found_here() -> None:
    manager = WorkforceManagerFactory()
    job = ImportJob.objects.create(
        kind="resources.spend", file_name="spend.csv", created_by=manager
    )

    url = reverse("workforce:establishment_import_job", kwargs={"pk": job.pk})
    assert _client(manager).get(url).status_code == 404


# --- The Workforce front page -------------------------------------------------------------------


def test_the_front_page_links_the_upload_for_workforce_managers_only() -> None:
    link = f'href="{URL}"'

    assert link in _page(_client(WorkforceManagerFactory()).get("/workforce/"))
    assert link not in _page(_client(UserFactory(role=Role.AUDITOR)).get("/workforce/"))
    assert link not in _page(_client(UserFactory(role=Role.PRACTITIONER)).get("/workforce/"))


# --- The command -------------------------------------------------------------------------------


def _file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


def test_the_command_loads_a_good_file_saying_how_far_it_has_got(
    place: Partnership, tmp_path: Path
) -> None:
    WorkforceManagerFactory(username="hr")
    out, err = StringIO(), StringIO()

    call_command("import_establishment", str(_file(tmp_path, GOOD)), "--user", "hr",
                 stdout=out, stderr=err)  # fmt: skip

    assert out.getvalue().startswith("Loaded 5 rows of the establishment from hr.csv: posts 4 new")
    assert "Checked all 5 rows" in err.getvalue()
    assert Post.objects.count() == 4


def test_the_command_takes_the_person_as_as_user_too(place: Partnership, tmp_path: Path) -> None:
    WorkforceManagerFactory(username="hr")

    call_command("import_establishment", str(_file(tmp_path, GOOD)), "--as-user", "hr",
                 stdout=StringIO(), stderr=StringIO())  # fmt: skip

    assert Post.objects.count() == 4


def test_the_command_lists_every_bad_line_and_fails(place: Partnership, tmp_path: Path) -> None:
    WorkforceManagerFactory(username="hr")
    rows = [*GOOD, employee("nobody@city.example", holder_fte="2")]
    err = StringIO()

    with pytest.raises(CommandError, match=r"2 problem\(s\) in hr.csv: nothing was loaded"):
        call_command("import_establishment", str(_file(tmp_path, rows)), "--user", "hr",
                     stdout=StringIO(), stderr=err)  # fmt: skip

    assert "Line 7, holder_fte: The FTE for one person" in err.getvalue()
    assert 'Line 7, staff_email: no staff record has the email "nobody@city.example"' in (
        err.getvalue()
    )
    assert not Post.objects.exists()


def test_the_command_refuses_a_bad_header(place: Partnership, tmp_path: Path) -> None:
    WorkforceManagerFactory(username="hr")
    path = tmp_path / "hr.csv"
    path.write_text(csv_text(GOOD).replace("agency,", "organisation,", 1))

    with pytest.raises(CommandError, match="it has columns this does not know: organisation"):
        call_command("import_establishment", str(path), "--user", "hr")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.STRATEGIC_LEAD, Role.PARTNERSHIP_ADMIN])
def test_the_command_refuses_whoever_the_page_refuses(
    place: Partnership, tmp_path: Path, role: str
) -> None:
    UserFactory(username="someone", role=role)

    with pytest.raises(
        CommandError, match="someone: Your role does not allow you to load the establishment"
    ):
        call_command("import_establishment", str(_file(tmp_path, GOOD)), "--user", "someone")

    assert not Post.objects.exists()


def test_the_command_needs_someone_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--user"):
        call_command("import_establishment", str(_file(tmp_path, GOOD)))
