"""Notifications: made once per recipient and key, emailed by the worker after commit only
where email is configured, listed for their recipient (unread first), marked read by them alone,
and counted on the home page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.core.home import needs_of
from childtrust.safeguarding.models import Notification, NotificationKind
from childtrust.safeguarding.services.notifications import (
    NotificationDraft,
    notification_email_send,
    notification_mark_read,
    notify,
    notify_many,
)
from tests.children.factories import signed_in, staff_user
from tests.factories import UserFactory
from tests.safeguarding.factories_concerns import NotificationFactory

pytestmark = pytest.mark.django_db


def _notify(recipient, key="alert:1", **kw):  # type: ignore[no-untyped-def]
    return notify(
        recipient=recipient,
        kind=NotificationKind.ALERT,
        subject="An alert about child CT-000001",
        url="/safeguarding/alerts/1/",
        key=key,
        **kw,
    )


def test_notify_makes_one_notification_per_recipient_and_key() -> None:
    person = UserFactory()
    first = _notify(person)
    assert first is not None
    assert _notify(person) is None
    assert Notification.objects.count() == 1
    assert _notify(UserFactory()) is not None  # another person, the same key


def test_an_inactive_user_is_not_notified() -> None:
    person = UserFactory(is_active=False)
    assert _notify(person) is None
    assert not Notification.objects.exists()


def test_no_email_unless_configured(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(UserFactory())
    assert not mail.outbox
    assert Notification.objects.get().emailed_at is None


def test_email_sent_on_commit_once_when_configured(
    settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    settings.SAFEGUARDING_EMAIL_NOTIFICATIONS = True
    settings.SITE_ADDRESS = "https://childtrust.example.org"
    person = UserFactory(email="lead@example.org")
    due = timezone.now() + datetime.timedelta(hours=10)
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(person, due_by=due)
        assert not mail.outbox
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lead@example.org"]
    assert "CT-000001" in mail.outbox[0].subject
    # A link the recipient can follow from their mail client, under the service's address.
    assert "read it: https://childtrust.example.org/safeguarding/alerts/1/\n" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # Run again (a task retried): no second email.
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_many_made_at_once_are_made_once_each_and_emailed_once_each_when_configured(
    settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,
) -> None:
    settings.SAFEGUARDING_EMAIL_NOTIFICATIONS = True
    lead, door = UserFactory(email="lead@example.org"), UserFactory(email="door@example.org")
    _notify(lead, key="alert:1")  # told already, by the alert as its concern arrived

    def draft(recipient, key):  # type: ignore[no-untyped-def]
        return NotificationDraft(
            recipient=recipient, kind=NotificationKind.ALERT, subject=key, url="/", key=key
        )

    with django_capture_on_commit_callbacks(execute=True):
        made = notify_many([draft(lead, "alert:1"), draft(lead, "alert:2"), draft(door, "alert:1")])

    assert made == 2
    assert Notification.objects.count() == 3
    # The lead's first was emailed (or not) when it was made: not again.
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("door@example.org", "childtrust: alert:1"),
        ("lead@example.org", "childtrust: alert:2"),
    ]


@pytest.mark.parametrize(
    ("address", "url", "link"),
    [
        (
            "https://childtrust.example.org",
            "/safeguarding/alerts/7/",
            "https://childtrust.example.org/safeguarding/alerts/7/",
        ),
        (
            "https://council.example.org/childtrust/",
            "/safeguarding/",
            "https://council.example.org/childtrust/safeguarding/",
        ),
        ("https://childtrust.example.org", "", "https://childtrust.example.org/"),
    ],
)
def test_the_emailed_link_is_absolute_under_the_site_address(
    settings,  # type: ignore[no-untyped-def]
    address: str,
    url: str,
    link: str,
) -> None:
    settings.SITE_ADDRESS = address
    notification = NotificationFactory(recipient=UserFactory(email="lead@example.org"), url=url)
    assert notification_email_send(notification_id=notification.pk) is True
    assert f"Sign in to childtrust to read it: {link}\n" in mail.outbox[0].body


def test_the_recipient_marks_it_read_once_with_an_audit_event() -> None:
    person = UserFactory()
    notification = NotificationFactory(recipient=person)
    notification_mark_read(actor=person, notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(notification.pk)
    ).exists()
    with pytest.raises(ValidationError):
        notification_mark_read(actor=person, notification=notification)


def test_someone_else_may_not_mark_it_read() -> None:
    notification = NotificationFactory(recipient=UserFactory())
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=UserFactory(), notification=notification)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_shows_ones_own_unread_first_with_when_due() -> None:
    person = staff_user(Role.PRACTITIONER)
    NotificationFactory(recipient=person, subject="Read long ago", read_at=timezone.now())
    NotificationFactory(
        recipient=person,
        subject="Due soon",
        due_by=timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0)),
    )
    NotificationFactory(recipient=UserFactory(), subject="Someone else's")
    text = signed_in(person).get(reverse("safeguarding:notifications")).content.decode()
    assert text.index("Due soon") < text.index("Read long ago")
    assert "7 December 2026" in text
    assert "Someone else" not in text
    assert "1 notification to read" in text


def test_marking_read_on_the_page_is_a_post_for_ones_own_only() -> None:
    person = staff_user(Role.PRACTITIONER)
    mine = NotificationFactory(recipient=person)
    theirs = NotificationFactory(recipient=UserFactory())
    client = signed_in(person)
    assert client.get(reverse("safeguarding:notification_read", args=[mine.pk])).status_code == 405
    response = client.post(reverse("safeguarding:notification_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    refused = client.post(reverse("safeguarding:notification_read", args=[theirs.pk]))
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_home_page_counts_unread_notifications_with_the_soonest_due() -> None:
    person = staff_user(Role.PRACTITIONER)
    NotificationFactory(
        recipient=person, due_by=timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))
    )
    NotificationFactory(recipient=person)
    items = [item for group in needs_of(person).groups for item in group.items]
    mine = [item for item in items if item.url == reverse("safeguarding:notifications")]
    assert mine[0].words == "2 notifications to read"
    assert "7 December 2026 at 8:00am" in mine[0].note
