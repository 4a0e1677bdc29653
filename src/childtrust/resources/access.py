"""Who may see or change the pooled budget, costings, allocations and appraisals: the only module
that decides it. Views, forms, selectors, services and the API ask here.

The rules (docs/decisions/0003-roles-and-capabilities.md):

- Every role may open the resources pages (VIEW_OWN_RESOURCES).
- Whose figures a person sees: those whose role may see every partner's (VIEW_ALL_RESOURCES)
  see every agency's budget lines, contributions, costings and allocation lines. Everyone else
  sees only the agency they work for, found through their *active* staff record: a person who
  has left (their staff record made inactive) or who has none sees no agency's figures. A
  figure someone may not see answers 404, so that nobody learns which of another partner's
  lines or costings exist.
- The duplication finder sets two agencies' costings side by side: only those who see every
  partner's figures may open it.
- An appraisal is the partnership's decision and the reasons for it, not one agency's budget:
  everyone who may open the resources pages reads every appraisal.
- Only those who keep the budget (MANAGE_RESOURCES: finance officers and strategic leads)
  change anything: years, contributions, lines and spend, costings, allocations, appraisals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from childtrust.core.permissions import Capability, PermissionHolder, has_capability
from childtrust.partnership.models import Agency, Service, ServiceStatus, StaffMember
from childtrust.partnership.selectors.registry import services_all
from childtrust.partnership.selectors.staff import staff_record_of
from childtrust.resources.models import BudgetLine, Contribution, FinancialYear

Row = TypeVar("Row", bound=models.Model)


def can_view_resources(user: PermissionHolder | None) -> bool:
    """The resources pages: every partner sees at least its own agency's figures."""
    return has_capability(user, Capability.VIEW_OWN_RESOURCES)


def can_view_every_partner(user: PermissionHolder | None) -> bool:
    """Every partner's lines, services and warnings, not only the agency the user works for."""
    return has_capability(user, Capability.VIEW_ALL_RESOURCES)


def can_view_duplication(user: PermissionHolder | None) -> bool:
    """The duplication finder compares two agencies' costings, so it needs every partner's."""
    return can_view_every_partner(user)


def can_manage_resources(user: PermissionHolder | None) -> bool:
    """The budget, spend, costings, allocations and appraisals: finance officers and strategic
    leads."""
    return has_capability(user, Capability.MANAGE_RESOURCES)


# --- Whose figures ------------------------------------------------------------------------------


def _active_staff_record(user: PermissionHolder | None) -> StaffMember | None:
    staff = staff_record_of(user)
    return staff if staff is not None and staff.is_active else None


def resources_agency_of(user: PermissionHolder | None) -> Agency | None:
    """The agency whose figures a partner sees: that of their active staff record, or None."""
    staff = _active_staff_record(user)
    return staff.agency if staff is not None else None


@dataclass(frozen=True)
class LineScope:
    """Whose figures a user may see: every agency's, or only those of the agency they work for
    (none at all without an active staff record)."""

    all_agencies: bool
    agency_id: int | None = None

    def allows(self, agency_id: int | None) -> bool:
        return self.all_agencies or (self.agency_id is not None and agency_id == self.agency_id)

    def within(self, rows: QuerySet[Row], agency_field: str) -> QuerySet[Row]:
        """The rows of the agencies in scope, `agency_field` naming each row's agency."""
        if self.all_agencies:
            return rows
        if self.agency_id is None:
            return rows.none()
        return rows.filter(**{agency_field: self.agency_id})


def line_scope_for(user: PermissionHolder | None) -> LineScope:
    """Every agency for those who see every partner; else the agency of the user's active staff
    record; nothing for those who may not open the resources pages at all."""
    if can_view_every_partner(user):
        return LineScope(all_agencies=True)
    staff = _active_staff_record(user) if can_view_resources(user) else None
    return LineScope(all_agencies=False, agency_id=staff.agency_id if staff is not None else None)


def budget_lines_visible_to(
    user: PermissionHolder | None, year: FinancialYear
) -> QuerySet[BudgetLine]:
    lines = (
        BudgetLine.objects.filter(year=year)
        .select_related("year", "service__agency")
        .order_by("service__agency__name", "service__name")
    )
    return line_scope_for(user).within(lines, "service__agency_id")


def contributions_visible_to(
    user: PermissionHolder | None, year: FinancialYear
) -> QuerySet[Contribution]:
    contributions = (
        Contribution.objects.filter(year=year)
        .select_related("agency", "ring_fenced_service__agency")
        .order_by("agency__name", "kind", "pk")
    )
    return line_scope_for(user).within(contributions, "agency_id")


def costed_services_visible_to(user: PermissionHolder | None) -> QuerySet[Service]:
    """The services whose costings the person may see: every active or costed service, within
    the agencies in their scope."""
    services = (
        services_all()
        .filter(Q(status=ServiceStatus.ACTIVE) | Q(costing__isnull=False))
        .select_related("agency", "costing")
        .order_by("agency__name", "name")
    )
    return line_scope_for(user).within(services, "agency_id")


def budget_line_for_user(
    user: PermissionHolder | None, year: FinancialYear, pk: int
) -> BudgetLine | None:
    """The line, if the person may see it; None otherwise, whether or not it exists (pages
    answer 404 either way, so that nobody learns which of another partner's lines exist)."""
    return budget_lines_visible_to(user, year).filter(pk=pk).first()


def contribution_for_user(
    user: PermissionHolder | None, year: FinancialYear, pk: int
) -> Contribution | None:
    return contributions_visible_to(user, year).filter(pk=pk).first()


def costed_service_for_user(user: PermissionHolder | None, slug: str) -> Service | None:
    """The service, if the person may see its costing; None otherwise (404 on the pages and
    the API, so that nobody learns which of another partner's services are costed)."""
    return costed_services_visible_to(user).filter(slug=slug).first()
