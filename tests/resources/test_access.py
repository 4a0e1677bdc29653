"""Who may see or change the pooled budget, costings, allocations and appraisals: each rule of
resources/access.py for every role, allowed and refused, and whose figures a person sees (their
active staff record's agency, every agency's, or none)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from childtrust.accounts.models import Role
from childtrust.resources import access
from childtrust.resources.access import FigureScope
from tests.factories import AgencyFactory, ServiceFactory, StaffMemberFactory, UserFactory
from tests.resources.factories_budget import (
    BudgetLineFactory,
    ContributionFactory,
    FinancialYearFactory,
)
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
        assert access.figures_visible_to(user) == FigureScope(all_agencies=False, agency=None)


def test_a_partner_sees_the_agency_of_their_active_staff_record_only() -> None:
    agency = AgencyFactory()
    active, leaver, unlinked = (
        UserFactory(role=Role.PRACTITIONER),
        UserFactory(role=Role.PRACTITIONER),
        UserFactory(role=Role.PRACTITIONER),
    )
    StaffMemberFactory(user=active, agency=agency)
    StaffMemberFactory(user=leaver, agency=agency, is_active=False)
    assert access.figures_visible_to(active) == FigureScope(all_agencies=False, agency=agency)
    assert access.figures_visible_to(active).agency_id == agency.pk
    for nobody in (leaver, unlinked):
        assert access.figures_visible_to(nobody) == FigureScope(all_agencies=False, agency=None)


def test_those_who_see_every_partner_have_every_agency_in_scope() -> None:
    scope = access.figures_visible_to(UserFactory(role=Role.AUDITOR))
    assert scope == FigureScope(all_agencies=True)
    assert scope.allows(AgencyFactory().pk)
    assert scope.allows(None)


def test_a_scope_allows_and_keeps_only_its_agencys_rows() -> None:
    ours, theirs = AgencyFactory(), AgencyFactory()
    our_line = BudgetLineFactory(service=ServiceFactory(agency=ours))
    BudgetLineFactory(service=ServiceFactory(agency=theirs), year=our_line.year)
    ContributionFactory(agency=theirs, year=our_line.year)
    partner = UserFactory(role=Role.TEAM_MANAGER)
    StaffMemberFactory(user=partner, agency=ours)
    scope = access.figures_visible_to(partner)
    assert scope.allows(ours.pk)
    assert not scope.allows(theirs.pk)
    assert not scope.allows(None)
    assert list(access.budget_lines_visible_to(partner, our_line.year)) == [our_line]
    assert not access.contributions_visible_to(partner, our_line.year).exists()
    assert access.budget_line_for_user(partner, our_line.pk, year=our_line.year) == our_line


def test_a_costed_service_of_another_partner_is_not_found_for_a_partner() -> None:
    ours, theirs = AgencyFactory(), AgencyFactory()
    our_costing = ServiceCostingFactory(service=ServiceFactory(agency=ours))
    their_costing = ServiceCostingFactory(service=ServiceFactory(agency=theirs))
    partner = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=partner, agency=ours)
    assert access.costed_service_for_user(partner, our_costing.service.slug) == our_costing.service
    with pytest.raises(Http404):
        access.costed_service_for_user(partner, their_costing.service.slug)
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    assert access.costed_service_for_user(finance, their_costing.service.slug) is not None


@pytest.mark.parametrize("role", list(Role))
def test_a_services_costing_is_seen_by_its_agency_and_by_those_who_see_every_partner(
    role: Role,
) -> None:
    ours, theirs = ServiceFactory(), ServiceFactory()
    user = UserFactory(role=role)
    StaffMemberFactory(user=user, agency=ours.agency)
    assert access.can_view_costing(user, ours)
    assert access.can_view_costing(user, theirs) == (role in SEE_EVERY_PARTNER)


def test_no_costing_is_seen_without_an_active_staff_record_or_an_account() -> None:
    service = ServiceFactory()
    leaver = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=leaver, agency=service.agency, is_active=False)
    for nobody in (leaver, UserFactory(role=Role.PRACTITIONER), AnonymousUser(), None):
        assert not access.can_view_costing(nobody, service)


def test_a_line_or_contribution_is_fetched_only_in_its_year_and_scope() -> None:
    """One the person may not see answers 404 exactly as one that does not exist."""
    ours = AgencyFactory()
    line = BudgetLineFactory(service=ServiceFactory(agency=ours))
    contribution = ContributionFactory(agency=ours, year=line.year)
    theirs = ContributionFactory(year=line.year)
    other_year = FinancialYearFactory(starts_on=datetime.date(2027, 4, 1))
    partner = UserFactory(role=Role.PRACTITIONER)
    StaffMemberFactory(user=partner, agency=ours)

    assert access.budget_line_for_user(partner, line.pk) == line
    assert access.contribution_for_user(partner, contribution.pk, year=line.year) == contribution
    refusals = [
        lambda: access.budget_line_for_user(partner, line.pk, year=other_year),
        lambda: access.budget_line_for_user(UserFactory(role=Role.PRACTITIONER), line.pk),
        lambda: access.budget_line_for_user(partner, 999_999),
        lambda: access.contribution_for_user(partner, theirs.pk),
        lambda: access.contribution_for_user(partner, contribution.pk, year=other_year),
    ]
    for refused in refusals:
        with pytest.raises(Http404):
            refused()
    finance = UserFactory(role=Role.FINANCE_OFFICER)
    assert access.contribution_for_user(finance, theirs.pk) == theirs
