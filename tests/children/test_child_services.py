"""The child page's writes: involvement (add, change, end, the one lead professional), sharing
decisions (overrides need a reason), shielding, break glass and the data protection lead's
reviews, each with who may and who may not, nothing half-written, and one audit event each."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children import access
from childtrust.children.models import (
    BreakGlass,
    ConsentOutcome,
    Involvement,
    LawfulBasis,
    Sensitivity,
    SharingDecision,
)
from childtrust.children.services.involvement import (
    involvement_add,
    involvement_change,
    involvement_end,
    lead_professional_appoint,
)
from childtrust.children.services.sharing import consent_override_review, sharing_decision_record
from childtrust.children.services.shielding import (
    break_glass_review,
    break_glass_start,
    child_shield,
)
from tests.children.factories import (
    EMERGENCY_REASON,
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    SharingDecisionFactory,
    ShieldedChildFactory,
    involved_user,
    staff_user,
)
from tests.conftest import ALL_ROLES
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _add_own(user: User, child: object, **kw: object) -> Involvement:
    staff = user.staff_member
    return involvement_add(
        actor=user,
        child=child,  # type: ignore[arg-type]
        agency=staff.agency,
        practitioner=staff,
        role="Youth worker",
        started_on=TODAY,
        **kw,  # type: ignore[arg-type]
    )


# --- Involvement -------------------------------------------------------------------------------


def test_an_involved_practitioner_adds_their_own_second_involvement_audited() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    added = _add_own(user, child, contact="07700 900123")
    assert added.created_by == user
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(added.pk))
    assert event.details["child"] == child.reference


def test_the_audit_log_never_names_a_sensitive_involvements_service() -> None:
    """The log is append-only and its readers (auditors) may not see children's details: the
    events of a sensitive involvement (made, changed, ended) hold neither its role nor its
    agency, which would say what the child is seen for."""
    user, child = involved_user(Role.PRACTITIONER)
    agency = user.staff_member.agency
    agency.name = "Riverside sexual health clinic"
    agency.save()
    added = _add_own(user, child, sensitivity=Sensitivity.SEXUAL_HEALTH)
    involvement_change(
        actor=user,
        involvement=added,
        role="Contraception nurse",
        contact="",
        service=None,
        started_on=added.started_on,
    )
    involvement_end(actor=user, involvement=added, ended_on=TODAY)
    events = AuditEvent.objects.filter(object_type="children.involvement", object_id=str(added.pk))
    assert events.count() == 3
    for event in events:
        logged = f"{event.object_repr} {event.reason} {event.details}"
        assert "sexual health" not in logged.lower()
        assert "Youth worker" not in logged
        assert "Contraception" not in logged
        assert child.reference in event.object_repr


def test_a_practitioner_cannot_name_themselves_to_a_child_they_may_not_see() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    with pytest.raises(PermissionDenied):
        _add_own(user, child)
    assert not Involvement.objects.exists()


def test_a_line_manager_allocates_a_child_to_someone_they_manage() -> None:
    manager = staff_user(Role.TEAM_MANAGER)
    report = StaffMemberFactory(manager=manager.staff_member, agency=manager.staff_member.agency)
    child = ChildFactory()
    added = involvement_add(
        actor=manager,
        child=child,
        agency=report.agency,
        practitioner=report,
        role="Family support worker",
        started_on=TODAY,
    )
    assert added.practitioner == report


def test_a_line_manager_cannot_allocate_a_shielded_child_they_may_not_know() -> None:
    manager = staff_user(Role.TEAM_MANAGER)
    report = StaffMemberFactory(manager=manager.staff_member, agency=manager.staff_member.agency)
    with pytest.raises(PermissionDenied):
        involvement_add(
            actor=manager,
            child=ShieldedChildFactory(),
            agency=report.agency,
            practitioner=report,
            role="Family support worker",
            started_on=TODAY,
        )


def test_the_front_door_records_an_agency_with_no_one_named() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    other = StaffMemberFactory()
    added = involvement_add(
        actor=user,
        child=child,
        agency=other.agency,
        practitioner=None,
        role="School",
        started_on=TODAY,
    )
    assert added.practitioner is None


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_record_someone_elses_involvement(role: str) -> None:
    """Only the front door may name a practitioner they do not manage."""
    user = staff_user(role)
    child = ChildFactory()
    other = StaffMemberFactory()
    if role == Role.FRONT_DOOR:
        involvement_add(
            actor=user,
            child=child,
            agency=other.agency,
            practitioner=other,
            role="Key worker",
            started_on=TODAY,
        )
        assert Involvement.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            involvement_add(
                actor=user,
                child=child,
                agency=other.agency,
                practitioner=other,
                role="Key worker",
                started_on=TODAY,
            )
        assert not Involvement.objects.exists()


def test_bad_input_is_refused_with_every_message_and_nothing_written() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    other = StaffMemberFactory()
    elsewhere = StaffMemberFactory()
    with pytest.raises(ValidationError) as refused:
        involvement_add(
            actor=user,
            child=child,
            agency=elsewhere.agency,
            practitioner=other,
            role=" ",
            started_on=TODAY + datetime.timedelta(days=3),
        )
    assert set(refused.value.message_dict) == {"practitioner", "role", "started_on"}
    assert not Involvement.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_the_practitioner_changes_and_ends_their_own_involvement() -> None:
    user = staff_user(Role.PRACTITIONER)
    involvement = InvolvementFactory(practitioner=user.staff_member)
    changed = involvement_change(
        actor=user,
        involvement=involvement,
        role="Senior health visitor",
        contact="023 8000 1111",
        service=None,
        started_on=involvement.started_on,
    )
    assert changed == ["contact", "role"]
    involvement_end(actor=user, involvement=involvement, ended_on=TODAY)
    involvement.refresh_from_db()
    assert involvement.ended_on == TODAY
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 2


def test_an_involvement_cannot_end_before_it_started_or_twice() -> None:
    user = staff_user(Role.PRACTITIONER)
    involvement = InvolvementFactory(practitioner=user.staff_member)
    with pytest.raises(ValidationError):
        involvement_end(
            actor=user,
            involvement=involvement,
            ended_on=involvement.started_on - datetime.timedelta(days=1),
        )
    involvement_end(actor=user, involvement=involvement, ended_on=TODAY)
    with pytest.raises(ValidationError):
        involvement_end(actor=user, involvement=involvement, ended_on=TODAY)


def test_a_colleague_in_the_team_may_not_change_anothers_involvement() -> None:
    user = staff_user(Role.PRACTITIONER)
    colleague = StaffMemberFactory(team=user.staff_member.team)
    involvement = InvolvementFactory(practitioner=colleague)
    with pytest.raises(PermissionDenied):
        involvement_end(actor=user, involvement=involvement, ended_on=TODAY)


def test_the_lead_professional_is_replaced_never_doubled() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    first = InvolvementFactory(child=child, is_lead_professional=True)
    second = InvolvementFactory(child=child)
    lead_professional_appoint(actor=front_door, involvement=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_lead_professional, second.is_lead_professional) == (False, True)
    assert child.involvements.filter(is_lead_professional=True).count() == 1


def test_the_lead_professional_hands_over_but_a_stranger_may_not_appoint() -> None:
    lead = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=lead.staff_member, is_lead_professional=True)
    other = InvolvementFactory(child=child)
    stranger = staff_user(Role.PRACTITIONER)
    with pytest.raises(PermissionDenied):
        lead_professional_appoint(actor=stranger, involvement=other)
    lead_professional_appoint(actor=lead, involvement=other)
    other.refresh_from_db()
    assert other.is_lead_professional


def test_an_ended_involvement_cannot_hold_the_lead() -> None:
    front_door = staff_user(Role.FRONT_DOOR)
    involvement = InvolvementFactory(ended_on=TODAY)
    with pytest.raises(ValidationError):
        lead_professional_appoint(actor=front_door, involvement=involvement)


# --- Sharing decisions -------------------------------------------------------------------------


def _decide(user: User, child: object, **kw: object) -> SharingDecision:
    values: dict[str, object] = {
        "what_shared": "Attendance and the school nurse's contact",
        "shared_with": "Children's social care",
        "purpose": "A child protection enquiry (s47)",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "outcome": ConsentOutcome.OVERRIDDEN,
        "decided_on": TODAY,
        "override_reason": "Asking would put the child at risk of harm.",
    }
    values.update(kw)
    return sharing_decision_record(actor=user, child=child, **values)  # type: ignore[arg-type]


def test_an_override_keeps_its_reason_and_who_made_it() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    decision = _decide(user, child)
    assert decision.created_by == user
    assert decision.override_reason.startswith("Asking")
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(decision.pk)).exists()


def test_an_override_without_a_reason_is_refused() -> None:
    user = staff_user(Role.FRONT_DOOR)
    child = ChildFactory()
    with pytest.raises(ValidationError) as refused:
        _decide(user, child, override_reason="  ")
    assert "override_reason" in refused.value.message_dict
    assert not SharingDecision.objects.exists()


def test_consent_is_no_lawful_basis_where_consent_was_refused() -> None:
    user = staff_user(Role.FRONT_DOOR)
    with pytest.raises(ValidationError) as refused:
        _decide(user, ChildFactory(), lawful_basis=LawfulBasis.CONSENT, outcome="refused")
    assert "lawful_basis" in refused.value.message_dict


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_record_a_sharing_decision_without_a_relationship(role: str) -> None:
    """Only the front door (which sees every child not shielded) without an involvement."""
    user = staff_user(role)
    child = ChildFactory()
    if role == Role.FRONT_DOOR:
        _decide(user, child)
    else:
        with pytest.raises(PermissionDenied):
            _decide(user, child)


def test_a_sensitive_involvement_is_shared_only_by_its_own_agency() -> None:
    clinic_worker = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    sensitive = InvolvementFactory(
        child=child, practitioner=clinic_worker.staff_member, sensitivity=Sensitivity.SEXUAL_HEALTH
    )
    front_door = staff_user(Role.FRONT_DOOR)
    with pytest.raises(PermissionDenied):
        _decide(front_door, child, involvement=sensitive)
    outsider = staff_user(Role.PRACTITIONER)
    InvolvementFactory(child=child, practitioner=outsider.staff_member)
    assert not access.involvements_visible_to(outsider, child).filter(pk=sensitive.pk).exists()
    _decide(
        clinic_worker,
        child,
        involvement=sensitive,
        outcome=ConsentOutcome.GIVEN,
        lawful_basis=LawfulBasis.CONSENT,
        override_reason="",
    )
    assert access.involvements_visible_to(outsider, child).filter(pk=sensitive.pk).exists()


def test_the_data_protection_lead_reviews_an_override_once_with_a_note() -> None:
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    decision = SharingDecisionFactory(outcome=ConsentOutcome.OVERRIDDEN, override_reason="Risk")
    with pytest.raises(ValidationError):
        consent_override_review(actor=dpl, decision=decision, note="")
    consent_override_review(actor=dpl, decision=decision, note="Justified: s47 enquiry.")
    decision.refresh_from_db()
    assert decision.reviewed_by == dpl
    with pytest.raises(ValidationError):
        consent_override_review(actor=dpl, decision=decision, note="Again")


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DATA_PROTECTION_LEAD])
def test_only_the_data_protection_lead_reviews(role: str) -> None:
    user = staff_user(role)
    decision = SharingDecisionFactory(outcome=ConsentOutcome.OVERRIDDEN, override_reason="Risk")
    with pytest.raises(PermissionDenied):
        consent_override_review(actor=user, decision=decision, note="Fine")
    with pytest.raises(PermissionDenied):
        break_glass_review(actor=user, glass=BreakGlassFactory(), note="Fine")


# --- Shielding and break glass -----------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_shield_a_child(role: str) -> None:
    user = staff_user(role)
    child = ChildFactory()
    if role in {Role.FRONT_DOOR, Role.DATA_PROTECTION_LEAD}:
        child_shield(actor=user, child=child, shielded=True, reason="Kept from a parent by court")
        child.refresh_from_db()
        assert child.shielded
        assert child.shielded_at is not None
        event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(child.pk))
        assert "Kept" not in str(event.details)  # the reason stays out of the append-only log
    else:
        with pytest.raises(PermissionDenied):
            child_shield(actor=user, child=child, shielded=True, reason="No")
        child.refresh_from_db()
        assert not child.shielded


def test_shielding_needs_a_reason_and_lifting_clears_it() -> None:
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    child = ShieldedChildFactory()
    with pytest.raises(ValidationError):
        child_shield(actor=dpl, child=child, shielded=False, reason="")
    child_shield(actor=dpl, child=child, shielded=False, reason="The order has ended")
    child.refresh_from_db()
    assert (child.shielded, child.shielded_reason) == (False, "")


def test_break_glass_opens_a_shielded_child_for_the_hours_chosen() -> None:
    user = staff_user(Role.TEAM_MANAGER)
    child = ShieldedChildFactory()
    assert access.relationship_to(user, child) is access.Relationship.NONE
    glass = break_glass_start(actor=user, child=child, reason=EMERGENCY_REASON, hours=1)
    assert glass.expires_at - glass.started_at == datetime.timedelta(hours=1)
    assert access.relationship_to(user, child) is access.Relationship.BREAK_GLASS
    assert AuditEvent.objects.get(action=AuditAction.CREATE, object_type="children.breakglass")


def test_break_glass_reads_but_never_changes_who_is_involved() -> None:
    """The attacker at the front door: break glass on a shielded child opened its details for an
    emergency, and with them ending, changing or taking the lead from the involvements of those
    who work with the child."""
    user = staff_user(Role.FRONT_DOOR)
    child = ShieldedChildFactory()
    theirs = InvolvementFactory(child=child, is_lead_professional=True)
    other = InvolvementFactory(child=child)
    break_glass_start(actor=user, child=child, reason=EMERGENCY_REASON, hours=1)
    assert access.relationship_to(user, child) is access.Relationship.BREAK_GLASS
    assert not access.can_change_involvement(user, theirs)
    assert not access.can_appoint_lead_professional(user, other)
    with pytest.raises(PermissionDenied):
        involvement_end(actor=user, involvement=theirs, ended_on=TODAY)
    with pytest.raises(PermissionDenied):
        lead_professional_appoint(actor=user, involvement=other)
    theirs.refresh_from_db()
    assert theirs.ended_on is None
    assert theirs.is_lead_professional
    # Not shielded, the front door works with every child: it may, as before.
    open_child = InvolvementFactory()
    assert access.can_change_involvement(user, open_child)


@pytest.mark.parametrize(
    ("reason", "hours"),
    [("", 4), ("Need to see it", 4), (EMERGENCY_REASON, 24), (EMERGENCY_REASON, 0)],
)
def test_break_glass_needs_a_sentence_and_a_listed_duration(reason: str, hours: int) -> None:
    user = staff_user(Role.FRONT_DOOR)
    with pytest.raises(ValidationError):
        break_glass_start(actor=user, child=ShieldedChildFactory(), reason=reason, hours=hours)
    assert not BreakGlass.objects.exists()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_may_break_glass(role: str) -> None:
    user = staff_user(role)
    child = ShieldedChildFactory()
    if role in {Role.FRONT_DOOR, Role.TEAM_MANAGER}:
        break_glass_start(actor=user, child=child, reason=EMERGENCY_REASON, hours=4)
    else:
        with pytest.raises(PermissionDenied):
            break_glass_start(actor=user, child=child, reason=EMERGENCY_REASON, hours=4)


def test_no_break_glass_on_a_child_not_shielded() -> None:
    with pytest.raises(PermissionDenied):
        break_glass_start(
            actor=staff_user(Role.FRONT_DOOR),
            child=ChildFactory(),
            reason=EMERGENCY_REASON,
            hours=4,
        )


def test_an_expired_break_glass_opens_nothing() -> None:
    user = staff_user(Role.FRONT_DOOR)
    past = timezone.now() - datetime.timedelta(hours=5)
    glass = BreakGlassFactory(user=user, started_at=past)
    assert access.relationship_to(user, glass.child) is access.Relationship.NONE
    assert not access.can_know_child_exists(user, glass.child)


def test_the_data_protection_lead_reviews_break_glass() -> None:
    dpl = staff_user(Role.DATA_PROTECTION_LEAD)
    glass = BreakGlassFactory()
    break_glass_review(actor=dpl, glass=glass, note="Proportionate: child found safe.")
    glass.refresh_from_db()
    assert glass.reviewed_by == dpl
    assert glass.review_note.startswith("Proportionate")
    with pytest.raises(ValidationError):
        break_glass_review(actor=dpl, glass=glass, note="Again")
