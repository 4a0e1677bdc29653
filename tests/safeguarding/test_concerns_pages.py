"""The pages of concerns: record one (who may, every error at once, nothing half-written, the
confirmation of what happens next), open one as the reader may see it, and name designated
safeguarding leads."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding.models import Concern, ConcernSensitivity, DesignatedLead
from tests.children.factories import (
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    involved_user,
    signed_in,
    staff_user,
)
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.safeguarding.factories_concerns import (
    ConcernFactory,
    RestrictedConcernFactory,
    police_officer,
    school,
    school_with_lead,
)

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _url(child: Any) -> str:
    return reverse("safeguarding:concern_record", kwargs={"child_id": child.reference})


def _form(**changes: str) -> dict[str, str]:
    data = {
        "category": "neglect",
        "severity": "medium",
        "occurred_at_day": str(YESTERDAY.day),
        "occurred_at_month": str(YESTERDAY.month),
        "occurred_at_year": str(YESTERDAY.year),
        "occurred_hour": "14",
        "occurred_minute": "30",
        "summary": "Came to school hungry for the third day running.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_has_radios_a_date_and_time_and_the_restriction_with_its_hint() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    response = signed_in(user).get(_url(child))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'type="radio" value="domestic_abuse"' in text or 'value="domestic_abuse"' in text
    assert "govuk-date-input" in text
    assert "Restrict the detail to my agency" in text
    # No relationship: the page names the child by reference only.
    assert child.given_name not in text
    assert child.reference in text


def test_recording_a_concern_shows_what_happens_next() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    response = signed_in(user).post(_url(child), _form(significant="on"), follow=True)
    concern = Concern.objects.get()
    assert concern.significant
    assert concern.sensitivity == ConcernSensitivity.NONE
    local = timezone.localtime(concern.occurred_at)
    assert (local.date(), local.hour, local.minute) == (YESTERDAY, 14, 30)
    text = response.content.decode()
    assert "Concern recorded" in text
    assert "alert rules" in text
    assert "Operation Encompass" not in text


def test_a_police_domestic_abuse_concern_says_which_schools_are_told_and_which_cannot_be() -> None:
    officer = police_officer()
    child = ChildFactory()
    school_with_lead(child, name="Harbour Primary School")
    no_lead = school("Quay Academy")
    InvolvementFactory(child=child, practitioner=StaffMemberFactory(agency=no_lead))
    response = signed_in(officer).post(
        _url(child), _form(category="domestic_abuse", restricted="on"), follow=True
    )
    text = response.content.decode()
    assert "Harbour Primary School is told before the next school day" in text
    assert "Quay Academy has no designated safeguarding lead" in text
    assert Concern.objects.get().sensitivity == ConcernSensitivity.RESTRICTED


def test_every_error_is_shown_at_once_and_nothing_is_written() -> None:
    user = staff_user(Role.PRACTITIONER)
    response = signed_in(user).post(
        _url(ChildFactory()),
        _form(
            category="",
            severity="",
            occurred_at_day="31",
            occurred_at_month="2",
            occurred_hour="25",
            summary="",
        ),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<title>Error: " in text
    for message in (
        "Choose what kind of concern it is",
        "Choose how serious it is",
        "The date it happened must be a real date",
        "The time it happened must be a real time",
        "Enter what was seen or heard",
    ):
        assert message in text
    assert not Concern.objects.exists()


def test_a_date_in_the_future_is_refused_by_the_service_on_the_page() -> None:
    user = staff_user(Role.PRACTITIONER)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = signed_in(user).post(
        _url(ChildFactory()),
        _form(
            occurred_at_day=str(tomorrow.day),
            occurred_at_month=str(tomorrow.month),
            occurred_at_year=str(tomorrow.year),
        ),
    )
    assert "must be now or in the past" in response.content.decode()
    assert not Concern.objects.exists()


def test_a_missing_time_is_asked_for() -> None:
    response = signed_in(staff_user(Role.PRACTITIONER)).post(
        _url(ChildFactory()), _form(occurred_hour="", occurred_minute="")
    )
    assert "Enter the time it happened" in response.content.decode()


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ADMIN, Role.AUDITOR, Role.FINANCE_OFFICER])
def test_a_role_that_does_not_record_concerns_is_refused_the_page(role: Role) -> None:
    response = signed_in(staff_user(role)).post(_url(ChildFactory()), _form())
    assert response.status_code == 403
    assert not Concern.objects.exists()


def test_a_practitioner_without_a_staff_record_is_refused_the_page() -> None:
    response = signed_in(UserFactory(role=Role.PRACTITIONER)).get(_url(ChildFactory()))
    assert response.status_code == 403


def test_a_shielded_child_is_not_found() -> None:
    response = signed_in(staff_user(Role.PRACTITIONER)).get(_url(ShieldedChildFactory()))
    assert response.status_code == 404


# --- A concern's page ---------------------------------------------------------------------------


def test_a_reader_working_with_the_child_sees_the_summary() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    concern = ConcernFactory(child=child)
    text = signed_in(reader).get(reverse("safeguarding:concern", args=[concern.pk])).content
    assert concern.summary in text.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="safeguarding.concern", object_id=str(concern.pk)
    ).exists()


def test_a_practitioner_of_another_agency_cannot_read_a_restricted_concerns_summary() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    concern = RestrictedConcernFactory(
        child=child,
        agency=AgencyFactory(contact_name="Duty desk", contact_phone="023 8000 1111"),
    )
    response = signed_in(reader).get(reverse("safeguarding:concern", args=[concern.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert concern.summary not in text
    assert "Neglect" not in text
    assert "023 8000 1111" in text
    assert "A concern was recorded" in text


def test_the_confirmation_is_not_shown_to_those_who_may_not_read_the_concern() -> None:
    concern = ConcernFactory()
    response = signed_in(staff_user(Role.PRACTITIONER)).get(
        reverse("safeguarding:concern_recorded", args=[concern.pk])
    )
    assert response.status_code == 404


# --- Designated leads ---------------------------------------------------------------------------


def test_an_administrator_lists_agencies_and_names_a_schools_lead() -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    agency = school("Harbour Primary School", slug="harbour-primary")
    lead = StaffMemberFactory(agency=agency)
    client = signed_in(admin)
    listing = client.get(reverse("safeguarding:designated_leads")).content.decode()
    assert "police notifications cannot reach this school" in listing
    url = reverse("safeguarding:designated_lead_edit", args=["harbour-primary"])
    response = client.post(url, {"staff": str(lead.pk), "deputy": ""})
    assert response.status_code == 302
    assert DesignatedLead.objects.get(agency=agency).staff == lead


def test_a_lead_from_another_agency_is_refused_on_the_page() -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    agency = school("Harbour Primary School", slug="harbour-primary")
    outsider = StaffMemberFactory()
    response = signed_in(admin).post(
        reverse("safeguarding:designated_lead_edit", args=["harbour-primary"]),
        {"staff": str(outsider.pk)},
    )
    assert "Choose someone from the list" in response.content.decode()
    assert not DesignatedLead.objects.filter(agency=agency).exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FRONT_DOOR])
def test_others_may_not_name_leads(role: Role) -> None:
    school("Harbour Primary School", slug="harbour-primary")
    client = signed_in(staff_user(role))
    assert client.get(reverse("safeguarding:designated_leads")).status_code == 403
    url = reverse("safeguarding:designated_lead_edit", args=["harbour-primary"])
    assert client.post(url, {"staff": ""}).status_code == 403
