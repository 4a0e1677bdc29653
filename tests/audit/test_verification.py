"""The worker's nightly check of the audit log: the result kept and shown to administrators and
auditors, and a failure reported to them at once."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from childtrust.accounts.models import Role
from childtrust.audit.keys import AuditKey, audit_keys
from childtrust.audit.models import AuditAction, AuditEvent, AuditVerification
from childtrust.audit.services import audit_checkpoint_write, audit_record
from childtrust.audit.signatures import verification_signature
from childtrust.audit.tasks import audit_checkpoint, audit_verify_nightly
from childtrust.core.schedule import SCHEDULE
from tests.audit.helpers import delete_event, drop_append_only_triggers, move_head, set_column
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(tmp_path: Path, settings: Settings) -> Path:
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture
def people() -> None:
    UserFactory(username="aud", email="aud@example.org", role=Role.AUDITOR)
    UserFactory(username="adm", email="adm@example.org", role=Role.PARTNERSHIP_ADMIN)
    UserFactory(username="gone", email="gone@example.org", role=Role.AUDITOR, is_active=False)
    UserFactory(username="prac", email="prac@example.org", role=Role.PRACTITIONER)
    UserFactory(username="lead", email="lead@example.org", role=Role.STRATEGIC_LEAD)


def _three_events() -> None:
    for n in range(3):
        audit_record(actor=None, action=AuditAction.VIEW, reason=f"reason {n}")


def test_the_worker_checkpoints_every_15_minutes_and_checks_every_night() -> None:
    every = {entry.task: entry.every_seconds for entry in SCHEDULE}
    assert every["childtrust.audit.tasks.audit_checkpoint"] <= 15 * 60
    assert every["childtrust.audit.tasks.audit_verify_nightly"] == 24 * 60 * 60


def test_an_intact_chain_is_kept_as_checked_and_nobody_is_mailed(people: None) -> None:
    _three_events()
    audit_checkpoint.enqueue()
    audit_record(actor=None, action=AuditAction.VIEW)
    assert audit_verify_nightly.enqueue().return_value is True
    check = AuditVerification.objects.get()
    assert (check.ok, check.events_checked, check.last_verified_sequence) == (True, 4, 4)
    assert check.checkpoint_sequence == 3
    assert mail.outbox == []


def test_a_broken_chain_is_mailed_to_every_active_administrator_and_auditor_at_once(
    people: None, caplog: pytest.LogCaptureFixture, settings: Settings
) -> None:
    settings.SITE_ADDRESS = "https://childtrust.example.org"
    _three_events()
    drop_append_only_triggers()
    set_column(2, "reason", "kinder")
    with caplog.at_level(logging.ERROR, logger="childtrust.audit.verification"):
        assert audit_verify_nightly.enqueue().return_value is False
    check = AuditVerification.objects.get()
    assert (check.ok, check.last_verified_sequence) == (False, 1)
    assert check.problem == "event #2 was altered after it was written"
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["adm@example.org", "aud@example.org"]
    assert "failed its check" in mail.outbox[0].subject
    assert "event #2 was altered" in mail.outbox[0].body
    # A link the recipients can follow from their mail client to the checks' page.
    assert "Audit checks: https://childtrust.example.org/audit/checks/\n" in mail.outbox[0].body
    assert "The audit log failed its check: event #2 was altered" in caplog.text


def test_the_nightly_check_reports_a_log_cut_short_against_the_checkpoint(people: None) -> None:
    _three_events()
    audit_checkpoint_write()
    second_hash = AuditEvent.objects.get(sequence=2).hash
    drop_append_only_triggers()
    delete_event(3)
    move_head(2, second_hash)
    assert audit_verify_nightly.enqueue().return_value is False
    assert "cut short" in AuditVerification.objects.get().problem
    assert len(mail.outbox) == 1


def test_the_command_can_record_its_result() -> None:
    _three_events()
    call_command("audit_verify", record=True)
    assert AuditVerification.objects.get().ok


# The pages ----------------------------------------------------------------------------------


def _failed_check() -> None:
    _three_events()
    drop_append_only_triggers()
    set_column(3, "reason", "kinder")
    audit_verify_nightly.enqueue()


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.PARTNERSHIP_ADMIN])
def test_administrators_and_auditors_see_a_failed_check_in_a_banner(role: str) -> None:
    _failed_check()
    client = Client()
    client.force_login(UserFactory(role=role))
    page = client.get("/audit/checks/").content.decode()
    assert "govuk-notification-banner" in page
    assert "The audit log failed its check on" in page
    assert "Event #3 was altered after it was written." in page
    assert "Events up to #2 are intact." in page


def test_the_audit_log_page_shows_the_latest_check() -> None:
    _three_events()
    audit_checkpoint_write()
    audit_verify_nightly.enqueue()
    client = Client()
    client.force_login(UserFactory(role=Role.AUDITOR))
    page = client.get("/audit/").content.decode()
    assert "intact, 3 events, matching the checkpoint of" in page
    assert "govuk-notification-banner__heading" not in page


def test_the_audit_log_page_shows_a_failed_check_in_a_banner() -> None:
    _failed_check()
    client = Client()
    client.force_login(UserFactory(role=Role.AUDITOR))
    page = client.get("/audit/").content.decode()
    assert "The audit log failed its check on" in page


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.STRATEGIC_LEAD, Role.FINANCE_OFFICER])
def test_other_roles_cannot_see_the_checks(role: str) -> None:
    client = Client()
    client.force_login(UserFactory(role=role))
    assert client.get("/audit/checks/").status_code == 403


def test_the_checks_page_before_any_check() -> None:
    client = Client()
    client.force_login(UserFactory(role=Role.PARTNERSHIP_ADMIN))
    page = client.get("/audit/checks/").content.decode()
    assert "The audit log has not been checked yet." in page
    assert "No check has run yet." in page


# Results signed, so that nobody with only database rights can pass one off ------------------


def _checks_page(path: str = "/audit/checks/") -> str:
    client = Client()
    client.force_login(UserFactory(role=Role.AUDITOR))
    return client.get(path).content.decode()


def _forge(**fields: object) -> AuditVerification:
    """What someone with database rights but not the audit key can write."""
    return AuditVerification.objects.create(
        checked_at=timezone.now(),
        ok=True,
        events_checked=3,
        last_verified_sequence=3,
        **fields,
    )


def test_a_result_the_service_kept_is_signed_and_genuine() -> None:
    _three_events()
    audit_verify_nightly.enqueue()
    check = AuditVerification.objects.get()
    assert check.key_id == audit_keys().current.id
    assert check.genuine
    assert 'govuk-tag--red">Not genuine' not in _checks_page()


@pytest.mark.parametrize("path", ["/audit/checks/", "/audit/"])
def test_a_forged_intact_result_after_a_failed_check_shows_as_not_genuine(path: str) -> None:
    _failed_check()
    genuine_key = audit_keys().current.id
    _forge(key_id=genuine_key, signature="0" * 64)
    page = _checks_page(path)
    assert 'govuk-tag--red">Not genuine</strong>' in page
    assert "was not written by the service" in page
    assert "Last checked on" not in page


def test_a_result_copied_from_a_genuine_one_with_its_date_changed_is_not_genuine() -> None:
    _three_events()
    audit_verify_nightly.enqueue()
    genuine = AuditVerification.objects.get()
    copy = _forge(key_id=genuine.key_id, signature=genuine.signature)
    assert not copy.genuine
    assert genuine.genuine


def test_a_result_signed_with_a_key_the_server_does_not_hold_is_not_genuine() -> None:
    fields = {"checked_at": timezone.now(), "ok": True, "events_checked": 3}
    fields |= {"last_verified_sequence": 3, "checkpoint_sequence": None, "checkpoint_at": None}
    fields |= {"problem": ""}
    other = AuditKey("kother", b"a key from elsewhere")
    forged = _forge(key_id=other.id, signature=verification_signature(fields, other))
    assert not forged.genuine


def test_the_database_refuses_to_change_or_remove_a_result() -> None:
    _three_events()
    audit_verify_nightly.enqueue()
    check = AuditVerification.objects.get()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditVerification.objects.filter(pk=check.pk).update(ok=False)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditVerification.objects.filter(pk=check.pk).delete()
    assert AuditVerification.objects.get().ok


def test_a_result_changed_behind_the_triggers_back_is_not_genuine(people: None) -> None:
    _failed_check()
    drop_append_only_triggers()
    AuditVerification.objects.update(ok=True, problem="")
    assert not AuditVerification.objects.get().genuine
    assert 'govuk-tag--red">Not genuine' in _checks_page()
