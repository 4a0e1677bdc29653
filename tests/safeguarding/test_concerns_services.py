"""Recording a concern (who may, bad input, one audit event, alerts checked) and who reads it in
full, at the service and in the access functions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from childtrust.accounts.models import Role
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.safeguarding import access
from childtrust.safeguarding.models import (
    Alert,
    Concern,
    ConcernCategory,
    ConcernSensitivity,
    ConcernSource,
    DesignatedLead,
    Severity,
)
from childtrust.safeguarding.services.alert_rules import alert_rules_defaults_ensure
from childtrust.safeguarding.services.concerns import (
    DUPLICATE_REFERENCE,
    concern_record,
    designated_lead_set,
)
from tests.children.factories import (
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    ShieldedChildFactory,
    involved_user,
    staff_user,
)
from tests.factories import AgencyFactory, StaffMemberFactory, UserFactory
from tests.safeguarding.factories_concerns import ConcernFactory, RestrictedConcernFactory

pytestmark = pytest.mark.django_db


def _record(actor: Any, child: Any, **changes: Any) -> Concern:
    fields: dict[str, Any] = {
        "actor": actor,
        "child": child,
        "agency": actor.staff_member.agency,
        "category": ConcernCategory.NEGLECT,
        "severity": Severity.MEDIUM,
        "occurred_at": timezone.now() - datetime.timedelta(hours=3),
        "summary": "The child was left alone at home overnight.",
    }
    fields.update(changes)
    return concern_record(**fields)


# --- Who may record ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER, Role.FRONT_DOOR])
def test_a_role_that_records_concerns_may_record_one_without_working_with_the_child(
    role: Role,
) -> None:
    actor = staff_user(role)
    concern = _record(actor, ChildFactory())
    assert concern.agency == actor.staff_member.agency
    assert concern.recorded_by_staff == actor.staff_member
    assert concern.source == ConcernSource.SERVICE


@pytest.mark.parametrize(
    "role",
    [Role.PARTNERSHIP_ADMIN, Role.DATA_PROTECTION_LEAD, Role.AUDITOR, Role.STRATEGIC_LEAD],
)
def test_a_role_that_does_not_record_concerns_is_refused(role: Role) -> None:
    actor = staff_user(role)
    with pytest.raises(PermissionDenied):
        _record(actor, ChildFactory())
    assert not Concern.objects.exists()


def test_a_practitioner_without_a_staff_record_is_refused() -> None:
    actor = UserFactory(role=Role.PRACTITIONER)
    child = ChildFactory()
    with pytest.raises(PermissionDenied):
        concern_record(
            actor=actor,
            child=child,
            agency=AgencyFactory(),
            category=ConcernCategory.NEGLECT,
            severity=Severity.LOW,
            occurred_at=timezone.now(),
            summary="Seen hungry.",
        )


def test_a_practitioner_who_has_left_is_refused() -> None:
    actor = staff_user(Role.PRACTITIONER)
    actor.staff_member.is_active = False
    actor.staff_member.save()
    with pytest.raises(PermissionDenied):
        _record(actor, ChildFactory())


def test_a_shielded_child_they_may_not_know_of_is_refused() -> None:
    actor = staff_user(Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        _record(actor, ShieldedChildFactory())


def test_a_shielded_child_they_work_with_may_have_a_concern_recorded() -> None:
    actor, child = involved_user(Role.PRACTITIONER, ShieldedChildFactory())
    assert _record(actor, child).pk is not None


# --- Bad input ---------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_and_nothing_is_written() -> None:
    actor = staff_user(Role.PRACTITIONER)
    with pytest.raises(ValidationError) as refused:
        _record(
            actor,
            ChildFactory(),
            agency=AgencyFactory(),
            category="weather",
            severity="dreadful",
            occurred_at=timezone.now() + datetime.timedelta(days=1),
            summary="   ",
        )
    assert set(refused.value.message_dict) == {
        "agency",
        "category",
        "severity",
        "occurred_at",
        "summary",
    }
    assert not Concern.objects.exists()
    assert not AuditEvent.objects.filter(object_type="safeguarding.concern").exists()


def test_a_time_without_a_zone_is_refused() -> None:
    actor = staff_user(Role.PRACTITIONER)
    with pytest.raises(ValidationError) as refused:
        _record(actor, ChildFactory(), occurred_at=datetime.datetime(2026, 12, 1, 9, 0))
    assert "time zone" in refused.value.message_dict["occurred_at"][0]


def test_the_same_reference_twice_from_one_agency_is_refused() -> None:
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    _record(actor, child, external_reference="POL-1")
    with pytest.raises(ValidationError) as refused:
        _record(actor, child, external_reference="POL-1")
    assert "external_reference" in refused.value.message_dict
    assert Concern.objects.count() == 1


def test_a_concern_is_recorded_with_one_audit_event_that_does_not_hold_the_summary() -> None:
    actor = staff_user(Role.PRACTITIONER)
    concern = _record(actor, ChildFactory(), significant=True)
    events = AuditEvent.objects.filter(
        object_type="safeguarding.concern", object_id=str(concern.pk)
    )
    assert [e.action for e in events] == [AuditAction.CREATE]
    assert "summary" not in events[0].details
    assert events[0].details["significant"] is True


def test_alerts_are_checked_as_the_concern_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Concern] = []
    monkeypatch.setattr("childtrust.safeguarding.services.concerns.alerts_for_concern", seen.append)
    concern = _record(staff_user(Role.PRACTITIONER), ChildFactory())
    assert seen == [concern]


def test_two_sent_at_once_with_one_reference_meet_the_constraint_and_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second's check ran before the first was saved: the database's constraint refuses it.
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    _record(actor, child, external_reference="POL-2")
    monkeypatch.setattr(
        "childtrust.safeguarding.services.concerns._reference_problem", lambda *_: ""
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        _record(actor, child, external_reference="POL-2")
    assert refused.value.message_dict == {"external_reference": [DUPLICATE_REFERENCE]}
    assert Concern.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_concern_records_who_recorded_it_and_its_audit_event_says_what_it_is() -> None:
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    concern = _record(actor, child, sensitivity=ConcernSensitivity.RESTRICTED)
    concern.refresh_from_db()
    assert (concern.created_by, concern.modified_by) == (actor, actor)
    assert concern.recorded_by_staff == actor.staff_member
    event = AuditEvent.objects.get(object_type="safeguarding.concern", object_id=str(concern.pk))
    assert (event.actor, event.action) == (actor, AuditAction.CREATE)
    assert event.details == {
        "child": child.reference,
        "agency": actor.staff_member.agency.pk,
        "category": ConcernCategory.NEGLECT,
        "severity": Severity.MEDIUM,
        "significant": False,
        "restricted": True,
        "source": ConcernSource.SERVICE,
    }


# --- What a concern costs the database ---------------------------------------------------------

# A second concern about a child that raises no alert, with the partnership's default rules: the
# concern's insert, its audit event (the chain's head read, the event, the head moved), the rules
# and the child's concerns and plan read for alerts, five savepoints, and the look for the same
# form sent twice. full_clean used to read again the child, agency, recorder and user (twice)
# already checked, and the reference's constraint: 21 in all.
STATEMENTS_PER_CONCERN = 14


def test_a_concern_is_recorded_without_reading_again_what_was_checked() -> None:
    alert_rules_defaults_ensure()
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    _record(actor, child)  # the audit chain's head, made on the first event
    with CaptureQueriesContext(connection) as statements:
        _record(actor, child)
    sent = [statement["sql"] for statement in statements.captured_queries]
    assert len(sent) <= STATEMENTS_PER_CONCERN, "\n".join(sent)
    assert Concern.objects.filter(child=child).count() == 2
    assert not Alert.objects.exists()
    rereads = [
        sql
        for sql in sent
        for table in ("accounts_user", "children_child", "partnership_")
        if f'FROM "{table}' in sql
    ]
    assert rereads == []


# --- Who reads it in full ----------------------------------------------------------------------


def test_those_working_with_the_child_read_a_concern_in_full() -> None:
    reader, child = involved_user(Role.PRACTITIONER)
    assert access.can_read_concern(reader, ConcernFactory(child=child))


def test_a_practitioner_not_working_with_the_child_sees_only_that_it_exists() -> None:
    concern = ConcernFactory()
    assert not access.can_read_concern(staff_user(Role.PRACTITIONER), concern)


def test_the_recorder_reads_their_own_concern_without_working_with_the_child() -> None:
    actor = staff_user(Role.PRACTITIONER)
    concern = _record(actor, ChildFactory())
    assert access.can_read_concern(actor, concern)


def test_a_restricted_concern_is_read_only_by_its_own_agency_and_the_front_door() -> None:
    other_agency_reader, child = involved_user(Role.PRACTITIONER)
    concern = RestrictedConcernFactory(child=child)
    own_agency_reader = staff_user(Role.PRACTITIONER, agency=concern.agency)
    own_agency_stranger = staff_user(Role.PRACTITIONER, agency=concern.agency)
    involved_user(Role.PRACTITIONER, child)  # someone else working with the child
    InvolvementFactory(child=child, practitioner=own_agency_reader.staff_member)
    assert not access.can_read_concern(other_agency_reader, concern)
    assert access.can_read_concern(own_agency_reader, concern)
    assert not access.can_read_concern(own_agency_stranger, concern)  # no relationship
    assert access.can_read_concern(staff_user(Role.FRONT_DOOR), concern)


def test_break_glass_reads_a_shielded_childs_concern_but_not_a_restricted_one() -> None:
    child = ShieldedChildFactory()
    manager = staff_user(Role.TEAM_MANAGER)
    BreakGlassFactory(child=child, user=manager)
    assert access.can_read_concern(manager, ConcernFactory(child=child))
    assert not access.can_read_concern(manager, RestrictedConcernFactory(child=child))


def test_opening_a_concern_is_audited_and_says_whether_the_detail_was_shown() -> None:
    concern = ConcernFactory()
    reader = staff_user(Role.PRACTITIONER)
    shown = access.concern_for_user(reader, concern.pk, purpose="Look")
    assert not shown.full
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(concern.pk))
    assert event.details == {"child": concern.child.reference, "details_shown": False}


def test_a_shielded_childs_concern_is_not_found_by_those_who_may_not_know_the_child() -> None:
    concern = ConcernFactory(child=ShieldedChildFactory())
    with pytest.raises(Http404):
        access.concern_for_user(staff_user(Role.PRACTITIONER), concern.pk, purpose="Look")


def test_a_role_that_does_not_find_children_finds_no_concern() -> None:
    concern = ConcernFactory()
    with pytest.raises(Http404):
        access.concern_for_user(UserFactory(role=Role.FINANCE_OFFICER), concern.pk, purpose="x")


# --- Designated safeguarding leads -------------------------------------------------------------


def test_an_administrator_names_a_lead_and_deputy_of_the_agencys_own_staff() -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    agency = AgencyFactory()
    lead, deputy = StaffMemberFactory(agency=agency), StaffMemberFactory(agency=agency)
    designated_lead_set(actor=admin, agency=agency, staff=lead, deputy=deputy)
    assert DesignatedLead.objects.get(agency=agency).deputy == deputy
    designated_lead_set(actor=admin, agency=agency, staff=None)
    assert not DesignatedLead.objects.exists()


def test_a_lead_from_another_agency_or_a_deputy_who_is_the_lead_is_refused() -> None:
    admin = UserFactory(role=Role.PARTNERSHIP_ADMIN)
    agency = AgencyFactory()
    outsider = StaffMemberFactory()
    with pytest.raises(ValidationError) as refused:
        designated_lead_set(actor=admin, agency=agency, staff=outsider, deputy=outsider)
    assert set(refused.value.message_dict) == {"staff", "deputy"}
    assert not DesignatedLead.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.FRONT_DOOR, Role.TEAM_MANAGER])
def test_only_an_administrator_names_leads(role: Role) -> None:
    agency = AgencyFactory()
    with pytest.raises(PermissionDenied):
        designated_lead_set(
            actor=staff_user(role), agency=agency, staff=StaffMemberFactory(agency=agency)
        )


def test_the_sensitivity_stored_is_the_one_given() -> None:
    concern = _record(
        staff_user(Role.PRACTITIONER),
        ChildFactory(),
        sensitivity=ConcernSensitivity.RESTRICTED,
    )
    assert concern.sensitivity == ConcernSensitivity.RESTRICTED


# --- The same form sent twice ------------------------------------------------------------------


def test_the_same_concern_sent_again_at_once_is_the_one_already_recorded() -> None:
    """A double click or a reloaded page: the alert rules would count a second concern."""
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    when = timezone.now() - datetime.timedelta(hours=3)
    first = _record(actor, child, occurred_at=when)
    events = AuditEvent.objects.count()

    again = _record(actor, child, occurred_at=when)

    assert again == first
    assert Concern.objects.filter(child=child).count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "second_time",
    ["in other words", "more severe", "an hour later", "by a colleague", "after eleven minutes"],
)
def test_a_concern_in_other_words_or_by_another_or_later_is_another_concern(
    second_time: str,
) -> None:
    actor = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    when = timezone.now() - datetime.timedelta(hours=3)
    _record(actor, child, occurred_at=when)
    changes: dict[str, Any] = {"occurred_at": when}
    if second_time == "in other words":
        changes["summary"] = "The child was left alone at home again."
    elif second_time == "more severe":
        changes["severity"] = Severity.HIGH
    elif second_time == "an hour later":
        changes["occurred_at"] = when + datetime.timedelta(hours=1)
    elif second_time == "by a colleague":
        actor = staff_user(Role.PRACTITIONER, agency=actor.staff_member.agency)
    else:
        Concern.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))

    _record(actor, child, **changes)

    assert Concern.objects.filter(child=child).count() == 2
