"""Who may see or change the pooled budget, costings, allocations and appraisals: each rule of
resources/access.py for every role, allowed and refused, and whose figures a person sees (their
active staff record's agency, every agency's, or none)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from childtrust.accounts.models import Role
from childtrust.resources import access
from childtrust.resources.access import LineScope
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import BudgetLineFactory, ContributionFactory
from tests.resources.factories_costings import ServiceCostingFactory

pytestmark = pytest.mark.django_db

KEEPERS = {Role.FINANCE_OFFICER, Role.STRATEGIC_LEAD}
SEE_EVERY_PARTNER = {
    Role.FINANCE_OFFICER,
    Role.STRATEGIC_LEAD,
    Role.PARTNERSHIP_ADMIN,
    Role.AUDITOR,
}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_open_the_resources_pages(role: Role) -> None:
    assert access.can_view_resources(UserFactory(role=role))


@pytest.mark.parametrize("role", list(Role))
def test_finance_officers_strategic_leads_administrators_and_auditors_see_every_partner(
    role: Role,
) -> None:
    user = UserFactory(role=role)
    assert access.can_view_every_partner(user) == (role in SEE_EVERY_PARTNER)
    assert access.can_view_duplication(user) == (role in SEE_EVERY_PARTNER)


@pytest.mark.parametrize("role", list(Role))
def test_only_finance_officers_and_strategic_leads_keep_the_budget(role: Role) -> None:
    assert access.can_manage_resources(UserFactory(role=role)) == (role in KEEPERS)


def test_an_anonymous_visitor_or_a_deactivated_account_may_do_nothing() -> None:
    for user in (AnonymousUser(), None, UserFactory(role=Role.FINANCE_OFFICER, is_active=False)):
        assert not access.can_view_resources(user)
        assert not access.can_view_every_partner(user)
        assert not access.can_manage_resources(user)
        assert access.line_scope_for(user) == LineScope(all_agencies=False, agency_id=None)
        assert access.resources_agency_of(user) is None


def test_a_partner_sees_the_agency_of_their_active_staff_record_only() -> None:
    agency = AgencyFactory()
    active, leaver, unlinked = (
        UserFactory(role=Role.PRACTITIONER),
        UserFactory(role=Role.PRACTITIONER),
        UserFactory(role=Role.PRACTITIONER),
    )
    StaffMemberFactory(user=active, agency=agency)
    StaffMemberFactory(user=leaver, agency=agency, is_active=False)
    assert access.resources_agency_of(active) == agency
    assert access.line_scope_for(active) == LineScope(all_agencies=False, agency_id=agency.pk)
    for nobody in (leaver, unlinked):
        assert access.resources_agency_of(nobody) is None
        assert access.line_scope_for(nobody) == LineScope(all_agencies=False, agency_id=None)


def test_those_who_see_every_partner_have_every_agency_in_scope() -> None:
    scope = access.line_scope_for(UserFactory(role=Role.AUDITOR))
    assert scope == LineScope(all_agencies=True)
    assert scope.allows(AgencyFactory().pk)
    assert scope.allows(None)


def test_a_scope_allows_and_keeps_only_its_agencys_rows() -> None:
    ours, theirs = AgencyFactory(), AgencyFactory()
    our_line = BudgetLineFactory(service=ServiceFactory(agency=ours))
    BudgetLineFactory(service=ServiceFactory(agency=theirs), year=our_line.year)
    ContributionFactory(agency=theirs, year=our_line.year)
    partner = UserFactory(role=Role.TEAM_MANAGER)
    StaffMemberFactory(user=partner, agency=ours)
    scope = access.line_scope_for(partner)
    assert scope.allows(ours.pk)
    assert not scope.allows(theirs.pk)
    assert not scope.allows(None)
    assert list(access.budget_lines_visible_to(partner, our_line.year)) == [our_line]
    assert not access.contributions_visible_to(partner, our_line.year).exists()
    assert access.budget_line_for_user(partner, our_line.year, our_line.pk) == our_line


def test_a_costed_service_of_another_partner_is_not_found_for_a_partner() -> None:
    ours, theirs = AgencyFactory(), AgencyFactory()
    our_costing = ServiceCostingFactory(service=ServiceFactory(agency=ours))
    their_costing = ServiceCostingFactory(service=ServiceFactory(agency=theirs))
    partner = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=partner, agency=ours)
    assert access.costed_service_for_user(partner, our_costing.service.slug) == our_costing.service
    assert access.costed_service_for_user(partner, their_costing.service.slug) is None
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    assert access.costed_service_for_user(finance, their_costing.service.slug) is not None
