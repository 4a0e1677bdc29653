"""The "Load records" pages: who may and who may not, the upload (run by the background task,
here at once), its progress and report, the downloads (formula-safe), refused files and bad
encodings, and the upload that cannot be queued."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.audit.objects import audit_objects_named
from childtrust.children import records_tasks
from childtrust.children.models import AgencyRecord, ImportStatus, RecordImport
from childtrust.children.record_rows import COLUMNS
from childtrust.core.import_jobs import upload_dir
from childtrust.partnership.models import Agency
from tests.conftest import ALL_ROLES

pytestmark = pytest.mark.django_db

LOAD = reverse("children:records_load")
HEADER = ",".join(COLUMNS)
AMARA = "A1,Amara,Okafor,2016-05-14,F,1 Dock Road,SO14 7LY,943 476 5919,B801200005001"
FORMULA = '=HYPERLINK("http://example.com"),Eve,=1+1,,,,,943 476 5918,'
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _own_upload_dir(tmp_path: Path, settings: Any) -> None:
    """Each test its own var/uploads: stored files are named by the import's id."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def admin(client_for: Callable[[str], Client]) -> Client:
    return client_for(Role.PARTNERSHIP_ADMIN)


def _upload(client: Client, agency: Agency, data: bytes, name: str = "records.csv") -> Any:
    return client.post(
        LOAD, {"agency": agency.pk, "file": SimpleUploadedFile(name, data, "text/csv")}
    )


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_those_who_may_import_see_the_page_and_its_imports(
    role: str, client_for: Callable[[str], Client], agency: Agency
) -> None:
    job = RecordImport.objects.create(agency=agency, source_name="a.csv", channel="upload")
    may = role == Role.PARTNERSHIP_ADMIN
    client = client_for(role)
    assert client.get(LOAD).status_code == (200 if may else 403)
    page = reverse("children:records_import", args=[job.pk])
    assert client.get(page).status_code == (200 if may else 403)
    csv_page = reverse("children:records_import_rejections_csv", args=[job.pk])
    assert client.get(csv_page).status_code == (200 if may else 403)


def test_a_refused_upload_writes_nothing(
    client_for: Callable[[str], Client], agency: Agency
) -> None:
    response = _upload(client_for(Role.PRACTITIONER), agency, f"{HEADER}\n{AMARA}\n".encode())
    assert response.status_code == 403
    assert not RecordImport.objects.exists()
    assert not AgencyRecord.objects.exists()


def test_an_upload_loads_and_its_page_reports_rejections_and_warnings(
    admin: Client, agency: Agency
) -> None:
    data = f"\ufeff{HEADER}\n{AMARA}\n,Nobody,,,,,,,\n{FORMULA}\n".encode()
    response = _upload(admin, agency, data)
    job = RecordImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("children:records_import", args=[job.pk])
    assert job.status == ImportStatus.DONE
    assert (job.channel, job.created, job.rejected) == ("upload", 2, 1)
    assert not records_tasks.stored_file(job.pk).exists()  # the stored file is removed
    page = _text(admin.get(response["Location"]))
    assert "records 2 new, 0 updated, 0 unchanged; 1 rows rejected" in page
    assert "it has no record_id" in page
    assert 'the NHS number "943 476 5918" is not valid: its check digit is wrong' in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(job.pk)).exists()


def test_the_warnings_download_is_formula_safe(admin: Client, agency: Agency) -> None:
    _upload(admin, agency, f"{HEADER}\n{FORMULA}\n".encode())
    job = RecordImport.objects.get()
    # The formula-looking cells are kept as sent, as data.
    assert AgencyRecord.objects.get().record_id == '=HYPERLINK("http://example.com")'
    response = admin.get(reverse("children:records_import_warnings_csv", args=[job.pk]))
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "Line,record_id,Field,Reason"
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(job.pk)).exists()


def test_a_bad_header_is_refused_on_the_form_naming_the_column(
    admin: Client, agency: Agency
) -> None:
    response = _upload(admin, agency, f"{HEADER},ethnicity\n{AMARA},x\n".encode())
    assert response.status_code == 200
    page = _text(response)
    assert "<title>Error: " in page
    assert 'the column "ethnicity" is not one this file may have' in page
    assert not RecordImport.objects.exists()


def test_binary_junk_is_refused_and_a_byte_order_mark_is_fine(
    admin: Client, agency: Agency
) -> None:
    response = _upload(admin, agency, b"PK\x03\x04\x00\x00\xff\xfe junk")
    assert "is not a CSV file" in _text(response)
    assert not RecordImport.objects.exists()
    _upload(admin, agency, f"\ufeff{HEADER}\n{AMARA}\n".encode())
    assert AgencyRecord.objects.get().record_id == "A1"


def test_a_windows_1252_file_is_read(admin: Client, agency: Agency) -> None:
    _upload(admin, agency, f"{HEADER}\nA1,Zoë,Brontë,,,,,,\n".encode("cp1252"))
    assert AgencyRecord.objects.get().given_name == "Zoë"


def test_no_agency_or_no_file_is_told_on_the_form(admin: Client) -> None:
    page = _text(admin.post(LOAD, {}))
    assert "Choose the agency whose records they are" in page
    assert "Select a CSV file" in page


def test_a_queued_upload_shows_its_progress_until_the_worker_loads_it(
    admin: Client, agency: Agency
) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        response = _upload(admin, agency, f"{HEADER}\n{AMARA}\n".encode())
    job = RecordImport.objects.get()
    assert job.status == ImportStatus.QUEUED
    assert records_tasks.stored_file(job.pk).exists()
    page = _text(admin.get(response["Location"]))
    assert "Waiting for the background worker" in page
    assert "Check progress now" in page
    assert records_tasks.agency_records_upload_load.call(job.pk) == ImportStatus.DONE
    assert not records_tasks.stored_file(job.pk).exists()
    assert "Loaded" in _text(admin.get(response["Location"]))
    assert records_tasks.agency_records_upload_load.call(job.pk) == ""  # taken once only


def test_an_upload_that_cannot_be_queued_leaves_nothing(
    admin: Client, agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise OSError("the queue is down")

    monkeypatch.setattr(
        records_tasks, "agency_records_upload_load", SimpleNamespace(enqueue=broken)
    )
    page = _text(_upload(admin, agency, f"{HEADER}\n{AMARA}\n".encode()))
    assert "could not be queued for loading" in page
    assert not RecordImport.objects.exists()
    assert not any(upload_dir().glob("*"))


def test_the_audit_log_names_a_load_and_links_its_report(admin: Client, agency: Agency) -> None:
    _upload(admin, agency, f"{HEADER}\n{AMARA}\n".encode())
    job = RecordImport.objects.get()
    event = AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(job.pk)).get()
    assert event.object_type == "children.recordimport"
    assert event.details["created"] == 1
    named = audit_objects_named([(event.object_type, event.object_id)])
    shown = named[(event.object_type, event.object_id)]
    assert shown.name == f"Load {job.pk} of City school nursing's records"
    assert shown.url == reverse("children:records_import", args=[job.pk])
