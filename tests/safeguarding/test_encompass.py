"""Operation Encompass: a police concern of domestic abuse tells the designated safeguarding
lead (and deputy) of each school working with the child, due at the start of the next school
day; not a school with no involvement, not a concern from anyone but the police."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditEvent
from childtrust.safeguarding.models import (
    ConcernCategory,
    ConcernSensitivity,
    DesignatedLead,
    Notification,
    NotificationKind,
    Severity,
)
from childtrust.safeguarding.school_days import school_day_start_after
from childtrust.safeguarding.services.concerns import concern_record
from tests.children.factories import ChildFactory, InvolvementFactory, signed_in, staff_user
from tests.factories import StaffMemberFactory
from tests.safeguarding.factories_concerns import police_officer, school, school_with_lead

LONDON = ZoneInfo("Europe/London")
FRIDAY_EVENING = datetime.datetime(2026, 12, 4, 19, 30, tzinfo=LONDON)


def at(moment: datetime.datetime) -> datetime.datetime:
    return school_day_start_after(moment)


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        # Friday evening: Monday's start.
        (FRIDAY_EVENING, datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON)),
        # Before school on a working day: that same morning.
        (
            datetime.datetime(2026, 12, 7, 6, 15, tzinfo=LONDON),
            datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON),
        ),
        # During the school day: the next one.
        (
            datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON),
            datetime.datetime(2026, 12, 8, 8, 0, tzinfo=LONDON),
        ),
        # Friday before the spring bank holiday Monday: Tuesday.
        (
            datetime.datetime(2026, 5, 22, 21, 0, tzinfo=LONDON),
            datetime.datetime(2026, 5, 26, 8, 0, tzinfo=LONDON),
        ),
        # Christmas Eve: past Christmas Day, the weekend and the substitute Boxing Day.
        (
            datetime.datetime(2026, 12, 24, 18, 0, tzinfo=LONDON),
            datetime.datetime(2026, 12, 29, 8, 0, tzinfo=LONDON),
        ),
        # A time in UTC is read as the time in London (summer time here).
        (
            datetime.datetime(2026, 6, 1, 6, 30, tzinfo=datetime.UTC),  # 07:30 in London
            datetime.datetime(2026, 6, 1, 8, 0, tzinfo=LONDON),
        ),
    ],
)
def test_the_school_day_start_after_a_moment(
    moment: datetime.datetime, due: datetime.datetime
) -> None:
    assert at(moment) == due


def test_the_start_of_the_school_day_is_a_setting(settings: pytest.FixtureRequest) -> None:
    settings.ENCOMPASS_SCHOOL_DAY_STARTS = "08:45"  # type: ignore[attr-defined]
    assert at(FRIDAY_EVENING) == datetime.datetime(2026, 12, 7, 8, 45, tzinfo=LONDON)


@pytest.fixture
def friday_evening() -> Iterator[None]:
    with mock.patch("django.utils.timezone.now", return_value=FRIDAY_EVENING):
        yield


def _record(officer, child, *, category=ConcernCategory.DOMESTIC_ABUSE):  # type: ignore[no-untyped-def]
    return concern_record(
        actor=officer,
        child=child,
        agency=officer.staff_member.agency,
        category=category,
        severity=Severity.HIGH,
        occurred_at=FRIDAY_EVENING - datetime.timedelta(hours=2),
        summary="Called to the home: the mother assaulted by her partner; the child present.",
    )


@pytest.mark.django_db
def test_a_police_domestic_abuse_concern_on_friday_evening_tells_the_schools_lead_due_monday(
    friday_evening: None,
) -> None:
    child = ChildFactory()
    agency, lead = school_with_lead(child)
    deputy = staff_user(Role.PRACTITIONER, agency=agency)
    DesignatedLead.objects.filter(agency=agency).update(deputy=deputy.staff_member)
    concern = _record(police_officer(), child)
    told = Notification.objects.filter(kind=NotificationKind.ENCOMPASS)
    assert sorted(n.recipient_id for n in told) == sorted([lead.pk, deputy.pk])
    for notification in told:
        assert notification.due_by == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON)
        assert notification.url == f"/safeguarding/concerns/{concern.pk}/"
        assert child.reference in notification.subject
        assert child.given_name not in notification.subject
    event = AuditEvent.objects.filter(
        object_type="safeguarding.concern", object_id=str(concern.pk), details__encompass=True
    ).get()
    assert event.details["schools_told"] == [agency.pk]
    assert not mail.outbox  # email is off unless configured


@pytest.mark.django_db
def test_after_a_bank_holiday_monday_it_is_due_on_tuesday() -> None:
    child = ChildFactory()
    school_with_lead(child)
    officer = police_officer()
    friday = datetime.datetime(2026, 5, 22, 21, 0, tzinfo=LONDON)
    with mock.patch("django.utils.timezone.now", return_value=friday):
        concern_record(
            actor=officer,
            child=child,
            agency=officer.staff_member.agency,
            category=ConcernCategory.DOMESTIC_ABUSE,
            severity=Severity.HIGH,
            occurred_at=friday - datetime.timedelta(hours=1),
            summary="Called to the home after a neighbour heard shouting.",
        )
    notification = Notification.objects.get(kind=NotificationKind.ENCOMPASS)
    assert notification.due_by == datetime.datetime(2026, 5, 26, 8, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_a_school_with_no_involvement_is_not_told(friday_evening: None) -> None:
    child = ChildFactory()
    school_with_lead(ChildFactory(), name="Another school")  # works with another child
    _record(police_officer(), child)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_school_whose_involvement_ended_is_not_told(friday_evening: None) -> None:
    child = ChildFactory()
    agency, _lead = school_with_lead(child)
    child.involvements.filter(agency=agency).update(ended_on=datetime.date(2026, 7, 20))
    _record(police_officer(), child)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_domestic_abuse_concern_from_another_agency_tells_no_school(friday_evening: None) -> None:
    child = ChildFactory()
    school_with_lead(child)
    health_visitor = staff_user(Role.PRACTITIONER)
    _record(health_visitor, child)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_another_kind_of_police_concern_tells_no_school(friday_evening: None) -> None:
    child = ChildFactory()
    school_with_lead(child)
    _record(police_officer(), child, category=ConcernCategory.MISSING)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_school_without_a_lead_is_named_in_the_audit_event(friday_evening: None) -> None:
    child = ChildFactory()
    no_lead = school("Quay Academy")
    InvolvementFactory(child=child, practitioner=StaffMemberFactory(agency=no_lead))
    concern = _record(police_officer(), child)
    assert not Notification.objects.exists()
    event = AuditEvent.objects.get(object_id=str(concern.pk), details__encompass=True)
    assert event.details["schools_without_lead"] == [no_lead.pk]


@pytest.mark.django_db
def test_the_schools_lead_reads_the_concern_though_not_the_practitioner_involved(
    friday_evening: None,
) -> None:
    from childtrust.safeguarding import access

    child = ChildFactory()
    _agency, lead = school_with_lead(child)
    concern = _record(police_officer(), child)
    assert access.can_read_concern(lead, concern)
    # A colleague at the school who is not its lead sees only that a concern exists.
    colleague = staff_user(Role.PRACTITIONER, agency=_agency)
    assert not access.can_read_concern(colleague, concern)


@pytest.mark.django_db
def test_the_email_goes_on_commit_when_email_is_configured(
    friday_evening: None, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.SAFEGUARDING_EMAIL_NOTIFICATIONS = True  # type: ignore[attr-defined]
    child = ChildFactory()
    _agency, lead = school_with_lead(child)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # type: ignore[operator]
        _record(police_officer(), child)
        assert not mail.outbox  # not sent by the request's transaction
    assert callbacks
    assert [m.to for m in mail.outbox] == [[lead.email]]
    assert child.given_name not in mail.outbox[0].body
    assert Notification.objects.get(recipient=lead).emailed_at is not None


@pytest.mark.django_db
def test_a_school_whose_lead_has_left_is_reported_as_without_a_lead(friday_evening: None) -> None:
    from childtrust.safeguarding.selectors.concerns import encompass_outcome

    child = ChildFactory()
    agency, lead = school_with_lead(child)
    lead.staff_member.is_active = False
    lead.staff_member.save()
    concern = _record(police_officer(), child)
    assert not Notification.objects.exists()
    event = AuditEvent.objects.get(object_id=str(concern.pk), details__encompass=True)
    assert event.details["schools_without_lead"] == [agency.pk]
    outcome = encompass_outcome(concern)
    assert (outcome.told, outcome.without_lead) == ([], [agency])


@pytest.mark.django_db
def test_a_restricted_police_concern_asks_the_school_to_contact_the_police_and_names_no_category(
    friday_evening: None, settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.SAFEGUARDING_EMAIL_NOTIFICATIONS = True  # type: ignore[attr-defined]
    child = ChildFactory()
    _agency, lead = school_with_lead(child)
    officer = police_officer()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        concern_record(
            actor=officer,
            child=child,
            agency=officer.staff_member.agency,
            category=ConcernCategory.DOMESTIC_ABUSE,
            severity=Severity.HIGH,
            occurred_at=FRIDAY_EVENING - datetime.timedelta(hours=1),
            summary="The mother asked that the school not be told what happened.",
            sensitivity=ConcernSensitivity.RESTRICTED,
        )

    notification = Notification.objects.get(recipient=lead)
    # Encompass's timing, but not its kind, whose name says domestic abuse.
    assert notification.due_by == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=LONDON)
    assert notification.kind == NotificationKind.INFORMATION_REQUEST
    assert notification.subject == (
        f"The police ask you to contact them about child {child.reference}: "
        "to read before the school day"
    )
    (email,) = mail.outbox
    assert "domestic" not in (email.subject + email.body).lower()
    page = signed_in(lead).get("/safeguarding/notifications/")
    assert page.status_code == 200
    assert "domestic abuse" not in page.content.decode().lower()
