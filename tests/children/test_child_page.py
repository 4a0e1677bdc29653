"""The child's page and its forms, over HTTP: what each reader sees and why, the limited view,
shielding and break glass, involvement and sharing forms, the access log, and the data
protection lead's review pages; the attacker's tests (no details by URL, no access log, a
shielded child 404, an expired break glass nothing); one audit event per view."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children.models import (
    BreakGlass,
    ConsentOutcome,
    Involvement,
    LawfulBasis,
    Sensitivity,
    SharingDecision,
)
from childtrust.core.dates import date_time_text
from tests.children.factories import (
    EMERGENCY_REASON,
    AgencyRecordFactory,
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    SharingDecisionFactory,
    ShieldedChildFactory,
    involved_user,
    signed_in,
    staff_user,
)
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _views(child: object) -> int:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW,
        object_type="children.child",
        object_id=str(child.pk),  # type: ignore[attr-defined]
    ).count()


def _page(child: object) -> str:
    return f"/children/{child.reference}/"  # type: ignore[attr-defined]


# --- Seeing a child ----------------------------------------------------------------------------


def test_an_involved_practitioner_sees_records_involvement_and_why() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Amara", family_name="Okafor")
    InvolvementFactory(child=child, practitioner=user.staff_member, role="School nurse")
    AgencyRecordFactory(
        child=child, record_id="SCH-77", given_name="Amarah", match_probability=0.97
    )
    response = signed_in(user).get(_page(child))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Amara Okafor" in text
    assert "SCH-77" in text
    assert "Amarah" in text
    assert "97%" in text
    assert "School nurse" in text
    assert "because you are involved with the child" in text
    assert _views(child) == 1


def test_a_practitioner_without_a_relationship_sees_only_that_the_child_is_known() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory(given_name="Amara", family_name="Okafor")
    worker = StaffMemberFactory(given_name="Rhiannon", family_name="Price")
    InvolvementFactory(child=child, practitioner=worker, role="Key worker", contact="023 8011 2233")
    AgencyRecordFactory(child=child, record_id="SCH-77")
    response = signed_in(user).get(_page(child))
    text = response.content.decode()
    assert "This child is known to the partnership" in text
    assert "Rhiannon Price" in text
    assert "023 8011 2233" in text
    assert "Amara" not in text
    assert "Okafor" not in text
    assert "SCH-77" not in text
    assert "14 May 2016" not in text
    assert _views(child) == 1


def test_the_limited_view_leaves_out_a_sensitive_involvement() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    clinic = StaffMemberFactory(given_name="Sable", family_name="Clinic")
    InvolvementFactory(child=child, practitioner=clinic, sensitivity=Sensitivity.SEXUAL_HEALTH)
    text = signed_in(user).get(_page(child)).content.decode()
    assert "Sable" not in text


def test_a_sensitive_involvement_is_hidden_from_the_involved_page_without_consent() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    clinic = StaffMemberFactory(given_name="Sable", family_name="Clinic")
    sensitive = InvolvementFactory(
        child=child, practitioner=clinic, sensitivity=Sensitivity.MENTAL_HEALTH, role="CAMHS"
    )
    AgencyRecordFactory(child=child, agency=clinic.agency, record_id="CAMHS-1")
    SharingDecisionFactory(
        child=child,
        involvement=sensitive,
        outcome=ConsentOutcome.REFUSED,
        shared_with="CAMHS refusal",
    )
    text = signed_in(user).get(_page(child)).content.decode()
    assert "Sable" not in text
    assert "CAMHS" not in text
    SharingDecisionFactory(child=child, involvement=sensitive, outcome=ConsentOutcome.GIVEN)
    text = signed_in(user).get(_page(child)).content.decode()
    assert "Sable" in text
    assert "CAMHS-1" in text


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_open_a_child_page_without_a_relationship(role: str) -> None:
    user = staff_user(role)
    child = ChildFactory(given_name="Amara")
    response = signed_in(user).get(_page(child))
    if role == Role.FRONT_DOOR:
        assert "Amara" in response.content.decode()
    elif role in {
        Role.PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.PARTNERSHIP_ADMIN,
        Role.DATA_PROTECTION_LEAD,
    }:
        assert response.status_code == 200
        assert "known to the partnership" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_shielded_child_is_404_but_to_those_who_may_break_glass_or_shield(role: str) -> None:
    user = staff_user(role)
    child = ShieldedChildFactory(given_name="Amara")
    response = signed_in(user).get(_page(child))
    text = response.content.decode()
    assert "Amara" not in text
    if role in {Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.DATA_PROTECTION_LEAD}:
        assert "This record is shielded" in text
        assert ("Break glass" in text) is (role != Role.DATA_PROTECTION_LEAD)
    elif role in {Role.PRACTITIONER, Role.PARTNERSHIP_ADMIN}:
        assert response.status_code == 404
    else:
        assert response.status_code == 403


def test_break_glass_by_form_shows_the_details_until_it_expires() -> None:
    user = staff_user(Role.TEAM_MANAGER)
    child = ShieldedChildFactory(given_name="Amara")
    client = signed_in(user)
    refused = client.post(
        f"/children/{child.reference}/break-glass/", {"reason": "now", "hours": "4"}
    )
    assert "Error: " in refused.content.decode()
    assert "at least a sentence" in refused.content.decode()
    assert not BreakGlass.objects.exists()
    done = client.post(
        f"/children/{child.reference}/break-glass/", {"reason": EMERGENCY_REASON, "hours": "4"}
    )
    assert done.status_code == 302
    text = client.get(_page(child)).content.decode()
    assert "Amara" in text
    until = date_time_text(BreakGlass.objects.get().expires_at)
    assert f"through break glass until {until}. Every view" in text
    glass = BreakGlass.objects.get()
    glass.started_at -= datetime.timedelta(hours=5)
    glass.expires_at -= datetime.timedelta(hours=5)
    glass.save()
    text = client.get(_page(child)).content.decode()
    assert "Amara" not in text
    assert "This record is shielded" in text


def test_an_expired_break_glass_shows_nothing() -> None:
    user = staff_user(Role.FRONT_DOOR)
    past = timezone.now() - datetime.timedelta(hours=9)
    glass = BreakGlassFactory(user=user, started_at=past, child__given_name="Amara")
    text = signed_in(user).get(_page(glass.child)).content.decode()
    assert "Amara" not in text


def test_a_practitioner_may_not_break_glass() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ShieldedChildFactory()
    response = signed_in(user).post(
        f"/children/{child.reference}/break-glass/", {"reason": EMERGENCY_REASON, "hours": "4"}
    )
    assert response.status_code == 403
    assert not BreakGlass.objects.exists()


def test_an_unknown_reference_is_404() -> None:
    assert signed_in(staff_user(Role.FRONT_DOOR)).get("/children/CT-999999/").status_code == 404


# --- The access log ----------------------------------------------------------------------------


def test_the_lead_professional_sees_who_has_viewed_the_child() -> None:
    lead = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=lead.staff_member, is_lead_professional=True)
    nosy = staff_user(Role.FRONT_DOOR, given_name="Nora", family_name="Nosy")
    nosy.first_name, nosy.last_name = "Nora", "Nosy"
    nosy.save()
    signed_in(nosy).get(_page(child))
    text = signed_in(lead).get(_page(child)).content.decode()
    assert "Who has viewed this child" in text
    assert "Nora Nosy" in text
    log = signed_in(lead).get(f"/children/{child.reference}/access-log/")
    assert log.status_code == 200
    assert "Nora Nosy" in log.content.decode()


def test_an_involved_practitioner_who_is_not_lead_cannot_read_the_access_log() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    assert "Who has viewed" not in signed_in(user).get(_page(child)).content.decode()
    assert signed_in(user).get(f"/children/{child.reference}/access-log/").status_code == 403


def test_a_practitioner_without_a_relationship_cannot_read_a_shielded_access_log() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ShieldedChildFactory()
    assert signed_in(user).get(f"/children/{child.reference}/access-log/").status_code == 404


def test_the_data_protection_lead_reads_any_childs_access_log_audited() -> None:
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    child = ShieldedChildFactory()
    response = signed_in(dpl).get(f"/children/{child.reference}/access-log/")
    assert response.status_code == 200
    assert AuditEvent.objects.get(object_id=str(child.pk)).details == {"access_log": True}


# --- Involvement and sharing forms -------------------------------------------------------------


def test_a_practitioner_adds_their_involvement_through_the_form() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    client = signed_in(user)
    url = f"/children/{child.reference}/involvements/add/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "practitioner": user.staff_member.pk,
            "role": "",
            "started_on_day": "31",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
    )
    text = bad.content.decode()
    assert "Error: " in text
    assert "Enter the role" in text
    assert "must be a real date" in text
    today = timezone.localdate()
    good = client.post(
        url,
        {
            "practitioner": user.staff_member.pk,
            "role": "Mentor",
            "started_on_day": today.day,
            "started_on_month": today.month,
            "started_on_year": today.year,
            "contact": "023 8000 4444",
        },
    )
    assert good.status_code == 302
    assert Involvement.objects.filter(child=child, role="Mentor").exists()


def test_a_practitioner_without_a_relationship_cannot_open_the_involvement_form() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    assert signed_in(user).get(f"/children/{child.reference}/involvements/add/").status_code == 403


def test_ending_and_appointing_through_the_pages() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    first = InvolvementFactory(child=child, is_lead_professional=True)
    second = InvolvementFactory(child=child)
    client = signed_in(front_door)
    assert (
        client.post(f"/children/{child.reference}/involvements/{second.pk}/lead/").status_code
        == 302
    )
    first.refresh_from_db()
    assert not first.is_lead_professional
    today = timezone.localdate()
    response = client.post(
        f"/children/{child.reference}/involvements/{first.pk}/end/",
        {"ended_on_day": today.day, "ended_on_month": today.month, "ended_on_year": today.year},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.ended_on == today


def test_a_colleague_cannot_end_anothers_involvement_by_url() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    other = InvolvementFactory(child=child)
    response = signed_in(user).post(f"/children/{child.reference}/involvements/{other.pk}/end/", {})
    assert response.status_code == 403


def test_an_override_through_the_form_needs_its_reason_and_reaches_the_review_page() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    url = f"/children/{child.reference}/sharing/add/"
    today = timezone.localdate()
    data = {
        "what_shared": "School attendance",
        "shared_with": "Police",
        "purpose": "s47",
        "lawful_basis": "public_task",
        "outcome": "overridden",
        "decided_on_day": today.day,
        "decided_on_month": today.month,
        "decided_on_year": today.year,
    }
    refused = signed_in(user).post(url, data)
    assert "Enter why consent was overridden" in refused.content.decode()
    assert not SharingDecision.objects.exists()
    assert (
        signed_in(user).post(url, data | {"override_reason": "Risk of flight"}).status_code == 302
    )
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    listing = signed_in(dpl).get("/children/access/consent-overrides/").content.decode()
    assert "Risk of flight" in listing
    decision = SharingDecision.objects.get()
    reviewed = signed_in(dpl).post(
        f"/children/access/consent-overrides/{decision.pk}/", {"note": "Fine"}
    )
    assert reviewed.status_code == 302
    decision.refresh_from_db()
    assert decision.reviewed_by == dpl


# --- Shielding and the data protection lead's pages ------------------------------------------


def test_the_front_door_shields_a_child_through_the_form() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    client = signed_in(user)
    assert (
        "Enter the reason"
        in client.post(f"/children/{child.reference}/shield/", {}).content.decode()
    )
    assert (
        client.post(f"/children/{child.reference}/shield/", {"reason": "Court order"}).status_code
        == 302
    )
    child.refresh_from_db()
    assert child.shielded


def test_a_reason_to_shield_longer_than_the_record_keeps_is_refused_on_its_field() -> None:
    child = ChildFactory()
    client = signed_in(staff_user(Role.FRONT_DOOR))
    page = client.post(f"/children/{child.reference}/shield/", {"reason": "x" * 501})
    assert page.status_code == 200
    assert "The reason must be 500 characters or fewer" in page.content.decode()
    child.refresh_from_db()
    assert not child.shielded


def test_a_practitioner_may_not_shield() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    assert (
        signed_in(user).post(f"/children/{child.reference}/shield/", {"reason": "x"}).status_code
        == 403
    )


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_data_protection_lead_opens_the_review_pages(role: str) -> None:
    user = staff_user(role)
    glass = BreakGlassFactory()
    client = signed_in(user)
    statuses = {
        client.get("/children/access/break-glass/").status_code,
        client.get(f"/children/access/break-glass/{glass.pk}/").status_code,
        client.get("/children/access/consent-overrides/").status_code,
    }
    assert statuses == ({200} if role == Role.DATA_PROTECTION_LEAD else {403})


def test_break_glass_events_unreviewed_first_and_reviewed_with_a_note() -> None:
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    old = BreakGlassFactory(reason="An older emergency about a missing child tonight.")
    BreakGlassFactory(
        reason="A reviewed one from before, about a missing child.",
        reviewed_at=timezone.now(),
        reviewed_by=dpl,
        review_note="ok",
    )
    client = signed_in(dpl)
    text = client.get("/children/access/break-glass/").content.decode()
    assert text.index("An older emergency") < text.index("A reviewed one")
    refused = client.post(f"/children/access/break-glass/{old.pk}/", {"note": ""})
    assert "Enter your review note" in refused.content.decode()
    assert (
        client.post(f"/children/access/break-glass/{old.pk}/", {"note": "Justified"}).status_code
        == 302
    )
    old.refresh_from_db()
    assert old.review_note == "Justified"


def test_the_data_protection_leads_pages_record_each_reading() -> None:
    """The reasons for break glass and what was shared without consent are about children: the
    lists write one event naming what they showed, a review page one for the event it shows."""
    glass = BreakGlassFactory()
    decision = SharingDecisionFactory(
        outcome=ConsentOutcome.OVERRIDDEN,
        override_reason="Risk",
        lawful_basis=LawfulBasis.VITAL_INTERESTS,
    )
    client = signed_in(staff_user(Role.DATA_PROTECTION_LEAD))
    views = AuditEvent.objects.filter(action=AuditAction.VIEW)
    assert client.get("/children/access/break-glass/").status_code == 200
    listed = views.get(object_type="children.breakglass")
    assert listed.details["shown"] == [glass.pk]
    assert client.get("/children/access/consent-overrides/").status_code == 200
    listed = views.get(object_type="children.sharingdecision")
    assert listed.details["shown"] == [decision.pk]
    assert client.get(f"/children/access/break-glass/{glass.pk}/").status_code == 200
    assert views.filter(object_type="children.breakglass", object_id=str(glass.pk)).count() == 1
    assert client.get(f"/children/access/consent-overrides/{decision.pk}/").status_code == 200
    assert (
        views.filter(object_type="children.sharingdecision", object_id=str(decision.pk)).count()
        == 1
    )


def test_the_home_page_tells_the_data_protection_lead_what_waits_for_review() -> None:
    BreakGlassFactory()
    SharingDecisionFactory(outcome=ConsentOutcome.OVERRIDDEN, override_reason="Risk")
    text = signed_in(staff_user(Role.DATA_PROTECTION_LEAD)).get("/").content.decode()
    assert "1 break-glass event to review" in text
    assert "1 consent override to review" in text
    other = signed_in(staff_user(Role.FRONT_DOOR)).get("/").content.decode()
    assert "break-glass event to review" not in other


def test_the_audit_log_names_children_by_reference_and_involvements_without_the_agency() -> None:
    user, child = involved_user(Role.PRACTITIONER, ChildFactory(given_name="Amara"))
    client = signed_in(user)
    client.get(_page(child))
    today = timezone.localdate()
    client.post(
        f"/children/{child.reference}/involvements/add/",
        {
            "practitioner": user.staff_member.pk,
            "role": "Mentor",
            "started_on_day": today.day,
            "started_on_month": today.month,
            "started_on_year": today.year,
        },
    )
    text = signed_in(staff_user(Role.AUDITOR)).get("/audit/").content.decode()
    assert f'href="/children/{child.reference}/"' in text
    assert f"An involvement with {child.reference}" in text
    assert "Amara" not in text
    assert user.staff_member.agency.name not in text


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_open_the_involvement_and_sharing_forms_of_a_child_they_work_with(
    role: str,
) -> None:
    """Those who record involvement may, once involved; the other roles never."""
    user, child = involved_user(role)
    client = signed_in(user)
    statuses = {
        client.get(f"/children/{child.reference}/involvements/add/").status_code,
        client.get(f"/children/{child.reference}/sharing/add/").status_code,
    }
    working = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR}
    assert statuses == ({200} if role in working else {403})


def test_a_shielded_notice_writes_one_audit_event_and_no_details() -> None:
    user = staff_user(Role.TEAM_MANAGER)
    child = ShieldedChildFactory()
    signed_in(user).get(_page(child))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(child.pk))
    assert event.details["details_shown"] is False
    assert event.details["shielded"] is True


def test_every_form_page_renders_and_a_change_is_saved() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    involvement = InvolvementFactory(child=child, role="Key worker")
    client = signed_in(front_door)
    base = f"/children/{child.reference}"
    for path in ("change", "end", "lead"):
        assert client.get(f"{base}/involvements/{involvement.pk}/{path}/").status_code == 200
    assert client.get(f"{base}/shield/").status_code == 200
    assert client.get(f"{base}/access-log/").status_code == 403
    started = involvement.started_on
    response = client.post(
        f"{base}/involvements/{involvement.pk}/change/",
        {
            "role": "Senior key worker",
            "contact": "023 8000 9999",
            "started_on_day": started.day,
            "started_on_month": started.month,
            "started_on_year": started.year,
        },
    )
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert involvement.role == "Senior key worker"
    shielded = ShieldedChildFactory()
    assert client.get(f"/children/{shielded.reference}/break-glass/").status_code == 200
    assert client.get(f"/children/{child.reference}/break-glass/").status_code == 404
