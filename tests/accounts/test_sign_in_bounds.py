"""Failed sign-ins: every one counted, a bounded number recorded in the audit chain, and the
lock-out counted per username and address together."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from childtrust.audit.integrity import verify_chain
from childtrust.audit.models import AuditAction, AuditEvent, SignInFailureTally
from childtrust.audit.services import (
    SIGN_IN_EVENTS_PER_ADDRESS,
    SIGN_IN_EVENTS_PER_WINDOW,
    SIGN_IN_TALLIES_PER_ADDRESS,
    audit_sign_in_failures_summarise,
)
from childtrust.audit.tasks import audit_checkpoint
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/sign-in/"


@pytest.fixture(autouse=True)
def _one_moment() -> Iterator[None]:
    """Holds the clock still: failures are counted per 15-minute window, and a test whose
    hundreds of sign-ins ran across a window's end would see two windows' events."""
    with mock.patch("childtrust.audit.services.timezone.now", return_value=timezone.now()):
        yield


def _fail(client: Client, username: str, address: str = "203.0.113.9") -> int:
    response = client.post(
        SIGN_IN, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=address
    )
    return response.status_code


def _summarise_after_the_window() -> list[AuditEvent]:
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with mock.patch("childtrust.audit.services.timezone.now", return_value=later):
        return audit_sign_in_failures_summarise(window=settings.AXES_COOLOFF_TIME)


def test_500_failed_sign_ins_with_random_usernames_from_one_address_add_few_events() -> None:
    client = Client()
    for n in range(500):
        assert _fail(client, f"guess-{n:03d}") == 200
    assert AuditEvent.objects.count() == SIGN_IN_EVENTS_PER_ADDRESS
    assert sum(SignInFailureTally.objects.values_list("count", flat=True)) == 500
    (summary,) = _summarise_after_the_window()
    assert summary.action == AuditAction.SIGN_IN_FAILURES_COUNTED
    assert summary.details["failed_sign_ins"] == 500
    assert summary.details["unknown_usernames"] == SIGN_IN_TALLIES_PER_ADDRESS
    assert summary.details["failures_with_usernames_not_kept"] == 500 - SIGN_IN_TALLIES_PER_ADDRESS
    assert summary.details["most_tried_unknown"][0] == "guess-000: 1 from 1 address"
    assert summary.details["real_accounts_tried"] == []
    assert summary.details["addresses"] == 1
    assert summary.details["recorded_one_by_one"] == SIGN_IN_EVENTS_PER_ADDRESS
    assert AuditEvent.objects.count() == SIGN_IN_EVENTS_PER_ADDRESS + 1
    assert not SignInFailureTally.objects.exists()
    assert verify_chain().ok


def test_100_failed_sign_ins_for_one_username_add_two_events_then_one_count() -> None:
    """The first failure, the first refusal once locked out, and the window's count."""
    UserFactory(username="sam")
    client = Client()
    for _ in range(100):
        _fail(client, "sam")
    assert list(AuditEvent.objects.order_by("sequence").values_list("action", flat=True)) == [
        AuditAction.SIGN_IN_FAILED,
        AuditAction.SIGN_IN_LOCKED_OUT,
    ]
    (summary,) = _summarise_after_the_window()
    assert summary.details["failed_sign_ins"] == 100
    assert summary.details["real_accounts_tried"] == ["sam: 100 from 1 address (locked out)"]


def test_an_address_keeps_a_bounded_number_of_tallies_and_counts_the_rest_together() -> None:
    client = Client()
    for n in range(SIGN_IN_TALLIES_PER_ADDRESS + 30):
        _fail(client, f"guess-{n:03d}")
    _fail(client, "guess-000")  # a username already kept is still counted on its own row
    assert SignInFailureTally.objects.count() == SIGN_IN_TALLIES_PER_ADDRESS + 1
    assert SignInFailureTally.objects.get(username="").count == 30
    assert SignInFailureTally.objects.get(username="guess-000").count == 2
    _fail(client, "guess-900", address="198.51.100.1")  # another address has its own bound
    assert SignInFailureTally.objects.filter(ip_address="198.51.100.1").count() == 1


def test_a_flood_of_made_up_usernames_does_not_hide_failures_against_a_real_account() -> None:
    """Twenty addresses use up every event of the window with random usernames; the failures
    against a real account that follow, from one of them and from elsewhere, are still
    recorded, once per address."""
    UserFactory(username="sam")
    client = Client()
    for n in range(SIGN_IN_EVENTS_PER_WINDOW):
        _fail(client, f"junk-{n:03d}", address=f"198.51.100.{n % 20 + 1}")
    assert AuditEvent.objects.count() == SIGN_IN_EVENTS_PER_WINDOW
    _fail(client, "junk-new", address="192.0.2.50")
    assert AuditEvent.objects.count() == SIGN_IN_EVENTS_PER_WINDOW
    for address in ("198.51.100.1", "198.51.100.1", "192.0.2.50"):
        _fail(client, "sam", address=address)
    real = AuditEvent.objects.filter(details__attempted_username="sam")
    assert sorted(real.values_list("ip_address", flat=True)) == ["192.0.2.50", "198.51.100.1"]
    assert all(event.details["real_account"] for event in real)
    (summary,) = _summarise_after_the_window()
    assert summary.details["real_accounts_tried"] == ["sam: 3 from 2 addresses"]
    assert len(summary.details["most_tried_unknown"]) == 5
    assert summary.details["unknown_usernames"] == SIGN_IN_EVENTS_PER_WINDOW + 1
    assert verify_chain().ok


def test_many_addresses_are_bounded_in_all() -> None:
    with mock.patch("childtrust.audit.services.SIGN_IN_EVENTS_PER_WINDOW", 25):
        client = Client()
        for n in range(60):
            _fail(client, "kim", address=f"198.51.100.{n + 1}")
    assert AuditEvent.objects.count() == 25


def test_the_worker_records_the_counts_of_closed_windows_only() -> None:
    client = Client()
    _fail(client, "kim")
    _fail(client, "kim")
    assert audit_sign_in_failures_summarise(window=settings.AXES_COOLOFF_TIME) == []
    assert SignInFailureTally.objects.get().count == 2
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with mock.patch("childtrust.audit.services.timezone.now", return_value=later):
        audit_checkpoint.enqueue()
    assert AuditEvent.objects.order_by("-sequence").first().details["failed_sign_ins"] == 2  # type: ignore[union-attr]


def test_failures_from_one_address_do_not_lock_the_person_out_at_another() -> None:
    """Nobody can lock a colleague out from elsewhere by mistyping their username on purpose."""
    assert settings.AXES_FAILURE_LIMIT == 5
    UserFactory(username="sam")
    attacker = Client()
    for _ in range(10):
        _fail(attacker, "sam", address="203.0.113.66")
    assert _fail(attacker, "sam", address="203.0.113.66") == 429
    colleague = Client()
    response = colleague.post(
        SIGN_IN, {"username": "sam", "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )
    assert response.status_code == 302
    assert "_auth_user_id" in colleague.session


def test_the_same_address_is_still_locked_out_against_the_right_password() -> None:
    UserFactory(username="sam")
    client = Client()
    for _ in range(5):
        _fail(client, "sam")
    response = client.post(
        SIGN_IN, {"username": "sam", "password": TEST_PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 429
