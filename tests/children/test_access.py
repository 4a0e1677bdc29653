"""Who may see a child: the relationship rules, shielding, break glass and sensitive
involvement, each with who may and who may not, and the audit event every read writes."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from childtrust.accounts.models import Role, User
from childtrust.audit.models import AuditAction, AuditEvent
from childtrust.children import access
from childtrust.children.access import Relationship, child_for_user
from childtrust.children.models import Child, ConsentOutcome, Sensitivity
from tests.children.factories import (
    BreakGlassFactory,
    ChildFactory,
    InvolvementFactory,
    SharingDecisionFactory,
    ShieldedChildFactory,
    involved_user,
    staff_user,
)
from tests.conftest import ALL_ROLES
from tests.factories import AgencyFactory, StaffMemberFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

FINDING_ROLES = {
    Role.PRACTITIONER,
    Role.TEAM_MANAGER,
    Role.FRONT_DOOR,
    Role.PARTNERSHIP_ADMIN,
    Role.DATA_PROTECTION_LEAD,
}


def _read(user: User, child: Child) -> access.ChildView:
    return child_for_user(user, child.pk, purpose="Test")


def test_an_involved_practitioner_sees_the_details_and_the_read_is_audited() -> None:
    user, child = involved_user(Role.PRACTITIONER)
    view = _read(user, child)
    assert view.relationship is Relationship.INVOLVED
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(child.pk))
    assert event.actor == user
    assert event.reason == "Test"
    assert event.details["details_shown"] is True


def test_the_lead_professional_is_named_as_such() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=user.staff_member, is_lead_professional=True)
    assert _read(user, child).relationship is Relationship.LEAD_PROFESSIONAL


def test_a_colleague_in_the_same_team_sees_the_details() -> None:
    team = TeamFactory()
    user = staff_user(Role.PRACTITIONER, team=team)
    child = ChildFactory()
    InvolvementFactory(child=child, practitioner=StaffMemberFactory(team=team))
    assert _read(user, child).relationship is Relationship.TEAM


def test_a_colleagues_sensitive_involvement_of_another_agency_opens_nothing() -> None:
    """The attacker: a youth worker in a multi-agency team whose CAMHS colleague sees a child.
    That their team works with the child would say what the service is: no relationship, no
    shielded child found, none of its alerts' children; once consent to share it is recorded,
    or for the colleague's own agency, the team's relationship as before."""
    from childtrust.children.selectors.lead_professional import child_ids_worked_with

    team = TeamFactory()
    camhs = AgencyFactory(name="CAMHS")
    youth_worker = staff_user(Role.PRACTITIONER, team=team)
    same_agency = staff_user(Role.PRACTITIONER, team=team, agency=camhs)
    clinician = StaffMemberFactory(team=team, agency=camhs)
    child = ChildFactory()
    shielded = ShieldedChildFactory()
    sensitive = [
        InvolvementFactory(
            child=each, practitioner=clinician, sensitivity=Sensitivity.MENTAL_HEALTH
        )
        for each in (child, shielded)
    ]
    assert _read(youth_worker, child).relationship is Relationship.NONE
    assert access.relationship_to(youth_worker, shielded) is Relationship.NONE
    assert not access.can_know_child_exists(youth_worker, shielded)
    assert shielded not in access.children_findable_by(youth_worker)
    assert child.pk not in set(child_ids_worked_with(youth_worker.staff_member))
    with pytest.raises(Http404):
        _read(youth_worker, shielded)
    # The clinician's own agency sees it as before.
    assert _read(same_agency, child).relationship is Relationship.TEAM
    assert shielded in access.children_findable_by(same_agency)
    # Consent to share it recorded: the team's relationship opens to all its members.
    SharingDecisionFactory(child=child, involvement=sensitive[0], outcome=ConsentOutcome.GIVEN)
    assert _read(youth_worker, child).relationship is Relationship.TEAM
    assert child.pk in set(child_ids_worked_with(youth_worker.staff_member))


def test_an_ended_involvement_no_longer_opens_the_details() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    InvolvementFactory(child=child, practitioner=user.staff_member, ended_on=yesterday)
    view = _read(user, child)
    assert view.full is False
    assert AuditEvent.objects.get(action=AuditAction.VIEW).details["details_shown"] is False


def test_a_practitioner_without_a_relationship_learns_only_that_the_child_is_known() -> None:
    user = staff_user(Role.PRACTITIONER)
    child = ChildFactory()
    InvolvementFactory(child=child)
    view = _read(user, child)
    assert view.relationship is Relationship.NONE
    assert [i.role for i in view.involvements] == ["Health visitor"]  # whom to contact


def test_the_front_door_sees_every_child_not_shielded() -> None:
    user = staff_user(Role.FRONT_DOOR)
    assert _read(user, ChildFactory()).relationship is Relationship.FRONT_DOOR
    with pytest.raises(Http404):
        _read(user, ShieldedChildFactory())


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r not in FINDING_ROLES])
def test_a_role_that_may_not_find_children_is_told_nothing(role: Role) -> None:
    with pytest.raises(Http404):
        _read(UserFactory(role=role), ChildFactory())
    assert not access.children_findable_by(UserFactory(role=role)).exists()


def test_a_shielded_child_is_hidden_from_search_and_the_known_view() -> None:
    user = staff_user(Role.PRACTITIONER)
    shielded = ShieldedChildFactory()
    InvolvementFactory(child=shielded)
    with pytest.raises(Http404):
        _read(user, shielded)
    assert shielded not in access.children_findable_by(user)


def test_a_shielded_childs_own_practitioner_still_sees_them() -> None:
    user = staff_user(Role.PRACTITIONER)
    shielded = ShieldedChildFactory()
    InvolvementFactory(child=shielded, practitioner=user.staff_member)
    assert _read(user, shielded).relationship is Relationship.INVOLVED
    assert shielded in access.children_findable_by(user)


def test_break_glass_opens_a_shielded_child_until_it_expires() -> None:
    user = staff_user(Role.TEAM_MANAGER)
    glass = BreakGlassFactory(user=user)
    assert _read(user, glass.child).relationship is Relationship.BREAK_GLASS
    assert AuditEvent.objects.get(action=AuditAction.VIEW).details["break_glass"] == glass.pk
    glass.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    glass.started_at = glass.expires_at - datetime.timedelta(hours=1)
    glass.save()
    with pytest.raises(Http404):
        _read(user, glass.child)


def test_break_glass_counts_only_for_a_role_that_may_break_glass() -> None:
    user = staff_user(Role.PRACTITIONER)
    glass = BreakGlassFactory(user=user)
    with pytest.raises(Http404):
        _read(user, glass.child)


def test_a_sensitive_involvement_is_shown_only_to_its_agency_or_with_consent() -> None:
    child = ChildFactory()
    camhs = AgencyFactory(name="CAMHS")
    sensitive = InvolvementFactory(
        child=child,
        practitioner=StaffMemberFactory(agency=camhs),
        sensitivity=Sensitivity.MENTAL_HEALTH,
        role="CAMHS clinician",
    )
    outsider = staff_user(Role.FRONT_DOOR)
    colleague = staff_user(Role.PRACTITIONER, agency=camhs)
    assert _read(outsider, child).involvements == []
    assert _read(colleague, child).involvements == [sensitive]
    SharingDecisionFactory(child=child, involvement=sensitive, outcome=ConsentOutcome.REFUSED)
    assert _read(outsider, child).involvements == []
    SharingDecisionFactory(child=child, involvement=sensitive, outcome=ConsentOutcome.GIVEN)
    assert _read(outsider, child).involvements == [sensitive]


def test_a_merged_child_leads_to_the_child_it_was_merged_into() -> None:
    user = staff_user(Role.FRONT_DOOR)
    kept = ChildFactory()
    merged = ChildFactory(merged_into=kept)
    assert _read(user, merged).child == kept
    assert child_for_user(user, merged.reference, purpose="Test").child == kept
