"""Loading an agency's records (children.services.records_import) and `childtrust
import_records`: who may, idempotent re-import, changed rows with their history, link status,
nothing half-written on a refused file, bad encodings, one audit event per import."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditEvent
from childtrust.children import records_tasks
from childtrust.children.models import (
    AgencyRecord,
    AgencyRecordVersion,
    ImportStatus,
    LinkStatus,
    RecordImport,
)
from childtrust.children.record_rows import COLUMNS
from childtrust.children.services import records_import
from childtrust.children.services.records_import import agency_records_import
from childtrust.core.management.commands import worker
from childtrust.core.schedule import SCHEDULE
from childtrust.partnership.models import Agency
from tests.children.factories import ChildFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)
HEADER = ",".join(COLUMNS)
AMARA = "A1,Amara,Okafor,2016-05-14,F,1 Dock Road,SO14 7LY,943 476 5919,B801200005001"
BEN = "B2,Ben,Hart,2019-01-02,male,,so15 2aa,,"


@pytest.fixture
def admin() -> User:
    return UserFactory(role=Role.PARTNERSHIP_ADMIN, username="records-admin")


def _rows(*lines: str) -> list[dict[str, str]]:
    return [dict(zip(COLUMNS, line.split(","), strict=True)) for line in lines]


def _load(
    actor: User, agency: Agency, *lines: str, columns: Iterable[str] = COLUMNS
) -> RecordImport:
    return agency_records_import(
        actor=actor,
        agency=agency,
        columns=columns,
        rows=_rows(*lines),
        source_name="records.csv",
        channel="api",
        today=TODAY,
    )


def test_only_those_who_may_import_load_records(agency: Agency) -> None:
    for role in (Role.PRACTITIONER, Role.FRONT_DOOR, Role.DATA_PROTECTION_LEAD):
        with pytest.raises(PermissionDenied):
            _load(UserFactory(role=role), agency, AMARA)
    assert not AgencyRecord.objects.exists()
    assert not RecordImport.objects.exists()


def test_a_file_loads_its_records_unlinked_with_one_audit_event(
    admin: User, agency: Agency
) -> None:
    events = AuditEvent.objects.count()
    job = _load(admin, agency, AMARA, BEN)
    assert (job.status, job.created, job.updated, job.unchanged, job.rejected) == (
        ImportStatus.DONE, 2, 0, 0, 0
    )  # fmt: skip
    amara = AgencyRecord.objects.get(agency=agency, record_id="A1")
    assert (amara.nhs_number, amara.upn, amara.postcode) == (
        "9434765919",
        "B801200005001",
        "SO14 7LY",
    )
    assert amara.link_status == LinkStatus.UNLINKED
    assert amara.last_import == job
    assert AgencyRecord.objects.get(record_id="B2").sex == "M"
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.details["created"] == 2


def test_the_same_file_twice_changes_nothing(admin: User, agency: Agency) -> None:
    _load(admin, agency, AMARA, BEN)
    before = list(AgencyRecord.objects.values_list("pk", "modified_at", "content_hash"))
    again = _load(admin, agency, AMARA, BEN)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(AgencyRecord.objects.values_list("pk", "modified_at", "content_hash")) == before
    assert not AgencyRecordVersion.objects.exists()


def test_a_changed_row_updates_the_record_and_keeps_what_it_replaced(
    admin: User, agency: Agency
) -> None:
    first = _load(admin, agency, AMARA, BEN)
    changed = _load(admin, agency, AMARA.replace("Okafor", "Okafor-Reid"), BEN)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    record = AgencyRecord.objects.get(record_id="A1")
    assert record.family_name == "Okafor-Reid"
    [version] = AgencyRecordVersion.objects.filter(record=record)
    assert version.fields["family_name"] == "Okafor"
    assert version.fields["date_of_birth"] == "2016-05-14"
    assert version.replaced_by == changed
    assert record.last_import == changed != first


def test_a_linked_record_goes_back_to_linkage_only_when_an_identifying_field_changes(
    admin: User, agency: Agency
) -> None:
    _load(admin, agency, AMARA)
    child = ChildFactory()
    AgencyRecord.objects.update(
        child=child, link_status=LinkStatus.AUTOMATIC, match_probability=0.99
    )
    _load(admin, agency, AMARA.replace("1 Dock Road", "Flat 2 1 Dock Road"))
    record = AgencyRecord.objects.get(record_id="A1")
    assert (record.link_status, record.child) == (LinkStatus.AUTOMATIC, child)
    _load(admin, agency, AMARA.replace("2016-05-14", "2016-05-15"))
    record.refresh_from_db()
    assert (record.link_status, record.match_probability) == (LinkStatus.UNLINKED, None)
    assert record.child == child  # kept until linkage decides again


def test_rejected_rows_and_warnings_are_reported_and_the_rest_loaded(
    admin: User, agency: Agency
) -> None:
    job = _load(
        admin,
        agency,
        AMARA,
        ",Nameless,,,,,,,",
        "C3,Cara,Lee,2016-13-01,,,,,",
        "D4,Dan,Ray,2016-01-01,,,,943 476 5918,",
    )
    assert (job.created, job.rejected) == (2, 2)
    assert [(r["line"], r["reason"]) for r in job.rejections] == [
        (3, "it has no record_id"),
        (4, 'the date of birth "2016-13-01" is not a date as YYYY-MM-DD'),
    ]
    assert [(w["line"], w["record_id"], w["field"]) for w in job.warnings] == [
        (5, "D4", "nhs_number")
    ]
    assert AgencyRecord.objects.get(record_id="D4").nhs_number == ""


def test_an_anonymised_record_is_not_filled_again(admin: User, agency: Agency) -> None:
    _load(admin, agency, AMARA)
    AgencyRecord.objects.update(given_name="", family_name="", anonymised_at="2026-11-01T00:00Z")
    job = _load(admin, agency, AMARA)
    assert (job.updated, job.rejected) == (0, 1)
    assert "anonymised" in job.rejections[0]["reason"]
    assert AgencyRecord.objects.get().given_name == ""


def test_a_refused_header_writes_no_record(admin: User, agency: Agency) -> None:
    job = _load(admin, agency, AMARA, columns=[*COLUMNS[:-1], "pupil_number"])
    assert job.status == ImportStatus.FAILED
    assert '"pupil_number" is not one this file may have' in job.problem
    assert not AgencyRecord.objects.exists()


@pytest.mark.parametrize("column", ["x" * 5000, "given\x00name"])
def test_a_refused_headers_reason_fits_its_record(admin: User, agency: Agency, column: str) -> None:
    """A column named at great length, or with a NUL in it: the reason quoted it as it was,
    which PostgreSQL refused (too long, or a NUL), the load left running with no report."""
    job = _load(admin, agency, AMARA, columns=[*COLUMNS, column])
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "is not one this file may have" in job.problem
    assert len(job.problem) <= RecordImport._meta.get_field("problem").max_length  # type: ignore[operator]
    assert "\x00" not in job.problem
    assert not AgencyRecord.objects.exists()


def test_progress_is_written_as_rows_are_checked(
    admin: User, agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records_import, "PROGRESS_EVERY_ROWS", 2)
    seen: list[int] = []

    def rows() -> Iterator[dict[str, str]]:
        for number, row in enumerate(_rows(*[AMARA.replace("A1", f"A{n}") for n in range(5)])):
            # What another connection (the import's page) reads before each row is checked.
            seen.append(RecordImport.objects.get().rows_done)
            yield row | {"record_id": f"A{number}"}

    job = agency_records_import(
        actor=admin,
        agency=agency,
        columns=COLUMNS,
        rows=rows(),
        source_name="records.csv",
        channel="upload",
        rows_total=5,
    )
    assert seen == [0, 0, 2, 2, 4]
    assert (job.rows_done, job.rows_total, job.created) == (5, 5, 5)


# --- The command line ------------------------------------------------------------------------


def _file(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "records.csv"
    path.write_bytes(data)
    return str(path)


def _command(path: str, agency: str = "city-school-nursing", user: str = "records-admin") -> str:
    out = io.StringIO()
    call_command("import_records", path, agency=agency, user=user, stdout=out)
    return out.getvalue()


def test_the_command_loads_a_file_and_prints_the_report(
    admin: User, agency: Agency, tmp_path: Path
) -> None:
    data = f"\ufeff{HEADER}\n{AMARA}\n,Nobody,,,,,,,\n{BEN.replace(',,so15', ',,S015')}\n"
    printed = _command(_file(tmp_path, data.encode()))
    assert "records 2 new, 0 updated, 0 unchanged; 1 rows rejected" in printed
    assert "Rejected: line 3 (record_id ''): it has no record_id" in printed
    assert "Warning: line 4 (record_id 'B2'), postcode:" in printed
    assert AgencyRecord.objects.count() == 2


def test_the_command_refuses_a_bad_header_with_a_non_zero_exit(
    admin: User, agency: Agency, tmp_path: Path
) -> None:
    path = _file(tmp_path, f"{HEADER},ethnicity\n{AMARA},x\n".encode())
    with pytest.raises(CommandError, match='"ethnicity" is not one this file may have'):
        _command(path)
    assert not AgencyRecord.objects.exists()


def test_the_command_refuses_binary_junk(admin: User, agency: Agency, tmp_path: Path) -> None:
    path = _file(tmp_path, b"PK\x03\x04\x00\x00binary\xff\xfe")
    with pytest.raises(CommandError, match="is not a CSV file"):
        _command(path)
    assert not RecordImport.objects.exists()


def test_the_command_refuses_a_line_the_reader_cannot_read_and_loads_nothing(
    admin: User, agency: Agency, tmp_path: Path
) -> None:
    path = _file(tmp_path, f"{HEADER}\n{AMARA}\nB2,{'x' * 200_000},,,,,,,\n".encode())
    with pytest.raises(CommandError, match="this line cannot be read as CSV"):
        _command(path)
    assert not AgencyRecord.objects.exists()


def test_the_command_refuses_someone_who_may_not_import(
    admin: User, agency: Agency, tmp_path: Path
) -> None:
    UserFactory(role=Role.PRACTITIONER, username="a-practitioner")
    path = _file(tmp_path, f"{HEADER}\n{AMARA}\n".encode())
    with pytest.raises(CommandError, match="does not allow you"):
        _command(path, user="a-practitioner")
    with pytest.raises(CommandError, match="no agency"):
        _command(path, agency="nowhere")
    assert not AgencyRecord.objects.exists()


def test_queueing_an_upload_and_reading_a_report_are_for_those_who_may_import(
    admin: User, agency: Agency
) -> None:
    practitioner = UserFactory(role=Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        records_import.record_import_queue(actor=practitioner, agency=agency, source_name="a.csv")
    job = records_import.record_import_queue(actor=admin, agency=agency, source_name="a.csv")
    assert job.status == ImportStatus.QUEUED
    with pytest.raises(PermissionDenied):
        records_import.record_import_report_read(actor=practitioner, record_import=job)
    records_import.record_import_report_read(actor=admin, record_import=job, export="warnings")
    assert AuditEvent.objects.latest("pk").details == {"list": "warnings"}


def test_a_load_whose_worker_stopped_is_ended_as_refused(admin: User, agency: Agency) -> None:
    job = records_import.record_import_queue(actor=admin, agency=agency, source_name="a.csv")
    RecordImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    with pytest.raises(PermissionDenied):
        records_import.record_import_stopped_end(
            actor=UserFactory(role=Role.PRACTITIONER), record_import=job
        )
    records_import.record_import_stopped_end(actor=admin, record_import=job)
    assert job.status == ImportStatus.RUNNING  # still writing its progress: left alone
    silent = timezone.now() - records_import.STOPPED_AFTER - datetime.timedelta(seconds=1)
    RecordImport.objects.filter(pk=job.pk).update(modified_at=silent)
    records_import.record_import_stopped_end(actor=admin, record_import=job)
    assert job.status == ImportStatus.FAILED
    assert job.problem == records_import.STOPPED_MESSAGE


def test_the_worker_ends_a_load_whose_worker_stopped_without_its_page_being_opened(
    admin: User,
    agency: Agency,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.VAR_DIR = tmp_path
    stopped, alive = (
        records_import.record_import_queue(actor=admin, agency=agency, source_name=name)
        for name in ("stopped.csv", "alive.csv")
    )
    silent = timezone.now() - records_import.STOPPED_AFTER - datetime.timedelta(seconds=1)
    RecordImport.objects.filter(pk=stopped.pk).update(
        status=ImportStatus.RUNNING, modified_at=silent
    )
    RecordImport.objects.filter(pk=alive.pk).update(status=ImportStatus.RUNNING)
    stored = records_tasks.stored_file(stopped.pk)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"left behind by the stopped worker")
    # The worker's own timetable, only the children's records' entries: none, no end.
    ours = tuple(e for e in SCHEDULE if e.task.startswith("childtrust.children.records_tasks."))
    monkeypatch.setattr(worker, "SCHEDULE", ours)

    call_command("worker", "--once")

    stopped.refresh_from_db()
    alive.refresh_from_db()
    assert (stopped.status, stopped.problem) == (
        ImportStatus.FAILED,
        records_import.STOPPED_MESSAGE,
    )
    assert alive.status == ImportStatus.RUNNING  # still writing its progress: left alone
    assert not stored.exists()
    event = AuditEvent.objects.latest("pk")
    assert (event.actor_id, event.details["refused"]) == (None, records_import.STOPPED_MESSAGE)
